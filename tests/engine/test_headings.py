"""Headings: context for the text under them, never answers or summary sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answer import answer_question
from bot.engine.conversation import Conversation, converse
from bot.engine.core import Engine
from bot.engine.headings import asks_same, heading_flags, title_asks
from bot.engine.present import also_relevant
from bot.engine.text import clean
from bot.engine.types import Document

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def post() -> Document:
    """A pasted Markdown post: byline, '#' headings without final punctuation, a list, a
    heading that asks with a one-word answer under it."""
    return Engine().analyze((DATA / "sourdough.md").read_text(encoding="utf-8"))


def test_markdown_markers_leave_the_title_and_the_headings() -> None:
    cleaned = clean(
        "# A day *out*\n\nWe left at nine. It rained.\n\n## The way back ##\n\nThe bus was late."
    )
    assert cleaned.title == "A day *out*"
    assert cleaned.paragraphs == (
        "We left at nine. It rained.",
        "The way back",
        "The bus was late.",
    )
    assert cleaned.headings == frozenset({1})
    assert not any("#" in p for p in cleaned.paragraphs)


def test_a_heading_is_kept_above_its_text_not_glued_into_it() -> None:
    plain = "We left at nine. It rained.\n\nThe way back\nThe bus was late, so we walked home."
    cleaned = clean(plain)
    assert cleaned.paragraphs[1:] == ("The way back", "The bus was late, so we walked home.")
    assert cleaned.headings == frozenset({1})


def test_bylines_captions_and_lines_before_the_text_are_not_headings() -> None:
    text = (
        "A title of the post\n\nBy Jane Doe\n\nFirst paragraph of the post is here.\n\n"
        "By John Smith\n\nThe flag was hoisted over the citadel after the army's recent "
        "advances in the old city\n\nSecond paragraph of the post is here."
    )
    assert clean(text).headings == frozenset()


def test_a_short_answer_under_a_question_is_kept() -> None:
    text = "Some text before it. More text.\n\n## Would I recommend it?\n\nAbsolutely.\n\nOk"
    assert clean(text).paragraphs[1:] == ("Would I recommend it?", "Absolutely.")


def test_the_heading_shares_the_paragraph_of_its_text_and_is_recognised(post: Document) -> None:
    flags = heading_flags(post.sentences)
    headings = [s.text for s, flag in zip(post.sentences, flags, strict=True) if flag]
    assert headings == [
        "What I tried first",
        "The starter",
        "What you need",
        "Would I recommend it?",
    ]
    first = next(s for s in post.sentences if s.text == "What I tried first")
    assert post.sentences[first.index + 1].paragraph == first.paragraph
    assert post.title == "Learning to bake sourdough at fifty"


@pytest.mark.parametrize(
    ("question", "answer", "context"),
    [
        ("What did she try first?", "A dry yeast loaf", "What I tried first"),
        ("Would she recommend it?", "Absolutely.", "Would I recommend it?"),
        ("What do you need?", "a digital scale", "What you need"),
    ],
)
def test_a_question_a_heading_asks_gets_the_text_under_it(
    post: Document, question: str, answer: str, context: str
) -> None:
    found = answer_question(post, question)
    assert found.found and found.sure
    best = found.passages[0]
    assert best.sentence.text.startswith(answer)
    assert best.before is not None and best.before.text == context


def test_headings_are_never_answers_and_fragments_never_alone(post: Document) -> None:
    flags = heading_flags(post.sentences)
    for question in (
        "What did you try first?",
        "The starter?",
        "What you need",
        "Absolutely?",
        "Would I recommend it?",
    ):
        answer = answer_question(post, question)
        for passage in answer.passages:
            assert not flags[passage.sentence.index], (question, passage.sentence.text)
            if len(passage.sentence.text.split()) <= 3:
                assert passage.before is not None and flags[passage.before.index]
        for passage in also_relevant(answer):
            assert len(passage.sentence.text.split()) > 3


def test_summaries_leave_headings_out(post: Document) -> None:
    engine = Engine()
    flags = heading_flags(post.sentences)
    for n in (2, 5, len(post.sentences)):
        for algorithm in ("brief", "lexrank"):
            picked = engine.summarize(post, sentences=n, algorithm=algorithm).sentences
            assert not any(flags[s.index] for s in picked), (n, algorithm)


@pytest.mark.parametrize(
    ("question", "heading", "language", "same"),
    [
        ("Would she do it again?", "Would I do it again?", "en", True),
        ("What did she try first?", "What I tried first", "en", True),
        ("How long did the starter take?", "The starter", "en", False),
        ("Würde sie es wieder tun?", "Würde ich es wieder tun?", "de", True),
        ("What did he eat?", "What I tried first", "en", False),
    ],
)
def test_a_heading_asks_the_same_question(
    question: str, heading: str, language: str, same: bool
) -> None:
    assert asks_same(question, heading, language) is same


@pytest.mark.parametrize(
    ("path", "first", "reason"),
    [
        ("pi-blog.md", "Would she do it again?", "because the site is now fully static"),
        ("sourdough.md", "Would she recommend it?", "saved me about 300 euros"),
    ],
)
def test_why_after_a_short_answer_looks_at_what_follows_it(
    path: str, first: str, reason: str
) -> None:
    doc = Engine().analyze((DATA / path).read_text(encoding="utf-8"))
    state = Conversation("a", 0.0)
    short, state = converse(doc, first, state, 0.0)
    assert len(short.sentences[0].split()) <= 3
    why, _ = converse(doc, "Why?", state, 1.0)
    assert why.found and reason in why.sentences[0], why.sentences


@pytest.mark.parametrize(
    ("question", "title", "language", "asks"),
    [
        ("Why did she move?", "Why I moved my side project off the cloud", "en", True),
        ("Why did she move to Helsinki?", "Why I moved my side project off the cloud", "en", False),
        ("How did she move?", "Why I moved my side project off the cloud", "en", False),
        ("Warum sind sie umgezogen?", "Warum wir aufs Land umgezogen sind", "de", True),
        ("Pourquoi a-t-il quitté Paris ?", "Pourquoi j'ai quitté Paris", "fr", True),
        ("¿Por qué se mudó?", "Por qué me mudé al campo", "es", True),
        ("Почему он уехал?", "Почему я уехал из Москвы", "ru", True),
        ("Why did she move?", "I moved my side project off the cloud", "en", False),
    ],
)
def test_a_headline_asks_the_question(question: str, title: str, language: str, asks: bool) -> None:
    assert title_asks(question, title, language) is asks


def test_a_question_the_headline_asks_gets_the_opening_not_sure() -> None:
    """Nothing in "Why I moved my side project off the cloud" says "because"; the whole
    post answers, its opening most directly."""
    doc = Engine().analyze((DATA / "cloud-blog.md").read_text(encoding="utf-8"))
    answer = answer_question(doc, "Why did she move?")
    assert answer.found and not answer.sure
    assert answer.sentences[0].startswith("Last year my little recipe site cost me far more")


def test_a_headline_question_in_german_gets_the_opening() -> None:
    text = (
        "Warum wir aufs Land gezogen sind\n\n"
        "In der Stadt wurden die Mieten jedes Jahr höher, und der Lärm raubte uns den Schlaf. "
        "Auf dem Dorf zahlen wir die Hälfte.\n\n"
        "Der Umzug dauerte zwei Wochen. Die Kinder gehen jetzt in eine kleine Schule."
    )
    answer = answer_question(Engine().analyze(text), "Warum sind sie gezogen?")
    assert answer.found and answer.sentences[0].startswith("In der Stadt wurden die Mieten")
