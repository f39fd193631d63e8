"""Private chat flows through the real handlers, service, engine and SQLite."""

from __future__ import annotations

from typing import Any

import pytest

from handlers import replies as reply_module
from tests import factories as f
from tests.emulator import Fault, parse_html
from tests.support.harness import InProcessBot as Harness
from tests.support.harness import sent, texts

JSON = dict[str, Any]

TOWN = f.town_article(3)
OTHER = f.town_article(42)


def bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


def keyboard_data(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


async def add_article(harness: Harness, chat: JSON, sender: JSON, text: str) -> JSON:
    """Paste ``text``; returns the bot's summary message (as the emulator stores it)."""
    calls = await harness.say(chat, sender, text)
    replies = sent(calls)
    assert len(replies) == 1, texts(calls)
    return harness.api.messages[(chat["id"], replies[0].result["message_id"])]


async def test_start_explains_and_the_menu_is_registered(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    (reply,) = texts(await harness.say(ada_chat, ada, "/start"))
    assert "I read articles for you" in reply
    assert "Example:" in reply
    assert "/summary" in reply
    assert {c["command"] for c in harness.api.commands} >= {
        "summary",
        "list",
        "use",
        "delete",
        "forget",
        "algo",
        "settings",
        "help",
    }


async def test_pasted_article_is_summarised_with_buttons_after_typing(
    harness: Harness, ada: JSON, ada_chat: JSON, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "typing…" is shown only for work that takes a while: here, for any work at all.
    monkeypatch.setattr(reply_module, "TYPING_AFTER", 0.0)
    calls = await harness.say(ada_chat, ada, TOWN.text)
    methods = [c.method for c in calls if c.ok]
    assert methods.index("sendChatAction") < methods.index("sendMessage")
    (summary,) = texts(calls)
    assert summary.splitlines()[0].startswith(TOWN.town)
    assert "Pasted text" in summary
    assert "English" in summary and "min read" in summary
    assert 1 <= len(bullets(summary)) <= 5
    for line in bullets(summary):
        assert line[2:] in TOWN.text.replace("\n\n", " ")  # verbatim sentences
    assert "Key terms:" in summary
    message = sent(calls)[0].result
    data = keyboard_data(message)
    assert any(d.startswith("key:") for d in data) and any(d.startswith("del:") for d in data)
    assert all(c.ok for c in calls)


async def test_question_is_answered_from_the_active_article(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    await add_article(harness, ada_chat, ada, TOWN.text)
    for question, expected in TOWN.questions.items():
        (answer,) = texts(await harness.say(ada_chat, ada, question))
        # The answer sentence comes first; the active article needs no naming.
        assert expected in answer.split("\n")[0], (question, answer)


async def test_asking_what_the_article_is_about_gets_its_summary(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    summary = await add_article(harness, ada_chat, ada, TOWN.text)
    (reply,) = texts(await harness.say(ada_chat, ada, "What is this about?"))
    assert bullets(reply) == bullets(summary["text"])
    assert "I couldn't find" not in reply


async def test_a_quick_answer_is_not_preceded_by_typing(
    harness: Harness, ada: JSON, ada_chat: JSON, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_article(harness, ada_chat, ada, TOWN.text)
    monkeypatch.setattr(reply_module, "TYPING_AFTER", 60.0)
    calls = await harness.say(ada_chat, ada, "Who is the mayor?")
    assert [c.method for c in calls] == ["sendMessage"]


async def test_question_without_any_article_says_what_to_do(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    (reply,) = texts(await harness.say(ada_chat, ada, "Who is the mayor?"))
    assert "no article yet" in reply.lower()


async def test_unanswerable_question_names_the_article(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    await add_article(harness, ada_chat, ada, TOWN.text)
    (reply,) = texts(await harness.say(ada_chat, ada, "What is the capital of Peru?"))
    assert reply.startswith(f"I couldn't find that in «{TOWN.town}")


async def test_reply_to_a_summary_asks_about_that_article(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    first = await add_article(harness, ada_chat, ada, TOWN.text)
    await add_article(harness, ada_chat, ada, OTHER.text)  # now the active one
    question = "Who is the mayor?"
    (answer,) = texts(await harness.say(ada_chat, ada, question, reply_to=first))
    assert TOWN.mayor.split()[-1] in answer and OTHER.town not in answer
    # Replying to that answer stays on the same article.
    answer_message = harness.api.bot_messages(ada_chat["id"])[-1]
    (again,) = texts(
        await harness.say(ada_chat, ada, "When was it founded?", reply_to=answer_message)
    )
    assert str(TOWN.founded) in again
    # Without a reply, questions go to the active article.
    (active,) = texts(await harness.say(ada_chat, ada, "Who is the mayor?"))
    assert OTHER.mayor.split()[-1] in active


async def test_a_reply_to_an_unlinked_summary_asks_the_article_its_buttons_name(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    """A replica's reply sent in the webhook's answer has no message id to link
    (bot/webhook_reply.py): its buttons say which article it is about."""
    first = await add_article(harness, ada_chat, ada, TOWN.text)
    await add_article(harness, ada_chat, ada, OTHER.text)  # now the active one
    unlinked = {**first, "message_id": 9_999}
    (answer,) = texts(await harness.say(ada_chat, ada, "Who is the mayor?", reply_to=unlinked))
    assert TOWN.mayor.split()[-1] in answer and OTHER.town not in answer
    # Buttons naming another chat's article name nothing here: the active article.
    mallory = f.user("Mallory")
    theirs = await add_article(harness, f.private_chat(mallory), mallory, f.town_article(7).text)
    forged = {**unlinked, "reply_markup": theirs["reply_markup"]}
    (active,) = texts(await harness.say(ada_chat, ada, "Who is the mayor?", reply_to=forged))
    assert OTHER.mayor.split()[-1] in active
    # An answer from the active article has no buttons: a reply to it, unlinked, asks
    # the active article too.
    plain = {**harness.api.bot_messages(ada_chat["id"])[-1], "message_id": 9_998}
    assert "reply_markup" not in plain
    (again,) = texts(await harness.say(ada_chat, ada, "When was it founded?", reply_to=plain))
    assert str(OTHER.founded) in again


async def test_buttons_edit_the_summary_in_place_and_are_answered(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    summary = await add_article(harness, ada_chat, ada, TOWN.text)
    message_id = summary["message_id"]
    shown = len(bullets(summary["text"]))
    shorter = next(
        d for d in keyboard_data(summary) if d.startswith("sum:") and int(d.split(":")[2]) < shown
    )

    calls = await harness.press(summary, ada, shorter)
    edits = [c for c in calls if c.method == "editMessageText" and c.ok]
    assert len(edits) == 1 and edits[0].params["message_id"] == message_id
    now = harness.api.messages[(ada_chat["id"], message_id)]
    assert len(bullets(now["text"])) == shown - 1
    assert sent(calls) == []  # nothing new was sent: the message changed
    assert [c.method for c in calls].count("answerCallbackQuery") == 1

    longer = next(
        d for d in keyboard_data(now) if d.startswith("sum:") and int(d.split(":")[2]) == shown
    )
    await harness.press(now, ada, longer)
    now = harness.api.messages[(ada_chat["id"], message_id)]
    assert len(bullets(now["text"])) == shown

    key = next(d for d in keyboard_data(now) if d.startswith("key:"))
    await harness.press(now, ada, key)
    now = harness.api.messages[(ada_chat["id"], message_id)]
    assert "Key points" in now["text"] and bullets(now["text"]) != []

    delete = next(d for d in keyboard_data(now) if d.startswith("del:"))
    await harness.press(now, ada, delete)
    now = harness.api.messages[(ada_chat["id"], message_id)]
    confirm = next(d for d in keyboard_data(now) if d.startswith("dely:"))
    await harness.press(now, ada, confirm)
    now = harness.api.messages[(ada_chat["id"], message_id)]
    assert now["text"].startswith("Deleted #")
    assert "reply_markup" not in now
    (listing,) = texts(await harness.say(ada_chat, ada, "/list"))
    assert "no articles" in listing

    assert set(harness.api.callback_queries) == set(harness.api.answered_callbacks)


async def test_forged_button_data_cannot_reach_another_chats_article(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    mallory = f.user("Mallory")
    mallory_chat = f.private_chat(mallory)
    victim = await add_article(harness, ada_chat, ada, TOWN.text)
    victim_id = next(
        d for d in keyboard_data(victim) if d.startswith("dely:") or d.startswith("del:")
    ).split(":")[1]
    own = await add_article(harness, mallory_chat, mallory, OTHER.text)
    for data in (f"dely:{victim_id}", f"sum:{victim_id}:2", f"key:{victim_id}:2", "evil'--"):
        calls = await harness.press(own, mallory, data)
        assert [c.method for c in calls].count("answerCallbackQuery") == 1
        assert all(str(TOWN.town) not in str(c.params) for c in calls)
    # Ada's article is untouched.
    (answer,) = texts(await harness.say(ada_chat, ada, "Who is the mayor?"))
    assert TOWN.mayor.split()[-1] in answer


async def test_forget_asks_first_and_deletes_everything(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    await add_article(harness, ada_chat, ada, TOWN.text)
    await add_article(harness, ada_chat, ada, OTHER.text)
    calls = await harness.say(ada_chat, ada, "/forget")
    (question,) = texts(calls)
    assert "all 2 articles" in question
    prompt = harness.api.messages[(ada_chat["id"], sent(calls)[0].result["message_id"])]
    cancel, confirm = sorted(keyboard_data(prompt), key=lambda d: d.startswith("fgt:y"))
    await harness.press(prompt, ada, cancel)
    assert (
        "Nothing was deleted"
        in harness.api.messages[(ada_chat["id"], prompt["message_id"])]["text"]
    )
    (listing,) = texts(await harness.say(ada_chat, ada, "/list"))
    assert "Your articles (2)" in listing

    calls = await harness.say(ada_chat, ada, "/forget")
    prompt = harness.api.messages[(ada_chat["id"], sent(calls)[0].result["message_id"])]
    confirm = next(d for d in keyboard_data(prompt) if d.startswith("fgt:y"))
    await harness.press(prompt, ada, confirm)
    assert (
        "deleted 2 articles" in harness.api.messages[(ada_chat["id"], prompt["message_id"])]["text"]
    )
    (listing,) = texts(await harness.say(ada_chat, ada, "/list"))
    assert "no articles" in listing
    (answer,) = texts(await harness.say(ada_chat, ada, "Who is the mayor?"))
    assert "no article yet" in answer.lower()


async def test_commands_for_articles(harness: Harness, ada: JSON, ada_chat: JSON) -> None:
    first = await add_article(harness, ada_chat, ada, TOWN.text)
    first_id = first["text"].splitlines()[0].rsplit("#", 1)[1]
    await add_article(harness, ada_chat, ada, OTHER.text)

    (summary,) = texts(await harness.say(ada_chat, ada, "/summary 2"))
    assert len(bullets(summary)) == 2 and summary.startswith(OTHER.town)
    (usage,) = texts(await harness.say(ada_chat, ada, "/summary lots"))
    assert "/summary N" in usage

    (used,) = texts(await harness.say(ada_chat, ada, f"/use {first_id}"))
    assert f"#{first_id}" in used and TOWN.town in used
    (answer,) = texts(await harness.say(ada_chat, ada, "Who is the mayor?"))
    assert TOWN.mayor.split()[-1] in answer

    (missing,) = texts(await harness.say(ada_chat, ada, "/use 999999"))
    assert "no article with that number" in missing
    (keywords,) = texts(await harness.say(ada_chat, ada, "/keywords"))
    assert "Key points" in keywords

    (algo,) = texts(await harness.say(ada_chat, ada, "/algo lsa"))
    assert "lsa" in algo
    (bad_algo,) = texts(await harness.say(ada_chat, ada, "/algo <b>magic</b>"))
    assert "I don't know «<b>magic</b>»" in bad_algo
    (length,) = texts(await harness.say(ada_chat, ada, "/length 3"))
    assert "3 sentences" in length
    (settings,) = texts(await harness.say(ada_chat, ada, "/settings"))
    assert "Summary length: 3 sentences" in settings
    assert "Algorithm: lsa" in settings
    assert f"Active article: #{first_id}" in settings
    assert "Saved articles: 2" in settings

    (deleted,) = texts(await harness.say(ada_chat, ada, f"/delete {first_id}"))
    assert deleted.startswith(f"Deleted #{first_id}")
    (unknown,) = texts(await harness.say(ada_chat, ada, "/frobnicate"))
    assert "I don't know /frobnicate" in unknown


async def test_list_pages_with_buttons(harness: Harness, ada: JSON, ada_chat: JSON) -> None:
    for i in range(12):
        await add_article(harness, ada_chat, ada, f.town_article(100 + i).text)
    calls = await harness.say(ada_chat, ada, "/list")
    (first_page,) = texts(calls)
    assert "Your articles (12), page 1 of 2" in first_page
    listing = harness.api.messages[(ada_chat["id"], sent(calls)[0].result["message_id"])]
    assert keyboard_data(listing) == ["list:1"]
    await harness.press(listing, ada, "list:1")
    second = harness.api.messages[(ada_chat["id"], listing["message_id"])]
    assert "page 2 of 2" in second["text"]
    assert f.town_article(100).town in second["text"]  # the oldest is on the last page
    assert keyboard_data(second) == ["list:0"]


async def test_article_full_of_html_is_escaped_everywhere(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    nasty = TOWN.text.replace("small harbour town", "small <b>harbour</b> & <town>").replace(
        "bright colours", "bright *colours* & _shades_ </blockquote>"
    )
    calls = await harness.say(ada_chat, ada, nasty)
    assert all(c.ok for c in calls), [c.error for c in calls if not c.ok]
    (summary,) = texts(calls)
    assert "<town>" in summary or "&" in summary
    html_sent = sent(calls)[0].params["text"]
    assert sent(calls)[0].params["parse_mode"] == "HTML"
    parse_html(html_sent)  # valid
    calls = await harness.say(ada_chat, ada, "What colour are the houses?")
    assert all(c.ok for c in calls)
    assert sent(calls)[0].params.get("parse_mode") == "HTML"


async def test_telegram_refusing_html_falls_back_to_plain_text(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    harness.api.inject(
        Fault(
            "sendMessage",
            code=400,
            description="Bad Request: can't parse entities: unsupported start tag",
        )
    )
    calls = await harness.say(ada_chat, ada, TOWN.text)
    (summary,) = texts(calls)
    assert summary.startswith(TOWN.town)
    assert "parse_mode" not in sent(calls)[0].params


async def test_flood_wait_and_dropped_connections_are_retried(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    harness.api.inject(
        Fault(
            "sendMessage", code=429, description="Too Many Requests: retry after 1", retry_after=1
        )
    )
    harness.api.inject(Fault("sendMessage", disconnect=True))
    (summary,) = texts(await harness.say(ada_chat, ada, TOWN.text))
    assert summary.startswith(TOWN.town)
    failed = [c for c in harness.api.calls if c.method == "sendMessage" and not c.ok]
    assert len(failed) == 2


async def test_odd_messages_get_a_hint_or_nothing(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    (hint,) = texts(await harness.send(f.sticker_message(ada_chat, ada)))
    assert "I read articles" in hint
    (hint,) = texts(await harness.send(f.message(ada_chat, ada)))  # no text, no media
    assert "I read articles" in hint
    edited = f.message(ada_chat, ada, "Who is the mayor?", edit_date=1)
    assert await harness.send(edited, kind="edited_message") == []
    channel = f.channel_chat()
    assert await harness.send(f.message(channel, None, "Breaking news"), kind="channel_post") == []
    word = "x" * 4096
    calls = await harness.say(ada_chat, ada, word)
    assert len(sent(calls)) == 1 and all(c.ok for c in calls)
    await add_article(harness, ada_chat, ada, TOWN.text)
    calls = await harness.say(ada_chat, ada, word)
    (reply,) = texts(calls)
    assert reply.startswith("I couldn't find that")


async def test_photo_captions(harness: Harness, ada: JSON, ada_chat: JSON) -> None:
    (hint,) = texts(await harness.send(f.photo_message(ada_chat, ada, "Look at this view")))
    assert "can't read pictures" in hint
    long_caption = TOWN.text[:1000].rsplit(".", 1)[0] + "."
    (summary,) = texts(await harness.send(f.photo_message(ada_chat, ada, long_caption)))
    assert summary.startswith(TOWN.town)
    (links,) = texts(
        await harness.send(f.photo_message(ada_chat, ada, "Read https://news.example/story"))
    )
    assert "link" in links.lower()  # no fetcher here: an honest refusal


async def test_documents(harness: Harness, ada: JSON, ada_chat: JSON) -> None:
    stored = harness.api.add_file(TOWN.text.encode(), suffix=".txt")
    calls = await harness.send(f.stored_document(ada_chat, ada, stored, "town.txt"))
    (summary,) = texts(calls)
    assert summary.startswith(TOWN.town)
    assert "File: town.txt" in summary
    assert [c.method for c in calls if c.method == "getFile"] == ["getFile"]

    calls = await harness.send(
        f.document_message(
            ada_chat,
            ada,
            file_id="X",
            file_unique_id="X",
            file_name="app.exe",
            file_size=10,
            mime_type="application/octet-stream",
        )
    )
    assert "I can't read «app.exe»" in texts(calls)[0]
    assert not [c for c in calls if c.method == "getFile"]

    calls = await harness.send(
        f.document_message(
            ada_chat,
            ada,
            file_id="Y",
            file_unique_id="Y",
            file_name="big.pdf",
            file_size=50 * 1024 * 1024,
            mime_type="application/pdf",
        )
    )
    assert "too large" in texts(calls)[0]
    assert not [c for c in calls if c.method == "getFile"]


async def test_forwarded_channel_post_is_the_article_and_its_origin_is_said(
    harness: Harness, ada: JSON, ada_chat: JSON
) -> None:
    channel = f.channel_chat("World News", username="worldnews")
    post = f.forwarded_channel_post(ada_chat, ada, channel, TOWN.text)
    (summary,) = texts(await harness.send(post))
    assert "Forwarded from World News (@worldnews)" in summary
    assert TOWN.town in summary

    blurb = "Big story from the coast: read it here"
    short = f.forwarded_channel_post(
        ada_chat,
        ada,
        channel,
        blurb,
        entities=[f.entity(blurb, "read it here", "text_link", url="https://news.example/a")],
    )
    (reply,) = texts(await harness.send(short))
    assert "link" in reply.lower()  # no fetcher in these tests: said plainly
