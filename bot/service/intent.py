"""What a message means: a pasted article, a link, a path, a command, a gist request or
a question. Pure functions of the text, shared by Telegram and the console."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … (optionally closed by a quote or bracket) before space or end.
_SENTENCE_END = re.compile(r"[.!?…。]+[\"'”’»)\]]*(?=\s|$)")
_ENDS_WITH_STOP = re.compile(r"[.!?…。][\"'”’»)\]]*$")

ARTICLE_MIN_WORDS = 60  # with at least two sentences
PARAGRAPHS_MIN_WORDS = 40  # with at least three paragraphs (or lines)
QUESTION_MAX_WORDS = 25  # anything shorter is a question, whatever its shape


def looks_like_article(text: str) -> bool:
    """True when ``text`` reads like a pasted article rather than a question.

    The rule: text of fewer than 25 words is a question (or a remark treated as one).
    Longer text is an article when it has at least two sentences and 60 words, or at
    least three paragraphs (lines separated by line breaks) and 40 words. A single
    sentence, however long, is a question: people ask long questions, and nobody
    pastes a one-sentence article.
    """
    stripped = text.strip()
    word_count = len(stripped.split())
    if word_count < QUESTION_MAX_WORDS:
        return False
    sentences = len(_SENTENCE_END.findall(stripped))
    if not _ENDS_WITH_STOP.search(stripped):
        sentences += 1  # the last sentence need not end with punctuation
    paragraphs = len([line for line in stripped.splitlines() if line.strip()])
    if sentences >= 2 and word_count >= ARTICLE_MIN_WORDS:
        return True
    return paragraphs >= 3 and word_count >= PARAGRAPHS_MIN_WORDS


# Whole messages that ask what the article says rather than something in it: no sentence
# answers "what is this about?", the summary does. Matched on the whole message only, so
# "what is the article about the dam?" stays a question.
_SUMMARY_REQUEST = re.compile(
    r"""(?:please\s+)?(?:
        what(?:'s|\s+is|\s+was)\s+(?:this|it|that|the\s+(?:article|text|post|story|piece))
            (?:\s+(?:article|text|post|story|piece))?\s+about
      | summar(?:y|ise|ize)(?:\s+(?:it|this|that|the\s+(?:article|text)))?
      | sum\s+(?:it|this)\s+up | tl;?\s?dr | (?:the\s+)?(?:main|key)\s+points | (?:the\s+)?gist
      | worum\s+geht(?:\s+es|'s|s)(?:\s+(?:hier|da))? | zusammenfassung
      | de\s+quoi\s+(?:ça|ca|cela|il|elle)\s+parle | résumé | resume
      | de\s+qu[ée]\s+(?:trata|va)(?:\s+(?:esto|el\s+art[íi]culo))? | resumen
      | о\s+ч[её]м\s+(?:это|статья|текст|она|он) | кратко | суть | резюме
    )(?:,?\s+please)?""",
    re.IGNORECASE | re.VERBOSE,
)


def asks_for_summary(text: str) -> bool:
    """True when the whole message asks for the gist ("what is this about?", "tl;dr")."""
    return bool(_SUMMARY_REQUEST.fullmatch(text.strip(" \t\n?!.¿¡")))
