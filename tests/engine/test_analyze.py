"""Text → Document: cleaning, language, sentences, and the inputs that are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.language import detect_language
from bot.engine.text import clean, is_prose
from bot.errors import InputError, TooLargeError

ALEPPO = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"
NON_PROSE = (
    "RT reports:",
    "Related: A report from Syrian TV",
    "If you enjoy OffG's content",
    "For other ways to donate",
    "The Syrian flag was hoisted over the Aleppo Citadel",
    "Syrian army suspends operations in Aleppo",
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def test_aleppo_keeps_prose_verbatim_and_drops_furniture(engine: Engine) -> None:
    raw = ALEPPO.read_text(encoding="utf-8")
    doc = engine.analyze(raw)
    assert doc.title is not None and doc.title.startswith("Syrian army suspends")
    assert doc.language == "en" and doc.language_detected
    assert len(doc.sentences) >= 15
    for sentence in doc.sentences:
        assert sentence.text in raw
        assert not any(sentence.text.startswith(bad) for bad in NON_PROSE)
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert doc.sentences[0].terms  # ranking terms are filled at analysis


def test_clean_joins_hard_wrapped_lines_and_keeps_one_paragraph_per_line() -> None:
    wrapped = (
        "The council met on Monday and\nagreed to fund the new bridge\n"
        "over the river. It opens in May.\n"
    )
    assert clean(wrapped).paragraphs == (
        "The council met on Monday and agreed to fund the new bridge over the river. "
        "It opens in May.",
    )
    lines = "The first paragraph ends here.\nThe second one ends here too."
    assert len(clean(lines).paragraphs) == 2


def test_list_items_are_prose_without_a_full_stop_and_menus_are_not() -> None:
    # The line that introduces a list is kept with it (bot/engine/lists.py); a menu of
    # short entries that nothing introduces is not.
    text = (
        "Experts recommend a few simple steps:\n"
        "- Turn the thermostat down by one degree\n"
        "• Seal gaps around windows\nand doors with draught excluders\n"
        "2) Wash clothes at 30 degrees\n"
        "Together these changes save 300 pounds a year.\n\n"
        "- Home\n"
        "- Share this article\n"
    )
    assert clean(text).paragraphs == (
        "Experts recommend a few simple steps:",  # leads into the list: prose
        "Turn the thermostat down by one degree",
        "Seal gaps around windows and doors with draught excluders",
        "Wash clothes at 30 degrees",
        "Together these changes save 300 pounds a year.",
    )


def test_a_number_after_a_line_cut_mid_sentence_is_wrapped_text_not_a_list() -> None:
    text = (
        "Ozone (O\n3) is a reactive form of oxygen. It forms high up.\n"
        "2. After a full stop, an item"
    )
    assert clean(text).paragraphs == (
        "Ozone (O 3) is a reactive form of oxygen. It forms high up.",
        "After a full stop, an item",
    )


def test_a_question_is_answered_from_a_list_item(engine: Engine) -> None:
    doc = engine.analyze(
        "Energy prices rose 40 percent last winter. Experts recommend a few simple steps.\n\n"
        "- Turn the thermostat down by one degree to save about 10 percent on heating\n\n"
        "- Wash clothes at 30 degrees instead of 40\n\n"
        "Together these changes can save a family 300 pounds a year.",
        None,
    )
    answer = engine.answer(doc, "How much does turning the thermostat down save?", 1)
    assert answer.found
    assert answer.passages[0].sentence.text.startswith("Turn the thermostat down")


def test_a_german_sentence_opening_with_dort_leans_on_the_one_before(engine: Engine) -> None:
    doc = engine.analyze(
        "Die Firma wurde z. B. von Dr. Meier geleitet. Sie hatte 2010 rund 400 Mitarbeiter.\n\n"
        "Das Werk in Freiburg ist das größte. Dort arbeiten heute etwa 250 Menschen, die "
        "meisten in der Produktion.\n\nDie Universität arbeitet eng mit der Firma zusammen.",
        None,
    )
    assert doc.language == "de"
    answer = engine.answer(doc, "Wie viele Menschen arbeiten in Freiburg?", 1)
    assert answer.found
    assert answer.passages[0].sentence.text.startswith("Dort arbeiten heute etwa 250")


def test_clean_removes_invisible_characters_and_keeps_spaces_verbatim() -> None:
    text = "  Zero\u200bwidth and\u00a0no-break spaces stay. Controls\x07 go away.  "
    assert clean(text).paragraphs == ("Zerowidth and\u00a0no-break spaces stay. Controls go away.",)


@pytest.mark.parametrize(
    "line",
    [
        "Share this article on Facebook",
        "Read more: How the war began",
        "Click HERE to subscribe to our newsletter.",
        "Photo: Reuters",
        "We use cookies. Accept all cookies to continue.",
    ],
)
def test_page_furniture_is_not_prose(line: str) -> None:
    assert not is_prose(line)


def test_a_long_paragraph_mentioning_a_donation_is_still_prose() -> None:
    line = (
        "Instead of asking for wedding gifts, the couple have requested that guests make a "
        "donation to a charity. The charity helps children in the area. It was founded in "
        "1990 by a local teacher who wanted to help families in need of support every year."
    )
    assert is_prose(line)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Die Regierung hat nicht gesagt, was sie jetzt tun wird. Das ist ein Problem.", "de"),
        ("Le gouvernement a annoncé que les opérations seraient suspendues dans la ville.", "fr"),
        ("El gobierno anunció que las operaciones se suspenderían en la ciudad.", "es"),
        ("Правительство объявило, что операции в городе будут приостановлены.", "ru"),
        ("Проезд по-прежнему стоит 45 рублей.", "ru"),  # no function word: the script
        (  # one distinctive function word in 40: too few to count, the script decides
            "Коммунальный мост в Новосибирске закрыли на ремонт в понедельник. Движение "
            "машин будет перекрыто до конца октября. Ремонт обойдётся городскому бюджету в "
            "2,3 миллиарда рублей. Подрядчик заменит асфальт и опоры освещения.",
            "ru",
        ),
        ("The government said that the operations would be suspended in the city.", "en"),
    ],
)
def test_supported_languages_are_detected(text: str, code: str) -> None:
    guess = detect_language(text)
    assert (guess.code, guess.detected) == (code, True)


@pytest.mark.parametrize(
    "text",
    [
        "Il governo ha annunciato che le operazioni sarebbero state sospese nella città.",
        "Уряд оголосив, що операції в місті будуть призупинені. Він не сказав, чому.",
        "这是一支笔。那是一本书。这是一个很长的句子。",
    ],
)
def test_unsupported_languages_fall_back_and_say_so(text: str) -> None:
    guess = detect_language(text)
    assert (guess.code, guess.detected) == ("en", False)


def test_russian_article_is_split_and_stemmed(engine: Engine) -> None:
    doc = engine.analyze(
        "Правительство объявило о новых мерах. Министр сказал, что города получат деньги. "
        "Работы начнутся весной."
    )
    assert doc.language == "ru"
    assert len(doc.sentences) == 3
    assert "город" in doc.sentences[1].terms


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("12 345 6789 3.14 42 " * 20, "no words"),
        ("https://example.com/a https://example.com/b " * 10, "no words"),
        ("😀🎉🔥 " * 50, "no words"),
        ("\x00\x01\x02binary\x03\x04\ufffd\ufffd" * 100, "binary"),
        ("Just one sentence about the weather today.", "too short"),
        ("Just one sentence here.", "too short"),  # a few words: not "no words"
    ],
)
def test_unusable_input_gets_a_clear_message(engine: Engine, text: str, fragment: str) -> None:
    with pytest.raises(InputError) as raised:
        engine.analyze(text)
    assert fragment in raised.value.user_message.lower()


def test_oversized_input_is_refused(engine: Engine) -> None:
    small = Engine(max_bytes=1000)
    with pytest.raises(TooLargeError) as raised:
        small.analyze("A sentence of prose here. " * 100)
    assert "too long" in raised.value.user_message


GARDEN = (
    "This weekend I finally rebuilt the raised beds in the back garden. The old boards had "
    "rotted through after six winters.\n\nThe soil needed work too. I mixed in two bags of "
    "compost and some leaf mould from last autumn.\n\nNext I will plant garlic and broad "
    "beans for an early crop. Tomatoes will follow in May once the frosts are over."
)


@pytest.mark.parametrize(
    "tail",
    [
        " Share this post if you liked it.",
        "\n\nShare this post if you liked it.",
        "\n\nLiked it? Share this post with a friend.",
        "\n\nIf you liked it, please share this post.",
    ],
)
def test_a_request_to_share_is_left_out_even_inside_a_paragraph(engine: Engine, tail: str) -> None:
    doc = engine.analyze(GARDEN + tail)
    assert not [s.text for s in doc.sentences if "hare" in s.text or "iked" in s.text]
    assert not engine.answer(doc, "What should I do if I liked it?").found


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell sharply in Tokyo on the news.",
        "Shareholders of the firm will vote on the plan in June.",
        "She said she would share the prize with her whole team.",
    ],
)
def test_sentences_about_shares_and_sharing_stay(engine: Engine, sentence: str) -> None:
    doc = engine.analyze(GARDEN + "\n\n" + sentence)
    assert sentence in [s.text for s in doc.sentences]


def test_a_paragraph_that_leads_into_a_list_is_kept() -> None:
    """ "Our list … was short:" leads into the items: the paragraph is the article's,
    with the price in it. A line of three words or fewer ending in a colon is a label."""
    text = (
        "We chose bikes from a local maker. Each bike cost 9,500 euros. "
        "Our list of must-haves was short:\n\n- a box that holds 60 loaves\n"
        "- a battery range of 50 kilometres\n\nFiled under transport:\n\n"
        "The first month was hard for the riders."
    )
    paragraphs = clean(text).paragraphs
    assert paragraphs[0].startswith("We chose bikes") and paragraphs[0].endswith("short:")
    assert "Filed under transport:" not in paragraphs
    assert paragraphs[-1] == "The first month was hard for the riders."
