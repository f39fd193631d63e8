"""A question about another one than its best sentence speaks of.

"What committees exist in the fifth Session?" matches "The current Subject Committees in
the fourth Session are: …" in every word but one, and that word is the question: the
sentence answers about the fourth session, not the fifth. Where the question puts a
number, an ordinal or a degree ("coldest", "most") beside a word the sentence shares,
and the sentence puts a different one of the same kind in the same place, the sentence
speaks of another thing than the one asked about. Matching words cannot see that, as it
cannot see a negation the sentence lacks (see ``AnswerIndex._says_negation``).

Measured on the best sentences of SQuAD 2.0's unanswerable questions, whose writers
often swap such a word, against SQuAD v1.1's answerable ones (benchmarks/answers.py
--sweep-decision). Numbers in digits count in every language; number words, ordinals
and degrees in English.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from bot.engine.terms import question_tokens, stem, stop_words, word_set, words

_CARDINALS = "one two three four five six seven eight nine ten eleven twelve"
_NUMBER_WORDS = {
    "en": word_set(
        f"{_CARDINALS} twenty thirty forty fifty hundred thousand million billion first second "
        "third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    ),
}
# "two years" says what "2 years" says.
_SPELLED = {
    "en": {
        **{w: str(n) for n, w in enumerate(_CARDINALS.split(), start=1)},
        **{str(n): w for n, w in enumerate(_CARDINALS.split(), start=1)},
    }
}
_DEGREES = {"en": word_set("most least more less fewer")}
_SUPERLATIVE = {"en": re.compile(r"\w{2,}est")}
_DETERMINERS = {"en": word_set("the s")}  # "the coldest", "Florida's largest"
_NUMERAL = re.compile(r"\d+(?:st|nd|rd|th|s)?")  # "17", "17th", "1990s"


def _kind(said: Sequence[str], i: int, language: str) -> str | None:
    """Whether word ``i`` is a number ("number") or a degree ("degree"), or neither."""
    word = said[i]
    if _NUMERAL.fullmatch(word) or word in _NUMBER_WORDS.get(language, ()):
        return "number"
    if word in _DEGREES.get(language, ()):
        return "degree"
    superlative = _SUPERLATIVE.get(language)
    if superlative and superlative.fullmatch(word) and i > 0:
        return "degree" if said[i - 1] in _DETERMINERS.get(language, ()) else None
    return None


def _forms(word: str, language: str) -> tuple[str, ...]:
    """The word's stem, and a number's other spelling ("two" and "2")."""
    other = _SPELLED.get(language, {}).get(word)
    return (stem(word, language),) if other is None else (stem(word, language), other)


def asks_another(question: str, sentence: str, language: str) -> bool:
    """Whether the sentence puts another number or degree where the question puts its
    own, beside a word both share: "the fifth Session" against "the fourth Session",
    "the coldest months" against "the warmest months"."""
    asked = question_tokens(question)
    kinds = [_kind(asked, i, language) for i in range(len(asked))]
    if not any(kinds):  # most questions hold no number or degree: nothing to compare
        return False
    said = words(sentence)
    asked_forms = {f for w in asked for f in _forms(w, language)}
    at: dict[str, list[int]] = {}
    for k, w in enumerate(said):
        for form in _forms(w, language):
            at.setdefault(form, []).append(k)
    common = stop_words(language)  # "the second one" says nothing beside "second"
    for i, (word, kind) in enumerate(zip(asked, kinds, strict=True)):
        if kind is None or any(f in at for f in _forms(word, language)):
            continue
        # The words beside it in the question, and the place beside them in the sentence.
        beside = (j for j in (i - 1, i + 1) if 0 <= j < len(asked) and asked[j] not in common)
        places = (k + i - j for j in beside for k in at.get(stem(asked[j], language), ()))
        if any(_another(said, m, kind, asked_forms, language) for m in places):
            return True
    return False


def _another(said: Sequence[str], m: int, kind: str, asked: Container[str], language: str) -> bool:
    """Whether word ``m`` of the sentence is one of ``kind`` that the question lacks."""
    if not 0 <= m < len(said) or any(f in asked for f in _forms(said[m], language)):
        return False
    return _kind(said, m, language) == kind


__all__ = ["asks_another"]
