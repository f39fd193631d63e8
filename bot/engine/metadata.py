"""Who wrote an article, when and where it appeared: from the page's metadata or a byline.

A page fetched from a link carries its author, date and site name (trafilatura reads
them). A pasted text has a byline line of its own ("By Jane Doe", "Posted by Jane Doe on
3 March 2025", "Von …", "Par …", "Por …", "Автор: …"), which cleaning drops as furniture:
it is read here, before cleaning. Questions about these ("Who wrote this?", "When was it
published?", "Where is it from?") are answered from them, not from the article's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.types import Answer, Passage, Sentence


@dataclass(frozen=True)
class Byline:
    author: str | None = None
    published: str | None = None
    site_name: str | None = None

    def __bool__(self) -> bool:
        return bool(self.author or self.published or self.site_name)


_NAME = (
    r"(?P<author>[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'-]*"
    r"(?:[ ]+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'-]*|van|von|de|der|da|del|la|le)){0,4})"
)
_DATE = r"(?P<date>[\w ,./-]*\d{4})"
_BYLINE = re.compile(
    r"^\s*(?:(?:posted|written|published)\s+by|by|von|par|por|автор:?)\s+"
    + _NAME
    + r"(?:\s*(?:,|on|am|le|el|·|\||-|–|—)\s*"
    + _DATE
    + r")?\s*\.?\s*$",
    re.IGNORECASE,
)
_LINES_READ = 12  # a byline sits at the top


def find_byline(text: str) -> Byline:
    """The author (and date) of a pasted text's byline among its first lines, if any."""
    for line in text.strip().splitlines()[:_LINES_READ]:
        line = line.strip().lstrip("#*_ ").rstrip("*_ ")
        if len(line.split()) > 12:
            continue
        found = _BYLINE.match(line)
        if found:
            date = (found.group("date") or "").strip() or None
            return Byline(found.group("author").strip(), date)
    return Byline()


def byline_of(
    text: str, author: str | None, published: str | None, site_name: str | None
) -> Byline:
    """What the page's metadata says (a link, an export), else the text's own byline."""
    return Byline(author, published, site_name) or find_byline(text)


def is_byline(line: str) -> bool:
    """Whether a line is a byline ("By Jane Doe", "Posted by Jane Doe on 3 March 2025")."""
    return len(line.split()) <= 12 and bool(_BYLINE.match(line.strip().lstrip("#*_ ")))


# The article itself, as people name it in a question ("this", "it", "the post").
_IT = (
    r"(?:(?:this|that|the)(?:\s+(?:article|post|piece|story|text|blog(?:\s+post)?|report))?"
    r"|it)"
)
_ES = r"(?:das|es|dies|(?:der|den|dieser|diesen)\s+(?:artikel|text|beitrag))"
_ASKS_AUTHOR = re.compile(
    rf"\bwho\s+(?:wrote|writes|has\s+written|authored)\s+{_IT}\s*\??$"
    rf"|\bwho\s+is\s+(?:the\s+)?(?:author|writer)(?:\s+of\s+{_IT})?\s*\??$"
    rf"|\bwer\s+hat\s+{_ES}\s+(?:geschrieben|verfasst)"
    r"|\bwer\s+ist\s+(?:der\s+)?(?:autor|verfasser)"
    r"|\bqui\s+(?:a\s+écrit|est\s+l'auteur)"
    r"|\bquién\s+(?:lo\s+)?(?:escribió|es\s+el\s+autor)"
    r"|\bкто\s+(?:это\s+)?(?:написал|автор)",
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(
    rf"\bwhen\s+(?:was|did)\s+{_IT}\s+(?:published|written|posted|come\s+out|appear)"
    rf"|\bwann\s+(?:wurde|ist)\s+{_ES}\s+(?:erschienen|veröffentlicht|geschrieben)"
    r"|\bquand\s+(?:a-t-il|a-t-elle)\s+été\s+(?:publié|publiée|écrit|écrite)"
    r"|\bcuándo\s+se\s+(?:publicó|escribió)"
    r"|\bкогда\s+(?:это\s+)?(?:опубликовано|опубликован|вышла|вышел|написано)",
    re.IGNORECASE,
)
_ASKS_SITE = re.compile(
    rf"\bwhere\s+(?:is|was|does)\s+{_IT}\s+(?:from|come\s+from|published)"
    r"|\bwhich\s+(?:site|website|paper|newspaper|publication)\b"
    r"|\bwoher\s+(?:stammt|kommt)\s+(?:das|der\s+artikel|es)"
    r"|\bd'où\s+vient"
    r"|\bde\s+dónde\s+(?:es|viene)"
    r"|\bоткуда\s+(?:это|статья)",
    re.IGNORECASE,
)

# What Brief says, per question kind; the article's own words are not involved.
_SAID = {"author": "Written by {}.", "published": "Published {}.", "site_name": "From {}."}


def describe(author: str | None, published: str | None, site_name: str | None) -> str:
    """The byline as shown in summaries and lists ("by Mira Jansen · 3 March 2025"), or ""."""
    parts = [f"by {author}" if author else "", published or "", site_name or ""]
    return " · ".join(p for p in parts if p)


def asked_about(question: str) -> str | None:
    """Which piece of metadata a question asks for: "author", "published", "site_name"."""
    if _ASKS_AUTHOR.search(question):
        return "author"
    if _ASKS_DATE.search(question):
        return "published"
    if _ASKS_SITE.search(question):
        return "site_name"
    return None


def metadata_answer(question: str, byline: Byline) -> Answer | None:
    """The answer from the article's metadata, or None when the question is not about it
    or the article does not say when or where (then its sentences are searched: a date
    or a dateline may be there). An author who is not known is not found: no sentence
    of the article answers "Who wrote this?" (it gave "He noted that…", not sure)."""
    kind = asked_about(question)
    value = getattr(byline, kind) if kind else None
    if kind == "author" and not value:
        return Answer(question, False, (), 0.0, sure=False)
    if not kind or not value:
        return None
    said = Sentence(-1, -1, _SAID[kind].format(value), ())
    return Answer(question, True, (Passage(said, None, None, 1.0),), 1.0)


__all__ = [
    "Byline",
    "asked_about",
    "describe",
    "find_byline",
    "is_byline",
    "metadata_answer",
]
