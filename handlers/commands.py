"""Slash commands: parse the arguments, call ``Brief``, render the answer."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from telegram import Bot, BotCommand, Message, Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.commands import telegram_commands
from bot.engine import DEFAULT_ALGORITHM, algorithm_choices
from bot.errors import InputError
from bot.service import MAX_SUMMARY_SENTENCES, MIN_SUMMARY_SENTENCES
from handlers import buttons, messages
from handlers.access import is_group
from handlers.render import (
    BLANK,
    Reply,
    article_title,
    bold,
    italic,
    keywords_reply,
    line,
    list_reply,
    plain_reply,
    privacy_reply,
    search_reply,
    settings_reply,
    text,
)
from handlers.replies import Handler, replies_errors, send_about, send_reply, typing

if TYPE_CHECKING:
    from handlers.context import BriefApp, BriefContext

logger = logging.getLogger(__name__)

MENU: tuple[tuple[str, str], ...] = tuple((c.name, c.help) for c in telegram_commands())
LIST_PAGE_SIZE = 10
SEARCH_RESULTS = 5
EXPORT_FILENAME = "brief-library.json"


async def publish_menu(bot: Bot) -> None:
    """The command menu Telegram clients show (setMyCommands)."""
    await bot.set_my_commands([BotCommand(name, description) for name, description in MENU])


def register(app: BriefApp) -> None:
    """Every Telegram command of ``bot.commands``, then a catch-all for unknown ones."""
    for command in telegram_commands():
        for name in command.names:
            app.add_handler(
                CommandHandler(name, HANDLERS[command.name], filters=filters.UpdateType.MESSAGE)
            )
    # Any other command: explained in private; in groups only when it names Brief.
    app.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, unknown))


def _message(update: Update) -> Message:
    assert update.message is not None  # the handlers' filters only let messages through
    return update.message


def help_reply(bot_username: str | None) -> Reply:
    name = f"@{bot_username}" if bot_username else "me"
    return Reply(
        (
            line(bold("I'm Brief. I read articles for you.")),
            BLANK,
            line(
                "Send me a link, paste an article, send a .txt, .md, .html or .pdf file, or "
                "forward a channel post. I reply with a short summary made of the article's "
                "own sentences, then answer your questions by quoting it."
            ),
            BLANK,
            line(
                italic("Example: "),
                text("send a link to a news story, then ask “Who signed the agreement?”"),
            ),
            BLANK,
            line("Reply to one of my summaries or answers to ask about that article."),
            line("Ask “What is it about?” or “tl;dr” to see the summary again."),
            line(f"In groups, mention {name} or reply to me: I read nothing else there."),
            BLANK,
            *(line(f"/{command} — {description}") for command, description in MENU),
        )
    )


def _number(argument: str) -> int | None:
    value = argument.strip().lstrip("#")
    # ASCII digits only: str.isdigit also accepts '²', which int() refuses.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _one_id(context: BriefContext, usage: str) -> int:
    args = context.args or []
    article_id = _number(args[0]) if len(args) == 1 else None
    if article_id is None:
        raise InputError(usage)
    return article_id


@replies_errors
async def start(update: Update, context: BriefContext) -> None:
    await send_reply(context, _message(update), help_reply(context.bot.username))


@replies_errors
async def summary(update: Update, context: BriefContext) -> None:
    message = _message(update)
    args = context.args or []
    sentences: int | None = None
    if args:
        sentences = _number(args[0])
        out_of_range = sentences is not None and not (
            MIN_SUMMARY_SENTENCES <= sentences <= MAX_SUMMARY_SENTENCES
        )
        if len(args) > 1 or sentences is None or out_of_range:
            raise InputError(
                f"Send /summary, or /summary N for N sentences "
                f"({MIN_SUMMARY_SENTENCES} to {MAX_SUMMARY_SENTENCES})."
            )
    await messages.send_summary(context, message, sentences=sentences)


@replies_errors
async def list_articles(update: Update, context: BriefContext) -> None:
    message = _message(update)
    args = context.args or []
    page_number = _number(args[0]) if args else 1
    page = await context.bot_data.brief.list_articles(
        message.chat_id, max(0, (page_number or 1) - 1), LIST_PAGE_SIZE
    )
    keyboard = buttons.list_keyboard(page.page, page.pages)
    await send_reply(context, message, list_reply(page, keyboard))


@replies_errors
async def use(update: Update, context: BriefContext) -> None:
    message = _message(update)
    article_id = _one_id(context, "Send /use ID: /list shows the ids of your articles.")
    info = await context.bot_data.brief.use(message.chat_id, article_id)
    reply = Reply(
        (
            line(text("Now on "), bold(f"#{info.id} «{article_title(info)}»"), text(".")),
            line(italic("Ask away, or send /summary.")),
        )
    )
    await send_about(context, message, reply, info.id)


@replies_errors
async def delete(update: Update, context: BriefContext) -> None:
    message = _message(update)
    article_id = _one_id(context, "Send /delete ID: /list shows the ids of your articles.")
    info = await context.bot_data.brief.delete(message.chat_id, article_id)
    await send_reply(
        context,
        message,
        Reply((line(text("Deleted "), bold(f"#{info.id} «{article_title(info)}»"), text(".")),)),
    )


@replies_errors
async def keywords(update: Update, context: BriefContext) -> None:
    message = _message(update)
    async with typing(context, message):
        info, terms = await context.bot_data.brief.keywords(message.chat_id)
    view_length = await context.bot_data.brief.summary_length(message.chat_id)
    reply = keywords_reply(info, terms, buttons.key_points_keyboard(info.id, view_length))
    await send_about(context, message, reply, info.id)


@replies_errors
async def length(update: Update, context: BriefContext) -> None:
    message = _message(update)
    args = context.args or []
    sentences = _number(args[0]) if len(args) == 1 else None
    if sentences is None:
        raise InputError(
            f"Send /length N: summaries of N sentences "
            f"({MIN_SUMMARY_SENTENCES} to {MAX_SUMMARY_SENTENCES})."
        )
    chat = await context.bot_data.brief.set_length(message.chat_id, sentences)
    await send_reply(
        context,
        message,
        plain_reply(f"Summaries in this chat are now {chat.summary_sentences} sentences long."),
    )


@replies_errors
async def algo(update: Update, context: BriefContext) -> None:
    message = _message(update)
    brief = context.bot_data.brief
    args = context.args or []
    if not args:
        current = (await brief.settings(message.chat_id)).algorithm or DEFAULT_ALGORITHM
        await send_reply(
            context,
            message,
            Reply(
                (
                    line(text("Summary algorithm: "), bold(current), text(".")),
                    line("Choose one with /algo NAME:"),
                    *(line(f"• {choice}") for choice in algorithm_choices()),
                )
            ),
        )
        return
    chat = await brief.set_algorithm(message.chat_id, " ".join(args))
    chosen = chat.algorithm or f"{DEFAULT_ALGORITHM} (default)"
    await send_reply(
        context, message, Reply((line(text("Summaries now use "), bold(chosen), text(".")),))
    )


@replies_errors
async def settings(update: Update, context: BriefContext) -> None:
    message = _message(update)
    brief = context.bot_data.brief
    chat = await brief.settings(message.chat_id)
    page = await brief.list_articles(message.chat_id, 0, 1)
    active = await brief.active_article(message.chat_id)
    await send_reply(
        context,
        message,
        settings_reply(
            chat,
            default_length=context.bot_data.settings.summary_sentences,
            default_algorithm=DEFAULT_ALGORITHM,
            active=active,
            article_count=page.total,
            retention_days=context.bot_data.settings.retention_days,
        ),
    )


@replies_errors
async def search(update: Update, context: BriefContext) -> None:
    message = _message(update)
    words = " ".join(context.args or ())
    if not words.strip():
        await send_reply(context, message, plain_reply("Tell me what to look for: /search WORDS"))
        return
    async with typing(context, message):
        view = await context.bot_data.brief.ask_all(message.chat_id, words, top_k=SEARCH_RESULTS)
    await send_reply(context, message, search_reply(view))


@replies_errors
async def export(update: Update, context: BriefContext) -> None:
    """/export: the chat's library as a JSON document; sending that file back imports it."""
    message = _message(update)
    async with typing(context, message):
        library = await context.bot_data.brief.export_library(message.chat_id)
    articles = library.get("articles")
    count = len(articles) if isinstance(articles, list) else 0
    if not count:
        await send_reply(context, message, plain_reply("You have no articles to export yet."))
        return
    await message.reply_document(
        document=json.dumps(library, ensure_ascii=False, indent=1).encode("utf-8"),
        filename=EXPORT_FILENAME,
        caption=(
            f"Your {count} article{'s' if count != 1 else ''}. Send this file to a Brief "
            "to import them."
        ),
    )


