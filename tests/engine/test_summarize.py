"""Summaries: verbatim, in article order, exactly N, deterministic, coherent, every algorithm."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import ALGORITHMS, Document, Engine
from bot.engine.coherence import refers_back
from bot.errors import InputError

ALEPPO = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"

TOPICS = ("river", "bridge", "council", "school", "market", "harbour", "museum", "railway")


def long_article(sentences: int) -> str:
    """A long, varied article: paragraphs of sentences about changing topics."""
    out = []
    for i in range(sentences):
        topic = TOPICS[i % len(TOPICS)]
        other = TOPICS[(i * 3 + 1) % len(TOPICS)]
        out.append(
            f"Report {i} says the {topic} project near the {other} needs {i % 17 + 2} more "
            f"workers and a budget review by spring."
        )
    return "\n\n".join(" ".join(out[i : i + 5]) for i in range(0, len(out), 5))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def aleppo(engine: Engine) -> Document:
    return engine.analyze(ALEPPO.read_text(encoding="utf-8"))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("count", [1, 3, 5])
def test_every_algorithm_gives_verbatim_sentences_in_order(
    engine: Engine, aleppo: Document, algorithm: str, count: int
) -> None:
    raw = ALEPPO.read_text(encoding="utf-8")
    summary = engine.summarize(aleppo, sentences=count, algorithm=algorithm)
    indices = [s.index for s in summary.sentences]
    assert len(indices) == count
    assert indices == sorted(set(indices))
    for sentence in summary.sentences:
        assert sentence.text in raw
        assert not sentence.text.startswith(("RT reports", "Related:", "If you enjoy"))
    assert summary.algorithm == algorithm


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_summaries_are_deterministic(aleppo: Document, algorithm: str) -> None:
    first = Engine().summarize(aleppo, sentences=4, algorithm=algorithm)
    second = Engine().summarize(aleppo, sentences=4, algorithm=algorithm)
    assert first == second


def test_ratio_sets_the_length(engine: Engine, aleppo: Document) -> None:
    summary = engine.summarize(aleppo, ratio=0.5)
    assert len(summary.sentences) == round(len(aleppo.sentences) * 0.5)


def test_asking_for_more_than_the_article_returns_it_all(engine: Engine) -> None:
    doc = engine.analyze("The first sentence is here. The second one follows it.")
    assert len(engine.summarize(doc, sentences=10).sentences) == 2


def test_unknown_algorithm_lists_the_valid_ones(engine: Engine, aleppo: Document) -> None:
    with pytest.raises(InputError) as raised:
        engine.summarize(aleppo, algorithm="magic")
    assert all(name in raised.value.user_message for name in ALGORITHMS)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_long_documents_still_get_n_sentences(engine: Engine, algorithm: str) -> None:
    doc = engine.analyze(long_article(2000))
    assert len(doc.sentences) == 2000
    summary = engine.summarize(doc, sentences=5, algorithm=algorithm)
    assert len(summary.sentences) == 5


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_no_summary_sentence_dangles(engine: Engine, algorithm: str) -> None:
    text = (
        "The city council approved a new budget for the harbour on Monday. "
        "It includes money for a new bridge and for cleaning the river. "
        "However, the opposition said the budget ignores the schools. "
        "The mayor said the bridge will open in two years. "
        "He added that the schools will get money next year. "
        "Meanwhile, residents asked for more buses to the harbour. "
        "This was not part of the plan. "
        "The budget vote was twelve to nine."
    )
    doc = engine.analyze(text)
    for count in (2, 3, 4):
        summary = engine.summarize(doc, sentences=count, algorithm=algorithm)
        chosen = {s.index for s in summary.sentences}
        assert len(chosen) == count
        for s in summary.sentences:
            if refers_back(s.text, doc.language):
                assert s.index - 1 in chosen, (algorithm, count, s.text)


def test_keywords_are_the_articles_names_and_topics(engine: Engine, aleppo: Document) -> None:
    keywords = engine.keywords(aleppo)
    assert 1 <= len(keywords) <= 8
    assert "Lavrov" in keywords and "Aleppo" in keywords
    assert engine.summarize(aleppo).keywords == keywords


def test_a_restated_lead_is_not_shown_twice(engine: Engine) -> None:
    # Sentence 3 says sentence 0 again in other words (TF-IDF cosine about 0.5).
    text = (
        "Police say they have no objections to the late afternoon kick-off for Sunday's "
        "derby at the stadium. "
        "Both clubs are chasing a place in the top four of the league this season. "
        "The chief superintendent said supporters had behaved well at recent matches. "
        "Officers raised no objections to the derby starting late on Sunday afternoon. "
        "Tickets for the match sold out within an hour of going on sale last month. "
        "The last evening derby ended with dozens of arrests outside the ground."
    )
    doc = engine.analyze(text)
    for count in (2, 3):
        chosen = {s.index for s in engine.summarize(doc, sentences=count).sentences}
        assert len(chosen) == count
        assert 0 in chosen and 3 not in chosen


@pytest.mark.parametrize(
    ("sentences", "length"),
    [(1, 1), (2, 2), (3, 2), (6, 2), (7, 3), (9, 3), (12, 4), (13, 5), (40, 5), (2_000, 5)],
)
def test_the_default_length_scales_with_short_articles(sentences: int, length: int) -> None:
    from bot.engine.core import default_length

    assert default_length(sentences) == length
    assert default_length(sentences, configured=3) == min(length, 3)


def test_a_six_sentence_post_gets_two_sentences_unless_more_are_asked_for(
    engine: Engine,
) -> None:
    post = (
        "The town library reopens on Monday after a year of repairs. The roof no longer "
        "leaks and the reading room has new lights. Children's books moved to the ground "
        "floor. The café by the entrance is run by volunteers. Opening hours stay the "
        "same as before. Entry remains free for everyone."
    )
    doc = engine.analyze(post)
    assert len(doc.sentences) == 6
    assert len(engine.summarize(doc).sentences) == 2
    assert len(engine.summarize(doc, default=10).sentences) == 2
    assert len(engine.summarize(doc, sentences=5).sentences) == 5  # exact when asked


def test_a_dateline_is_no_summary_sentence(engine: Engine) -> None:
    """ "Bergheim. Das neue Rathaus…": the place opening the story says nothing alone, and
    the sentence after it is shown without it."""
    story = Path(__file__).resolve().parent / "data" / "bergheim.txt"
    doc = engine.analyze(story.read_text(encoding="utf-8"))
    shown = [s.text for s in engine.summarize(doc, sentences=5).sentences]
    assert "Bergheim." not in shown
    assert shown[0].startswith("Das neue Rathaus der Stadt Bergheim")
