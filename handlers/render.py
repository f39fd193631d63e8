"""What Brief's Telegram replies look like, as Telegram HTML.

Replies are built as blocks of styled spans, never by pasting strings into HTML:
every piece of text goes through ``html.escape`` exactly once, in ``_span_html``,
so an article full of ``<``, ``>``, ``&`` or Markdown can never break a reply.
``to_messages`` turns a reply into Telegram messages of at most 4,096 characters,
splitting between blocks first, then at sentence ends, then between words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from telegram import InlineKeyboardMarkup

from bot.commands import PRIVACY_DELETE, PRIVACY_KEPT, PRIVACY_SCOPE, retention_line
from bot.engine.language import language_name
from bot.engine.metadata import describe
from bot.engine.present import also_relevant, continuation
from bot.service import AnswerView, ArticlePage, ArticleSource, LibraryAnswerView, SummaryView
from storage import ArticleInfo, ChatSettings

MAX_MESSAGE = 4096  # Telegram's limit on visible text, counted here in UTF-16 units


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One line of a reply; ``quote`` makes it a blockquote. An empty block is a blank line."""

    spans: tuple[Span, ...] = ()
    quote: bool = False

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Reply:
    blocks: tuple[Block, ...]
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    html: str
    plain: str  # the same text without markup: the fallback when HTML is refused
    blocks: tuple[Block, ...] = ()  # what it was made of, to split it again if need be


@dataclass
class _Packer:
    limit: int
    messages: list[list[Block]] = field(default_factory=list)
    current: list[Block] = field(default_factory=list)
    size: int = 0

    def add(self, block: Block) -> None:
        length = utf16_len(block.text)
        extra = length + (1 if self.current else 0)  # the line break before it
        if self.current and self.size + extra > self.limit:
            self.flush()
            extra = length
        self.current.append(block)
        self.size += extra

    def flush(self) -> None:
        if self.current:
            self.messages.append(self.current)
        self.current, self.size = [], 0


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def text(value: str) -> Span:
    return Span(value)


def bold(value: str) -> Span:
    return Span(value, bold=True)


def italic(value: str) -> Span:
    return Span(value, italic=True)


def line(*spans: Span | str) -> Block:
    return Block(tuple(Span(s) if isinstance(s, str) else s for s in spans))


BLANK = Block()


def plain_reply(*lines: str, keyboard: InlineKeyboardMarkup | None = None) -> Reply:
    return Reply(tuple(line(value) if value else BLANK for value in lines), keyboard)


# --- HTML and splitting ---------------------------------------------------------------------


def _span_html(span: Span) -> str:
    out = html.escape(span.text, quote=False)
    if span.code:
        out = f"<code>{out}</code>"
    if span.italic:
        out = f"<i>{out}</i>"
    if span.bold:
        out = f"<b>{out}</b>"
    if span.href:
        out = f'<a href="{html.escape(span.href, quote=True)}">{out}</a>'
    return out


def block_html(block: Block) -> str:
    inner = "".join(_span_html(span) for span in block.spans)
    return f"<blockquote>{inner}</blockquote>" if block.quote and inner else inner


def to_messages(reply: Reply, limit: int = MAX_MESSAGE) -> list[OutgoingMessage]:
    """The reply as Telegram messages, each at most ``limit`` characters of visible text."""
    packer = _Packer(limit)
    for block in reply.blocks:
        if utf16_len(block.text) <= limit:
            packer.add(block)
        else:
            for piece in _split_block(block, limit):
                packer.add(piece)
    packer.flush()
    messages: list[OutgoingMessage] = []
    for blocks in packer.messages:
        trimmed = _trim_blank(blocks)
        if trimmed:
            messages.append(
                OutgoingMessage(
                    html="\n".join(block_html(b) for b in trimmed),
                    plain="\n".join(b.text for b in trimmed),
                    blocks=tuple(trimmed),
                )
            )
    return messages


def _trim_blank(blocks: list[Block]) -> list[Block]:
    start, end = 0, len(blocks)
    while start < end and not blocks[start].text.strip():
        start += 1
    while end > start and not blocks[end - 1].text.strip():
        end -= 1
    return blocks[start:end]


_SENTENCE_BREAK = re.compile(r"(?<=[.!?…。])\s+")
_WORD_BREAK = re.compile(r"(?<=\s)")


def _split_block(block: Block, limit: int) -> list[Block]:
    """Pieces of a too-long block, cut at sentence ends, then spaces, then anywhere."""
    pieces: list[Span] = []
    for span in block.spans:
        for part in _pieces(span.text, limit):
            pieces.append(replace(span, text=part))
    blocks: list[Block] = []
    current: list[Span] = []
    size = 0
    for piece in pieces:
        length = utf16_len(piece.text)
        if current and size + length > limit:
            blocks.append(Block(_merge_spans(current), block.quote))
            current, size = [], 0
        current.append(piece)
        size += length
    if current:
        blocks.append(Block(_merge_spans(current), block.quote))
    return blocks


