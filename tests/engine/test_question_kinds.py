"""Question kinds read from the words alone: who said it, a headline's reason, places."""

from __future__ import annotations

import pytest

from bot.engine.speaker import asks_speaker, names_speaker
from bot.engine.title import headline_reason, reason_asked


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who said that?", True),
        ("And who said so?", True),
        ("Wer hat das gesagt?", True),
        ("Qui a dit ça ?", True),
        ("¿Quién lo dijo?", True),
        ("Кто это сказал?", True),
        ("Who did Lavrov meet?", False),
        ("Who said the talks in Geneva would fail next week?", False),
    ],
)
def test_who_said_it_is_asked(question: str, asks: bool) -> None:
    assert asks_speaker(question) is asks


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Moscow is determined to complete the battle, Lavrov said.", True),
        ('"We are ready!" said Edith.', True),
        ("Das teilte die Bürgermeisterin Anna Becker am Dienstag mit.", True),
        ("« Nous sommes prêts », a déclaré Macron.", True),
        ("He said so.", False),
        ("She said.", False),
        ("Als Gründe für die Mehrkosten nannte sie gestiegene Preise für Stahl.", False),
        ("The move took a weekend.", False),
    ],
)
def test_a_sentence_names_its_speaker(sentence: str, named: bool) -> None:
    assert names_speaker(sentence) is named


@pytest.mark.parametrize(
    ("title", "language", "reason"),
    [
        (
            "Island ferry cut to two crossings a day after fuel costs double",
            "en",
            "fuel costs double",
        ),
        ("Schwimmbad bleibt geschlossen wegen Personalmangel", "de", "Personalmangel"),
        ("La ligne de bus supprimée faute de chauffeurs", "fr", "chauffeurs"),
        ("Cierran la biblioteca tras las inundaciones", "es", "las inundaciones"),
        ("Рейсы отменены из-за снегопада", "ru", "снегопада"),
        ("Neues Rathaus in Kleinwalde wird deutlich teurer", "de", None),
    ],
)
def test_the_reason_a_headline_gives(title: str, language: str, reason: str | None) -> None:
    assert headline_reason(title, language) == reason


def test_only_a_why_question_about_the_headline_gets_its_reason() -> None:
    title = "Island ferry cut to two crossings a day after fuel costs double"
    body = frozenset({"ferri", "fuel", "cost", "island", "run"})
    assert reason_asked("Why is the ferry running less?", title, body, "en") == "fuel costs double"
    assert reason_asked("How often will the ferry run?", title, body, "en") is None
    assert reason_asked("Why did the mayor resign?", title, body, "en") is None
