"""Reranking a library's candidate articles (issue 18), on articles written for these
tests. Which articles are candidates is storage's part (tests/storage/test_search.py)."""

from __future__ import annotations

import punkt
import pytest

from bot.engine.answer import AnswerIndex
from bot.engine.library import Candidate, IndexCache, question_terms, rerank
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


def candidates(*items: tuple[int, Document, float]) -> list[Candidate]:
    return [Candidate(i, AnswerIndex(doc), score) for i, doc, score in items]


LIBRARY = candidates((10, BRIDGE, 1.0), (20, BEES, 1.0), (30, VOLCANO, 1.0))


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
def test_the_right_article_and_sentence(question: str, article_id: int, expected: str) -> None:
    answer = rerank(question, LIBRARY)
    assert answer.found
    assert answer.article_ids[0] == article_id
    assert answer.sentences[0].startswith(expected)
    assert len(answer.article_ids) == len(answer.sentences) == len(answer.hits)


def test_hits_carry_neighbours_from_their_own_article() -> None:
    hit = rerank("How many arches does the bridge have?", LIBRARY, top_k=1).hits[0]
    assert hit.article_id == 10
    assert hit.passage.sentence.text.startswith("She designed it")
    assert hit.passage.before == BRIDGE.sentences[0]
    assert hit.passage.after == BRIDGE.sentences[2]


@pytest.mark.parametrize("question", ["What is the capital of Peru?", "", "what?", "🙂"])
def test_not_found_anywhere(question: str) -> None:
    answer = rerank(question, LIBRARY)
    assert not answer.found
    assert answer.hits == () and answer.score == 0.0


def test_no_candidates_finds_nothing() -> None:
    assert not rerank("Who built the bridge?", []).found


def test_the_more_relevant_article_wins_a_tie_between_sentences() -> None:
    """Two copies of one article: the engine's relevance decides, then the given order."""
    question = "Who built the stone bridge?"
    first = rerank(question, candidates((1, BRIDGE, 2.0), (2, BRIDGE, 8.0)))
    assert first.article_ids[0] == 2
    same = rerank(question, candidates((1, BRIDGE, 5.0), (2, BRIDGE, 5.0)))
    assert same.article_ids[0] == 1
    assert rerank(question, candidates((1, BRIDGE, 5.0), (2, BRIDGE, 5.0))) == same


def test_question_terms_cover_every_language_as_articles_were_stemmed() -> None:
    found = question_terms("Wann wurde die Brücke von Altdorf gebaut?")
    assert set(found) == set(LANGUAGE_NAMES)
    assert "altdorf" in found["de"] and "bruck" in found["de"]
    assert "die" not in found["de"]  # a German stop word
    assert found["en"] == tuple(
        dict.fromkeys(terms("Wann wurde die Brücke von Altdorf gebaut?", "en"))
    )
    german = make_document("Die Brücke von Altdorf wurde 1850 aus Holz gebaut.", "de")
    assert set(found["de"]) <= {t for s in german.sentences for t in s.terms}


def test_the_cache_is_bounded_by_articles_and_sentences_and_least_recent_goes() -> None:
    by_articles = IndexCache(max_articles=2, max_sentences=1_000)
    bridge, bees, volcano = AnswerIndex(BRIDGE), AnswerIndex(BEES), AnswerIndex(VOLCANO)
    by_articles.put("bridge", bridge)
    by_articles.put("bees", bees)
    assert by_articles.get("bridge") is bridge  # now the most recent
    by_articles.put("volcano", volcano)
    assert by_articles.get("bees") is None and len(by_articles) == 2
    by_sentences = IndexCache(max_articles=10, max_sentences=4)
    by_sentences.put("bridge", bridge)  # 3 sentences
    by_sentences.put("volcano", volcano)  # 2 more: over 4, the bridge goes
    assert by_sentences.get("bridge") is None and by_sentences.get("volcano") is volcano
    by_sentences.discard(lambda key: key == "volcano")
    assert len(by_sentences) == 0