@replies_errors
async def privacy(update: Update, context: BriefContext) -> None:
    await send_reply(
        context, _message(update), privacy_reply(context.bot_data.settings.retention_days)
    )


@replies_errors
async def forget(update: Update, context: BriefContext) -> None:
    message = _message(update)
    user = update.effective_user
    assert user is not None
    total = (await context.bot_data.brief.list_articles(message.chat_id, 0, 1)).total
    where = "this group" if is_group(message) else "this chat"
    what = f"all {total} article{'s' if total != 1 else ''}" if total else "the settings"
    reply = Reply(
        (
            line(bold(f"Delete everything I keep for {where}?")),
            line(f"That is {what} and every setting. It cannot be undone."),
        ),
        buttons.forget_keyboard(user.id),
    )
    await send_reply(context, message, reply)


async def unknown(update: Update, context: BriefContext) -> None:
    message = _message(update)
    command = (message.text or "").split(maxsplit=1)[0]
    name, _, target = command.partition("@")
    if is_group(message) and target.lower() != (context.bot.username or "").lower():
        return  # a command for another bot in the group
    await send_reply(
        context,
        message,
        plain_reply(f"I don't know {name}. Send /help to see what I can do."),
    )


HANDLERS: dict[str, Handler] = {
    "help": start,
    "summary": summary,
    "list": list_articles,
    "use": use,
    "delete": delete,
    "keywords": keywords,
    "length": length,
    "algo": algo,
    "settings": settings,
    "forget": forget,
    "privacy": privacy,
    "export": export,
    "search": search,
    "tldr": messages.tldr,
}
