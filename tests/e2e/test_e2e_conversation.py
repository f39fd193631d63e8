"""A conversation in Telegram: the follow-up leans on the question before it.

The real Application long-polls the Bot API emulator; the conversation state lives in
the database, so the next turn is answered from it.
"""

from __future__ import annotations

from pathlib import Path

from tests import factories as f
from tests.emulator import BotAPI
from tests.support.harness import PollingBot

DATA = Path(__file__).resolve().parents[1] / "engine" / "data"


async def test_a_follow_up_is_answered_from_the_conversation(bot: PollingBot, api: BotAPI) -> None:
    post = (DATA / "pi-blog.md").read_text(encoding="utf-8")
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    api.push_message(f.message(chat, ada, post))
    api.push_message(f.message(chat, ada, "Where did the blog run for six years?"))
    api.push_message(f.message(chat, ada, "How much did it cost?"))
    _summary, where, cost = await api.wait_for_sent(chat["id"], 3)
    assert where.text.startswith("For six years this blog ran on a rented virtual server")
    # "it" is the server of the question before: its cost, not the new one's.
    assert cost.text.startswith("The old server cost me 240 euros a year"), cost.text
    # In another chat, the same question with no conversation behind it reads otherwise.
    bea = f.user("Bea")
    other = f.private_chat(bea)
    api.push_message(f.message(other, bea, post))
    api.push_message(f.message(other, bea, "How much did it cost?"))
    _summary, alone = await api.wait_for_sent(other["id"], 2)
    assert alone.text.startswith("The new one cost 95 euros"), alone.text


async def test_an_unsure_answer_is_marked_in_telegram(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    api.push_message(f.message(chat, ada, (DATA / "pi-blog.md").read_text(encoding="utf-8")))
    api.push_message(f.message(chat, ada, "Would she do it again?"))
    api.push_message(f.message(chat, ada, "Was the Frankfurt hosting company helpful?"))
    _summary, again, unsure = await api.wait_for_sent(chat["id"], 3)
    assert again.text.startswith("Yes, without hesitation.")
    assert unsure.text.startswith("Not sure, but this looks closest:")


async def test_a_heading_gives_its_text_with_the_heading_as_context(
    bot: PollingBot, api: BotAPI
) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    api.push_message(f.message(chat, ada, (DATA / "sourdough.md").read_text(encoding="utf-8")))
    api.push_message(f.message(chat, ada, "What did she try first?"))
    summary, first = await api.wait_for_sent(chat["id"], 2)
    assert summary.text.startswith("Learning to bake sourdough at fifty"), summary.text
    assert first.text.startswith("A dry yeast loaf from a supermarket packet."), first.text
    assert "Context: What I tried first" in first.text, first.text
    assert "#" not in first.text


async def test_who_said_that_names_the_speaker_in_telegram(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    api.push_message(f.message(chat, ada, (DATA / "rathaus.txt").read_text(encoding="utf-8")))
    api.push_message(f.message(chat, ada, "Warum wurde es teurer?"))
    api.push_message(f.message(chat, ada, "Wer hat das gesagt?"))
    _summary, why, who = await api.wait_for_sent(chat["id"], 3)
    assert "Gründe für die Mehrkosten" in why.text, why.text
    assert who.text.startswith("Das teilte die Bürgermeisterin Anna Becker"), who.text
