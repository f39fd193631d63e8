"""Conversations: follow-ups lean on the turn before; questions that stand alone do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answer import AnswerIndex
from bot.engine.conversation import PAUSE_SECONDS, Conversation, converse, is_follow_up
from bot.engine.core import Engine
from bot.engine.present import also_relevant
from bot.engine.types import Document

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"


@pytest.fixture(scope="module")
def blog() -> Document:
    return Engine().analyze((DATA / "pi-blog.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rathaus() -> Document:
    return Engine().analyze((DATA / "rathaus.txt").read_text(encoding="utf-8"))


def ask(doc: Document, *questions: str) -> list[tuple[str, bool, bool]]:
    """Each question as the next turn: (first sentence shown or "", found, sure)."""
    state = Conversation("a", 0.0)
    out = []
    for n, question in enumerate(questions):
        answer, state = converse(doc, question, state.current("a", float(n)), float(n))
        first = answer.sentences[0] if answer.found else ""
        out.append((first, answer.found, answer.sure))
    return out


@pytest.mark.parametrize(
    ("question", "language", "follows"),
    [
        ("Where?", "en", True),
        ("Why?", "en", True),
        ("And the new one?", "en", True),
        ("What did he say about it?", "en", True),
        ("Who did Lavrov meet in Hamburg on Thursday?", "en", False),
        ("Und warum?", "de", True),
        ("Wie viel kostet das neue Rathaus in Kleinwalde?", "de", False),
        ("¿Por qué?", "es", True),
        ("¿Qué es la multa por viajar con un patinete?", "es", False),  # "es": not German's
        ("Wie teuer ist es?", "de", True),
        ("Почему?", "ru", True),
        # Question words the stop lists lack are not what is asked about.
        ("Combien de temps ?", "fr", True),
        ("¿Cuándo abrió?", "es", True),
        ("Сколько это стоило?", "ru", True),
        ("¿Cuánto cuesta la multa?", "es", False),
    ],
)
def test_what_counts_as_a_follow_up(question: str, language: str, follows: bool) -> None:
    assert is_follow_up(question, language) is follows


def test_a_bare_follow_up_is_read_with_the_question_before(rathaus: Document) -> None:
    first, when = ask(
        rathaus, "Was kostet der Neubau des Rathauses?", "Wann wird er fertiggestellt?"
    )
    assert "14 Millionen" in first[0]
    assert when[1] and "Frühjahr 2027" in when[0], when


def test_german_why_finds_the_reason_in_other_words(rathaus: Document) -> None:
    ((reason, found, _),) = ask(rathaus, "Warum wurde es teurer?")
    assert found and "Gründe für die Mehrkosten" in reason


def test_why_after_a_fact_finds_the_reason_opening_the_next_paragraph() -> None:
    """ "Als Grund nannte Weber…" opens the paragraph after the answer's, two sentences on."""
    bergheim = Engine().analyze((DATA / "bergheim.txt").read_text(encoding="utf-8"))
    (_, (reason, found, _)) = ask(bergheim, "Wann wird das Rathaus fertig?", "Warum?")
    assert found and reason.startswith("Als Grund nannte Weber"), reason


def test_spanish_why_finds_the_reason_said_with_se_debe_a() -> None:
    orquesta = Engine().analyze((DATA / "orquesta.txt").read_text(encoding="utf-8"))
    ((reason, found, _),) = ask(orquesta, "¿Por qué se canceló la gira?")
    assert found and "se debe a la falta de financiación" in reason, reason


def test_a_short_question_naming_one_sentence_stands_on_its_own() -> None:
    metro = Engine().analyze((DATA / "metro-ru.txt").read_text(encoding="utf-8"))
    questions = ("Почему работы затянулись?", "Что сказал мэр?")
    stations = ask(metro, *questions, "Сколько станций?")[-1]
    assert "семь станций" in stations[0], stations
    again = ask(metro, "Сколько станций?", "А когда открылась линия?")[-1]  # "а": follows
    assert "открылась в субботу" in again[0], again


