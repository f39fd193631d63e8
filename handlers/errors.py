"""The one global error handler: log with context, tell the user briefly, leak nothing."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ApplicationHandlerStop

from handlers.replies import answer_query

if TYPE_CHECKING:
    from handlers.context import BriefApp, BriefContext

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


def register(app: BriefApp) -> None:
    app.add_error_handler(on_error)


async def on_error(update: object, context: BriefContext) -> None:
    """Log, apologise once, and stop: no later handler group sees an update that failed
    (ptb would go on with them), so a failing access check never lets an update through."""
    error = context.error
    if not isinstance(update, Update):
        # Polling itself failed (network, Telegram down): ptb retries on its own.
        if isinstance(error, NetworkError):
            logger.warning("talking to Telegram failed: %s", type(error).__name__)
        else:
            logger.error("error outside of any update", exc_info=error)
        return
    chat_id = update.effective_chat.id if update.effective_chat else None
    if isinstance(error, Forbidden):
        # Blocked by the user or removed from the group: no one to tell.
        logger.warning(
            "update %s: chat %s does not accept messages from Brief", update.update_id, chat_id
        )
        raise ApplicationHandlerStop
    # Ids only: the update's text is the user's and stays out of the log.
    logger.error("update %s in chat %s failed", update.update_id, chat_id, exc_info=error)
    try:
        if update.callback_query is not None:
            await answer_query(update.callback_query, SORRY)
        elif update.effective_chat is not None and update.message is not None:
            await context.bot.send_message(update.effective_chat.id, SORRY)
    except TelegramError as failure:
        logger.warning(
            "could not tell chat %s about the error: %s", chat_id, type(failure).__name__
        )
    raise ApplicationHandlerStop
