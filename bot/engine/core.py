"""The engine facade: the one object the service, CLI and benchmarks use."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from bot.config import MAX_INPUT_BYTES
from bot.engine.answer import answer_question
from bot.engine.conversation import Conversation, converse
from bot.engine.keywords import key_terms
from bot.engine.language import detect_language
from bot.engine.sentences import split_sentences
from bot.engine.summarize import SUMY_ALGORITHMS, summarize
from bot.engine.terms import terms
from bot.engine.text import clean, is_share_request, letter_count, without_urls
from bot.engine.types import Answer, Document, Sentence, Summary
from bot.errors import InputError, TooLargeError

logger = logging.getLogger(__name__)

# Names accepted by /algo and --algorithm. "brief" is Brief's own default scorer.
ALGORITHMS: tuple[str, ...] = ("brief", *SUMY_ALGORITHMS)
DEFAULT_ALGORITHM = "brief"
# What each algorithm favours, in a few words for /algo (the same text everywhere).
ALGORITHM_NOTES: dict[str, str] = {
    "brief": "Brief's own and the default: central sentences, the opening, the title, no repeats",
    "lexrank": "the sentences most similar to the rest of the article",
    "textrank": "like lexrank, ranked by word overlap between sentences",
    "lsa": "one sentence for each of the article's main topics",
    "luhn": "sentences dense in the article's most frequent words",
    "sumbasic": "frequent words, each used once where possible",
    "kl": "the word mix closest to the whole article's",
}


def algorithm_choices() -> list[str]:
    """One line per algorithm, ``name — what it favours``, then how to go back."""
    lines = [f"{name} — {ALGORITHM_NOTES[name]}" for name in ALGORITHMS]
    return [*lines, f"default — back to {DEFAULT_ALGORITHM}"]


DEFAULT_MAX_BYTES = MAX_INPUT_BYTES  # one limit, defined in bot.config
MIN_SENTENCES = 2
_TOO_SHORT = (
    "That is too short to summarise: I need an article of at least two full sentences. "
    "To ask about the current article, send a question."
)
DEFAULT_SENTENCES = 5


def default_length(sentence_count: int, configured: int = DEFAULT_SENTENCES) -> int:
    """The summary length when none was asked for: about a third of the article's
    sentences, at least two (one for a one-sentence text), at most ``configured``.
    A 6-sentence post gets 2, a 12-sentence one 4, anything from 13 sentences 5."""
    return max(1, min(configured, sentence_count, max(2, -(-sentence_count // 3))))


_JUNK = re.compile(r"[\ufffd\x00-\x08\x0e-\x1f]")


class Engine:
    """Stateless apart from caches; safe to share between threads."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def analyze(self, text: str, title: str | None = None) -> Document:
        """Clean, split and index ``text``; InputError when there is no usable prose."""
        if len(text.encode("utf-8", "surrogatepass")) > self.max_bytes:
            raise TooLargeError(
                f"That is too long for me: the limit is {self.max_bytes // (1024 * 1024)} MB "
                "of text. Send a shorter article or a part of it."
            )
        if not text.strip():
            raise InputError("That message is empty. Send an article, a link or a file.")
        if len(_JUNK.findall(text[:100_000])) > 0.01 * min(len(text), 100_000):
            raise InputError("That looks like binary data, not text. Send an article as text.")
        letters = letter_count(without_urls(text[:100_000]))
        if letters == 0:
            raise InputError(
                "I found no words to read there (only numbers, links or symbols). "
                "Send the article's text or its link."
            )
        if letters < 20:  # a few words ("Just one sentence here."): too short, not wordless
            raise InputError(_TOO_SHORT)
        cleaned = clean(text)
        language = detect_language("\n".join(cleaned.paragraphs) or text)
        sentences: list[Sentence] = []
        p = 0  # a heading shares the number of the paragraph under it
        for k, paragraph in enumerate(cleaned.paragraphs):
            heading = k in cleaned.headings
            for s in [paragraph] if heading else split_sentences(paragraph, language.code):
                if is_share_request(s):
                    continue
                sentences.append(Sentence(len(sentences), p, s, terms(s, language.code)))
            p += not heading
        if len(sentences) < MIN_SENTENCES:
            raise InputError(_TOO_SHORT)
        return Document(title or cleaned.title, language.code, language.detected, tuple(sentences))

    def restore(
        self,
        title: str | None,
        language: str,
        language_detected: bool,
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
        *,
        default: int = DEFAULT_SENTENCES,
    ) -> Summary:
        """Extractive summary in article order; ``sentences`` (exact) or ``ratio`` sets
        the length, else ``default_length`` of the article with ``default`` as the cap."""
        name = (algorithm or DEFAULT_ALGORITHM).lower()
        if name not in ALGORITHMS:
            raise InputError(f"Unknown algorithm {name!r}. Choose one of: {', '.join(ALGORITHMS)}.")
        if sentences is not None and sentences < 1:
            raise InputError("A summary needs at least one sentence.")
        if ratio is not None and not 0 < ratio <= 1:
            raise InputError("The share of the article must be between 0 and 1.")
        if sentences is not None:
            count = sentences
        elif ratio is not None:
            count = max(1, round(len(doc.sentences) * ratio))
        else:
            count = default_length(len(doc.sentences), default)
        picked = summarize(doc, count, name)
        return Summary(name, picked, self.keywords(doc))

    def answer(self, doc: Document, question: str, top_k: int = 3) -> Answer:
        """Rank the document's sentences against ``question``; ``found`` False when weak."""
        return answer_question(doc, question, top_k)

    def converse(
        self, doc: Document, question: str, conversation: Conversation, now: float
    ) -> tuple[Answer, Conversation]:
        """Answer ``question`` as the next turn of ``conversation`` (see conversation.py)."""
        return converse(doc, question, conversation, now)

    def keywords(self, doc: Document, k: int = 8) -> tuple[str, ...]:
        return key_terms(doc, k)
