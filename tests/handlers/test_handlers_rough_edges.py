"""Rough edges a new user finds (issue 15): odd digits, out-of-range lengths, wording."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.errors import SORRY
from tests import factories as f
from tests.support.harness import InProcessBot as Harness
from tests.support.harness import texts

JSON = dict[str, Any]


@pytest.mark.parametrize("command", ["/use ²", "/delete ²", "/summary ²", "/list ²", "/length ²"])
async def test_superscript_digits_get_the_usage_not_sorry(
    harness: Harness, ada: JSON, ada_chat: JSON, command: str
) -> None:
    await harness.say(ada_chat, ada, f.town_article(3).text)
    (reply,) = texts(await harness.say(ada_chat, ada, command))
    assert reply != SORRY
    assert not harness.errors.raised


async def test_summary_zero_and_minus_one_get_the_same_message(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    await harness.say(ada_chat, ada, f.town_article(3).text)
    (zero,) = texts(await harness.say(ada_chat, ada, "/summary 0"))
    (minus,) = texts(await harness.say(ada_chat, ada, "/summary -1"))
    (many,) = texts(await harness.say(ada_chat, ada, "/summary 21"))
    assert zero == minus == many
    assert "1 to 20" in zero


def _markup_heavy_article() -> str:
    def sentence(i: int) -> str:
        return (
            f"Item {i}: the ratio a<b & b>c holds for <tag> & 'quoted' \"values\" & more <x> "
            f"& <y> in case {i} of the long list & it goes on & on <<>> && for a while."
        )

    return "\n\n".join(" ".join(sentence(p * 5 + k) for k in range(5)) for p in range(30))


async def test_the_limit_is_counted_on_the_text_telegram_shows(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    await harness.say(ada_chat, ada, _markup_heavy_article())
    calls = await harness.say(ada_chat, ada, "/summary 20")
    (sent,) = [c for c in calls if c.method == "sendMessage"]
    # Over 4,096 characters of HTML (every < and & escaped), well under it once parsed.
    assert len(sent.params["text"]) > 4096
    assert texts(calls) != [SORRY]


async def test_a_reply_telegram_finds_too_long_is_split_and_sent(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    from tests.emulator import Fault

    await harness.say(ada_chat, ada, _markup_heavy_article())
    harness.api.inject(
        Fault("sendMessage", code=400, description="Bad Request: message is too long")
    )
    calls = await harness.say(ada_chat, ada, "/summary 20")
    delivered = [c for c in calls if c.method == "sendMessage" and c.ok]
    assert len(delivered) >= 2
    assert [("reply_markup" in c.params) for c in delivered][:-1] == [False] * (len(delivered) - 1)
    shown = "\n".join(texts(calls))
    assert SORRY not in shown
    assert shown.count("Item ") >= 20


async def test_algo_says_how_the_algorithms_differ(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    (reply,) = texts(await harness.say(ada_chat, ada, "/algo"))
    assert "brief — Brief's own and the default" in reply
    assert "lexrank — " in reply and "kl — " in reply
    assert "default — back to brief" in reply
