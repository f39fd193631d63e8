"""Property-based: whatever text arrives, the engine answers or refuses cleanly.

No exception other than InputError escapes; every sentence it returns is a piece of
what it was given; questions never crash and never return a sentence on "not found".
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.engine import ALGORITHMS, Engine
from bot.errors import InputError

ENGINE = Engine()

WORDS = st.sampled_from(
    [
        "the",
        "council",
        "river",
        "Lavrov",
        "bridge",
        "money",
        "Über",
        "город",
        "école",
        "niño",
        "1,000",
        "<b>",
        "&amp;",
        "*bold*",
        "`code`",
        "'; DROP TABLE articles;--",
        "\u200f",
        "\u200d",
        "\u202e",
        "👩‍👩‍👧",
        "🔥",
        "\x00",
        "\x1b[31m",
        "https://x.test/a?b=c",
    ]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=25).map(lambda ws: " ".join(ws) + ".")
ARTICLE = st.lists(SENTENCE, min_size=1, max_size=30).map(" ".join)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=2_000),
    ARTICLE,
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "So"]), max_size=500),
    st.integers(1, 100_000).map(lambda n: "a" * n),  # one enormous word
    st.integers(1, 3_000).map(lambda n: "A b. " * n),  # very many tiny sentences
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=HOSTILE_TEXT)
def test_analyze_returns_a_document_or_a_clear_refusal(text: str) -> None:
    try:
        doc = ENGINE.analyze(text)
    except InputError as refused:
        assert refused.user_message and len(refused.user_message) < 300
        return
    assert len(doc.sentences) >= 2
    for sentence in doc.sentences:
        assert sentence.text.strip() == sentence.text and sentence.text


@FAST
@given(text=ARTICLE, algorithm=st.sampled_from(ALGORITHMS), count=st.integers(1, 8))
@example(text="the. '; DROP TABLE articles;--.", algorithm="lexrank", count=1)  # no shared word
@example(text="the Lavrov. Lavrov the the.", algorithm="lsa", count=1)  # fewer words than sentences
def test_summaries_of_any_article_are_pieces_of_it(text: str, algorithm: str, count: int) -> None:
    try:
        doc = ENGINE.analyze(text)
    except InputError:
        return
    summary = ENGINE.summarize(doc, sentences=count, algorithm=algorithm)
    texts = {s.text for s in doc.sentences}
    # Fewer when the text has fragments ("the."): they are never summary sentences.
    assert 1 <= len(summary.sentences) <= min(count, len(doc.sentences))
    assert all(s.text in texts for s in summary.sentences)
    assert [s.index for s in summary.sentences] == sorted({s.index for s in summary.sentences})


@FAST
@given(text=ARTICLE, question=st.one_of(st.text(max_size=300), SENTENCE))
def test_any_question_gets_an_answer_or_not_found(text: str, question: str) -> None:
    try:
        doc = ENGINE.analyze(text)
    except InputError:
        return
    answer = ENGINE.answer(doc, question)
    assert 0.0 <= answer.score <= 1.0
    if not answer.found:
        assert answer.passages == ()
    texts = {s.text for s in doc.sentences}
    assert all(s in texts for s in answer.sentences)


@pytest.mark.parametrize(
    "question",
    ["", " ", "?", "🔥🔥🔥", "'; DROP TABLE sentences;--", "\u202e\u200f", "a" * 100_000],
)
def test_degenerate_questions_are_not_found(question: str) -> None:
    doc = ENGINE.analyze("The council met on Monday. It approved the new bridge over the river.")
    assert not ENGINE.answer(doc, question).found
