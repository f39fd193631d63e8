"""Paragraphs → sentences, per language, with Punkt models that ship inside the wheel."""

from __future__ import annotations

import re

import punkt

from bot.engine.terms import FALLBACK_LANGUAGE, LANGUAGE_NAMES, words

_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _continues(sentence: str) -> bool:
    """True when the text opens with an all-lowercase word: no sentence does, so Punkt
    broke one after an abbreviation it did not know ("Albrecht VI. gegründet", "i.e. the",
    "et al. found"). "iPhone" and "eBay" are names and still open sentences."""
    first = _FIRST_WORD.match(sentence)
    return first is not None and first.group().islower()


# German abbreviates with spaced initials ("z. B.", "u. U."): a piece that follows a
# single lower-case letter and a full stop continues the sentence even when it opens
# with a capital. Not in English, where "…divides x or y." ends a sentence.
_SPACED_INITIAL = re.compile(r"(?:^|[\s(])[a-zäöüß]\.$")
_SPACED_INITIAL_LANGUAGES = frozenset({"de"})


# A quotation that ends with its own punctuation: '"We are ready!"', '“Are you sure?”'.
_CLOSED_QUOTE = re.compile(r"[.!?…][\"'”’»“]$")


def _joins(previous: str, piece: str, language: str) -> bool:
    """True when Punkt cut one sentence into ``previous`` and ``piece``: at an abbreviation,
    or between a quotation and its attribution ('"We are ready!" said Edith.')."""
    if _CLOSED_QUOTE.search(previous):
        return _continues(piece)
    if not previous.endswith("."):
        return False
    if _continues(piece):
        return True
    return language in _SPACED_INITIAL_LANGUAGES and bool(_SPACED_INITIAL.search(previous))


# An opening quotation mark that Punkt left at the end of the sentence before it
# ('…s'inquiètent. «' + 'Nous allons…'). French « and German „ open a quotation when a
# space comes before them; German's closing « sits against the text ('…ist.«').
_TRAILING_OPENER = re.compile(r"\s+[«„‹]$")


def _move_openers(paragraph: str, spans: list[tuple[int, int]]) -> None:
    """Give each stranded opening quotation mark to the sentence it opens."""
    for n in range(len(spans) - 1):
        start, end = spans[n]
        stranded = _TRAILING_OPENER.search(paragraph, start, end)
        if stranded and stranded.start() > start:
            spans[n] = (start, stranded.start())
            spans[n + 1] = (end - 1, spans[n + 1][1])


def split_sentences(paragraph: str, language: str) -> list[str]:
    """Verbatim sentences of ``paragraph`` (each an exact substring of it)."""
    name = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES[FALLBACK_LANGUAGE])
    pieces = [s for s in (s.strip() for s in punkt.sent_tokenize(paragraph, name)) if s]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        start = paragraph.find(piece, cursor)
        if start < 0:  # not seen: Punkt's pieces are verbatim. Keep them as they came.
            return pieces
        end = cursor = start + len(piece)
        if spans and _joins(paragraph[spans[-1][0] : spans[-1][1]], piece, language):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    _move_openers(paragraph, spans)
    return [paragraph[start:end] for start, end in spans]


class SumyTokenizer:
    """What sumy's summarizers call, backed by Punkt, so sumy never needs NLTK data."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))
