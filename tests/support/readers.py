"""Many people, each with an article and ten questions: the load and fault scenarios.

Every reader's article has facts no other reader's has, so a reply that reached the
wrong chat, came twice, or answered the wrong question shows up in ``problems``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from tests import factories as f
from tests.emulator import BotAPI, Call

JSON = dict[str, Any]


@dataclass(frozen=True)
class Reader:
    chat: JSON
    sender: JSON
    article: f.TownArticle

    @classmethod
    def numbered(cls, i: int) -> Reader:
        sender = f.user(f"Reader{i}")
        return cls(f.private_chat(sender), sender, f.town_article(i))

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    @property
    def expected_replies(self) -> int:
        return 1 + len(self.article.ten_questions)

    def article_message(self) -> JSON:
        return f.message(self.chat, self.sender, self.article.text)

    def push(self, api: BotAPI) -> None:
        """The article, then its ten questions, queued for getUpdates."""
        api.push_message(self.article_message())
        for question in self.article.ten_questions:
            api.push_message(f.message(self.chat, self.sender, question))

    def problems(self, replies: list[Call], towns: set[str]) -> list[str]:
        """What is wrong with the replies this reader got (empty: all is well)."""
        texts = [call.text for call in replies]
        if len(texts) != self.expected_replies:
            return [f"{self.article.town}: {len(texts)} replies, expected {self.expected_replies}"]
        found = []
        summary, *answers = texts
        if not summary.startswith(self.article.town):
            found.append(f"{self.article.town}: the first reply is not its summary")
        expected = self.article.ten_questions.values()
        for answer, word in zip(answers, expected, strict=True):
            if word not in answer:
                found.append(f"{self.article.town}: {word!r} missing from {answer[:80]!r}")
        strangers = {town for town in towns - {self.article.town} if any(town in t for t in texts)}
        if strangers:
            found.append(f"{self.article.town}: replies mention {sorted(strangers)}")
        return found


def readers(count: int, first: int = 0) -> list[Reader]:
    return [Reader.numbered(i) for i in range(first, first + count)]


async def collect(api: BotAPI, group: list[Reader], within: float) -> list[str]:
    """Wait until every reader has all their replies (or ``within`` runs out), then
    return every problem found."""
    towns = {reader.article.town for reader in group}
    waiting = list(group)

    def everyone_answered() -> bool:  # checked after every call: amortised O(1)
        while waiting and api.sent_count(waiting[-1].chat_id) >= waiting[-1].expected_replies:
            waiting.pop()
        return not waiting

    with contextlib.suppress(TimeoutError):  # the problems below say who misses what
        await api.wait_until(everyone_answered, within)
    return [p for reader in group for p in reader.problems(api.sent_to(reader.chat_id), towns)]
