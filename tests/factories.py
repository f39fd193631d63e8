"""Realistic Bot API JSON for users, chats, messages and updates (and their ptb objects).

Entities are computed the way Telegram's servers compute them for what a client
sends: offsets and lengths in UTF-16 code units; URLs, @mentions and /commands are
detected in plain text automatically (``auto_entities``), as the server does.
Messages are built without ``message_id``/``date``: ``BotAPI.push_message`` fills
them in, so ids stay unique per chat like Telegram's.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update

from tests.emulator.botapi import StoredFile
from tests.emulator.telegram_html import utf16_len

JSON = dict[str, Any]

_user_ids = itertools.count(700_001)
_group_ids = itertools.count(1)

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")
_TRAILING = ".,;:!?)»”'\""


def user(
    first_name: str = "Ada",
    *,
    user_id: int | None = None,
    username: str | None = None,
    last_name: str | None = None,
    language_code: str = "en",
) -> JSON:
    data: JSON = {
        "id": user_id if user_id is not None else next(_user_ids),
        "is_bot": False,
        "first_name": first_name,
        "language_code": language_code,
    }
    if username:
        data["username"] = username
    if last_name:
        data["last_name"] = last_name
    return data


def private_chat(of: JSON) -> JSON:
    chat: JSON = {"id": of["id"], "type": "private", "first_name": of["first_name"]}
    if "username" in of:
        chat["username"] = of["username"]
    return chat


def group_chat(title: str = "Reading club", *, chat_id: int | None = None) -> JSON:
    number = next(_group_ids)
    return {
        "id": chat_id if chat_id is not None else -1_001_000_000_000 - number,
        "type": "supergroup",
        "title": title,
    }


def channel_chat(title: str = "World News", *, username: str | None = "worldnews") -> JSON:
    number = next(_group_ids)
    chat: JSON = {"id": -1_002_000_000_000 - number, "type": "channel", "title": title}
    if username:
        chat["username"] = username
    return chat


# --- entities ------------------------------------------------------------------------------


def entity(text: str, part: str, kind: str, *, occurrence: int = 0, **extra: Any) -> JSON:
    """The entity of type ``kind`` covering the ``occurrence``-th ``part`` of ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return {
        "type": kind,
        "offset": utf16_len(text[:start]),
        "length": utf16_len(part),
        **extra,
    }


def detect_entities(text: str) -> list[JSON]:
    """URLs, @mentions and /commands, as Telegram's server marks them in plain text."""
    found: list[tuple[int, int, JSON]] = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        found.append((match.start(), len(url), {"type": "url"}))
    for match in _MENTION.finditer(text):
        found.append((match.start(), len(match.group()), {"type": "mention"}))
    for match in _COMMAND.finditer(text):
        if any(start <= match.start() < start + length for start, length, _ in found):
            continue  # a path inside a URL is not a command
        found.append((match.start(), len(match.group()), {"type": "bot_command"}))
    found.sort(key=lambda item: item[0])
    return [
        {
            **kind,
            "offset": utf16_len(text[:start]),
            "length": utf16_len(text[start : start + length]),
        }
        for start, length, kind in found
    ]


# --- messages ------------------------------------------------------------------------------


