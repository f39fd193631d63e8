"""Messages that are not commands: articles (pasted, linked, forwarded, files) and questions.

The decision, in order:
1. A document → the file is read (size-capped before it is downloaded).
2. A forwarded message → its text (or caption) is the article; when that is only a
   short blurb with a link, the link is. The reply says where it was forwarded from.
3. Otherwise ``bot.service.intent.classify`` says what the text means (the same
   decision as the console's): an article → stored and summarised; a link (URL or
   text_link entity, in text or caption) → the page is read; a gist request → the
   summary; anything else → a question. Telegram adds only its reply rules: about
   the article of the Brief message it replies to, else the chat's active article;
   under someone else's message, that message is summarised.

Which article a Brief message is about: the link stored when it was sent, else the
article its buttons name (a replica's reply sent in the webhook's answer has no message
id to link: bot/webhook_reply.py). Summaries, key points and answers found in another
article carry such buttons; a plain answer from the active article has none, so a reply
to one of those asks the chat's active article (the same one, unless another was sent
or chosen since).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import PurePath
from typing import TYPE_CHECKING

from telegram import (
    Document,
    Message,
    MessageEntity,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.ext import MessageHandler, filters

from bot.errors import InputError, TooLargeError
from bot.service import ArticleSource, SummaryView
from bot.service.intent import Kind, classify
from handlers import buttons
from handlers.access import addressed_text, is_group, replies_to_bot
from handlers.render import answer_reply, plain_reply, summary_reply
from handlers.replies import replies_errors, send_about, send_reply, typing

if TYPE_CHECKING:
    from handlers.context import BriefApp, BriefContext

logger = logging.getLogger(__name__)

READABLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf"})
READABLE_TYPES = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
}
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files
PICTURE_HINT = (
    "I can't read pictures. Send me a link, paste the article's text, or send it as a "
    ".txt, .md, .html or .pdf file."
)
TLDR_HINT = (
    "Reply /tldr to a message that holds a link, an article or a document, and I'll "
    "summarise it here."
)
OTHER_HINT = (
    "I read articles: send me a link, paste an article, send a .txt, .md, .html or .pdf "
    "file, or forward a channel post. Then ask me about it. /help has the rest."
)


def register(app: BriefApp) -> None:
    only_messages = filters.UpdateType.MESSAGE
    # Documents first: a document's caption is not the article, the file is.
    app.add_handler(MessageHandler(only_messages & filters.Document.ALL, on_document))
    app.add_handler(
        MessageHandler(only_messages & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, on_text)
    )
    # Last: stickers, voice, pictures without caption... get a hint instead of silence.
    app.add_handler(MessageHandler(only_messages & ~filters.StatusUpdate.ALL, on_other))


def links_in(message: Message) -> list[str]:
    """The http(s) links of a message or its caption, in order, without repeats."""
    kinds: list[str | None] = [MessageEntity.URL, MessageEntity.TEXT_LINK]
    if message.text is not None:
        entities = message.parse_entities(kinds)
    else:
        entities = message.parse_caption_entities(kinds)
    found: list[str] = []
    for entity, value in sorted(entities.items(), key=lambda item: item[0].offset):
        url = (entity.url or "") if entity.type == MessageEntity.TEXT_LINK else value
        url = url.strip()
        if "://" not in url:
            url = f"http://{url}"  # "example.com/story": Telegram clients open it over http
        if url.lower().startswith(("http://", "https://")) and url not in found:
            found.append(url)
    return found


def origin_label(origin: MessageOrigin) -> str:
    """Where a forwarded message comes from, as a reader would name it."""
    if isinstance(origin, MessageOriginChannel):
        name = origin.chat.title or "a channel"
        return f"{name} (@{origin.chat.username})" if origin.chat.username else name
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or "a group"
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    return "somewhere else"


def _message(update: Update) -> Message:
    assert update.message is not None
    return update.message


async def _summarise(
    context: BriefContext,
    message: Message,
    add: Callable[[], Awaitable[SummaryView]],
    *,
    forwarded_from: str | None = None,
) -> None:
    async with typing(context, message):
        view = await add()
    info = view.article
    logger.info(
        "chat %s: article %s %s (%d sentences)",
        message.chat_id,
        info.id,
        "stored" if view.created else "was already stored",
        info.sentence_count,
    )
    keyboard = buttons.summary_keyboard(info.id, len(view.summary.sentences), info.sentence_count)
    reply = summary_reply(view, keyboard, forwarded_from=forwarded_from, just_sent=True)
    await send_about(context, message, reply, info.id)


@replies_errors
async def on_text(update: Update, context: BriefContext) -> None:
    message = _message(update)
    brief = context.bot_data.brief
    chat_id = message.chat_id
    body = addressed_text(message, context.bot)
    links = links_in(message)

    if message.forward_origin is not None:
        await _forwarded(context, message, body, links)
        return
    meaning = classify(body, links=links)
    if meaning.kind is Kind.ARTICLE:
        await _summarise(context, message, lambda: brief.add_text(chat_id, body))
    elif meaning.kind is Kind.LINK:
        await _summarise(context, message, lambda: brief.add_url(chat_id, meaning.value))
    elif message.text is None:
        await send_reply(context, message, plain_reply(PICTURE_HINT))
    elif meaning.kind is Kind.EMPTY:
        if message.reply_to_message is not None and not replies_to_bot(message, context.bot):
            await tldr(update, context)  # "@brief" alone, replying to someone's message
        else:
            # "@brief" alone in a group, or only whitespace.
            await send_reply(context, message, plain_reply(OTHER_HINT))
    elif meaning.kind is Kind.GIST and _under_someone_else(message, context):
        await tldr(update, context)  # "@brief what is this about?" under someone's post
    else:
        await _question(context, message, body, gist=meaning.kind is Kind.GIST)


def _under_someone_else(message: Message, context: BriefContext) -> bool:
    """A reply to a message that is not Brief's (Telegram's reply rule)."""
    return message.reply_to_message is not None and not replies_to_bot(message, context.bot)


async def _forwarded(context: BriefContext, message: Message, body: str, links: list[str]) -> None:
    """A forwarded post is an article: its text, or its link when it is only a blurb."""
    brief, chat_id = context.bot_data.brief, message.chat_id
    label = origin_label(message.forward_origin) if message.forward_origin else "somewhere else"
    if classify(body, links=links).kind is not Kind.LINK:
        source = str(ArticleSource.forwarded(label))
        add = functools.partial(brief.add_text, chat_id, body, source=source)
    else:
        add = functools.partial(brief.add_url, chat_id, links[0])
    await _summarise(context, message, add, forwarded_from=label)


async def _question(context: BriefContext, message: Message, body: str, *, gist: bool) -> None:
    """A question (or a gist request) about the article of the Brief message it replies
    to, else about the chat's active article."""
    brief, chat_id = context.bot_data.brief, message.chat_id
    article_id: int | None = None
    replied = message.reply_to_message
    if replied is not None and replies_to_bot(message, context.bot):
        article_id = await brief.article_for_message(
            chat_id, replied.message_id, shown=buttons.article_of(replied.reply_markup)
        )
    if gist:
        await send_summary(context, message, article_id=article_id)
        return
    async with typing(context, message):
        # A reply asks about that article only; otherwise the other articles of the
        # chat are searched when the active one does not answer.
        view = await brief.ask(chat_id, body, article_id=article_id, library=article_id is None)
    keyboard = buttons.use_keyboard(view.article.id) if view.asked is not None else None
    await send_about(context, message, answer_reply(view, keyboard), view.article.id)


