"""Questions across a library of articles (issue 9), on articles written for these tests."""

from __future__ import annotations

import threading

import punkt
import pytest

from bot.engine.library import LibraryIndex
from bot.engine.terms import LANGUAGE_NAMES, terms
from bot.engine.types import Document, Sentence


def make_document(text: str, language: str = "en") -> Document:
    sentences: list[Sentence] = []
    for p, paragraph in enumerate(x for x in text.split("\n\n") if x.strip()):
        for sentence in punkt.sent_tokenize(paragraph.strip(), LANGUAGE_NAMES[language]):
            sentences.append(Sentence(len(sentences), p, sentence, terms(sentence, language)))
    return Document(None, language, True, tuple(sentences))


BRIDGE = make_document(
    "The old stone bridge of Ellsworth was built in 1783 by the engineer Margaret Hollins. "
    "She designed it with seven arches so that barges could pass under it.\n\n"
    "Floods damaged the central arch in 1911, and the council rebuilt it two years later."
)
BEES = make_document(
    "Honey bees communicate the direction of flowers with a waggle dance. "
    "A colony can hold up to sixty thousand workers in summer.\n\n"
    "The queen lays about two thousand eggs a day during the spring."
)
VOLCANO = make_document(
    "Mount Vesuvius erupted in the year 79 and buried the town of Pompeii under ash. "
    "Pliny the Younger described the eruption in two letters to the historian Tacitus."
)


@pytest.fixture
def library() -> LibraryIndex:
    index = LibraryIndex()
    index.add(10, BRIDGE)
    index.add(20, BEES)
    index.add(30, VOLCANO)
    return index


@pytest.mark.parametrize(
    ("question", "article_id", "expected"),
    [
        ("Who built the stone bridge?", 10, "The old stone bridge of Ellsworth was built"),
        ("How many eggs does the queen lay?", 20, "The queen lays about two thousand eggs"),
        ("Which town did Vesuvius bury?", 30, "Mount Vesuvius erupted in the year 79"),
        ("How do bees tell where flowers are?", 20, "Honey bees communicate the direction"),
        ("Who wrote letters about the eruption?", 30, "Pliny the Younger described"),
    ],
)
def test_the_right_article_and_sentence(
    library: LibraryIndex, question: str, article_id: int, expected: str
) -> None:
    answer = library.answer(question)
    assert answer.found
    assert answer.article_ids[0] == article_id
    assert answer.sentences[0].startswith(expected)
    assert len(answer.article_ids) == len(answer.sentences) == len(answer.hits)


def test_hits_carry_neighbours_from_their_own_article(library: LibraryIndex) -> None:
    hit = library.answer("How many arches does the bridge have?", top_k=1).hits[0]
    assert hit.article_id == 10
    assert hit.passage.sentence.text.startswith("She designed it")
    assert hit.passage.before == BRIDGE.sentences[0]
    assert hit.passage.after == BRIDGE.sentences[2]


@pytest.mark.parametrize("question", ["What is the capital of Peru?", "", "what?", "🙂"])
def test_not_found_anywhere(library: LibraryIndex, question: str) -> None:
    answer = library.answer(question)
    assert not answer.found
    assert answer.hits == () and answer.score == 0.0


def test_empty_library_finds_nothing() -> None:
    assert not LibraryIndex().answer("Who built the bridge?").found


def test_removed_articles_are_never_returned(library: LibraryIndex) -> None:
    library.remove(10)
    assert 10 not in library and len(library) == 2
    answer = library.answer("Who built the stone bridge in 1783?")
    assert 10 not in answer.article_ids
    library.remove(10)  # removing twice is harmless
    assert library.answer("How many eggs does the queen lay?").article_ids[0] == 20


def test_adding_an_id_again_replaces_the_article(library: LibraryIndex) -> None:
    library.add(10, VOLCANO)
    assert len(library) == 3
    assert library.sentence_count == 2 * len(VOLCANO.sentences) + len(BEES.sentences)
    answer = library.answer("Who built the stone bridge?")
    assert 10 not in answer.article_ids or "bridge" not in answer.sentences[0]


def test_results_are_deterministic_and_independent_of_insertion_history() -> None:
    first = LibraryIndex()
    for article_id, doc in ((10, BRIDGE), (20, BEES), (30, VOLCANO)):
        first.add(article_id, doc)
    second = LibraryIndex()
    second.add(99, BEES)
    for article_id, doc in ((10, BRIDGE), (20, BEES), (30, VOLCANO)):
        second.add(article_id, doc)
    second.remove(99)
    for question in ("Who built the bridge?", "queen eggs", "Pompeii ash"):
        assert first.answer(question) == second.answer(question)


def test_articles_in_other_languages_are_searched_with_their_terms() -> None:
    german = make_document(
        "Die Brücke von Altdorf wurde 1850 aus Holz gebaut. Im Winter friert der See zu.", "de"
    )
    library = LibraryIndex()
    library.add(1, BRIDGE)
    library.add(2, german)
    answer = library.answer("Wann wurde die Brücke von Altdorf gebaut?")
    assert answer.found and answer.article_ids[0] == 2


def test_concurrent_questions_and_additions() -> None:
    library = LibraryIndex()
    library.add(1, BRIDGE)
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(30):
                assert library.answer("Who built the stone bridge?").article_ids[0] == 1
        except BaseException as error:  # surfaced below
            errors.append(error)

    def add() -> None:
        for article_id in range(100, 130):
            library.add(article_id, BEES if article_id % 2 else VOLCANO)

    threads = [threading.Thread(target=ask) for _ in range(3)] + [threading.Thread(target=add)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(library) == 31
