"""Sentence splitting: verbatim pieces, and no sentence cut after an unknown abbreviation."""

from __future__ import annotations

import pytest

from bot.engine.coherence import leans_on_before
from bot.engine.sentences import split_sentences


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "de",
            "Die Universität wurde 1457 von Erzherzog Albrecht VI. gegründet. Sie ist alt.",
            ["Die Universität wurde 1457 von Erzherzog Albrecht VI. gegründet.", "Sie ist alt."],
        ),
        (
            "de",
            "Die Firma wurde z. B. von Dr. Meier geleitet. Das war 2010.",
            ["Die Firma wurde z. B. von Dr. Meier geleitet.", "Das war 2010."],
        ),
        (
            "fr",
            "Le roi Louis XIV. régna longtemps. Il mourut en 1715.",
            ["Le roi Louis XIV. régna longtemps.", "Il mourut en 1715."],
        ),
        (
            "en",
            "The rule is direct effect (i.e. between  private parties). Courts apply it.",
            ["The rule is direct effect (i.e. between  private parties).", "Courts apply it."],
        ),
    ],
)
def test_a_lowercase_continuation_stays_in_its_sentence(
    language: str, text: str, expected: list[str]
) -> None:
    assert split_sentences(text, language) == expected


def test_names_written_in_lowercase_still_open_sentences() -> None:
    assert split_sentences("Prices rose 3.5 percent. iPhone sales fell.", "en") == [
        "Prices rose 3.5 percent.",
        "iPhone sales fell.",
    ]


def test_a_single_letter_ends_an_english_sentence() -> None:
    text = "If p divides xy, then p divides x or y. An element is irreducible."
    assert split_sentences(text, "en") == [
        "If p divides xy, then p divides x or y.",
        "An element is irreducible.",
    ]


def test_only_a_full_stop_lets_the_next_piece_join() -> None:
    text = "Did it work? maybe not. Nobody knows!"
    assert split_sentences(text, "en")[0] == "Did it work?"


def test_sentences_are_exact_substrings_in_order() -> None:
    text = "First one.  second part after e.g. this. Third!\nFourth line here."
    pieces = split_sentences(text, "en")
    cursor = 0
    for piece in pieces:
        found = text.find(piece, cursor)
        assert found >= cursor
        cursor = found + len(piece)
    assert "".join(pieces).replace(" ", "") == "".join(text.split())


def test_a_quotation_and_its_attribution_are_one_sentence() -> None:
    from bot.engine.sentences import split_sentences

    assert split_sentences('"We are ready!" said Edith. The crowd cheered.', "en") == [
        '"We are ready!" said Edith.',
        "The crowd cheered.",
    ]
    assert split_sentences("“Are you sure?” asked Tom. He nodded.", "en")[0] == (
        "“Are you sure?” asked Tom."
    )
    assert split_sentences("“Go.” Then he left.", "en") == ["“Go.”", "Then he left."]


@pytest.mark.parametrize(
    ("paragraph", "language", "expected"),
    [
        (
            "Les commerçants s'inquiètent. « Nous allons perdre nos clients », a déclaré "
            "Marc. Le maire a répondu.",
            "fr",
            [
                "Les commerçants s'inquiètent.",
                "« Nous allons perdre nos clients », a déclaré Marc.",
                "Le maire a répondu.",
            ],
        ),
        (
            "Los vecinos protestan. « No queremos el puente », dijo Ana. Nadie respondió.",
            "es",
            [
                "Los vecinos protestan.",
                "« No queremos el puente », dijo Ana.",
                "Nadie respondió.",
            ],
        ),
        # German's closing « sits against the text: it stays where it is.
        (
            "Er sagte: »Das ist gut.« Dann ging er.",
            "de",
            ["Er sagte: »Das ist gut.«", "Dann ging er."],
        ),
    ],
)
def test_an_opening_quotation_mark_goes_with_the_sentence_it_opens(
    paragraph: str, language: str, expected: list[str]
) -> None:
    assert split_sentences(paragraph, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "leans"),
    [
        ("However, the ministry has not answered his request.", "en", True),
        ("Meanwhile, Moscow is fully determined to complete the battle.", "en", False),
        ("She designed it with three arches.", "en", True),
        ("Dort arbeiten heute etwa 250 Menschen.", "de", True),
        ("Aber der Gemeinderat entscheidet erst im Mai.", "de", False),
        ("Cependant, il n'a rien dit.", "fr", True),
        ("Однако Москва полна решимости.", "ru", False),
        ("The council met on Monday.", "en", False),
    ],
)
def test_a_sentence_leans_on_the_one_before(text: str, language: str, leans: bool) -> None:
    assert leans_on_before(text, language) is leans
