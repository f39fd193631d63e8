"""Engine facade (contract). The engine helper replaces the bodies; signatures are the contract."""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.types import Answer, Document, Sentence, Summary

# Names accepted by /algo and --algorithm. "brief" is Brief's own default scorer.
ALGORITHMS: tuple[str, ...] = ("brief", "lexrank", "lsa", "luhn", "textrank", "sumbasic", "kl")
DEFAULT_ALGORITHM = "brief"


class Engine:
    """Stateless apart from caches; safe to share between threads."""

    def analyze(self, text: str, title: str | None = None) -> Document:
        """Clean, split and index ``text``.

        Raises ``bot.errors.InputError`` with a user-facing message when there is no
        usable prose (empty, only numbers/URLs/emoji, binary junk, a single sentence...).
        """
        raise NotImplementedError

    def restore(
        self, title: str | None, language: str, language_detected: bool,
        sentences: Sequence[Sentence],
    ) -> Document:
        """Rebuild a Document from stored parts, without re-analysis."""
        return Document(title, language, language_detected, tuple(sentences))

    def summarize(
        self,
        doc: Document,
        sentences: int | None = None,
        ratio: float | None = None,
        algorithm: str | None = None,
    ) -> Summary:
        """Extractive summary in article order. ``sentences`` or ``ratio`` (0..1) sets the length."""
        raise NotImplementedError

    def answer(self, doc: Document, question: str, top_k: int = 3) -> Answer:
        """Rank the document's sentences against ``question``; ``found`` False when weak."""
        raise NotImplementedError

    def keywords(self, doc: Document, k: int = 8) -> tuple[str, ...]:
        raise NotImplementedError
