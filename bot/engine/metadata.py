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

from bot.engine.kinds import dates
from bot.engine.types import Answer, Passage, Sentence


@dataclass(frozen=True)
class Byline:
    author: str | None = None
    published: str | None = None
    site_name: str | None = None

    def __bool__(self) -> bool:
        return bool(self.author or self.published or self.site_name)


# Capitals matched as capitals though the byline is read ignoring case: "Por qué nos
# fuimos" is a heading ("Why we left"), not a byline by "qué nos fuimos".
_NAME = (
    r"(?P<author>(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'-]*"
    r"(?:[ ]+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'-]*|van|von|de|der|da|del|la|le)){0,4}))"
)
# "published on", "publié le", "publicado el", "veröffentlicht am", "опубликовано".
_PUBLISHED = (
    r"(?:(?:published|posted|updated|publié|publiée|mis\s+à\s+jour|publicado|actualizado"
    r"|veröffentlicht|aktualisiert|опубликовано|обновлено)(?:\s+(?:on|le|el|am))?\s*:?\s*)"
)
_DATE = r"(?P<date>[\w ,./-]*\d{4}(?:\s+(?:года|г\.))?)"
_BYLINE = re.compile(
    r"^\s*(?:(?:posted|written|published)\s+by|(?:geschrieben|verfasst|veröffentlicht)\s+von"
    r"|(?:écrit|publié|publiée)\s+par|(?:escrito|publicado)\s+por|by|von|par|por|автор:?)\s+"
    + _NAME
    + r"(?:\s*(?:,|on|am|le|el|·|\||-|–|—)\s*"
    + _PUBLISHED
    + "?"
    + _DATE
    + r")?\s*\.?\s*$",
    re.IGNORECASE,
)
# The date first: "Posted on March 3, 2026 by Jane Doe", "Publié le 3 avril 2026 par …".
_DATED_BYLINE = re.compile(
    rf"^\s*{_PUBLISHED}?{_DATE}\s*,?\s*(?:by|von|par|por|автор:?)\s+{_NAME}\s*\.?\s*$",
    re.IGNORECASE,
)
# A line that gives the date alone: "Published on 3 March 2025", "Publicado el 2 de
# marzo de 2025", or a dateline "Казань, 20 сентября 2025 года".
_DATELINE = re.compile(
    rf"^\s*(?:{_PUBLISHED}|[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]*(?:\s+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]*)?,\s*(?:(?:le|el|am|on)\s+)?)?{_DATE}\s*\.?\s*$",
    re.IGNORECASE,
)
# Where a line holds more than one of them ("Казань, 20 сентября 2025 года. Автор: …").
_PARTS = re.compile(r"(?<=[^\d\s]\.)\s+|\s+[·|]\s+")
_LINES_READ = 12  # a byline sits at the top
_MAX_WORDS = 12  # a longer line is text


def _read_part(part: str) -> Byline | None:
    """The byline or dateline ``part`` is, if it is one."""
    found = _BYLINE.match(part) or _full_date(_DATED_BYLINE.match(part))
    if found:
        date = (found.group("date") or "").strip() or None
        return Byline(found.group("author").strip(), date)
    found = _full_date(_DATELINE.match(part))
    return Byline(published=found.group("date").strip()) if found else None


def _full_date(found: re.Match[str] | None) -> re.Match[str] | None:
    """``found`` when the date it leads with or holds alone names a year and a month or a
    day ("3 avril 2026"), not a year alone ("In 2024 by Jane Doe")."""
    return found if found and len(dates(found.group("date"))) >= 2 else None


def _read_line(line: str) -> Byline | None:
    """What a line at the top says of the article when it says nothing else: a byline,
    a dateline, or both."""
    line = line.strip().lstrip("#*_ ").rstrip("*_ ")
    if not line or len(line.split()) > _MAX_WORDS:
        return None
    whole = _read_part(line)
    if whole is not None:
        return whole
    parts = [_read_part(p) for p in _PARTS.split(line)]
    if len(parts) < 2 or any(p is None for p in parts):
        return None
    author = next((p.author for p in parts if p and p.author), None)
    return Byline(author, next((p.published for p in parts if p and p.published), None))


def find_byline(text: str) -> Byline:
    """The author and date of a pasted text from its byline and dateline among its first
    lines, if any."""
    author: str | None = None
    published: str | None = None
    for line in text.strip().splitlines()[:_LINES_READ]:
        found = _read_line(line)
        if found is not None:
            author = author or found.author
            published = published or found.published
        if author and published:
            break
    return Byline(author, published)


def byline_of(
    text: str, author: str | None, published: str | None, site_name: str | None
) -> Byline:
    """What the page's metadata says (a link, an export), else the text's own byline."""
    return Byline(author, published, site_name) or find_byline(text)


def is_byline(line: str) -> bool:
    """Whether a line is a byline ("By Jane Doe", "Posted by Jane Doe on 3 March 2025") or
    a dateline ("Published on 3 March 2025")."""
    return _read_line(line) is not None


# The article itself, as people name it in a question ("this", "it", "the post").
_IT = (
    r"(?:(?:this|that|the)(?:\s+(?:article|post|piece|story|text|blog(?:\s+post)?|report))?"
    r"|it)"
)
_ES = r"(?:das|es|er|dies|(?:der|den|dieser|diesen)\s+(?:artikel|text|beitrag))"
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


def metadata_answer(question: str, byline: Byline, kind: str | None = None) -> Answer | None:
    """The answer from the article's metadata, or None when the question is not about it
    or the article does not say when or where (then its sentences are searched: a date
    or a dateline may be there). An author who is not known is not found: no sentence
    of the article answers "Who wrote this?" (it gave "He noted that…", not sure).
    ``kind``: the piece asked for when the conversation says it ("When?" after "Who
    wrote this?", bot/engine/byline_turns.py)."""
    kind = kind or asked_about(question)
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