def test_a_question_that_stands_alone_is_not_bent_by_history(blog: Document) -> None:
    question = "How many days has the Pi been up since the last restart?"
    alone = ask(blog, question)
    after = ask(blog, "How much did the old server cost to run?", question)
    assert after[1] == alone[0] and "214 days" in alone[0][0]


def test_a_heading_that_asks_the_question_gives_the_text_under_it(blog: Document) -> None:
    ((answer, found, sure),) = ask(blog, "Would she do it again?")
    assert (answer, found, sure) == ("Yes, without hesitation.", True, True)


def test_headings_and_fragments_are_never_answers_alone(blog: Document) -> None:
    for question in ("Would I do it again?", "Is it worth it again?", "What about port 25?"):
        for shown, found, _ in ask(blog, question):
            assert not found or len(shown.split()) > 3 or shown == "Yes, without hesitation."
            assert "Would I do it again" not in shown


def test_an_off_topic_question_is_refused_even_mid_conversation(blog: Document) -> None:
    turns = ask(blog, "How much did the old server cost to run?", "Who won the 1998 World Cup?")
    assert turns[1] == ("", False, False)


def test_a_plausible_but_uncertain_answer_is_marked_not_sure(blog: Document) -> None:
    ((shown, found, sure),) = ask(blog, "Was the Frankfurt hosting company helpful?")
    assert found and not sure and "virtual server in Frankfurt" in shown


def test_the_conversation_resets_on_another_article_and_after_a_pause() -> None:
    state = Conversation("1", 100.0, ())
    state = Conversation("1", 100.0, (*state.turns,))
    kept = Conversation("1", 100.0, ())
    assert kept.current("1", 100.0 + PAUSE_SECONDS) is kept
    assert kept.current("1", 101.0 + PAUSE_SECONDS) == Conversation("1", 101.0 + PAUSE_SECONDS)
    assert kept.current("2", 101.0) == Conversation("2", 101.0)


def test_the_state_survives_json_and_bad_json_starts_afresh(blog: Document) -> None:
    _, state = converse(blog, "How much did the old server cost?", Conversation("a", 5.0), 5.0)
    assert Conversation.from_json(state.to_json()) == state
    assert Conversation.from_json("{not json") is None
    assert Conversation.resume('{"turns": 3}', "a", 9.0) == Conversation("a", 9.0)


