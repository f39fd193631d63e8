"""People's words in Telegram: a question in words the article lacks gets the sentence
that says it in the article's words, marked "not sure"; one about something else is
still refused. The real Application long-polls the Bot API emulator."""

from __future__ import annotations

from pathlib import Path

from tests.emulator import BotAPI
from tests.support.harness import PollingBot, talk

DATA = Path(__file__).resolve().parents[1] / "engine" / "data"


async def test_a_question_in_other_words_is_answered_not_sure(bot: PollingBot, api: BotAPI) -> None:
    post = (DATA / "pi-blog.md").read_text(encoding="utf-8")
    questions = ("How expensive was hosting?", "Who scored the winning goal?")
    _summary, expensive, goal = await talk(api, "Ada", post, *questions)
    assert expensive.text.startswith("Not sure, but this looks closest:"), expensive.text
    assert "The old server cost me 240 euros a year" in expensive.text
    assert goal.text.startswith("I couldn't find that"), goal.text


async def test_french_and_russian_questions_in_other_words_too(
    bot: PollingBot, api: BotAPI
) -> None:
    convoy = (DATA / "convoi-goma.txt").read_text(encoding="utf-8")
    _summary, rebels, match = await talk(
        api, "Ada", convoy, "Qui sont les rebelles ?", "Qui a gagné le match de football ?"
    )
    assert rebels.text.startswith("Not sure, but this looks closest:"), rebels.text
    assert "accuse les miliciens" in rebels.text
    assert match.text.startswith("I couldn't find that"), match.text
    market = (DATA / "rynok-obstrel.txt").read_text(encoding="utf-8")
    _summary, hiding = await talk(api, "Boris", market, "Где прятались повстанцы?")
    assert "боевики, которые укрылись" in hiding.text, hiding.text
