"""Acceptance questions on the project's reference article, answered by the answerer.

Two ways to the Document: the product's analyser (``Engine.analyze``) and a plain Punkt
split, so the answerer is checked even while analysis changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import punkt
import pytest

from bot.engine.answer import answer_question
from bot.engine.core import Engine
from bot.engine.terms import terms
from bot.engine.types import Document, Sentence

ARTICLE = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason=f"{ARTICLE} is not present")

KERRY = "On Thursday, Lavrov also met with his US counterpart John Kerry"
PARAMEDICS = "two female paramedics dead"


def by_engine(text: str) -> Document:
    try:
        return Engine().analyze(text)
    except NotImplementedError:
        pytest.skip("Engine.analyze is not implemented yet")


def by_punkt(text: str) -> Document:
    sentences: list[Sentence] = []
    lines = [line for line in text.splitlines() if line.strip()]
    for p, line in enumerate(lines):
        for sentence in punkt.sent_tokenize(line, "english"):
            sentences.append(Sentence(len(sentences), p, sentence, terms(sentence, "en")))
    return Document(None, "en", True, tuple(sentences))


@pytest.fixture(params=[by_engine, by_punkt], ids=["engine", "punkt"])
def aleppo(request: pytest.FixtureRequest) -> Document:
    build: Callable[[str], Document] = request.param
    return build(ARTICLE.read_text(encoding="utf-8"))


def test_who_did_lavrov_meet(aleppo: Document) -> None:
    answer = answer_question(aleppo, "Who did Lavrov meet?")
    assert answer.found
    assert answer.sentences[0].startswith(KERRY)


def test_what_happened_to_the_paramedics(aleppo: Document) -> None:
    answer = answer_question(aleppo, "What happened to the paramedics?")
    assert answer.found
    assert PARAMEDICS in answer.sentences[0]
    # The sentence leans on the one before it ("The assault..."): that one names the hospital.
    before = answer.passages[0].before
    assert before is not None and "hospital" in before.text


def test_the_capital_of_peru_is_not_found(aleppo: Document) -> None:
    answer = answer_question(aleppo, "What is the capital of Peru?")
    assert not answer.found
    assert answer.passages == ()


def test_a_context_line_only_where_the_answer_leans_on_it(aleppo: Document) -> None:
    """ "The assault happened…" needs the sentence that names the hospital; "Lavrov was
    speaking…" stands alone, although the sentence before is in its paragraph."""
    assault = answer_question(aleppo, "What did the assault leave?").passages[0]
    assert PARAMEDICS in assault.sentence.text
    assert assault.before is not None and "hospital" in assault.before.text
    osce = answer_question(aleppo, "Where was Lavrov speaking on Thursday?").passages[0]
    assert osce.sentence.text.startswith("Lavrov was speaking on Thursday")
    assert osce.before is None


def test_a_connective_alone_brings_no_context(aleppo: Document) -> None:
    """ "Meanwhile, Moscow is fully determined…" reads on its own; "He noted…" does not."""
    moscow = answer_question(aleppo, "What is Moscow determined to do?").passages[0]
    assert moscow.sentence.text.startswith("Meanwhile, Moscow is fully determined")
    assert moscow.before is None
    noted = answer_question(aleppo, "What did the US State Department express?").passages[0]
    assert noted.sentence.text.startswith("He noted") and noted.before is not None


def test_who_was_killed_in_the_attack_on_the_hospital(aleppo: Document) -> None:
    """The question repeats "attack" and "hospital" from the sentence that names them; the
    one after it, which leans on that one, says who died: it answers, the first is its
    context."""
    answer = answer_question(aleppo, "Who was killed in the attack on the hospital?")
    assert answer.found
    assert PARAMEDICS in answer.sentences[0]
    before = answer.passages[0].before
    assert before is not None and "hospital" in before.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is Lavrov?", "Russian Foreign Minister Sergey Lavrov"),
        ("Who is Kerry?", "his US counterpart John Kerry"),
    ],
)
def test_who_is_someone_is_answered_where_the_article_introduces_them(
    aleppo: Document, question: str, expected: str
) -> None:
    """Not a later, shorter mention, nor one beside another person's full name."""
    assert expected in answer_question(aleppo, question).sentences[0]
