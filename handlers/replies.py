"""Getting replies to the user: sending, editing, "typing…", and errors users caused.

A reply is never dropped silently: HTML that Telegram refuses is sent again as
plain text, network failures and flood waits are retried, and what still fails is
raised to the global error handler, which logs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.errors import BriefError
from bot.webhook_reply import NOT_SENT_YET, one_message_reply
from handlers.render import OutgoingMessage, Reply, plain_reply, to_messages, utf16_len

if TYPE_CHECKING:
    from handlers.context import BriefContext

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 3
TYPING_AFTER = 0.4  # seconds of work before "typing…" is shown
TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about five
MAX_ALERT = 200  # answerCallbackQuery text limit

Handler = Callable[[Update, "BriefContext"], Coroutine[Any, Any, None]]
Send = Callable[[str, str | None], Awaitable[Message | bool]]


def _refused_html(error: BadRequest) -> bool:
    return "can't parse entities" in error.message.lower()


def _too_long(error: BadRequest) -> bool:
    return any(words in error.message.lower() for words in ("message is too long", "too_long"))


def _halves(part: OutgoingMessage) -> list[OutgoingMessage] | None:
    """``part`` as smaller messages, when Telegram counted it as too long after all."""
    size = utf16_len(part.plain)
    smaller = to_messages(Reply(part.blocks), limit=max(1, size // 2)) if part.blocks else []
    return smaller if len(smaller) > 1 else None


def _not_modified(error: BadRequest) -> bool:
    return "message is not modified" in error.message.lower()


def _seconds(value: int | float | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def _deliver(send: Send, part: OutgoingMessage) -> Message | bool:
    """Send one part: HTML first, plain text if Telegram refuses the HTML; retry failures."""
    as_html = True
    attempt = 0
    while True:
        attempt += 1
        try:
            if as_html:
                return await send(part.html, ParseMode.HTML)
            return await send(part.plain, None)
        except BadRequest as error:
            if as_html and _refused_html(error):
                logger.warning("Telegram refused a reply's HTML; sending it as plain text")
                as_html = False
                continue
            raise
        except RetryAfter as error:
            # The rate limiter has already waited and retried; one more patient try.
            if attempt >= SEND_ATTEMPTS:
                raise
            await asyncio.sleep(_seconds(error.retry_after) + 0.1)
        except NetworkError as error:
            if attempt >= SEND_ATTEMPTS:
                raise
            logger.warning("sending failed (%s); retrying", type(error).__name__)
            await asyncio.sleep(0.5 * attempt)


async def _reply_part(
    message: Message,
    body: str,
    mode: str | None,
    *,
    quote: bool | None,
    markup: InlineKeyboardMarkup | None,
) -> Message:
    return await message.reply_text(body, parse_mode=mode, reply_markup=markup, do_quote=quote)


async def send_reply(context: BriefContext, message: Message, reply: Reply) -> list[int]:
    """Reply to ``message`` (split when long); the keyboard goes under the last part.
    Returns the ids of the messages sent."""
    del context  # the reply goes through the message's bot
    parts = to_messages(reply)
    sent: list[int] = []
    while parts:
        part = parts.pop(0)
        send = functools.partial(
            _reply_part,
            message,
            # ptb's default quotes the user's message in groups; later parts just follow.
            quote=None if not sent else False,
            markup=reply.keyboard if not parts else None,
        )
        # A reply of one message may go in a replica's webhook answer (bot/webhook_reply.py).
        whole = one_message_reply() if not sent and not parts else contextlib.nullcontext()
        try:
            with whole:
                result = await _deliver(send, part)
        except BadRequest as error:
            # We count as Telegram does; should it still say "too long", split and retry.
            halves = _halves(part) if _too_long(error) else None
            if halves is None:
                raise
            logger.warning("Telegram found a reply too long; sending it in %d parts", len(halves))
            parts[:0] = halves
            continue
        assert isinstance(result, Message)
        sent.append(result.message_id)
    return sent


async def send_about(
    context: BriefContext, message: Message, reply: Reply, article_id: int
) -> list[int]:
    """``send_reply``, then every part is linked to ``article_id``, so replying to any of
    them asks about that article. A reply sent in a webhook's answer has no id to link:
    its keyboard names the article instead (``buttons.article_of``)."""
    sent = await send_reply(context, message, reply)
    known = [message_id for message_id in sent if message_id != NOT_SENT_YET]
    await context.bot_data.brief.link_messages(message.chat_id, known, article_id)
    return sent


async def edit_reply(query: CallbackQuery, reply: Reply) -> bool:
    """Edit the message of ``query`` in place; False when the reply needs more than one
    message (an edit cannot grow into two)."""
    parts = to_messages(reply)
    if len(parts) != 1:
        return False

    async def send(body: str, mode: str | None) -> Message | bool:
        try:
            return await query.edit_message_text(body, parse_mode=mode, reply_markup=reply.keyboard)
        except BadRequest as error:
            if _not_modified(error):
                return True  # a double tap: the message already shows this
            raise

    await _deliver(send, parts[0])
    return True


async def edit_keyboard(query: CallbackQuery, keyboard: InlineKeyboardMarkup | None) -> None:
    """Replace only the buttons of the query's message (a double tap changes nothing)."""
    try:
        await query.edit_message_reply_markup(reply_markup=keyboard)
    except BadRequest as error:
        if not _not_modified(error):
            raise


async def answer_query(
    query: CallbackQuery, text: str | None = None, *, alert: bool = False
) -> None:
    """Answer a button press (every one is answered, or the client shows a spinner)."""
    if text is not None and len(text) > MAX_ALERT:
        text = text[: MAX_ALERT - 1] + "…"
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as error:
        # Too old (over 15 minutes) or already answered: nothing left to tell the client.
        logger.info("could not answer a callback query: %s", error.message)


@contextlib.asynccontextmanager
async def typing(context: BriefContext, message: Message) -> AsyncIterator[None]:
    """Show "typing…" in the chat while the block runs longer than ``TYPING_AFTER``.

    Most answers take milliseconds: a chat action for them would double the requests
    to Telegram for nothing. A chat action already on its way when the block ends is
    awaited, so "typing…" never arrives after the reply.
    """
    thread = message.message_thread_id if message.is_topic_message else None
    done = asyncio.Event()

    async def keep_showing() -> None:
        wait = TYPING_AFTER
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), wait)
                return
            try:
                await context.bot.send_chat_action(
                    message.chat_id, ChatAction.TYPING, message_thread_id=thread
                )
            except TelegramError as error:
                logger.debug("chat action failed: %s", error)
            wait = TYPING_EVERY

    shower = asyncio.create_task(keep_showing())
    try:
        yield
    finally:
        done.set()
        await shower


def replies_errors(handler: Handler) -> Handler:
    """Turn a ``BriefError`` (something the user can fix) into a reply with its message.

    Anything else goes on to the global error handler.
    """

    @functools.wraps(handler)
    async def wrapper(update: Update, context: BriefContext) -> None:
        try:
            await handler(update, context)
        except BriefError as error:
            query = update.callback_query
            if query is not None:
                await answer_query(query, error.user_message, alert=True)
            elif update.effective_message is not None:
                await send_reply(context, update.effective_message, plain_reply(error.user_message))

    return wrapper