async def send_summary(
    context: BriefContext,
    message: Message,
    *,
    article_id: int | None = None,
    sentences: int | None = None,
) -> None:
    """The summary of the active article (or ``article_id``), with its length buttons."""
    async with typing(context, message):
        view = await context.bot_data.brief.summary(
            message.chat_id, article_id=article_id, sentences=sentences
        )
    shown = len(view.summary.sentences)
    keyboard = buttons.summary_keyboard(view.article.id, shown, view.article.sentence_count)
    await send_about(context, message, summary_reply(view, keyboard), view.article.id)


@replies_errors
async def on_document(update: Update, context: BriefContext) -> None:
    message = _message(update)
    assert message.document is not None  # the handler's filter: documents only
    if PurePath(message.document.file_name or "").suffix.lower() == ".json":
        await import_export(message, context)
        return
    add = document_reader(message, context)
    if isinstance(add, str):
        await send_reply(context, message, plain_reply(add))
        return
    label = origin_label(message.forward_origin) if message.forward_origin else None
    await _summarise(context, message, add, forwarded_from=label)


async def import_export(message: Message, context: BriefContext) -> None:
    """A file made by /export (or `brief export`) sent to the bot: restore it here."""
    assert message.document is not None
    download = downloader(message.document, context)
    async with typing(context, message):
        data = await download()
        try:
            library = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise InputError("That .json file is not a Brief export I can read.") from None
        result = await context.bot_data.brief.import_library(message.chat_id, library)
    added, skipped = len(result.added), len(result.already_there)
    note = f" ({skipped} already here)" if skipped else ""
    await send_reply(
        context,
        message,
        plain_reply(
            f"Imported {added} article{'s' if added != 1 else ''}{note}. /list shows them."
        ),
    )