@pytest.fixture(scope="module")
def seed() -> Document:
    if not SEED.exists():
        pytest.skip("the seed article is not present")
    return Engine().analyze(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ferry() -> Document:
    return Engine().analyze((DATA / "ferry.txt").read_text(encoding="utf-8"))


def test_seed_where_after_who_leaves_the_sentence_that_names_whom(seed: Document) -> None:
    """The follow-up asks for a place: the Kerry sentence just shown names none, the
    sentences about the OSCE meeting and Hamburg do."""
    (kerry, _, _), (where, found, _) = ask(seed, "Who did Lavrov meet?", "Where did they meet?")
    assert "John Kerry" in kerry
    assert found and where != kerry
    assert "OSCE" in where or "Hamburg" in where, where


def test_a_question_in_the_headlines_words_is_answered_from_the_text(seed: Document) -> None:
    """ "army" is only in the title ("Syrian army suspends operations"); the text says
    "Syrian government forces have suspended…". A following "Why?" is not refused."""
    (army, found, _), (why, why_found, _) = ask(seed, "What did the Syrian army do?", "Why?")
    assert found and army.startswith("Syrian government forces have suspended"), army
    assert why_found and "to enable the withdrawal of civilians" in why


@pytest.mark.parametrize(
    "questions",
    [
        ("Why was the service cut?",),
        ("Why is the ferry running less?",),
        ("How often will the ferry run from March?", "Why?"),
    ],
)
def test_a_why_question_gets_the_reason_the_headline_gives(
    ferry: Document, questions: tuple[str, ...]
) -> None:
    """ "Island ferry cut … after fuel costs double": the sentence about the fuel costs."""
    reason, found, _ = ask(ferry, *questions)[-1]
    assert found and reason.startswith("Fuel for the two boats now costs"), reason


def test_a_question_word_the_text_has_only_in_a_compound_is_found(rathaus: Document) -> None:
    ((when, found, _),) = ask(rathaus, "Wann ist es fertig?")  # "Fertigstellung"
    assert found and "Frühjahr 2027" in when


@pytest.mark.parametrize(
    ("first", "who", "speaker"),
    [
        ("Warum wurde es teurer?", "Wer hat das gesagt?", "Anna Becker"),
        ("Is Moscow determined to finish the battle?", "Who said that?", "Lavrov said"),
    ],
)
def test_who_said_that_names_the_speaker_of_the_last_answer(
    rathaus: Document, seed: Document, first: str, who: str, speaker: str
) -> None:
    doc = rathaus if first.startswith("Warum") else seed
    (_, found, _), (named, said, sure) = ask(doc, first, who)
    assert found and said and sure and speaker in named, named


def test_and_the_new_one_leaves_the_old_server(blog: Document) -> None:
    """The follow-up's own word ("new") outweighs the carried one it contrasts with
    ("old"): the sentence just shown holds none of the follow-up's words."""
    old, new = ask(blog, "How much did the old server cost to run?", "And the new one?")
    assert old[0].startswith("The old server cost me 240 euros")
    assert new[1] and new[0].startswith("The new one cost 95 euros"), new


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not present")
def test_seed_a_follow_up_with_a_pronoun_is_not_worse_than_asked_alone() -> None:
    doc = Engine().analyze(SEED.read_text(encoding="utf-8"))
    ((alone, _, _),) = ask(doc, "What did they agree on?")
    (_, _, _), (after, found, _) = ask(doc, "Who did Lavrov meet?", "What did they agree on?")
    assert "Kerry agreed that military experts" in alone
    assert found and after == alone


def test_a_miss_keeps_the_place_of_the_answer_before(blog: Document) -> None:
    """A bare follow-up after a "not found" still looks near the last answer shown."""
    turns = ask(
        blog,
        "How much did the old server cost to run?",
        "Who won the 1998 World Cup?",
        "How much?",
    )
    assert turns[1] == ("", False, False)
    assert turns[2][1] and "240 euros" in turns[2][0], turns


def test_the_answer_just_shown_is_not_listed_again_beside_the_next(seed: Document) -> None:
    state = Conversation("a", 0.0)
    who, state = converse(seed, "Who did Lavrov meet?", state, 0.0)
    where, _ = converse(seed, "Where did they meet?", state, 1.0)
    kerry = who.passages[0].sentence.index
    assert where.found and where.passages[0].sentence.index != kerry
    assert kerry in where.seen
    assert all(p.sentence.index != kerry for p in also_relevant(where))


def test_who_said_a_quotation_is_read_where_the_quotation_ends(seed: Document) -> None:
    (opened, _, _), (named, found, sure) = ask(
        seed, "What did Lavrov say about the strike against the hospital?", "Who said that?"
    )
    assert opened.startswith("“We are just doing our job")
    assert found and sure and named.endswith("Lavrov said."), named


def test_why_gets_the_reason_given_beside_the_fact() -> None:
    """The sentence that matches the question states the fact; the reason follows it two
    sentences later, in words the question does not use."""
    tram = Engine().analyze((DATA / "strassenbahn.txt").read_text(encoding="utf-8"))
    ((reason, found, _),) = ask(tram, "Warum wurde sie teurer?")
    assert found and reason.startswith("Als Gründe für die Mehrkosten"), reason
    ((fact, _, _),) = ask(tram, "Was wird teurer?")  # not a why: the fact itself
    assert "teurer als erwartet" in fact


def test_a_heading_that_asks_a_follow_up_wins_over_the_headline() -> None:
    """ "move" is a word of the headline the text lacks. The next question carries it, yet
    the article asks that question under a heading: the text under it answers, surely."""
    post = Engine().analyze((DATA / "cloud-blog.md").read_text(encoding="utf-8"))
    state = Conversation("a", 0.0)
    _, state = converse(post, "How long did the move take?", state, 0.0)
    again, _ = converse(post, "Would she do it again?", state, 1.0)
    assert (again.found, again.sure) == (True, True)
    assert again.sentences == ("Yes, without hesitation.",)  # nothing the carried words found


def test_a_french_follow_up_in_everyday_words_carries_the_last_turn() -> None:
    """ "temps" is not in the article; French has no related words, so its distance to
    the article's words is unknown: a common word still lets the follow-up carry on."""
    pool = Engine().analyze((DATA / "piscine.txt").read_text(encoding="utf-8"))
    cost, duration = ask(pool, "Que coûtera le chantier ?", "Combien de temps ?")
    assert "9 millions" in cost[0]
    assert duration[1] and "durer deux ans" in duration[0], duration


PREACHER = """Preacher arrested in Arizona

Tony Alamo, the leader of a ministry in Arkansas, was arrested on Saturday in Flagstaff, \
the FBI said. Agents had searched the ministry's compound in Fouke for a week. Alamo's \
real name is Bernie Hoffman, according to court papers. The 74-year-old preacher was \
taken to the county jail without incident. He will appear before a federal judge on \
Friday. His lawyers said the charges were false.
"""


def test_a_follow_up_finds_its_kind_of_answer_by_the_last_one_in_other_words() -> None:
    """The sentences just after the last answer are candidates of a follow-up even when
    they share no word with it or the question before: "How old is he?" is answered by
    "The 74-year-old preacher…", "When will he appear?" by "… on Friday"."""
    doc = Engine().analyze(PREACHER)
    for follow_up, expected in (
        ("How old is he?", "The 74-year-old preacher"),
        ("When will he appear in court?", "He will appear before a federal judge on Friday."),
    ):
        state = Conversation("a", 0.0)
        name, state = converse(doc, "What is Alamo's real name?", state, 0.0)
        assert name.sentences[0].startswith("Alamo's real name is Bernie Hoffman")
        answer, _ = converse(doc, follow_up, state, 1.0)
        assert answer.found and any(s.startswith(expected) for s in answer.sentences), answer


def test_an_answer_by_the_last_one_lists_the_other_sentences_there() -> None:
    """ "Where does he live?" matches nothing: not sure, the sentence by the last answer
    that names a place first, then the rest of that window as the other candidates, with
    the article's lead third because it names a place too ("in Arkansas")."""
    doc = Engine().analyze(PREACHER)
    state = Conversation("a", 0.0)
    name, state = converse(doc, "What is Alamo's real name?", state, 0.0)
    where, _ = converse(doc, "Where does he live?", state, 1.0)
    assert where.found and not where.sure
    assert "Fouke" in where.sentences[0]
    assert where.sentences[1:] == (name.sentences[0], doc.sentences[0].text), where.sentences


def test_why_answered_by_the_carried_words_alone_is_not_sure(seed: Document) -> None:
    """ "Why?" after the deaths: the article never says why; the sentence found matches
    only the words carried from the question before and gives no reason."""
    _, (why, found, sure) = ask(seed, "How many people died?", "Why?")
    assert found and not sure, why


def test_a_headline_word_the_text_says_otherwise_is_not_asked_of_the_headline() -> None:
    """ "move" is in the headline ("Why I moved my side project off the cloud") and not in
    the text, which says "migration". The headline's words find nothing in the text, so
    the question is asked in its own words: found, not "not found"."""
    post = Engine().analyze((DATA / "cloud-blog.md").read_text(encoding="utf-8"))
    ((first, found, _),) = ask(post, "How long did the move take?")
    assert found, first


@pytest.mark.parametrize(
    ("source", "first", "there_is", "expected"),
    [
        ("stadtfest.md", "Ist der Eintritt frei?", "Gibt es Busse?", "zusätzliche Busse"),
        ("velo-lyon.md", "Combien pèse le nouveau vélo ?", "Y a-t-il des freins ?", "freins"),
    ],
)
def test_there_is_does_not_point_back(
    source: str, first: str, there_is: str, expected: str
) -> None:
    """The "es" of "Gibt es …?" and the "y … il" of "Y a-t-il …?" point at nothing (the
    French "y" was read as Spanish "and"): the question names what it asks about and
    stands alone. Both got the last answer's sentence."""
    doc = Engine().analyze((DATA / source).read_text(encoding="utf-8"))
    _, (answer, found, _) = ask(doc, first, there_is)
    assert found and expected in answer, answer


FIRE = {
    "en": (
        "Warehouse fire\n\nTwo firefighters were hurt on Sunday when a warehouse burned down "
        "in Leeds, police said. The blaze began in a storage room at the back. Neighbours "
        "called for help just before dawn. Crews fought the flames for six hours. The owner "
        "of the building, Mark Ellis, said it was insured. He said the repairs would cost two "
        "million pounds. A spokesman for the fire service praised the crews. The cause of "
        "the fire is not yet known.\n",
        ("Who owns the building?", "Where is it?"),
    ),
    "fr": (
        "Incendie d'un entrepôt\n\nDeux pompiers ont été blessés dimanche dans l'incendie "
        "d'un entrepôt à Rennes, selon la police. Le feu a pris dans une réserve à "
        "l'arrière. Des voisins ont appelé les secours avant l'aube. Les équipes ont lutté "
        "contre les flammes pendant six heures. Le propriétaire du bâtiment, Marc Ellis, a "
        "déclaré qu'il était assuré. Selon lui, les réparations coûteront deux millions "
        "d'euros. Un porte-parole des pompiers a salué les équipes. La cause de l'incendie "
        "reste inconnue.\n",
        ("Qui est le propriétaire du bâtiment ?", "Où est-ce ?"),
    ),
}


@pytest.mark.parametrize("language", sorted(FIRE))
def test_a_follow_up_looks_back_at_the_lead(language: str) -> None:
    """ "Where is it?" after the owner: the article's first sentence, which says where
    (a news lead says who, what, where, when), is among the sentences listed though it
    shares no word with either question."""
    text, questions = FIRE[language]
    doc = Engine().analyze(text)
    state = Conversation("a", 0.0)
    owner, state = converse(doc, questions[0], state, 0.0)
    assert "Ellis" in owner.sentences[0]
    where, _ = converse(doc, questions[1], state, 1.0)
    assert where.found and doc.sentences[0].text in where.sentences[:3], where.sentences


def test_the_bonus_by_the_last_answer_is_mostly_its_own_sentence_and_what_follows() -> None:
    """A follow-up is most often answered by the last answer's own sentence (CoQA CNN:
    a third of the follow-ups), less often by the next one and rarely three sentences
    on: the last answer's sentence gains more over its neighbour than the neighbour
    gains over a sentence three away (sentences alike in every other way)."""
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    doc = Engine().analyze(" ".join(f"The ferry left the harbour on {day}." for day in days))
    index = AnswerIndex.for_document(doc)
    ranked = index.rank("When did it leave? ferry harbour", near=3, focus="When did it leave?")
    score = {r.index: r.score for r in ranked}
    assert score[3] - score[4] > score[4] - score[6] > 0, score
    # A conversation moves on: the sentence after the last answer gains more than the one
    # before it.
    assert score[4] > score[2], score


def test_a_question_narrowing_a_heading_finds_the_sentence_of_its_section() -> None:
    """ "Сколько стоил ремонт?" repeats the heading "Сколько это стоило" and adds "ремонт":
    the sentence of that section that names the repair."""
    cafe = Engine().analyze((DATA / "kofeinya.md").read_text(encoding="utf-8"))
    ((answer, found, sure),) = ask(cafe, "Сколько стоил ремонт?")
    assert found and sure and answer.startswith("На ремонт помещения ушло 800"), answer


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not present")
def test_who_is_someone_stands_on_its_own_mid_conversation(seed: Document) -> None:
    """One word of its own, but a name: the last turn's words are not carried."""
    turns = ask(seed, "Who was killed in the attack on the hospital?", "Who is Kerry?")
    assert "his US counterpart John Kerry" in turns[1][0]
