"""Paragraphs → sentences, per language, with Punkt models that ship inside the wheel."""

from __future__ import annotations

import punkt

from bot.engine.terms import FALLBACK_LANGUAGE, LANGUAGE_NAMES, words


def split_sentences(paragraph: str, language: str) -> list[str]:
    """Verbatim sentences of ``paragraph`` (each an exact substring of it)."""
    name = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES[FALLBACK_LANGUAGE])
    return [s for s in (s.strip() for s in punkt.sent_tokenize(paragraph, name)) if s]


class SumyTokenizer:
    """What sumy's summarizers call, backed by Punkt, so sumy never needs NLTK data."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))
