"""The engine's value types. Frozen, transport-free, and cheap to store and rebuild."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence, verbatim from the cleaned article text."""

    index: int  # position in the document, 0-based
    paragraph: int  # index of the paragraph it belongs to, 0-based
    text: str  # verbatim
    terms: tuple[str, ...]  # stemmed, lower-cased, stop-word-free tokens (what ranking uses)


@dataclass(frozen=True)
class Document:
    """An analysed article: everything the summariser and the answerer need.

    A Document can be rebuilt from storage without re-running analysis, so
    questions never re-tokenise the article.
    """

    title: str | None
    language: str  # ISO 639-1 code of the language used for processing ("en", "de", ...)
    language_detected: bool  # False when the language was unknown and Brief fell back
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True)
class Summary:
    algorithm: str
    sentences: tuple[Sentence, ...]  # in article order
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Passage:
    """An answer sentence with the neighbours that give it context."""

    sentence: Sentence
    before: Sentence | None
    after: Sentence | None
    score: float
    # The rest of the answer unit the sentence opens: the items of the list it
    # introduces or begins ("You will need:" then "a spade", "compost", …; lists.py).
    rest: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Answer:
    question: str
    found: bool  # False: Brief says "not found in this article"
    passages: tuple[Passage, ...]  # best first; empty when not found
    score: float  # score of the best passage, 0..1
    # False: the best sentence is plausible but below the confident threshold; Brief
    # shows it as "not sure, but this looks closest".
    sure: bool = True
    # Sentences the conversation has just shown (the last answer): not news beside this one.
    seen: tuple[int, ...] = ()

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(p.sentence.text for p in self.passages)