def _pieces(value: str, limit: int) -> Iterable[str]:
    for sentence in _keep_separators(_SENTENCE_BREAK, value):
        if utf16_len(sentence) <= limit:
            yield sentence
            continue
        for word in _keep_separators(_WORD_BREAK, sentence):
            yield from _hard_cut(word, limit)


def _keep_separators(pattern: re.Pattern[str], value: str) -> list[str]:
    """Split after each match, the separator staying with the piece before it."""
    parts: list[str] = []
    start = 0
    for match in pattern.finditer(value):
        if match.end() > start:
            parts.append(value[start : match.end()])
            start = match.end()
    if start < len(value):
        parts.append(value[start:])
    return parts


def _hard_cut(value: str, limit: int) -> Iterable[str]:
    chunk: list[str] = []
    size = 0
    for char in value:
        width = utf16_len(char)
        if size + width > limit:
            yield "".join(chunk)
            chunk, size = [], 0
        chunk.append(char)
        size += width
    if chunk:
        yield "".join(chunk)


def _merge_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in spans:
        if merged and replace(merged[-1], text="") == replace(span, text=""):
            merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


# --- pieces of article metadata -------------------------------------------------------------


def article_title(info: ArticleInfo) -> str:
    """What to call an article: its title, else its file, page or origin, else its number."""
    if info.title and info.title.strip():
        return info.title.strip()
    source = ArticleSource.parse(info.source)
    if source.kind == "file":
        return source.detail or f"Article #{info.id}"
    if source.kind == "link":
        parts = urlsplit(source.detail)
        return parts.netloc + (parts.path if parts.path not in ("", "/") else "")
    if source.kind == "forward":
        return f"Post from {source.detail}"
    return f"Article #{info.id}"


def _heading(info: ArticleInfo) -> Block:
    title = article_title(info)
    if title == f"Article #{info.id}":
        return line(bold(title))
    return line(bold(title), text(f"  #{info.id}"))


def language_label(info: ArticleInfo) -> str:
    name = language_name(info.language)
    return name if info.language_detected else f"{name} (assumed)"


def source_spans(info: ArticleInfo) -> list[Span]:
    """The source line: a link to the page, the file name, or where a post came from."""
    source = ArticleSource.parse(info.source)
    url = info.canonical_url or (source.detail if source.kind == "link" else None)
    if url is not None:
        host = urlsplit(url).netloc or url
        return [text("Source: "), Span(host.removeprefix("www."), href=url)]
    if source.kind == "file":
        return [text("File: "), Span(source.detail, code=True)]
    if source.kind == "forward":
        return [text("Forwarded from "), bold(source.detail)]
    return [text("Pasted text")]


