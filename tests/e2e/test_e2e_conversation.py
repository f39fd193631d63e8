"""A conversation in Telegram: the follow-up leans on the question before it.

The real Application long-polls the Bot API emulator; the conversation state lives in
the database, so the next turn is answered from it.
"""

from __future__ import annotations

from pathlib import Path

from tests.emulator import BotAPI
from tests.support.harness import PollingBot, talk

DATA = Path(__file__).resolve().parents[1] / "engine" / "data"


async def test_a_follow_up_is_answered_from_the_conversation(bot: PollingBot, api: BotAPI) -> None:
    post = (DATA / "pi-blog.md").read_text(encoding="utf-8")
    questions = ("Where did the blog run for six years?", "How much did it cost?")
    _summary, where, cost = await talk(api, "Ada", post, *questions)
    assert where.text.startswith("For six years this blog ran on a rented virtual server")
    # "it" is the server of the question before: its cost, not the new one's.
    assert cost.text.startswith("The old server cost me 240 euros a year"), cost.text
    # In another chat, the same question with no conversation behind it reads otherwise.
    _summary, alone = await talk(api, "Bea", post, "How much did it cost?")
    assert alone.text.startswith("The new one cost 95 euros"), alone.text


async def test_an_unsure_answer_is_marked_in_telegram(bot: PollingBot, api: BotAPI) -> None:
    post = (DATA / "pi-blog.md").read_text(encoding="utf-8")
    questions = ("Would she do it again?", "Was the Frankfurt hosting company helpful?")
    _summary, again, unsure = await talk(api, "Ada", post, *questions)
    assert again.text.startswith("Yes, without hesitation.")
    assert unsure.text.startswith("Not sure, but this looks closest:")


async def test_a_heading_gives_its_text_with_the_heading_as_context(
    bot: PollingBot, api: BotAPI
) -> None:
    post = (DATA / "sourdough.md").read_text(encoding="utf-8")
    summary, first = await talk(api, "Ada", post, "What did she try first?")
    assert summary.text.startswith("Learning to bake sourdough at fifty"), summary.text
    assert first.text.startswith("A dry yeast loaf from a supermarket packet."), first.text
    assert "Context: What I tried first" in first.text, first.text
    assert "#" not in first.text


async def test_who_said_that_names_the_speaker_in_telegram(bot: PollingBot, api: BotAPI) -> None:
    article = (DATA / "rathaus.txt").read_text(encoding="utf-8")
    _summary, why, who = await talk(
        api, "Ada", article, "Warum wurde es teurer?", "Wer hat das gesagt?"
    )
    assert "Gründe für die Mehrkosten" in why.text, why.text
    assert who.text.startswith("Das teilte die Bürgermeisterin Anna Becker"), who.text


async def test_what_the_article_is_about_is_its_summary_in_telegram(
    bot: PollingBot, api: BotAPI
) -> None:
    post = (DATA / "strassenbahn.txt").read_text(encoding="utf-8")
    _summary, gist, again = await talk(api, "Ada", post, "Worum geht es?", post)
    assert "Die geplante Straßenbahnlinie nach Wieblingen" in gist.text, gist.text
    # Only the article sent again is said to be one sent before.
    assert "You sent me this one before" not in gist.text, gist.text
    assert "You sent me this one before" in again.text, again.text


async def test_when_after_who_wrote_it_is_the_date_in_telegram(
    bot: PollingBot, api: BotAPI
) -> None:
    """The byline's answer is a turn of the conversation: a bare "When?" after it asks
    when the post was published, and the next question is the article's again."""
    post = (DATA / "potager.md").read_text(encoding="utf-8")
    questions = ("Qui a écrit cet article ?", "Quand ?", "Est-ce qu'elle recommencerait ?")
    _summary, who, when, again = await talk(api, "Ada", post, *questions)
    assert who.text.startswith("Written by Claire Dubois."), who.text
    assert when.text.startswith("Published 3 avril 2026."), when.text
    assert again.text.startswith("Oui, sans hésiter."), again.text


async def test_a_list_is_one_answer_in_telegram(bot: PollingBot, api: BotAPI) -> None:
    """ "What do I need?" over "You will need:" and its items shows the whole list."""
    post = (DATA / "hedge.md").read_text(encoding="utf-8")
    _summary, need = await talk(api, "Ada", post, "What do I need?")
    assert need.text.startswith("You will need:"), need.text
    for item in ("a spade", "compost", "twenty young hawthorn plants", "a watering can"):
        assert f"- {item}" in need.text, need.text
    assert "Also relevant" not in need.text, need.text
