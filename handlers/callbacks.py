"""Inline buttons: they edit their own message in place, and every press is answered.

The chat is the one the pressed message is in (Telegram says so, the client cannot
choose); the article ids in the data are looked up in that chat only, so forged data
can at most name an article that does not exist here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.errors import ArticleNotFoundError
from handlers import buttons
from handlers.render import (
    Reply,
    article_title,
    bold,
    keywords_reply,
    line,
    list_reply,
    plain_reply,
    summary_reply,
    text,
)
from handlers.replies import answer_query, edit_keyboard, edit_reply, replies_errors

if TYPE_CHECKING:
    from handlers.context import BriefApp, BriefContext

logger = logging.getLogger(__name__)

TOO_LONG = "That would not fit in one message. Send /summary N for a longer summary."


def register(app: BriefApp) -> None:
    app.add_handler(CallbackQueryHandler(on_button))


async def _drop_keyboard(query: CallbackQuery) -> None:
    """Remove buttons that can no longer work (their article is gone)."""
    message = query.message
    if isinstance(message, Message) and message.reply_markup is None:
        return  # nothing to remove (a forged press on a message without buttons)
    try:
        await edit_keyboard(query, None)
    except BadRequest as error:
        logger.info("could not remove a keyboard: %s", error.message)


@replies_errors
async def on_button(update: Update, context: BriefContext) -> None:
    query = update.callback_query
    assert query is not None
    message = query.message
    if not isinstance(message, Message):
        await answer_query(query, "This message is too old for buttons. Send /summary.")
        return
    action = buttons.parse(query.data)
    if action is None:
        logger.info("chat %s: unknown button data", message.chat_id)
        await answer_query(query, "That button doesn't work any more.")
        return
    try:
        notice = await _perform(query, message.chat_id, action, context)
    except ArticleNotFoundError:
        await _drop_keyboard(query)
        await answer_query(query, "That article is no longer here.", alert=True)
        return
    await answer_query(query, notice)


async def _perform(
    query: CallbackQuery, chat_id: int, action: buttons.Action, context: BriefContext
) -> str | None:
    """Do what the button says; returns the short notice for the answer (or None)."""
    brief = context.bot_data.brief
    if isinstance(action, buttons.ShowSummary):
        view = await brief.summary(chat_id, action.article_id, action.sentences)
        shown = len(view.summary.sentences)
        keyboard = buttons.summary_keyboard(view.article.id, shown, view.article.sentence_count)
        if not await edit_reply(query, summary_reply(view, keyboard)):
            return TOO_LONG
        return f"{shown} sentence{'s' if shown != 1 else ''}"
    if isinstance(action, buttons.ShowKeyPoints):
        info, terms = await brief.keywords(chat_id, action.article_id)
        keyboard = buttons.key_points_keyboard(info.id, action.sentences)
        await edit_reply(query, keywords_reply(info, terms, keyboard))
        return None
    if isinstance(action, buttons.AskDelete):
        await edit_keyboard(query, buttons.delete_keyboard(action.article_id, action.sentences))
        return "Delete this article?"
    if isinstance(action, buttons.ConfirmDelete):
        info = await brief.delete(chat_id, action.article_id)
        await edit_reply(
            query,
            Reply(
                (line(text("Deleted "), bold(f"#{info.id} «{article_title(info)}»"), text(".")),)
            ),
        )
        return "Deleted"
    if isinstance(action, buttons.ShowPage):
        page = await brief.list_articles(chat_id, action.page, 10)
        await edit_reply(query, list_reply(page, buttons.list_keyboard(page.page, page.pages)))
        return None
    if isinstance(action, buttons.UseArticle):
        info = await brief.use(chat_id, action.article_id)
        await edit_keyboard(query, None)
        return f"Now asking about «{article_title(info)}»"
    # buttons.Forget
    if query.from_user.id != action.user_id:
        return "Only the person who sent /forget can answer this."
    if not action.confirmed:
        await edit_reply(query, plain_reply("Nothing was deleted."))
        return None
    count = await brief.forget(chat_id)
    logger.info("chat %s: forgot everything (%d articles)", chat_id, count)
    await edit_reply(
        query,
        plain_reply(
            f"Done: I deleted {count} article{'s' if count != 1 else ''} and the settings "
            "of this chat."
        ),
    )
    return "Forgotten"
