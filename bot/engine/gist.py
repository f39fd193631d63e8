"""Questions about the article as a whole ("What is this article about?", "Worum geht
es?"): no sentence answers them by its words, and "not found" is the wrong reply to the
first thing many people ask. They are answered with the article's summary.
"""

from __future__ import annotations

import re

from bot.engine.summarize import summarize
from bot.engine.types import Answer, Document, Passage

# The article itself, as a question names it.
_IT = (
    r"(?:it|this|that|the\s+(?:article|post|piece|story|text|report|blog(?:\s+post)?)"
    r"|this\s+(?:article|post|piece|story|text|report|blog(?:\s+post)?))"
)
_DE_IT = r"(?:\s+(?:in\s+dem|im|in\s+diesem)\s+(?:artikel|text|beitrag)|\s+hier|\s+da)?"
_FR_IT = r"(?:\s+(?:cet\s+article|ce\s+texte|l'article|le\s+texte|ce\s+billet)|-t-(?:il|elle))?"
_ES_IT = r"(?:\s+(?:el|este)\s+(?:artículo|texto)|\s+esto)?"
_ASKS_GIST = re.compile(
    rf"^\W*(?:what(?:'s|\s+is|\s+was)\s+{_IT}\s+(?:all\s+)?about"
    rf"|what\s+does\s+{_IT}\s+say"
    r"|(?:can\s+you\s+)?(?:summari[sz]e|sum\s+up)(?:\s+(?:it|this|the\s+article))?"
    r"|tl;?\s?dr"
    rf"|worum\s+geht(?:'s|\s+es){_DE_IT}"
    rf"|was\s+steht{_DE_IT}\s+drin"
    rf"|de\s+quoi\s+(?:parle|traite){_FR_IT}"
    r"|de\s+quoi\s+(?:s'agit-il|ça\s+parle|il\s+s'agit)"
    r"|ça\s+parle\s+de\s+quoi"
    rf"|de\s+qué\s+(?:trata|va|habla){_ES_IT}"
    r"|о\s+ч[её]м\s+(?:эта\s+|этот\s+)?(?:статья|текст|это|речь)"
    r")\W*$",
    re.IGNORECASE,
)
_SENTENCES = 3


def asks_gist(question: str) -> bool:
    """Whether the question asks what the article as a whole is about."""
    return bool(_ASKS_GIST.match(question))


def gist_answer(doc: Document, question: str) -> Answer:
    """The article's summary as the answer: its sentences in article order."""
    if not doc.sentences:
        return Answer(question, False, (), 0.0, sure=False)
    picked = summarize(doc, _SENTENCES, "brief")
    passages = tuple(Passage(s, None, None, 1.0) for s in picked)
    return Answer(question, True, passages, 1.0)


__all__ = ["asks_gist", "gist_answer"]