def document_reader(
    message: Message, context: BriefContext, chat_id: int | None = None
) -> Callable[[], Awaitable[SummaryView]] | str:
    """How to read the document of ``message`` into ``chat_id`` (default: its own chat),
    or why it cannot be read."""
    document = message.document
    assert document is not None
    name = PurePath(document.file_name or "document").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        known = READABLE_TYPES.get((document.mime_type or "").lower())
        if known is None:
            return f"I can't read «{name}». I read .txt, .md, .html and .pdf files."
        name += known
    download = downloader(document, context)
    brief = context.bot_data.brief
    target = message.chat_id if chat_id is None else chat_id

    async def add() -> SummaryView:
        return await brief.add_file(target, name, await download())

    return add


def downloader(document: Document, context: BriefContext) -> Callable[[], Awaitable[bytes]]:
    """Downloads ``document`` within the size limit. A file whose declared size is over
    the limit is refused at once, before anything is downloaded."""
    limit = min(context.bot_data.settings.max_input_bytes, TELEGRAM_DOWNLOAD_LIMIT)
    too_large = TooLargeError(
        f"That file is too large for me. I read files up to {limit // (1024 * 1024)} MB."
    )
    if document.file_size is not None and document.file_size > limit:
        raise too_large

    async def download() -> bytes:
        data = bytes(await (await document.get_file()).download_as_bytearray())
        if len(data) > limit:
            raise too_large
        return data

    return download


@replies_errors
async def tldr(update: Update, context: BriefContext) -> None:
    """/tldr (or a bare mention) as a reply: summarise the message replied to.

    Works with Telegram's privacy mode on: the article is read from the replied-to
    message that comes with the command, and it becomes this chat's article.
    """
    message = _message(update)
    target = message.reply_to_message
    if target is None:
        await send_reply(context, message, plain_reply(TLDR_HINT))
        return
    add = article_reader(target, context, chat_id=message.chat_id)
    if isinstance(add, str):
        await send_reply(context, message, plain_reply(add))
        return
    await _summarise(context, message, add)


def article_reader(
    message: Message, context: BriefContext, chat_id: int
) -> Callable[[], Awaitable[SummaryView]] | str:
    """How to read the article a message holds (document, pasted text or its first
    link) into ``chat_id``, or why there is none."""
    if message.document is not None:
        return document_reader(message, context, chat_id)
    brief = context.bot_data.brief
    body = (message.text or message.caption or "").strip()
    meaning = classify(body, links=links_in(message))
    if meaning.kind is Kind.ARTICLE:
        return lambda: brief.add_text(chat_id, body)
    if meaning.kind is Kind.LINK:
        return lambda: brief.add_url(chat_id, meaning.value)
    return "That message has no link, article or document I can read."


async def on_other(update: Update, context: BriefContext) -> None:
    message = _message(update)
    if is_group(message):
        return  # a sticker in reply to Brief in a group: no need to lecture anyone
    await send_reply(context, message, plain_reply(OTHER_HINT))
