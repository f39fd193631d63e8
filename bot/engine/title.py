"""The title as the article's own paraphrase of its lead.

A headline names things in other words than the text under it ("Syrian *army*
suspends operations" above "Syrian government *forces* have suspended…") and often says
why ("Island ferry cut to two crossings a day *after fuel costs double*"). A question
that uses the headline's words where the text has none of them ("What did the Syrian
army do?", "Why was the service cut?") is asked again in the words of the headline:
the sentence that says what the headline says answers it; a why-question whose headline
gives a reason is asked for that reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from bot.engine.terms import asked_terms, question_tokens, terms, words

# Words that open a headline's reason ("… after fuel costs double", "… amid protests").
_HEADLINE_REASON = {
    "en": r"after|because|due to|over|amid|as|following|since",
    "de": r"nach|wegen|weil|aufgrund|da",
    "fr": r"après|à cause d[eu']|faute d[e']|en raison d[eu']|car|parce que",
    "es": r"tras|por|debido a|porque|ante",
    "ru": r"после|из-за|на фоне|потому что|так как",
}
# Question words that ask for a reason; Spanish asks with two words ("¿Por qué?").
_WHY = frozenset(["why", "warum", "wieso", "weshalb", "pourquoi", "почему", "зачем"])


@cache
def _reason_pattern(language: str) -> re.Pattern[str]:
    markers = _HEADLINE_REASON.get(language, _HEADLINE_REASON["en"])
    return re.compile(rf"(?<![\w-])(?:{markers})\s+(.+)$", re.IGNORECASE)


def asks_why(question: str) -> bool:
    return why_asked(question_tokens(question))


def why_asked(said: Sequence[str]) -> bool:
    """Whether a question's words (``words(question)``) ask why."""
    return not _WHY.isdisjoint(said) or "por qué" in " ".join(said)


def headline_reason(title: str, language: str) -> str | None:
    """What a headline gives as the reason, if it gives one ("fuel costs double")."""
    found = _reason_pattern(language).search(title)
    return found.group(1) if found else None


def reason_asked(
    question: str, title: str | None, body: frozenset[str], language: str
) -> str | None:
    """The headline's reason, for a why-question about what the headline names ("Why is
    the ferry running less?" under "Island ferry cut … after fuel costs double"), when
    the text has its words; else None."""
    if not title or not asks_why(question):
        return None
    reason = headline_reason(title, language)
    if reason is None or not any(t in body for t in terms(reason, language)):
        return None
    headline = frozenset(terms(title, language)) - frozenset(terms(reason, language))
    return reason if not headline.isdisjoint(asked_terms(question, language)) else None


def reworded(question: str, title: str | None, body: frozenset[str], language: str) -> str | None:
    """The question in the headline's words, when it uses words of the headline that the
    article's text lacks (``body``: the text's terms); else None. A why-question whose
    headline gives a reason asks for that reason."""
    if not title:
        return None
    asked = asked_terms(question, language)
    headline = frozenset(terms(title, language))
    if not any(t in headline and t not in body for t in asked):
        return None
    reason = reason_asked(question, title, body, language)
    if reason is not None:
        return reason
    kept = [w for w in words(question) if not frozenset(terms(w, language)) - body]
    return " ".join([*kept, *words(title)])


__all__ = ["asks_why", "headline_reason", "reason_asked", "reworded"]