def age(created_at: datetime, now: datetime | None = None) -> str:
    seconds = max(0, int(((now or datetime.now(UTC)) - created_at).total_seconds()))
    if seconds < 90:
        return "just now"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 36 * 3600:
        return f"{round(seconds / 3600)} h ago"
    days = round(seconds / 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"


# --- replies -------------------------------------------------------------------------------


def summary_reply(
    view: SummaryView,
    keyboard: InlineKeyboardMarkup | None,
    *,
    forwarded_from: str | None = None,
    just_sent: bool = False,
) -> Reply:
    """The summary card. ``just_sent``: the reply to the article being sent (again), not
    to /summary, a gist request or a length button."""
    info = view.article
    blocks: list[Block] = [_heading(info)]
    meta = source_spans(info)
    if forwarded_from and ArticleSource.parse(info.source).kind != "forward":
        meta = [*meta, text(" · forwarded from "), bold(forwarded_from)]
    blocks.append(Block(tuple(meta)))
    byline = describe(info.author, info.published, info.site_name)
    if byline:
        blocks.append(line(italic(byline)))
    blocks.append(
        line(
            italic(
                f"{language_label(info)} · {view.reading_minutes} min read · "
                f"{info.sentence_count} sentences"
            )
        )
    )
    if just_sent and not view.created:
        blocks.append(line(italic("You sent me this one before: here is what I have.")))
    blocks.append(BLANK)
    for sentence in view.summary.sentences:
        blocks.append(line("• ", sentence.text))
    if view.summary.keywords:
        blocks.append(BLANK)
        blocks.append(line(bold("Key terms: "), text(", ".join(view.summary.keywords))))
    if view.pruned:
        names = ", ".join(f"«{article_title(p)}»" for p in view.pruned)
        blocks.append(BLANK)
        blocks.append(line(italic(f"To make room, I removed your oldest: {names}.")))
    return Reply(tuple(blocks), keyboard)


def keywords_reply(
    info: ArticleInfo, keywords: Sequence[str], keyboard: InlineKeyboardMarkup | None
) -> Reply:
    blocks = [_heading(info), BLANK]
    if keywords:
        blocks.append(line(bold("Key points")))
        blocks.extend(line("• ", keyword) for keyword in keywords)
    else:
        blocks.append(line("I found no key terms in this article."))
    return Reply(tuple(blocks), keyboard)


def answer_reply(view: AnswerView, keyboard: InlineKeyboardMarkup | None = None) -> Reply:
    """The answer sentence first, the sentence it leans on when it does, other answers
    only when they add something; the title only when the answer comes from another of
    the chat's articles than the one asked about (then ``keyboard`` goes under it)."""
    title = article_title(view.article)
    answer = view.answer
    if not answer.found or not answer.passages:
        others = " nor in your other articles" if view.searched_library else ""
        return Reply(
            (
                line(f"I couldn't find that in «{title}»{others}."),
                line(italic("Try other words, or send /summary to see what it covers.")),
            )
        )
    blocks: list[Block] = []
    if view.asked is not None:
        blocks += [
            line(italic(f"Not in «{article_title(view.asked)}», but in another article.")),
            line(
                text("From "),
                bold(f"«{title}»"),
                text(f", saved {age(view.article.created_at)}:"),
            ),
        ]
    if not answer.sure:
        blocks.append(line(italic("Not sure, but this looks closest:")))
    best = answer.passages[0]
    rest = continuation(best)  # the quotation goes on and is attributed there
    tail = (text(" " + rest.text),) if rest is not None else ()
    items = tuple(text("\n- " + item.text) for item in best.rest)  # the list it opens
    blocks.append(Block((bold(best.sentence.text), *tail, *items), quote=True))
    if best.before is not None:
        blocks.append(line(italic("Context: "), text(best.before.text)))
    extra = also_relevant(answer)
    if extra:
        blocks.append(line(italic("Also relevant:")))
        blocks.extend(Block((text(p.sentence.text),), quote=True) for p in extra)
    return Reply(tuple(blocks), keyboard if view.asked is not None else None)


def list_reply(page: ArticlePage, keyboard: InlineKeyboardMarkup | None) -> Reply:
    if page.total == 0:
        return plain_reply("You have no articles yet. Send me a link, a file or an article.")
    heading = f"Your articles ({page.total})"
    if page.pages > 1:
        heading += f", page {page.page + 1} of {page.pages}"
    blocks: list[Block] = [line(bold(heading)), BLANK]
    for info in page.articles:
        marker = "▶ " if info.id == page.active_article_id else ""
        blocks.append(
            line(
                text(f"{marker}#{info.id} "),
                bold(article_title(info)),
                italic(
                    "".join(
                        f" · {part}"
                        for part in (describe(info.author, None, None), age(info.created_at))
                        if part
                    )
                ),
            )
        )
    blocks.append(BLANK)
    blocks.append(line(italic("/use ID makes one active; /delete ID removes it.")))
    return Reply(tuple(blocks), keyboard)


def settings_reply(
    chat: ChatSettings,
    *,
    default_length: int,
    default_algorithm: str,
    active: ArticleInfo | None,
    article_count: int,
    retention_days: int | None,
) -> Reply:
    length = chat.summary_sentences or default_length
    algorithm = chat.algorithm or default_algorithm
    blocks = [
        line(bold("Settings of this chat")),
        BLANK,
        line(
            f"Summary length: {length} sentences" + ("" if chat.summary_sentences else " (default)")
        ),
        line(f"Algorithm: {algorithm}" + ("" if chat.algorithm else " (default)")),
        line(
            "Active article: " + (f"#{active.id} «{article_title(active)}»" if active else "none")
        ),
        line(f"Saved articles: {article_count}"),
        line(
            "Articles are kept "
            + (f"for {retention_days} days" if retention_days else "until you delete them")
            + "."
        ),
        BLANK,
        line(italic("Change them with /length N and /algo NAME. /forget deletes everything.")),
    ]
    return Reply(tuple(blocks))


def privacy_reply(retention_days: int | None) -> Reply:
    return Reply(
        (
            line(bold("What I keep")),
            line(PRIVACY_KEPT),
            line(PRIVACY_SCOPE),
            BLANK,
            line(bold("For how long")),
            line(retention_line(retention_days)),
            BLANK,
            line(bold("How to delete it")),
            line(PRIVACY_DELETE),
        )
    )


def search_reply(view: LibraryAnswerView) -> Reply:
    """/search: the best sentences across the chat's articles, each with its article."""
    if not view.found:
        return plain_reply(f"Nothing in your articles matches «{view.question}».")
    blocks: list[Block] = [line(bold(f"Best matches for «{view.question}»")), BLANK]
    for hit in view.passages:
        blocks.append(
            line(italic(f"#{hit.article.id} «{article_title(hit.article)}»")),
        )
        blocks.append(Block((text(hit.passage.sentence.text),), quote=True))
    blocks.append(line(italic("/use ID makes an article active.")))
    return Reply(tuple(blocks))
