"""Who and what Brief listens to. Runs before every other handler (group -1).

- Only messages and button presses are Brief's business; anything else (edited
  messages, channel posts, member updates) stops here.
- In groups Brief acts only on what is addressed to it: commands, mentions of the
  bot, and replies to its messages. Everything else stops here, before any handler
  could read or store it.
- With ``BRIEF_ALLOWED_USERS`` set, anyone else gets one polite refusal per message
  and nothing is stored.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from handlers.render import plain_reply
from handlers.replies import answer_query, send_reply

if TYPE_CHECKING:
    from handlers.context import BriefApp, BriefContext

logger = logging.getLogger(__name__)

ACCESS_GROUP = -1  # lower groups run first
REFUSAL = (
    "Sorry, this Brief is private: it only works for the people its owner allowed. "
    "I did not keep anything you sent."
)


def register(app: BriefApp) -> None:
    app.add_handler(TypeHandler(Update, gate), group=ACCESS_GROUP)


def is_group(message: Message) -> bool:
    return message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def _entities(message: Message) -> dict[MessageEntity, str]:
    if message.text is not None:
        return message.parse_entities()
    return message.parse_caption_entities()


def mentions_bot(message: Message, bot: Bot) -> bool:
    username = (bot.username or "").lower()
    for entity, value in _entities(message).items():
        if entity.type == MessageEntity.MENTION and value.lower() == f"@{username}":
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    return False


def replies_to_bot(message: Message, bot: Bot) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot.id)


def starts_with_command(message: Message) -> bool:
    entities = message.entities if message.text is not None else ()
    return any(e.type == MessageEntity.BOT_COMMAND and e.offset == 0 for e in entities)


def is_addressed(message: Message, bot: Bot) -> bool:
    """True in private chats; in groups, for commands, mentions and replies to Brief."""
    if not is_group(message):
        return message.chat.type == ChatType.PRIVATE
    return (
        starts_with_command(message) or mentions_bot(message, bot) or replies_to_bot(message, bot)
    )


def addressed_text(message: Message, bot: Bot) -> str:
    """The text or caption without the mentions of the bot, stripped."""
    body = message.text if message.text is not None else (message.caption or "")
    username = (bot.username or "").lower()
    mentions = [
        entity
        for entity, value in _entities(message).items()
        if (entity.type == MessageEntity.MENTION and value.lower() == f"@{username}")
        or (entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id)
    ]
    if not mentions:
        return body.strip()
    # Offsets are in UTF-16 units: cut on the encoded text.
    encoded = body.encode("utf-16-le")
    for entity in sorted(mentions, key=lambda e: e.offset, reverse=True):
        start, end = entity.offset * 2, (entity.offset + entity.length) * 2
        encoded = encoded[:start] + encoded[end:]
    return encoded.decode("utf-16-le").strip()


async def gate(update: Update, context: BriefContext) -> None:
    message = update.message
    query = update.callback_query
    if message is None and query is None:
        raise ApplicationHandlerStop  # edits, channel posts, member updates: not ours
    if message is not None and not is_addressed(message, context.bot):
        raise ApplicationHandlerStop  # group chatter: never read, never stored
    allowed = context.bot_data.settings.allowed_users
    user = update.effective_user
    if allowed is None or (user is not None and user.id in allowed):
        return
    logger.info("refused update %s from a user who is not allowed", update.update_id)
    if query is not None:
        await answer_query(query, REFUSAL, alert=True)
    elif message is not None:
        await send_reply(context, message, plain_reply(REFUSAL))
    raise ApplicationHandlerStop
