"""Headings: kept as context for the text under them, never shown as answers or summaries.

Cleaning keeps a heading line ("## What I tried first", or a short unpunctuated line
between paragraphs) as the first sentence of the paragraph under it, so that its words
count for that paragraph and it can be shown as the context of an answer. A heading is
recognised from the sentences alone (the stored form has no flag):

* the first sentence of a paragraph that lacks a sentence's closing punctuation while
  other sentences follow it in the paragraph (Punkt only leaves a sentence open at the
  end of a paragraph, so this is one cleaning glued there);
* a question alone in its paragraph, followed by another paragraph ("Would I do it
  again?" above "Yes, without hesitation."): FAQ, interviews, blog posts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from bot.engine.terms import question_tokens, stem, stop_words, word_set, words
from bot.engine.types import Sentence

# How a sentence ends: punctuation, then perhaps closing quotes or brackets.
_CLOSED = re.compile(r"[.!?…;:](?:\s?[\"'”’»)\]])*$")
# Markdown's heading markers ("## Title ##"), for pasted posts.
_MARKDOWN = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")


def markdown_heading(line: str) -> str | None:
    """The text of a Markdown heading line ("## What I tried first"), else None."""
    found = _MARKDOWN.match(line)
    return found.group(1) if found and found.group(1) else None


# What a question and the heading that asks it may word differently: question words,
# auxiliaries, articles and persons ("Would *she* do it again?" under "Would *I* do it
# again?", "What did she try first?" under "What I tried first").
_FRAME = word_set(
    "what which who whom whose when where why how whether if "
    "do does did done would will could can should shall may might must is are was were be "
    "been has have had the a an to of "
    "i me my mine you your yours he him his she her hers it its we us our they them their "
    "was wer wen wem wann wo warum wie welche welcher welches ob "
    "würde würdest wird hat habe hast haben hatte ist sind war bin kann konnte soll "
    "der die das den dem des ein eine einen "
    "ich mich mir mein meine du dich dir dein er ihn ihm sie es wir uns unser ihr euch "
    "que quoi qui quand où pourquoi comment quel quelle est sont était "
    "le la les un une du de je moi mon ma mes tu toi il elle nous vous ils elles "
    "qué quién cuándo dónde por cómo cuál es son era el los las uno una yo mi tú él ella "
    "nosotros ellos ellas "
    "что кто когда где почему как какой ли я мне меня мой ты он она мы вы они его её их это"
)
# Question words a headline may open with ("Why I left…", "Warum wir…", "Comment j'ai…").
_OPENERS = word_set("why how warum wie weshalb pourquoi comment por porqué cómo почему зачем как")
# Share of their remaining words that a question and a heading must have in common.
ASKS_SAME_OVERLAP = 0.75


def _gist(text: str, language: str) -> frozenset[str]:
    return frozenset(stem(w, language) for w in words(text) if w not in _FRAME)


def asks_same(question: str, heading: str, language: str) -> bool:
    """Whether a heading asks or names what the question asks, once question words,
    auxiliaries and persons are set aside ("What did she try first?" and "What I
    tried first", "Would she do it again?" and "Would I do it again?")."""
    asked, named = _gist(question, language), _gist(heading, language)
    if not asked or not named:
        return False
    return len(asked & named) >= ASKS_SAME_OVERLAP * len(asked | named)


def narrows(question: str, heading: str, language: str) -> frozenset[str]:
    """What the question asks beyond a heading whose every word it repeats: "Сколько
    стоил ремонт?" under "Сколько это стоило" asks for "ремонт" (stemmed) there; empty
    when it does not narrow the heading."""
    asked, named = _gist(question, language), _gist(heading, language)
    return asked - named if named and named < asked else frozenset()


def title_asks(question: str, title: str | None, language: str) -> bool:
    """Whether a headline that opens with a question word asks what the question asks:
    "Why did she move?" under "Why I moved my side project off the cloud". The whole
    article answers such a headline, so the question need only name part of it."""
    opening = words(title or "")[:1]
    if not opening or opening[0] not in _OPENERS or opening[0] not in question_tokens(question):
        return False
    common = stop_words(language)
    asked = _gist(question, language) - common
    return bool(asked) and asked <= _gist(title or "", language)


def heading_flags(sentences: Sequence[Sentence]) -> npt.NDArray[np.bool_]:
    """Which sentences are headings (see the module's docstring)."""
    flags = np.zeros(len(sentences), dtype=bool)
    for i, s in enumerate(sentences[:-1]):
        below = sentences[i + 1]
        opens = i == 0 or sentences[i - 1].paragraph != s.paragraph
        if not opens:
            continue
        text = s.text.rstrip()
        if below.paragraph == s.paragraph:
            flags[i] = not _CLOSED.search(text)
        else:
            flags[i] = text.endswith("?")
    return flags


__all__ = ["asks_same", "heading_flags", "markdown_heading", "title_asks"]
