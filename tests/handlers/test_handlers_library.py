"""Questions the active article cannot answer are looked up in the chat's other articles."""

from __future__ import annotations

from typing import Any

from tests import factories as f
from tests.support.harness import InProcessBot as Harness
from tests.support.harness import sent, texts

JSON = dict[str, Any]

FIRST, SECOND, STRANGERS = f.town_article(5), f.town_article(6), f.town_article(7)


def keyboard_data(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


async def test_answer_from_another_article_names_it_and_offers_to_use_it(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    await harness.say(ada_chat, ada, FIRST.text)
    await harness.say(ada_chat, ada, SECOND.text)  # now the active article
    calls = await harness.say(ada_chat, ada, f"Who is the mayor of {FIRST.town}?")
    (reply,) = texts(calls)
    assert f"Not in «{SECOND.headline}», but in another article." in reply
    assert f"From «{FIRST.headline}», saved just now:" in reply
    assert FIRST.mayor in reply
    answer = harness.api.messages[(ada_chat["id"], sent(calls)[0].result["message_id"])]
    (use_button,) = keyboard_data(answer)

    pressed = await harness.press(answer, ada, use_button)
    assert any("Now asking about" in str(c.params.get("text", "")) for c in pressed)
    (summary,) = texts(await harness.say(ada_chat, ada, "/summary"))
    assert FIRST.town in summary


async def test_not_found_anywhere_says_so(harness: Harness, ada: JSON, ada_chat: JSON) -> None:
    await harness.say(ada_chat, ada, FIRST.text)
    await harness.say(ada_chat, ada, SECOND.text)
    (reply,) = texts(await harness.say(ada_chat, ada, "What is the capital of Peru?"))
    assert f"I couldn't find that in «{SECOND.headline}» nor in your other articles." in reply


async def test_another_chats_articles_are_never_searched_or_usable(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    stranger = f.user("Mallory")
    stranger_chat = f.private_chat(stranger)
    await harness.say(stranger_chat, stranger, STRANGERS.text)
    stranger_summary = sent(await harness.say(stranger_chat, stranger, "/summary"))[0]
    stranger_id = int(
        next(
            d
            for d in keyboard_data(
                harness.api.messages[(stranger_chat["id"], stranger_summary.result["message_id"])]
            )
            if d.startswith("key:")
        ).split(":")[1]
    )
    await harness.say(ada_chat, ada, FIRST.text)
    (reply,) = texts(await harness.say(ada_chat, ada, f"Who is the mayor of {STRANGERS.town}?"))
    assert STRANGERS.mayor not in reply
    answer = sent(await harness.say(ada_chat, ada, f"Who is the mayor of {FIRST.town}?"))[0]
    message = harness.api.messages[(ada_chat["id"], answer.result["message_id"])]
    forged = await harness.press(message, ada, f"use:{stranger_id}")
    assert any("no longer here" in str(c.params.get("text", "")) for c in forged)
    (summary,) = texts(await harness.say(ada_chat, ada, "/summary"))
    assert FIRST.town in summary and STRANGERS.town not in summary


async def test_search_ranks_sentences_across_the_chats_articles(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    stranger = f.user("Mallory")
    await harness.say(f.private_chat(stranger), stranger, STRANGERS.text)
    await harness.say(ada_chat, ada, FIRST.text)
    await harness.say(ada_chat, ada, SECOND.text)
    (reply,) = texts(await harness.say(ada_chat, ada, f"/search mayor {FIRST.town}"))
    assert reply.startswith(f"Best matches for «mayor {FIRST.town}»")
    assert FIRST.mayor in reply and f"«{FIRST.headline}»" in reply
    assert STRANGERS.town not in reply
    (nothing,) = texts(await harness.say(ada_chat, ada, "/search tungsten boiling point"))
    assert "Nothing in your articles matches" in nothing
    (usage,) = texts(await harness.say(ada_chat, ada, "/search"))
    assert "/search WORDS" in usage