def message(
    chat: JSON,
    sender: JSON | None,
    text: str | None = None,
    *,
    entities: Iterable[JSON] | None = None,
    auto_entities: bool = True,
    reply_to: JSON | None = None,
    **extra: Any,
) -> JSON:
    """A message as Telegram delivers it (without message_id/date: the emulator adds them)."""
    data: JSON = {"chat": chat}
    if sender is not None:
        data["from"] = sender
    if text is not None:
        data["text"] = text
        marked = list(entities) if entities is not None else []
        if auto_entities:
            marked = _merge(marked, detect_entities(text))
        if marked:
            data["entities"] = marked
    if reply_to is not None:
        data["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
    data.update(extra)
    return data


def command(chat: JSON, sender: JSON, text: str, **extra: Any) -> JSON:
    """``/name args`` as typed in a chat."""
    assert text.startswith("/"), text
    return message(chat, sender, text, **extra)


def mention(chat: JSON, sender: JSON, bot_username: str, text: str, **extra: Any) -> JSON:
    """``@bot text``: addressed to the bot in a group."""
    return message(chat, sender, f"@{bot_username} {text}", **extra)


def forwarded_channel_post(
    chat: JSON,
    sender: JSON,
    channel: JSON,
    text: str,
    *,
    entities: Iterable[JSON] = (),
    post_id: int = 4021,
    author_signature: str | None = None,
) -> JSON:
    """A channel post a user forwarded to the bot (``forward_origin`` of type channel)."""
    origin: JSON = {
        "type": "channel",
        "date": int(time.time()) - 3600,
        "chat": channel,
        "message_id": post_id,
    }
    if author_signature:
        origin["author_signature"] = author_signature
    return message(chat, sender, text, entities=entities, forward_origin=origin)


def forwarded_from_user(chat: JSON, sender: JSON, original: JSON, text: str) -> JSON:
    origin = {"type": "user", "date": int(time.time()) - 600, "sender_user": original}
    return message(chat, sender, text, forward_origin=origin)


def forwarded_from_hidden_user(chat: JSON, sender: JSON, name: str, text: str) -> JSON:
    origin = {"type": "hidden_user", "date": int(time.time()) - 600, "sender_user_name": name}
    return message(chat, sender, text, forward_origin=origin)


def photo_message(
    chat: JSON,
    sender: JSON,
    caption: str | None = None,
    *,
    caption_entities: Iterable[JSON] | None = None,
    auto_entities: bool = True,
    **extra: Any,
) -> JSON:
    sizes = [
        {
            "file_id": f"PHOTO-{w}",
            "file_unique_id": f"P{w}",
            "width": w,
            "height": w * 3 // 4,
            "file_size": w * 90,
        }
        for w in (90, 320, 800)
    ]
    data = message(chat, sender, photo=sizes, **extra)
    if caption is not None:
        data["caption"] = caption
        marked = list(caption_entities) if caption_entities is not None else []
        if auto_entities:
            marked = _merge(marked, detect_entities(caption))
        if marked:
            data["caption_entities"] = marked
    return data


def document_message(
    chat: JSON,
    sender: JSON,
    *,
    file_id: str,
    file_unique_id: str,
    file_name: str,
    file_size: int,
    mime_type: str = "text/plain",
    caption: str | None = None,
    **extra: Any,
) -> JSON:
    document = {
        "file_id": file_id,
        "file_unique_id": file_unique_id,
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": file_size,
    }
    data = message(chat, sender, document=document, **extra)
    if caption is not None:
        data["caption"] = caption
    return data


def stored_document(
    chat: JSON, sender: JSON, stored: StoredFile, file_name: str, **extra: Any
) -> JSON:
    """A document message for a file the emulator holds (see ``BotAPI.add_file``)."""
    return document_message(
        chat,
        sender,
        file_id=stored.file_id,
        file_unique_id=stored.file_unique_id,
        file_name=file_name,
        file_size=len(stored.data),
        **extra,
    )


def sticker_message(chat: JSON, sender: JSON) -> JSON:
    sticker = {
        "file_id": "STICKER-1",
        "file_unique_id": "S1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    }
    return message(chat, sender, sticker=sticker)


def as_update(data: JSON, bot: Bot) -> Update:
    """The ptb ``Update`` for ``data`` (which must have its update_id)."""
    update = Update.de_json(data, bot)
    assert update is not None
    return update


def _merge(given: list[JSON], detected: list[JSON]) -> list[JSON]:
    """Given entities win where they overlap detected ones (a text_link over a URL)."""
    merged = list(given)
    for candidate in detected:
        start, end = candidate["offset"], candidate["offset"] + candidate["length"]
        if not any(e["offset"] < end and start < e["offset"] + e["length"] for e in given):
            merged.append(candidate)
    return sorted(merged, key=lambda e: (e["offset"], -e["length"]))


# --- articles ------------------------------------------------------------------------------

_SYLLABLES = ("ka", "lo", "mi", "ra", "te", "vu", "sen", "dor", "bel", "ym")
_INDUSTRIES = (
    "shipbuilding",
    "salt mining",
    "glass blowing",
    "cheese making",
    "rope weaving",
    "amber polishing",
    "clock making",
    "wool dyeing",
    "boat repair",
    "paper milling",
)
_FESTIVALS = (
    "lanterns",
    "kites",
    "herring",
    "bells",
    "violins",
    "tulips",
    "chess",
    "pottery",
    "honey",
    "sailing",
)


def _name(i: int, ending: str) -> str:
    """A made-up name unique for i < 1,000 (two syllables below 100, three from 100)."""
    hundreds = _SYLLABLES[i // 100 % 10] if i >= 100 else ""
    return (hundreds + _SYLLABLES[i // 10 % 10] + _SYLLABLES[i % 10] + ending).capitalize()


@dataclass(frozen=True)
class TownArticle:
    """A made-up article with facts unique to ``i``: what each chat must get back."""

    town: str
    headline: str
    mayor: str
    founded: int
    industry: str
    festival: str
    population: int
    text: str

    @property
    def questions(self) -> dict[str, str]:
        """Question -> a word the right answer must contain."""
        return {
            f"Who is the mayor of {self.town}?": self.mayor.split()[-1],
            f"When was {self.town} founded?": str(self.founded),
            f"What is the main industry of {self.town}?": self.industry.split()[0],
        }

    @property
    def ten_questions(self) -> dict[str, str]:
        """``questions`` and seven more, each answered by a different fact."""
        return {
            **self.questions,
            f"How many people live in {self.town}?": str(self.population),
            "Who founded the town?": "fishermen",
            "What did the mayor promise?": "sea wall",
            "Where do younger residents often go?": "capital",
            "Which festival does the town hold every summer?": self.festival,
            "How long does the festival last?": "three days",
            "Where does the procession go?": "lighthouse",
        }


def town_article(i: int) -> TownArticle:
    town = _name(i, "haven")
    mayor = f"Elena {_name(i, 'sky')}"
    founded = 1500 + 7 * i
    industry = _INDUSTRIES[i % len(_INDUSTRIES)]
    festival = _FESTIVALS[(i // 10 + i) % len(_FESTIVALS)]
    population = 4000 + 37 * i
    headline = f"{town} votes on its sea wall"
    text = (
        f"{headline}\n\n"
        f"{town} is a small harbour town on the northern coast, home to about "
        f"{population} people. The town was founded in {founded} by fishermen who came "
        f"from the southern islands. Its narrow streets climb a steep hill above the old "
        f"port, and most houses are painted in bright colours.\n\n"
        f"The mayor of {town} is {mayor}, who was elected after a close race and promised "
        f"to repair the sea wall. The main industry of {town} is {industry}, which employs "
        f"most of the families in the valley. Younger residents often leave for the capital, "
        f"but many return when they start families of their own.\n\n"
        f"Every summer the town holds a festival of {festival} that draws visitors from "
        f"across the region. The festival lasts three days and ends with a procession to "
        f"the lighthouse. Local cafés stay open late, and the harbour fills with small "
        f"boats decorated for the occasion."
    )
    return TownArticle(town, headline, mayor, founded, industry, festival, population, text)
