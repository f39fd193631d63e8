"""What a message means: a pasted article, a link, a path, a command, a gist request or
a question. ``classify`` decides it for Telegram and the console alike; it reads only
the text (the file system is asked through the ``probe`` the console passes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

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
    pastes a one-sentence article. Lines that are all questions (each ends with "?" or
    opens with a question word) are questions, however many there are.
    """
    stripped = text.strip()
    word_count = len(stripped.split())
    if word_count < QUESTION_MAX_WORDS or all_questions(stripped):
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
      | what\s+happened | what(?:'s|\s+is)\s+(?:going\s+on|the\s+(?:news|story))
      | was\s+ist\s+(?:passiert|geschehen|los) | que\s+s'est-il\s+passé
      | qu'est-ce\s+qui\s+s'est\s+passé | qu[ée]\s+(?:ha\s+)?(?:pas[óo]|pasado|ocurri[óo]|ocurrido)
      | что\s+(?:случилось|произошло)
      | worum\s+geht(?:\s+es|'s|s)(?:\s+(?:hier|da|im\s+(?:artikel|text)))? | zusammenfassung
      | de\s+quoi\s+(?:ça|ca|cela|il|elle)\s+parle | résumé | resume
      | de\s+quoi\s+(?:parle|traite)\s+(?:cet\s+article|ce\s+texte|l'article|le\s+texte)
      | de\s+quoi\s+(?:parle|traite)-t-(?:il|elle) | de\s+quoi\s+s'agit-il
      | de\s+qu[ée]\s+(?:trata|va)(?:\s+(?:esto|el\s+art[íi]culo|este\s+art[íi]culo))?
      | resumen
      | о\s+ч[её]м\s+(?:эта\s+)?(?:это|статья|текст|она|он) | кратко | суть | резюме
    )(?:,?\s+please)?""",
    re.IGNORECASE | re.VERBOSE,
)


def asks_for_summary(text: str) -> bool:
    """True when the whole message asks for the gist ("what is this about?", "tl;dr")."""
    return bool(_SUMMARY_REQUEST.fullmatch(text.strip(" \t\n?!.¿¡")))


# Opening words of questions, in the supported languages (for lines without "?").
# fmt: off
QUESTION_WORDS = frozenset([
    "who", "whom", "whose", "what", "when", "where", "why", "how", "which", "is", "are",
    "was", "were", "do", "does", "did", "can", "could", "will", "would", "should",
    "wer", "wen", "wem", "wann", "wo", "warum", "wieso", "wie", "welche", "welcher",
    "qui", "que", "quoi", "quand", "où", "pourquoi", "comment", "quel", "quelle",
    "quién", "qué", "cuándo", "dónde", "por", "cómo", "cuál",
    "кто", "что", "когда", "где", "почему", "зачем", "как", "какой", "сколько",
])
# fmt: on
QUESTION_WORD_MAX_WORDS = 20
TYPED_MAX_WORDS = 12
_TEXT_END = '.:;!»"”)]…'


def reads_like_statements(text: str) -> bool:
    """Two sentences or more and none of them a question: a short text pasted as an
    article ("Mara Lind started the festival in 2009. It drew 400 visitors."), not a
    question without its "?"."""
    stripped = text.strip()
    return (
        len(_SENTENCE_END.findall(stripped)) >= 2
        and "?" not in stripped
        and not opens_like_question(stripped)
    )


def ends_with_question_mark(line: str) -> bool:
    return line.rstrip().endswith(("?", "？"))


_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+\S")


def is_markdown_heading(line: str) -> bool:
    """A Markdown heading ("## Would I do it again?") is a line of a pasted post, even
    when it asks something: nobody types "##" before a question."""
    return bool(_MARKDOWN_HEADING.match(line.strip()))


_LIST_ITEM = re.compile(r"(?:[-*+•]|\d{1,3}[.)])[ \t]+\S")


def is_list_item(line: str) -> bool:
    """A list item ("- a digital scale", "2) Wash at 30 degrees") is a line of a pasted
    post: nobody types a list marker before a question."""
    return bool(_LIST_ITEM.match(line.strip()))


def opens_like_question(line: str) -> bool:
    words = line.split()
    return bool(words) and (
        words[0].lower().strip(",¿¡") in QUESTION_WORDS and len(words) <= QUESTION_WORD_MAX_WORDS
    )


def all_questions(text: str) -> bool:
    """Every line ends with "?" or opens with a question word (6 questions in a row are
    not an article, although they have the words and lines of one)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return all(ends_with_question_mark(line) or opens_like_question(line) for line in lines)


def is_typed_query(line: str) -> bool:
    """After an article, does this line read like something typed at the prompt (rather
    than the article's last line)? Opening like a question, or short and unpunctuated."""
    text = line.strip()
    if is_markdown_heading(text) or is_list_item(text):
        return False
    if opens_like_question(text):
        return True
    return 0 < len(text.split()) <= TYPED_MAX_WORDS and not text.endswith(tuple(_TEXT_END))


# --- classify -----------------------------------------------------------------------------

FILE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)  # the Fetcher refuses non-http
COMMAND_PATTERN = re.compile(r"/([A-Za-z_]+)(?:@\S+)?(?:\s+(.*))?$", re.DOTALL)
UNKNOWN_COMMAND_MAX_CHARS = 40
MAX_PATH_CHARS = 4096


class Kind(StrEnum):
    EMPTY = "empty"
    COMMAND = "command"  # a known command (console: its own line)
    UNKNOWN_COMMAND = "unknown-command"
    ARTICLE = "article"  # pasted text that reads as an article
    LINK = "link"
    FILE = "file"  # the path of a file that exists
    DIRECTORY = "directory"  # the path of a directory
    MISSING_FILE = "missing-file"  # a file name (.txt, .pdf...) that is not there
    GIST = "gist"  # "what is it about?", "tl;dr": the summary answers it
    QUESTION = "question"  # ends with "?"
    TEXT = "text"  # anything else: a question without "?", or a line of an article


@dataclass(frozen=True)
class Meaning:
    kind: Kind
    value: str  # the stripped text; for LINK the link, for paths the path


PathKind = Callable[[str], str | None]  # a path -> "file", "directory" or None


def classify(
    text: str,
    *,
    links: Sequence[str] | None = None,
    commands: Collection[str] | None = None,
    probe: PathKind | None = None,
) -> Meaning:
    """What ``text`` means.

    ``links``: the links the transport found (Telegram's entities); None means look for
    a message that is one link. ``commands``: the known commands, when a command can
    arrive as text (the console). ``probe``: tells files and directories, when a path
    can be given (the console).
    """
    stripped = text.strip()
    if not stripped:
        return Meaning(Kind.EMPTY, "")
    command = COMMAND_PATTERN.match(stripped) if commands is not None else None
    if command and command.group(1).lower() in (commands or ()):
        return Meaning(Kind.COMMAND, stripped)
    if looks_like_article(stripped):
        return Meaning(Kind.ARTICLE, stripped)
    if links is None:
        links = [stripped] if _URL.fullmatch(stripped) else []
    if links:
        return Meaning(Kind.LINK, links[0])
    path = _path_meaning(stripped, probe) if probe is not None else None
    if path is not None:
        return path
    if command and len(stripped) < UNKNOWN_COMMAND_MAX_CHARS:
        return Meaning(Kind.UNKNOWN_COMMAND, stripped)
    if asks_for_summary(stripped):
        return Meaning(Kind.GIST, stripped)
    if ends_with_question_mark(stripped) and not is_markdown_heading(stripped):
        return Meaning(Kind.QUESTION, stripped)
    return Meaning(Kind.TEXT, stripped)


def _path_meaning(text: str, probe: PathKind) -> Meaning | None:
    candidate = unquote_path(text)
    if not candidate or "\n" in candidate or len(candidate) >= MAX_PATH_CHARS:
        return None
    found = probe(candidate)
    if found == "file":
        return Meaning(Kind.FILE, candidate)
    # A directory only when it is written as a path: a one-word question ("docs") that
    # happens to name a folder here stays a question.
    if found == "directory" and (candidate.startswith(("~", ".")) or "/" in candidate):
        return Meaning(Kind.DIRECTORY, candidate)
    if " " not in candidate and candidate.lower().endswith(FILE_SUFFIXES):
        return Meaning(Kind.MISSING_FILE, candidate)
    return None


def unquote_path(line: str) -> str:
    """A path as a terminal pastes it: quoted, or with spaces escaped."""
    text = line.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text.replace("\\ ", " ")  # terminals escape spaces when a file is dropped
