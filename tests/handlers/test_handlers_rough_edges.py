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
