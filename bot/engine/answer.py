"""Answers: find the sentences of a Document that answer a question.

Two separate measures, both lexical and explainable:

* **Rank** (relative): BM25 over ``Sentence.terms`` so that rare words decide and common
  ones do not, with question terms matched exactly or, for typos and odd inflections,
  through rapidfuzz against the article's vocabulary. Added evidence: the share of the
  question's weight a sentence covers (counting its antecedent when it opens with "He",
  "This", "However"...), shared phrases, the paragraph's and the previous sentence's
  relevance, and whether the sentence holds the kind of answer asked for (a name, a date,
  a number) that the question does not already hold. Finally rapidfuzz (partial and
  token-set ratios on the raw texts) re-ranks the few leading candidates.
* **Confidence** (absolute, 0..1): the share of the question's terms found in the passage,
  lowered when the question's terms are only found around it, when names or numbers of the
  question are missing from it, and for negated questions that matching cannot verify
  (the sentence does not say the same "not", "never", "without").
  Below the threshold Brief says "not found": it never returns an arbitrary sentence.

Weights and threshold were chosen by measurement on SQuAD (benchmarks/answers.py).
The per-document index is built once and cached (see ``AnswerIndex.for_document``).
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re
import threading
import weakref
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Container, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.engine.caseless import CaselessPattern
from bot.engine.coherence import continues_quotation, leans_on_before, refers_back
from bot.engine.followers import by_paragraph
from bot.engine.goes_on import GOES_ON_TERMS, goes_on, without_carried_headings
from bot.engine.headings import asks_same, heading_flags, narrows, title_asks
from bot.engine.inflection import FORM_SIMILARITY, HEAD_LAST, Forms
from bot.engine.kinds import (
    asks_amount,
    asks_date,
    asks_duration,
    asks_who_is,
    dates,
    durations,
    opens_who_is,
)
from bot.engine.listing import ALTERNATIVE_CONFIDENCE, alternative_gain, related_held, relisted
from bot.engine.lists import lead_ins, list_units
from bot.engine.mismatch import asks_another
from bot.engine.offtopic import foreignness, zipf
from bot.engine.places import places_first
from bot.engine.plausible import plausible_bar
from bot.engine.postings import (
    Holders,
    Norms,
    Rows,
    TermEvidence,
    adjacent,
    term_evidence,
    term_sums,
)
from bot.engine.postings import TermMatch as _TermMatch
from bot.engine.related import RelatedWords, question_words
from bot.engine.restated import restates
from bot.engine.terms import (
    FRAGMENT_WORDS,
    asked_terms,
    question_tokens,
    stem,
    stop_words,
    terms,
    word_set,
    words,
)
from bot.engine.title import asks_why, reason_asked, reworded, why_asked
from bot.engine.types import Answer, Document, Passage, Sentence

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_T = TypeVar("_T")

# Weights of the ranking evidence; "bm25" is the base. Chosen on SQuAD v1.1 (see benchmarks).
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "bm25": 1.0,
    "coverage": 3.0,
    "lifted": 3.0,
    "phrases": 2.0,
    "paragraph": 2.0,
    "cue": 2.0,
    "previous": 1.2,
    "term_pairs": 0.8,
    "fuzzy_partial": 2.0,
    "fuzzy_set": 2.0,
}


@dataclass(frozen=True)
class Tuning:
    """Knobs of the answerer. Defaults are the measured choice; benchmarks vary them."""

    k1: float = 1.2  # BM25 term-frequency saturation
    b: float = 0.75  # BM25 length normalisation
    fuzzy_cutoff: float = 80.0  # rapidfuzz ratio for a vocabulary term to stand in for a typo
    # A question word this common (wordfreq Zipf) is meant, not mistyped: only its other
    # forms stand in for it ("long" -> "longer"), not any close spelling ("match" is not
    # "marché"). 3 is the floor of wordfreq's small lists. CoQA CNN as conversations:
    # borrowed refused 83 -> 84%, x5 83.6 -> 86.0%, top-1 60.5 -> 60.3; SQuAD v1.1
    # top-1 / top-3 +0.2 / +0.2, SQuAD 2.0 refused unchanged.
    typo_zipf: float = 3.0
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rerank_depth: int = 30  # leading candidates that get the per-sentence checks
    fuzzy_depth: int = 10  # leading candidates re-ranked by rapidfuzz on the raw texts
    threshold: float = 0.3  # minimum confidence for a sure answer (SQuAD 2.0 trade-off curve)
    # Minimum confidence for a "not sure, but this looks closest" answer: the lowest that
    # refuses 85% of borrowed questions (CoQA, tuning half) and 20% of SQuAD 2.0's
    # unanswerable ones (benchmarks/conversation.py --sweep).
    plausible: float = 0.25
    # A sentence ranked above the sure one leads from this confidence (chosen on CoQA
    # tuning half + SQuAD v1.1 top-1: SQuAD v1.1 is not held out for this knob); so does
    # one ranked above a merely plausible one when ``lead_not_sure``.
    lead: float = 0.1
    lead_not_sure: bool = True
    # A question of more words than this needs less confidence for a "not sure" answer:
    # the plausible bar falls by exp(-long_question_decay) a word (bot/engine/plausible.py;
    # 0: never); a negation it asks must be said by its best-ranked sentence. Long
    # questions describe what they ask in words of their own, so their share is low where
    # the sentence still answers (benchmarks/answers.py --sweep-decision).
    long_question_words: int = 8
    long_question_decay: float = 0.3
    # ... when it is no more foreign than this share of the off-topic limit: a long
    # question borrowed from another story is (CoQA CNN, 0.9-1.2), one written from the
    # article mostly is not (SQuAD v1.1: 95% below 0.55).
    long_question_foreign: float = 0.5
    # ... and one of at least this many terms is answered "not sure" by its best-ranked
    # sentence whatever its share of them (0: never).
    long_question_terms: int = 7
    # Refuse an answer whose sentence puts another number or degree where the question
    # puts its own ("the fourth Session" for "the fifth Session"; bot/engine/mismatch.py).
    refuse_another: bool = True
    # Refuse even a sure answer to a question naming something the article never names
    # (measured, not shipped: see benchmarks/answers.py --sweep-decision).
    refuse_missing_names: bool = False
    # Follow-ups (chosen by benchmarks/conversation.py --sweep on CoQA's tuning half):
    focus_weight: float = 8.0  # weight of the question's own words against carried ones
    near_weight: float = 1.0  # bonus for sentences close to the last answer
    # ... decaying over this many sentences. --sweep-near on the tuning half, top-1 / top-3
    # (near weight 0.5: scale 3.0 59.4 / 74.3, 1.0 60.4 / 74.3): the decay matters more
    # than the weight; the sweep's best, 2.0 and 1.0 (60.8 / 74.5), lost 0.4 top-3 on the
    # held-out half, 1.0 and 1.0 (60.4 / 74.3) gained there (+0.3 / +0.2) and is kept.
    near_scale: float = 1.0
    # ... and this many times faster before the last answer than after it: a conversation
    # moves on through the article (CoQA CNN, tuning half: a follow-up's answer is one
    # sentence after the last answer 82 times, one before 35 times). --sweep-near, top-1
    # / top-3 there: 1.0 60.4 / 74.3, 1.5 60.6 / 74.3, 2.0 and 3.0 60.8 / 74.1 (a tie
    # in the sum; 1.5 lowers top-3 on neither half).
    near_back: float = 1.5
    # The candidates include the sentence before the last answer and this many after it:
    # one that holds the kind of answer asked for but none of the question's words ("How
    # old is he?" → "The 74-year-old founder…") gets this confidence (0 switches it off;
    # both by --sweep-ranking).
    near_window: int = 2
    near_confidence: float = 0.1
    # A follow-up may go back to the start: the article's first sentences (a news
    # article's lead: who, what, where, when) join its candidates as the window does
    # (counting only when they hold the kind asked) and are listed after the best one
    # and the next after the last answer (bot/engine/places.py; 0 switches both off).
    # By --sweep-lead on CoQA's tuning half, top-1 / top-3: 0 59.4 / 74.1, 1 59.4 / 74.3,
    # 2 58.9 / 74.0, 3 58.8 / 73.3.
    lead_sentences: int = 1
    # "Not sure" bar of a follow-up that carried earlier words: the lowest that still
    # refuses 85% of borrowed questions on CoQA's tuning half (0.12 refused 84%; each
    # step down answered more: 0.25 -> 0.15 gave +1.2 top-1, +1.5 top-3 there).
    follow_up_plausible: float = 0.1
    # A follow-up that names something of its own ("And the *new* one?") is rarely
    # answered by the sentence just shown when that sentence lacks all its own words.
    repeat_penalty: float = 2.0
    spread_penalty: float = 2.5  # question weight found only around the sentence
    missing_name_penalty: float = 0.7  # per name or number of the question absent from it
    negation_penalty: float = 1.5  # "not", "never", "least": matching cannot verify these
    # A question word the article lacks: the article's words whose vectors are this close
    # to it stand in, at most related_limit of them (bot/engine/related.py; 1.0 switches
    # it off). Chosen on CoQA's tuning half with the two below (benchmarks/conversation.py).
    related_cutoff: float = 0.3
    related_limit: int = 3
    # A question word the article has: its related words within this cosine order the
    # sentences listed after the answer (never the answer itself), so that one saying it
    # in other words ("assault" for "attack") is listed (bot/engine/listing.py; 1.0
    # switches it off; --sweep-alternatives on CoQA's tuning half).
    alternative_cutoff: float = 0.15
    # The sentences listed after a stand-alone question's answer are ordered again: their
    # place on a log scale plus this many times their paragraph's share of the question
    # (bot/engine/followers.py; 0 switches it off). SQuAD v1.1 whole article, tuning half
    # top-3: 0 87.2, 0.6 87.3, 0.8-1.4 87.4-87.5, 2.0 87.0; held-out half 91.5 -> 91.8.
    follower_paragraph: float = 1.0
    # No "not sure" answer for a question more foreign to the article than this
    # (bot/engine/offtopic.py); the second limit for the languages other than English
    # (RelatedWords.strict_limits), whose foreignness counts rarity alone or closeness on
    # another table's scale.
    foreign_limit: float = 1.25
    foreign_limit_unrelated: float = 2.0
    # Any answer, even one matching a rare word of the question, is refused for a question
    # more foreign than this many times the limit above, counting words matched by their
    # spelling as the article's ("Who delivers quinoa by hovercraft?" where only
    # "delivers" is in the text). This and the three below: chosen together on CoQA's
    # tuning half (benchmarks/conversation.py --sweep-decision).
    refuse_foreign: float = 1.4
    # A follow-up that speaks of someone with a pronoun ("Where does he live?") and
    # matches nothing gets the sentence by the last answer, not sure, up to this
    # foreignness (bot/engine/confidence.py; negative: never).
    pronoun_foreign_limit: float = 2.5
    # ... when it has at most this many words of its own: a longer one describes whom it
    # asks about ("Who scored a triple century for his country?").
    pronoun_max_terms: int = 3
    # ... and up to this foreignness when it has one word of its own ("What's her
    # ethnicity?", "Who is she suing?": the pronoun says whom it asks about, the one rare
    # word what; a question about another story names its subject too). By
    # --sweep-carry: 3.0, 3.5 and none tie on the tuning half (+0.1 / +0.2 against 2.5),
    # none answers most.
    pronoun_one_word_limit: float = math.inf
    # ... and so does a fragment of a question ("In what city?", "What month?").
    elliptic_near_last: bool = True
    # How many words of the last turn's question a follow-up carries (its own words
    # first, then what it carried in turn). --sweep-carried, CoQA's tuning half, top-1 +
    # top-3: 4 132.0, 5 133.0, 6 133.7, 7 133.0, 8 132.7, 12 132.9, 24 132.9; top-1 rose
    # on both halves from 24 (the chain of earlier topics bent follow-ups) to 5-8.
    carried_words: int = 7
    # A follow-up none of whose words the article has still carries the last turn's
    # words up to this foreignness (scaled for languages without related words as the
    # off-topic limit is; bot/engine/conversation.py read_question) ...
    foreign_follow_up: float = 1.0
    # ... or this one when it speaks of someone with a pronoun and names nothing the
    # article lacks ("What is his position?"). Both by --sweep-carry on CoQA's tuning
    # half: carrying more lost top-1 (1.5 for pronoun ones: -1.7; 1.25 for the others:
    # -0.5 and 6 points fewer borrowed questions refused); the answer by the last one
    # (bot/engine/confidence.py) does better.
    pronoun_follow_up: float = 1.0

    def weight(self, name: str) -> float:
        return self.weights.get(name, 0.0)

    def without(self, *names: str) -> Tuning:
        """The same tuning with some evidence switched off (for ablations)."""
        return replace(self, weights={k: v for k, v in self.weights.items() if k not in names})


DEFAULT_TUNING = Tuning()


# Question words that say what kind of answer is wanted.
_NUMBER_CUES = word_set(
    "many much percent percentage viele viel wieviel combien cuántos cuántas cuánto сколько"
)
_DATE_CUES = word_set(
    "when year years century date wann jahr jahrhundert quand année siècle cuándo año siglo "
    "когда год"
)
_PERSON_CUES = word_set("who whom whose wer wem wen wessen qui quién quiénes кто кого кому")
_PLACE_CUES = word_set("where wo où dónde где")
# Words that give a reason, in the five languages (stems of one word or two-word phrases).
_REASON_MARKERS = CaselessPattern(
    r"\b(?:because|due to|reason|reasons|since|so that|in order to|as a result|caused|"
    r"weil|da |denn|grund|gründe|gründen|wegen|aufgrund|damit|deshalb|deswegen|infolge|"
    r"parce que|car|à cause|raison|raisons|afin de|grâce à|puisque|faute de|dûe? à|dus à|"
    r"porque|debido a|razón|razones|causa|ya que|para que|se debe a|dado que|puesto que|"
    r"потому что|из-за|так как|причин[аыоу]?\w*|поэтому|чтобы|поскольку|благодаря)"
)
# Words that name a reason: a sentence opening the next paragraph with one gives the
# reason for what the paragraph before said ("Als Grund nannte Weber…"); one there with
# a connective only ("caused by", "because") is as often about something else (CoQA).
_NAMED_REASON = CaselessPattern(
    r"\b(?:reason|reasons|grund|gründe|gründen|raison|raisons|razón|razones|motivo|motivos|"
    r"причин[аыоу]?\w*)\b"
)
# Words of the question that its answer does not repeat (left out of the fuzzy match).
_QUESTION_WORDS = word_set(
    "what which who whom whose when where why how did does do was were is are the a an of in "
    "was wer wem wen wessen wann wo warum wie welche welcher welches ist sind der die das "
    "que quoi qui quand où pourquoi comment quel quelle est le la les "
    "qué quién quiénes cuándo dónde por cómo cuál es el la los las "
    "что кто когда где почему как какой какая какие"
)
# Words of a follow-up that say nothing about what it asks ("And the new one?").
_FILLERS = word_set("and also so then else about und auch dann et alors puis y también и а")
# Negations and superlatives a bag of words cannot check.
_NEGATIONS = word_set(
    "not never no none without neither nor least fewest nicht nie kein keine ohne ne pas "
    "jamais sans no nunca sin ни не нет никогда без"
)
_CONTRACTED_NOT = re.compile(r"\w(?:n't|n’t)\b|\bcannot\b", re.IGNORECASE)

# English forms a stemmer cannot join ("met" → "meet"): groups of one word's forms.
_IRREGULAR_EN = (
    "arise arose arisen; awake awoke awoken; bear bore born borne; beat beat beaten; "
    "become became become; begin began begun; bend bent bent; bet bet bet; bind bound bound; "
    "bite bit bitten; bleed bled bled; blow blew blown; break broke broken; breed bred bred; "
    "bring brought brought; build built built; burn burnt burnt; burst burst burst; "
    "buy bought bought; catch caught caught; choose chose chosen; cling clung clung; "
    "come came come; cost cost cost; creep crept crept; cut cut cut; deal dealt dealt; "
    "dig dug dug; do did done; draw drew drawn; dream dreamt dreamt; drink drank drunk; "
    "drive drove driven; eat ate eaten; fall fell fallen; feed fed fed; feel felt felt; "
    "fight fought fought; find found found; flee fled fled; fling flung flung; "
    "fly flew flown; forbid forbade forbidden; forget forgot forgotten; "
    "forgive forgave forgiven; freeze froze frozen; get got gotten; give gave given; "
    "go went gone; grind ground ground; grow grew grown; hang hung hung; have had had; "
    "hear heard heard; hide hid hidden; hit hit hit; hold held held; hurt hurt hurt; "
    "keep kept kept; kneel knelt knelt; know knew known; lay laid laid; lead led led; "
    "lean leant leant; leap leapt leapt; learn learnt learnt; leave left left; "
    "lend lent lent; let let let; lie lay lain; light lit lit; lose lost lost; "
    "make made made; mean meant meant; meet met met; pay paid paid; prove proved proven; "
    "put put put; quit quit quit; read read read; ride rode ridden; ring rang rung; "
    "rise rose risen; run ran run; say said said; see saw seen; seek sought sought; "
    "sell sold sold; send sent sent; set set set; sew sewed sewn; shake shook shaken; "
    "shed shed shed; shine shone shone; shoot shot shot; show showed shown; "
    "shrink shrank shrunk; shut shut shut; sing sang sung; sink sank sunk; sit sat sat; "
    "slay slew slain; sleep slept slept; slide slid slid; speak spoke spoken; "
    "speed sped sped; spend spent spent; spin spun spun; spread spread spread; "
    "spring sprang sprung; stand stood stood; steal stole stolen; stick stuck stuck; "
    "sting stung stung; stink stank stunk; strike struck struck; strive strove striven; "
    "swear swore sworn; sweep swept swept; swim swam swum; swing swung swung; "
    "take took taken; teach taught taught; tear tore torn; tell told told; "
    "think thought thought; throw threw thrown; tread trod trodden; "
    "understand understood understood; undertake undertook undertaken; wake woke woken; "
    "wear wore worn; weave wove woven; weep wept wept; win won won; wind wound wound; "
    "withdraw withdrew withdrawn; write wrote written; overcome overcame overcome; "
    "overthrow overthrew overthrown; undergo underwent undergone; uphold upheld upheld; "
    "withstand withstood withstood; foresee foresaw foreseen; mislead misled misled; "
    "rebuild rebuilt rebuilt; forsake forsook forsaken; child children; man men; "
    "woman women; person people; mouse mice; foot feet; tooth teeth; goose geese"
)


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundreds?|thousands?|millions?|billions?|dozen|half)\b"
)
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]*")


@dataclass(frozen=True)
class Ranked:
    """One candidate sentence: rank score (relative) and confidence (absolute, 0..1)."""

    index: int
    score: float
    confidence: float
    # The part of the confidence that rests on related words only ("dead" for "killed"):
    # an answer that needs it to pass the threshold is shown "not sure".
    guessed: float = 0.0


@dataclass
class Evidence:
    """Per-sentence evidence for one question (arrays over the document's sentences)."""

    values: dict[str, FloatArray]  # ranking features, each scaled to the question's weight
    matched: FloatArray  # share of the question's terms in the sentence
    guessed: FloatArray  # ... of which only through related words
    window: FloatArray  # weighted coverage of the sentence with its neighbours
    candidates: IntArray  # sentences sharing at least one question term or phrase
    names: frozenset[str]  # names and numbers the question mentions
    negations: frozenset[str]  # the question's negations ("not", "never", "least")
    weight: float = 1.0  # the question's weight, by which the values are scaled

    @property
    def negated(self) -> bool:
        return bool(self.negations)

    def guessed_share(self, i: int) -> float:
        """The share of sentence ``i``'s matches made only through related words."""
        return float(self.guessed[i] / self.matched[i]) if self.matched[i] else 0.0


def _bm25_idf(df: FloatArray, n: int) -> FloatArray:
    idf: FloatArray = np.log1p((n - df + 0.5) / (df + 0.5))
    return idf


VARIANT_SIMILARITY = 0.9  # credit for an irregular form of the question's word
COMPOUND_SIMILARITY = 0.7  # credit for a word that begins with the question's ("fertig…")
_STEM_PREFIX = 5  # shorter stems begin too many unrelated words


@cache
def _irregular_variants(language: str) -> dict[str, frozenset[str]]:
    """stem → stems of the same word's other forms (English only for now)."""
    if language != "en":
        return {}
    variants: dict[str, frozenset[str]] = {}
    for group in _IRREGULAR_EN.split(";"):
        stems = frozenset(stem(w, language) for w in group.split())
        for s in stems:
            variants[s] = variants.get(s, frozenset()) | (stems - {s})
    return variants


class AnswerIndex:
    """Everything ranking needs about one Document, computed once from its terms."""

    def __init__(self, doc: Document) -> None:
        self.language = doc.language
        self.title = doc.title
        self.sentences: tuple[Sentence, ...] = doc.sentences
        n = len(doc.sentences)
        self.size = n
        vocab: dict[str, int] = {}
        term_ids = [[vocab.setdefault(t, len(vocab)) for t in s.terms] for s in doc.sentences]
        self.vocab = vocab
        self._body = frozenset(vocab)
        # Terms of the text and the title: a question using none other can be sure.
        self._known_terms = self._body | frozenset(terms(doc.title or "", doc.language))
        self.vocab_list: list[str] = list(vocab)
        # Raw words (stop words included) only feed phrase matching: hashes, no strings kept.
        raw_ids = [[hash(w) for w in words(s.text)] for s in doc.sentences]
        paragraph_ids: dict[int, int] = {}
        paragraph_of = np.array(
            [paragraph_ids.setdefault(s.paragraph, len(paragraph_ids)) for s in doc.sentences],
            dtype=np.int64,
        )
        self.paragraph_count = len(paragraph_ids)
        self.paragraph_of = paragraph_of

        lengths = np.array([len(i) for i in term_ids], dtype=np.int64)
        term_flat = np.fromiter(itertools.chain.from_iterable(term_ids), np.int64, lengths.sum())
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        self.post = Rows(term_flat, owner, len(vocab), n)
        self.para_post = Rows(term_flat, paragraph_of[owner], len(vocab), self.paragraph_count)
        self.pairs = Holders(*adjacent(term_flat, owner))
        raw_lengths = np.array([len(i) for i in raw_ids], dtype=np.int64)
        raw_flat = np.fromiter(itertools.chain.from_iterable(raw_ids), np.int64, raw_lengths.sum())
        raw_owner = np.repeat(np.arange(n, dtype=np.int64), raw_lengths)
        self.phrases = Holders(*adjacent(raw_flat, raw_owner))

        self.idf: FloatArray = _bm25_idf(np.diff(self.post.offsets).astype(np.float64), n)
        self.idf_missing = float(_bm25_idf(np.zeros(1), max(n, 1))[0])
        self.lengths: FloatArray = np.maximum(lengths, 1).astype(np.float64)
        self.avg_length = float(self.lengths.mean()) if n else 1.0
        para_len = np.bincount(paragraph_of, weights=self.lengths, minlength=self.paragraph_count)
        self.para_lengths: FloatArray = np.maximum(para_len, 1.0)
        same = np.zeros(n, dtype=bool)  # sentence i is in the paragraph of sentence i-1
        same[1:] = paragraph_of[1:] == paragraph_of[:-1]
        self.same_paragraph_as_previous = same
        self.referring = np.array([refers_back(s.text, doc.language) for s in doc.sentences])
        self.heading = heading_flags(doc.sentences)
        self.list_units = list_units(doc.sentences, self.heading.tolist())  # lead-in → items
        self.related = RelatedWords(doc.sentences, doc.language)
        self._words: frozenset[str] | None = None  # every word of the article, on first use
        self._bridges: npt.NDArray[np.bool_] | None = None  # see _bridging, on first use
        self._start_memos()
        # What the answer-kind cues and the confidence look for, per sentence.
        self.numbers = _PerSentence(doc.sentences, _numbers)
        self.dates = _PerSentence(doc.sentences, dates)
        self.durations = _PerSentence(doc.sentences, durations)
        self.names = _PerSentence(doc.sentences, _names)
        self.places = _PerSentence(doc.sentences, lambda text: _places(text, self.language))
        self.full_names = _PerSentence(doc.sentences, lambda text: _full_names(text, self.language))
        self.gives_reason = _PerSentence(doc.sentences, _gives_reason)
        self.word_sets = _PerSentence(doc.sentences, lambda text: frozenset(words(text)))
        # is_fragment of each sentence, from the word counts at hand.
        self.fragment: list[bool] = (raw_lengths <= FRAGMENT_WORDS).tolist()
        self.closes_quotation = _PerSentence(doc.sentences, continues_quotation)
        self.leans_back = _PerSentence(doc.sentences, lambda t: leans_on_before(t, self.language))
        self.definite = _PerSentence(doc.sentences, lambda t: _opens_definite(t, self.language))

    def _start_memos(self) -> None:
        """What questions worked out, for the next ones (bounded: see _remember)."""
        self._norms_of: dict[tuple[float, float], Norms] = {}
        self._stand_ins_of: dict[Hashable, list[_TermMatch]] = {}
        self._foreign_of: dict[tuple[str, Hashable], float] = {}
        self._term_evidence_of: dict[Hashable, tuple[list[_TermMatch], TermEvidence]] = {}
        self._related_evidence_of: dict[Hashable, dict[int, tuple[float, float]]] = {}
        self._long_terms: list[str] | None = None  # see _compounds, on first use
        self._forms: Forms | None = None  # see _stand_ins, on first use
        self._headings: tuple[list[int], list[str], list[int]] | None = None  # words, answer
        self._neighbours_of: tuple[list[bool], list[bool]] | None = None

    @classmethod
    def for_document(cls, doc: Document) -> AnswerIndex:
        """The cached index of ``doc``, built on first use."""
        return _CACHE.get(doc)

    # -- evidence ------------------------------------------------------------------------

    def _match_terms(
        self,
        qterms: Sequence[str],
        tuning: Tuning,
        raw: Mapping[str, str],
        *,
        related: bool = True,
    ) -> list[list[_TermMatch]]:
        """Each question term's stand-ins in the vocabulary: itself, its irregular forms
        ("met" for "meet"), or, when the article lacks it, related words ("dead" for
        "killed") and close spellings (typos). Kept per term: a conversation's turns carry
        the same words, and the questions about an article share many."""
        matches: list[list[_TermMatch]] = []
        related_words = related and tuning.related_cutoff < 1.0
        knobs = _matching_knobs(tuning)
        for q in qterms:
            word = raw.get(q)
            key = (q, word, related_words, *knobs)
            found = self._stand_ins_of.get(key)
            if found is None:
                found = self._stand_ins(q, word, tuning, related=related_words)
                _remember(self._stand_ins_of, key, found)
            matches.append(found)
        return matches

    def _stand_ins(
        self, q: str, word: str | None, tuning: Tuning, *, related: bool
    ) -> list[_TermMatch]:
        """``_match_terms`` for one term ``q``, stemmed from ``word`` (None: unknown)."""
        found: list[_TermMatch] = []
        tid = self.vocab.get(q)
        if tid is not None:
            found.append(_TermMatch(tid, 1.0))
        for form in _irregular_variants(self.language).get(q, ()):
            fid = self.vocab.get(form)
            if fid is not None:
                found.append(_TermMatch(fid, VARIANT_SIMILARITY))
        if not found and len(q) >= 4 and self.vocab_list:
            close = process.extract(
                q, self.vocab_list, scorer=fuzz.ratio, score_cutoff=tuning.fuzzy_cutoff, limit=3
            )
            if self._meant(word, tuning):  # another form of it ("longer"), not a neighbour
                head = q[:_STEM_PREFIX]
                close = [c for c in close if c[0].startswith(head) or head.startswith(c[0])]
            found = [_TermMatch(int(i), float(sim) / 100.0) for _, sim, i in close]
        if not found and len(q) >= _STEM_PREFIX:
            found = self._compounds(q)
        if not found:  # "coûtent" for "coût", "rieg" for "reg" (inflection.py)
            if self._forms is None:  # one pass over the vocabulary, on first use
                self._forms = Forms(self.vocab_list, self.language)
            forms = self._forms.of(q)
            found = [_TermMatch(self.vocab[t], FORM_SIMILARITY) for t in forms]
        if not found and word is not None and related:
            near = self.related.neighbours(word, tuning.related_cutoff, tuning.related_limit)
            found = [_TermMatch(self.vocab[n.term], n.similarity, True) for n in near]
        return found

    def _meant(self, word: str | None, tuning: Tuning) -> bool:
        """Whether a question word the article lacks is a real word of the language, whose
        close spellings are its other forms only, as opposed to a typo, which any close
        spelling may stand in for ("match" is not "marché", "long" is "longer")."""
        return word is not None and zipf(word, self.language) >= tuning.typo_zipf

    def _compounds(self, q: str) -> list[_TermMatch]:
        """Vocabulary terms that begin with a missing question term, or that it begins
        with: a compound or a derivation ("fertig" → "Fertigstellung"), the first three
        in the article; in German also those it ends ("Flohmarkt" → "Kinderflohmarkt").
        Measured on CoQA CNN: +0.2 top-1 as conversations and alone, no borrowed question
        answered more."""
        if self._long_terms is None:  # sorted, so that those beginning with q are a run
            self._long_terms = sorted(t for t in self.vocab if len(t) >= _STEM_PREFIX)
        ordered = self._long_terms
        prefixes = (q[:end] for end in range(_STEM_PREFIX, len(q) + 1))
        found = {self.vocab[p] for p in prefixes if p in self.vocab}
        at = bisect_left(ordered, q)
        while at < len(ordered) and ordered[at].startswith(q):
            found.add(self.vocab[ordered[at]])
            at += 1
        if self.language in HEAD_LAST:
            found.update(self.vocab[t] for t in ordered if t.endswith(q))
        return [_TermMatch(tid, COMPOUND_SIMILARITY) for tid in sorted(found)[:3]]

    def _norms(self, tuning: Tuning) -> Norms:
        """BM25's length norms for the tuning's k1 and b (kept for the next question)."""
        key = (tuning.k1, tuning.b)
        norms = self._norms_of.get(key)
        if norms is None:
            k1, b = key
            norm = k1 * (1.0 - b + b * self.lengths / self.avg_length)
            p_norm = k1 * (1.0 - b + b * self.para_lengths / float(self.para_lengths.mean()))
            norms = self._norms_of[key] = Norms(norm.tolist(), p_norm.tolist(), k1)
        return norms

    def _term_evidence(self, found: list[_TermMatch], tuning: Tuning) -> TermEvidence:
        """The evidence of a term whose stand-ins are ``found`` (kept per term, as those
        are: a conversation's turns carry the same words)."""
        key = (id(found), tuning.k1, tuning.b)
        kept = self._term_evidence_of.get(key)
        if kept is None or kept[0] is not found:  # the list is kept alive with it
            posts = (self.post, self.para_post)
            made = term_evidence(found, self.idf, posts, self._norms(tuning), self._neighbours())
            kept = (found, made)
            _remember(self._term_evidence_of, key, kept, _TERMS_KEPT)
        return kept[1]

    def _neighbours(self) -> tuple[list[bool], list[bool]]:
        """Per sentence: in the paragraph of the one before; leans on it (see evidence)."""
        if self._neighbours_of is None:
            same = self.same_paragraph_as_previous
            lift = (self.referring | self._bridging()) & same
            self._neighbours_of = (same.tolist(), lift.tolist())
        return self._neighbours_of

    def evidence(
        self, question: str, tuning: Tuning = DEFAULT_TUNING, *, cue: bool = True
    ) -> Evidence | None:
        """The evidence for every sentence, or None when the question has no usable terms
        (without ``cue``, the answer-kind cue is left at 0 for the caller to set)."""
        n = self.size
        qseq = asked_terms(question, self.language)
        qterms = list(dict.fromkeys(qseq))
        if not qterms or n == 0:
            return None
        matches = self._match_terms(qterms, tuning, question_words(question, self.language))
        # A term the article lacks weighs most; a stand-in weighs what it stands for.
        total = 0.0
        for found in matches:
            total += max((float(self.idf[m.term_id]) for m in found), default=self.idf_missing)
        each = [self._term_evidence(found, tuning) for found in matches]
        sums = term_sums(each, n, self.paragraph_count)
        bm25, para = sums.bm25, sums.para
        same = self.same_paragraph_as_previous

        values: dict[str, FloatArray] = {
            "bm25": bm25 / total,
            "coverage": np.minimum(sums.covered / total, 1.0),
            "lifted": np.minimum(sums.lifted / total, 1.0),
        }
        previous = np.zeros(n)
        previous[1:] = np.where(same[1:], values["bm25"][:-1], 0.0)
        values["previous"] = previous
        top_para = float(para.max())
        values["paragraph"] = (para / top_para)[self.paragraph_of] if top_para else np.zeros(n)

        qwords = question_tokens(question)
        pairs, phrases = self._pairs(qseq, qwords)
        values["term_pairs"] = pairs / total
        values["phrases"] = phrases / total

        candidates = ((bm25 > 0) | (phrases > 0)).nonzero()[0]  # flatnonzero's dispatch costs more
        names = _asked_names(question, self.language)
        values["cue"] = self.kind_cue(qwords, names, candidates) if cue else np.zeros(n)
        return Evidence(
            values=values,
            matched=sums.matched / len(qterms),
            guessed=sums.guessed / len(qterms),
            window=np.minimum(sums.window / total, 1.0),
            candidates=candidates,
            names=names,
            negations=_NEGATIONS.intersection(qwords),
            weight=total,
        )

    def _pairs(self, qseq: Sequence[str], qwords: Sequence[str]) -> tuple[FloatArray, FloatArray]:
        """Per sentence: the weight of the question's adjacent term pairs it holds
        adjacent, and of its adjacent word pairs (phrases)."""
        n = self.size
        ids = [self.vocab.get(t) for t in qseq]
        known = [(a, c) for a, c in itertools.pairwise(ids) if a is not None and c is not None]
        pairs = [0.0] * n  # summed in the same order as over arrays: the same floats
        for (ta, tc), held in zip(known, self.pairs.get_pairs(known), strict=True):
            weight = (self.idf[ta] + self.idf[tc]) / 2.0
            for i in held:
                pairs[i] += weight
        phrases = [0.0] * n
        said = [(hash(a), hash(c)) for a, c in set(itertools.pairwise(qwords))]
        for held in self.phrases.get_pairs(said):
            if held:
                weight = math.log1p((n - len(held) + 0.5) / (len(held) + 0.5))
                for i in held:
                    phrases[i] += weight
        return np.array(pairs, dtype=np.float64), np.array(phrases, dtype=np.float64)

    def kind_cue(
        self, qwords: Sequence[str], names: frozenset[str], candidates: IntArray
    ) -> FloatArray:
        """``cue``, but for "Who is Lavrov?" (the question's ``names`` and nothing else):
        the sentence that introduces them."""
        if names and asks_who_is(qwords, names):
            return self._introduction(names, candidates)
        return self.cue(qwords, candidates)

    def asks_who_is(self, question: str) -> bool:
        """Whether the question asks who the people it names are ("Who is Lavrov?"): it
        stands on its own, whatever was asked before."""
        qwords = question_tokens(question)
        if not opens_who_is(qwords):  # most questions: no names to look for
            return False
        names = _asked_names(question, self.language)
        return bool(names) and asks_who_is(qwords, names)

    def _introduction(self, names: frozenset[str], candidates: IntArray) -> FloatArray:
        """1 at the first of the candidates that names everyone ``names`` holds: where the
        article introduces them."""
        cue = np.zeros(self.size)
        first = next((i for i in sorted(candidates.tolist()) if names <= self.word_sets[i]), None)
        if first is not None:
            cue[first] = 1.0
        return cue

    def cue(self, qwords: Sequence[str], candidates: IntArray) -> FloatArray:
        """1 where the sentence holds the kind of answer asked for, beyond the question's words."""
        cue = np.zeros(self.size)
        asked = set(qwords)
        given = frozenset(qwords)
        if asked & _NUMBER_CUES or asks_amount(qwords):
            how_long = asks_duration(qwords)
            for i in candidates.tolist():
                cue[i] = bool(self.numbers[i] - given) or (
                    how_long and bool(self.durations[i] - given)
                )
        elif asked & _DATE_CUES or asks_date(qwords):
            for i in candidates.tolist():
                cue[i] = bool(self.dates[i] - given)
        elif asked & _PERSON_CUES:
            for i in candidates.tolist():
                cue[i] = any(not set(w.split()) <= given for w in self.full_names[i])
        elif asked & _PLACE_CUES:
            for i in candidates.tolist():
                cue[i] = bool(self.places[i] - given)
        elif why_asked(qwords):
            for i in candidates.tolist():
                cue[i] = self.gives_reason[i]
        return cue

    # -- ranking and confidence ----------------------------------------------------------

    @staticmethod
    def combine(values: Mapping[str, FloatArray], tuning: Tuning) -> FloatArray:
        score = np.zeros_like(values["bm25"])
        for name, weight in tuning.weights.items():
            if weight and name in values:
                score += weight * values[name]
        return score

    def confidence(self, i: int, ev: Evidence, tuning: Tuning, *, leads: bool = False) -> float:
        """How sure Brief is that sentence ``i`` answers: 0..1, compared with the threshold.
        ``leads``: ``i`` is the best-ranked candidate, the only one that can verify a
        negated question."""
        spread = max(float(ev.window[i] - ev.values["lifted"][i]), 0.0)
        missing = 0
        if ev.names:
            before = self.word_sets[i - 1] if i > 0 else _EMPTY
            unsaid = ev.names - self.word_sets[i] - before
            missing = len(unsaid - self.numbers[i]) if unsaid else 0
        penalty = (
            tuning.spread_penalty * spread
            + tuning.missing_name_penalty * missing
            + tuning.negation_penalty
            * (ev.negated and not (leads and self._says_negation(i, ev.negations)))
        )
        return float(ev.matched[i]) * math.exp(-penalty)

    def _says_negation(self, i: int, negations: frozenset[str]) -> bool:
        """Whether sentence ``i`` says the question's negation: "Who did not vote?" is
        not answered by "Everyone voted", but is by "Two members did not vote". Only the
        best-ranked sentence counts (SQuAD v1.1, whole article: it says it for 60 of the
        91 negated questions; SQuAD 2.0's unanswerable ones mostly add a "not" that the
        text lacks: 44 of 241; any of the leading candidates would verify most of them)."""
        if "not" in negations and _CONTRACTED_NOT.search(self.sentences[i].text):
            return True  # "didn't", "can't", "won't"
        return not negations.isdisjoint(self.word_sets[i])

    def rank(
        self,
        question: str,
        tuning: Tuning = DEFAULT_TUNING,
        *,
        near: int | None = None,
        focus: str | None = None,
    ) -> list[Ranked]:
        """The leading candidate sentences, best first (ties in article order).

        The fuzzy whole-string score and the confidence are computed for the first
        ``tuning.rerank_depth`` candidates only; the rest are not returned. ``near`` is
        where the conversation's last answer sits: a follow-up's answer is often close;
        ``focus`` is a follow-up's own question, when ``question`` carries earlier words.
        """
        return self._rank(question, tuning, near=near, focus=focus)[0]

    def _rank(
        self, question: str, tuning: Tuning, *, near: int | None, focus: str | None
    ) -> tuple[list[Ranked], tuple[Evidence, FloatArray] | None]:
        """``rank``, and the evidence and every sentence's score it ranked by."""
        ev = self.evidence(question, tuning, cue=False)
        if ev is None or ev.candidates.size == 0:
            return [], None
        added = self._near_window(ev, tuning, near=near, focus=focus)
        # The follow-up's own question word says what is asked ("Where did they meet?"
        # after "Who did Lavrov meet?"), not the one it carried.
        kind_of = focus if focus and asks_kind(question_tokens(focus)) else question
        kind_words = question_tokens(kind_of)
        asked_names = (
            _asked_names(kind_of, self.language) if focus and opens_who_is(kind_words) else ev.names
        )
        ev.values["cue"] = self.kind_cue(kind_words, asked_names, ev.candidates)
        score = self.combine(ev.values, tuning)
        score = self._lean_on_history(score, ev, tuning, near=near, focus=focus)
        head = _best_first(ev.candidates, score)[: tuning.rerank_depth]
        if tuning.fuzzy_depth and (tuning.weight("fuzzy_partial") or tuning.weight("fuzzy_set")):
            # rapidfuzz on the raw texts re-ranks the leaders: it sees word order, stop
            # words and spellings that the terms drop.
            asked = " ".join(w for w in question_tokens(question) if w not in _QUESTION_WORDS)
            partial, token_set = tuning.weight("fuzzy_partial"), tuning.weight("fuzzy_set")
            for i in head[: tuning.fuzzy_depth]:
                text = self.sentences[i].text.lower()
                score[i] += partial * fuzz.partial_ratio(asked, text) / 100
                score[i] += token_set * fuzz.token_set_ratio(asked, text) / 100
            head.sort(key=lambda i: (-float(score[i]), i))
        if asked_names and asks_who_is(kind_words, asked_names):
            # "Who is Jacob?": where the article introduces him ("said John Jacob, the
            # editor of…"), though a later, shorter mention scores higher.
            cue = ev.values["cue"]
            head.sort(key=lambda i: -float(cue[i]))  # stable: the rest keep their order
        ranked = []
        for n, i in enumerate(head):
            confidence = self.confidence(i, ev, tuning, leads=n == 0)
            if i in added and ev.values["cue"][i]:
                confidence = tuning.near_confidence
            ranked.append(Ranked(i, float(score[i]), confidence, confidence * ev.guessed_share(i)))
        # A follow-up's carried words are not what its asker knows from the article.
        if not focus:
            return self._adds_to_leader(ranked, ev, tuning), (ev, score)
        own = len(asked_terms(focus, self.language))
        if own:  # "And the city?", "Qu'est-ce qu'elle ajoute ?"
            holds = functools.partial(self._holds_own_words, focus)
            ranked = without_carried_headings(ranked, self.heading.__getitem__, holds)
            if near is not None and own <= GOES_ON_TERMS:
                ranked = goes_on(ranked, near, holds)
        return ranked, (ev, score)

    def _adds_to_leader(self, ranked: list[Ranked], ev: Evidence, tuning: Tuning) -> list[Ranked]:
        """The asker knows what the question repeats; the answer is what it adds. A
        leader holding only the repeated words gives way to the next sentence when that
        one leans on it and holds the rest: "Who was killed in the attack on the
        hospital?" → "The assault … left two female paramedics dead" after "…the recent
        attack on a Russian mobile hospital…". The two are one answer (the leader is shown
        as its context), as sure as the leader."""
        if not ranked:
            return ranked
        leader = ranked[0]
        j = leader.index + 1
        lifted, coverage = ev.values["lifted"], ev.values["coverage"]
        if (
            j >= self.size
            or ev.values["cue"][leader.index]  # it holds what is asked: "How much…?" → "240 euros"
            or not coverage[j]
            or lifted[j] <= coverage[j]
            or lifted[j] < coverage[leader.index] + _ADDS_MARGIN
        ):
            return ranked
        own = self.confidence(j, ev, tuning)
        adds = Ranked(j, leader.score, max(own, leader.confidence), own * ev.guessed_share(j))
        return [adds, *[r for r in ranked if r.index != j]]

    def _near_window(
        self, ev: Evidence, tuning: Tuning, *, near: int | None, focus: str | None
    ) -> frozenset[int]:
        """A follow-up's answer is most often by the last one, in words of its own: the
        sentences there join the candidates (the ones added are returned; their answer
        kind is still to be checked). "How old is he?" after his real name is answered by
        "The 74-year-old founder…", which shares no word with either question."""
        if not focus or near is None or not tuning.near_window:
            return frozenset()
        held = set(ev.candidates.tolist())
        stop = min(near + tuning.near_window + 1, self.size)
        window = [*range(max(near - 1, 0), stop), *self.lead(tuning)]
        added = [i for i in dict.fromkeys(window) if i not in held]
        if added:
            ev.candidates = np.array(sorted(held.union(added)), dtype=np.int64)
        return frozenset(added)

    def _lean_on_history(
        self,
        score: FloatArray,
        ev: Evidence,
        tuning: Tuning,
        *,
        near: int | None,
        focus: str | None,
    ) -> FloatArray:
        """A follow-up's ranking: its own words ("And the *new* one?") outweigh what it
        carried (plain words, since its few words are often stop words: "new", "one"),
        the sentence just shown loses when it lacks all of them or the kind of answer
        asked ("Where did they meet?" after the sentence that names whom), and the
        sentences close to the last answer gain."""
        score = score.copy()
        candidates = ev.candidates
        if focus and tuning.focus_weight:
            wanted = frozenset(question_tokens(focus)) - _QUESTION_WORDS - _FILLERS
            for i in candidates.tolist() if wanted else ():
                shared = len(wanted & self.word_sets[i])
                score[i] += tuning.focus_weight * shared / len(wanted)
        if focus and near is not None and 0 <= near < self.size and tuning.repeat_penalty:
            # Measured neutral on CoQA (tuning half -0.2 top-1, other half +0.1); it is what
            # makes "And the new one?" leave the old server and "What did they agree on?"
            # after "Who did Lavrov meet?" find the agreement rather than the meeting.
            lacks_kind = asks_kind(question_tokens(focus)) and not ev.values["cue"][near]
            repeats = not self._holds_own_words(focus, near) or lacks_kind
            score[near] -= tuning.repeat_penalty * repeats
        if near is not None and tuning.near_weight:
            score = score + self._near_bonus(near, tuning)
        return score

    def _near_bonus(self, near: int, tuning: Tuning) -> FloatArray:
        """Per sentence, the bonus for being close to the last answer, at ``near``: the
        distances in Python, since on a few dozen sentences numpy's calls cost more."""
        back, scale = tuning.near_back, tuning.near_scale
        exponents = [
            -((near - i) * back if i < near else i - near) / scale for i in range(self.size)
        ]
        bonus: FloatArray = tuning.near_weight * np.exp(np.array(exponents, dtype=np.float64))
        return bonus

    def lead(self, tuning: Tuning) -> range:
        """The article's first sentences (``tuning.lead_sentences``), headings aside: a
        news article's lead says who, what, where and when, and a conversation about it
        keeps coming back there ("What's her name?" after a detail of the trial)."""
        start = next((i for i in range(self.size) if not self.heading[i]), self.size)
        return range(start, min(start + tuning.lead_sentences, self.size))

    def _holds_own_words(self, focus: str, i: int) -> bool:
        """Whether sentence ``i`` holds a word of the follow-up ``focus`` itself: its
        terms, or its plain words when it has no terms ("And the new one?")."""
        own = asked_terms(focus, self.language)
        if own:
            variants = _irregular_variants(self.language)
            forms = {f for t in own for f in (t, *variants.get(t, ()))}  # "met" for "meet"
            return not forms.isdisjoint(self.sentences[i].terms)
        wanted = frozenset(question_tokens(focus)) - _QUESTION_WORDS - _FILLERS
        return not wanted or not wanted.isdisjoint(self.word_sets[i])

    def answer(
        self,
        question: str,
        top_k: int = 3,
        tuning: Tuning = DEFAULT_TUNING,
        *,
        near: int | None = None,
        focus: str | None = None,
    ) -> Answer:
        """The best sentence that passes the threshold, then the next best ones. Failing
        that, the best plausible sentence marked not sure; or not found.

        Followers need not pass the threshold themselves (the question is answered; they
        add context), but they must hold some of the question's terms. A question in the
        headline's words that the text lacks is asked in the headline's words (title.py).
        """
        found = self._answer_worded(question, top_k, tuning, near=near, focus=focus)
        if found.sure or not title_asks(focus or question, self.title, self.language):
            return found
        return self._opening(found, top_k, tuning)

    def _opening(self, found: Answer, top_k: int, tuning: Tuning) -> Answer:
        """The article's first sentence, for a question its headline asks ("Why did she
        move?" under "Why I moved my side project off the cloud"): the whole article
        answers, and its opening most directly. Not sure: one sentence stands for all."""
        first = next((i for i in range(self.size) if not self.heading[i]), None)
        if first is None:
            return found
        score = max(found.score, tuning.plausible)  # as plausible as a "not sure" answer
        opening = self.passage(Ranked(first, score, score))
        rest = [p for p in found.passages if p.sentence.index != first]
        passages = (opening, *rest[: max(top_k, 1) - 1])
        return Answer(found.question, True, passages, opening.score, sure=False)

    def _answer_worded(
        self,
        question: str,
        top_k: int,
        tuning: Tuning,
        *,
        near: int | None,
        focus: str | None,
    ) -> Answer:
        """``answer`` before the headline is asked: the question as worded, or in the
        headline's words (see there)."""
        headline = reworded(question, self.title, self._body, self.language)
        if headline is not None and self._asked_by_heading(focus or question) is not None:
            headline = None  # the article asks it itself: not a question for the headline
        as_asked: Answer | None = None
        if headline is None:
            as_asked = self._as_asked(question, top_k, tuning, near, focus)
            reason = reason_asked(question, self.title, self._body, self.language)
            if reason is None or (as_asked.found and _gives_reason(as_asked.sentences[0])):
                return as_asked
            headline = reason  # the text's answer gives no reason; the headline has one
        # Not listed in other words: a why-question takes the first of these that gives
        # a reason, and a sentence reached only in other words must not become its answer.
        found = self._answer(headline, _REASON_DEPTH, tuning, near=near, relist=False)
        if not found.found:  # nothing says what the headline says ("Why I moved my…")
            return as_asked or self._as_asked(question, top_k, tuning, near, focus)
        passages = list(found.passages)
        if asks_why(question):  # among the sentences that say what the headline says
            passages.sort(key=lambda p: not _gives_reason(p.sentence.text))
        del passages[max(top_k, 1) :]
        score = passages[0].score if passages else 0.0
        sure = (
            found.sure
            and score >= tuning.threshold
            and self._known_terms.issuperset(asked_terms(question, self.language))
        )
        return Answer(question, found.found, tuple(passages), score, sure=sure)

    def _as_asked(
        self, question: str, top_k: int, tuning: Tuning, near: int | None, focus: str | None
    ) -> Answer:
        """The answer to the question in its own words, a why-question's with its reason."""
        found = self._answer(question, top_k, tuning, near=near, focus=focus)
        if not asks_why(focus or question):
            return found
        return self._reason_beside(found, top_k, asked_terms(focus or question, self.language))

    def _reason_beside(self, found: Answer, top_k: int, asked: Sequence[str] = ()) -> Answer:
        """A why-answer that states the fact without its reason gives way to the sentence
        beside it that gives one, in the same paragraph: "…wird deutlich teurer als
        erwartet. Statt 40 … 58 Millionen. Als Gründe für die Mehrkosten nannte…"; one
        that only restates the question (``asked``), to the sentence after it (restated.py)."""
        if not found.found or _gives_reason(found.sentences[0]):
            return found
        first = found.passages[0]
        i = first.sentence.index
        for j in (i + 1, i + 2, i - 1, *self._next_opening(i)):
            if not 0 <= j < self.size or self.heading[j]:
                continue
            if not self.gives_reason[j] or not (
                self.paragraph_of[j] == self.paragraph_of[i] or j in self._next_opening(i)
            ):
                continue
            return self._first_instead(found, j, top_k)
        after = i + 1
        if (
            after < self.size
            and self.same_paragraph_as_previous[after]
            and restates(asked, first.sentence.terms)
        ):
            return self._first_instead(found, after, top_k)
        return found

    def _next_opening(self, i: int) -> tuple[int, ...]:
        """The first sentence of the paragraph after sentence ``i``'s, when it is at most
        three sentences on and names a reason: "…wird zwei Jahre später fertig. Das teilte
        … mit. Ursprünglich … ¶ Als Grund nannte Weber…"."""
        j = i + 1
        while j < self.size and j <= i + 3 and self.paragraph_of[j] == self.paragraph_of[i]:
            j += 1
        if j < self.size and j <= i + 3 and self.paragraph_of[j] == self.paragraph_of[i] + 1:
            return (j,) if _NAMED_REASON.search(self.sentences[j].text) else ()
        return ()

    def _first_instead(self, found: Answer, j: int, top_k: int) -> Answer:
        """``found`` with sentence ``j`` first, at the score of the sentence it replaces."""
        score = found.passages[0].score
        reason = self.passage(Ranked(j, score, score))
        rest = [p for p in found.passages if p.sentence.index != j]
        return replace(found, passages=(reason, *rest[: max(top_k, 1) - 1]))

    def _answer(
        self,
        question: str,
        top_k: int,
        tuning: Tuning,
        *,
        near: int | None = None,
        focus: str | None = None,
        relist: bool = True,
    ) -> Answer:
        """``answer`` for the question as worded (see there); ``relist``: the sentences
        after the best one are listed in other words too (``_listed``)."""
        found, scored = self._rank(question, tuning, near=near, focus=focus)
        ranked = self.answerable(found)
        heading = self._asked_by_heading(focus or question)
        if heading is not None:
            # The article asks the question itself and answers it under that heading. A
            # follow-up's other sentences come from the words it carried: none is shown.
            others = [] if focus else [r for r in ranked if r.index != heading.index]
            ranked = [heading, *others]
        sure_one = next((r for r in ranked if r.confidence >= tuning.threshold), None)
        sure = sure_one is not None
        best = sure_one
        if self.mentions_all_names(question) and self._familiar(focus or question, tuning):
            best = self._not_sure_best(focus or question, ranked, sure_one, tuning)
        if best is None or not self._answerable(focus or question, tuning):
            return Answer(question, False, (), 0.0, sure=False)
        if tuning.refuse_missing_names and not self.mentions_all_names(focus or question):
            return Answer(question, False, (), 0.0, sure=False)
        if tuning.refuse_another and self._asks_another(focus or question, best.index):
            return Answer(question, False, (), 0.0, sure=False)
        others = [r for r in ranked if r.index != best.index]
        if relist and heading is None and scored is not None and top_k > 1:
            others = self._listed(focus or question, ranked, best, scored, tuning) or others
        if scored is not None and top_k > 1 and focus is None:
            share = scored[0].values["paragraph"]
            weight, shown = tuning.follower_paragraph, max(top_k, 1) - 1
            others = by_paragraph(others, lambda r: float(share[r.index]), weight, shown)
        if focus is not None and near is not None and tuning.lead_sentences:
            others = places_first(others, best.index, near, self.lead(tuning))
        chosen = [best, *others[: max(top_k, 1) - 1]]
        asked = frozenset(asked_terms(focus or question, self.language))
        passages = tuple(self.passage(r, asked) for r in chosen)
        # Related words choose answers as well as the question's own words do (refusing
        # to let them make a sure one lost 1 top-1 on CoQA's held-out half), but an answer
        # that rests on them is shown as a guess.
        sure = (
            sure
            and sure_one is not None
            and sure_one.confidence - sure_one.guessed >= tuning.threshold
        )
        return Answer(question, True, passages, passages[0].score, sure=sure)

    def _listed(
        self,
        question: str,
        ranked: Sequence[Ranked],
        best: Ranked,
        scored: tuple[Evidence, FloatArray],
        tuning: Tuning,
    ) -> list[Ranked]:
        """The candidates to list after ``best``, ordered again with the related words of
        the question's own words that the article has (bot/engine/listing.py); empty when
        those add nothing."""
        ev, score = scored
        gain = self._alternative_gain(question, ev, tuning)
        if not gain.keys() - {best.index}:
            return []
        by_index = {r.index: r for r in ranked}
        fresh = (i for i in sorted(gain) if i not in by_index)
        reached = self.answerable(
            [Ranked(i, float(score[i]), ALTERNATIVE_CONFIDENCE) for i in fresh]
        )
        for r in reached:
            by_index.setdefault(r.index, r)
        order = relisted(((i, r.score) for i, r in by_index.items()), gain, best.index)
        return [by_index[i] for i in order]

    def _alternative_gain(self, question: str, ev: Evidence, tuning: Tuning) -> dict[int, float]:
        """What the related words of ``question``'s own words that the article has add to
        each sentence's score (``Tuning.alternative_cutoff``)."""
        if tuning.alternative_cutoff >= 1.0 or not self.related.bridged:
            return {}
        raw = question_words(question, self.language)
        pairs = []
        matches = self._match_terms(list(raw), tuning, raw)  # each term's, as ranking's
        for (q, word), found in zip(raw.items(), matches, strict=True):
            if not found or found[0].related:
                continue  # the article lacks the word: related words stood in already
            related = self._related_evidence(q, word, found, tuning)
            if related:
                pairs.append((self._term_evidence(found, tuning), related))
        bm25, coverage = tuning.weight("bm25"), tuning.weight("coverage")
        return alternative_gain(pairs, bm25, coverage, ev.weight)

    def _related_evidence(
        self, q: str, word: str, found: list[_TermMatch], tuning: Tuning
    ) -> dict[int, tuple[float, float]]:
        """Per sentence, the evidence of the article's words related to ``word`` (the
        question's, of term ``q``, which the article has as ``found``) other than those
        (``listing.related_held``); kept per term, as its stand-ins are."""
        key = (q, word, *_matching_knobs(tuning), tuning.alternative_cutoff, tuning.k1, tuning.b)
        made = self._related_evidence_of.get(key)
        if made is None:
            have = {m.term_id for m in found}
            near = self.related.neighbours(word, tuning.alternative_cutoff, tuning.related_limit)
            stand_ins = ((self.vocab[n.term], n.similarity) for n in near)
            matches = [_TermMatch(i, close, True) for i, close in stand_ins if i not in have]
            made = related_held(matches, self.idf, self.post, self._norms(tuning))
            _remember(self._related_evidence_of, key, made)
        return made

    def _not_sure_best(
        self, question: str, ranked: Sequence[Ranked], sure_one: Ranked | None, tuning: Tuning
    ) -> Ranked | None:
        """The sentence to show when a "not sure" answer is allowed: the best-ranked one
        from the ``lead`` confidence, even when a lower one is sure (+1.4 top-1 on SQuAD
        v1.1, level on CoQA) or merely plausible, or when the question is long."""
        plausible = next((r for r in ranked if r.confidence >= tuning.plausible), None)
        long = plausible is None and self._long_question(question, ranked, tuning)
        if sure_one is None and not long and (plausible is None or not tuning.lead_not_sure):
            return plausible
        fallback = sure_one or plausible or ranked[0]
        return next((r for r in ranked if r.confidence >= tuning.lead), fallback)

    def _asks_another(self, question: str, i: int) -> bool:
        """Whether sentence ``i`` speaks of another thing than the question asks about:
        "What committees exist in the fifth Session?" → "… in the fourth Session are …"
        (bot/engine/mismatch.py). Such a sentence's match is not an answer, sure or not:
        on all SQuAD articles it refuses 58 more of SQuAD 2.0's unanswerable questions
        (20.7% → 23.7%) for 4 first sentences and 7 top-3 answers of SQuAD v1.1's 3,055
        questions (benchmarks/answers.py --sweep-decision)."""
        return asks_another(question, self.sentences[i].text, self.language)

    def _long_question(self, question: str, ranked: Sequence[Ranked], tuning: Tuning) -> bool:
        """A long question ("Which Russian-born designer's rug with a pattern of stars is
        in the museum's textile collection?") names what it asks about in words of its
        own that the article need not share: a sentence above its lower bar (or, with
        ``long_question_terms``, the one sharing the most of its terms) relates, unless
        the best-ranked sentence lacks a negation the question asks."""
        if not ranked:
            return False
        many = tuning.long_question_terms
        by_terms = bool(many) and len(set(asked_terms(question, self.language))) >= many
        if not by_terms and not self._described_at_length(question, ranked, tuning):
            return False
        negations = _NEGATIONS.intersection(question_tokens(question))
        return not negations or self._says_negation(ranked[0].index, negations)

    def _described_at_length(self, question: str, ranked: Sequence[Ranked], tuning: Tuning) -> bool:
        """Whether a sentence passes the lower bar of a question longer than
        ``tuning.long_question_words`` (bot/engine/plausible.py) that is not foreign: a
        long question from another story is, one written from the article mostly is not."""
        bar = plausible_bar(
            question, tuning.plausible, tuning.long_question_words, tuning.long_question_decay
        )
        if bar >= tuning.plausible or max(r.confidence for r in ranked) < bar:
            return False
        limit = self._foreign_limit(tuning) * tuning.long_question_foreign
        return self.foreignness(question) <= limit

    def sentence_count(self, term: str) -> int:
        """How many of the article's sentences hold ``term``."""
        tid = self.vocab.get(term)
        return 0 if tid is None else int(self.post.offsets[tid + 1] - self.post.offsets[tid])

    def foreignness(self, question: str, vocabulary: Container[str] | None = None) -> float:
        """How foreign the question's words are to this article (bot/engine/offtopic.py),
        counting as the article's the terms of ``vocabulary`` (by default its own)."""
        if vocabulary is not None and not isinstance(vocabulary, _Spelled):
            return foreignness(question, self.language, vocabulary, self.related)
        # Asked several times a turn: kept per question and vocabulary.
        key = (question, None if vocabulary is None else vocabulary.knobs)
        found = self._foreign_of.get(key)
        if found is None:
            known = self.vocab if vocabulary is None else vocabulary
            found = foreignness(question, self.language, known, self.related)
            _remember(self._foreign_of, key, found)
        return found

    def _familiar(self, question: str, tuning: Tuning) -> bool:
        """Whether the question is not too foreign for a "not sure" answer (the related
        words' table is loaded only for a question with a word the article lacks)."""
        foreign = self.foreignness(question)
        return not foreign or foreign <= self._foreign_limit(tuning)

    def _answerable(self, question: str, tuning: Tuning) -> bool:
        """Whether the question is not too foreign for any answer: a word ranking matched
        by its form or spelling ("designd", "fertiggestellt") is not foreign here."""
        spelled = _Spelled(self, tuning, question_words(question, self.language))
        foreign = self.foreignness(question, spelled)
        return not foreign or foreign <= self._foreign_limit(tuning) * tuning.refuse_foreign

    def _foreign_limit(self, tuning: Tuning) -> float:
        return (
            tuning.foreign_limit if self.related.strict_limits else tuning.foreign_limit_unrelated
        )

    def _asked_by_heading(self, question: str) -> Ranked | None:
        """The text under a heading that asks (nearly) the same question: "Would she do
        it again?" → under "Would I do it again?", "Yes, without hesitation."; "What did
        she try first?" → under "What I tried first"."""
        if self._headings is None:
            # A list's lead-in heads it too ("You will need:"), and answers with it.
            leads = lead_ins(self.sentences, self.list_units)
            at = sorted({*np.flatnonzero(self.heading).tolist(), *leads})
            under = [i if i in leads else i + 1 for i in at]
            self._headings = (at, [" ".join(words(self.sentences[i].text)) for i in at], under)
        headings, texts, under = self._headings
        if not headings:
            return None
        asked = " ".join(question_tokens(question))
        found = process.extractOne(asked, texts, scorer=fuzz.ratio, score_cutoff=HEADING_SIMILARITY)
        if found is not None:
            return Ranked(under[found[2]], float("inf"), 1.0)
        same = [
            k
            for k, i in enumerate(headings)
            if asks_same(question, self.sentences[i].text, self.language)
        ]
        if len(same) == 1:
            return Ranked(under[same[0]], float("inf"), 1.0)
        return None if same else self._narrowed_heading(question, headings)

    def _narrowed_heading(self, question: str, headings: list[int]) -> Ranked | None:
        """The sentence of a section that holds what the question asks beyond the section's
        heading ("Сколько стоил ремонт?" → under "Сколько это стоило", "На ремонт
        помещения ушло 800 тысяч рублей."), when one heading alone is narrowed so."""
        found = []
        for h in headings:
            rest = narrows(question, self.sentences[h].text, self.language)
            end = next((j for j in headings if j > h), self.size)
            held = [i for i in range(h + 1, end) if rest and rest.issubset(self.sentences[i].terms)]
            if held:
                found.append(held[0])
        return Ranked(found[0], float("inf"), 1.0) if len(found) == 1 else None

    def mentions_all_names(self, question: str) -> bool:
        """Whether the article mentions every name and number of the question: one about
        Peru is not plausibly answered by an article that never names Peru."""
        names = _asked_names(question, self.language)
        if not names:
            return True
        if self._words is None:
            # Numbers as the question's are found: "17" in "the 17th century".
            said = (f(s.text) for s in self.sentences for f in (words, _NUMBER.findall))
            self._words = frozenset(itertools.chain.from_iterable(said))
        return names <= self._words

    def answerable(self, ranked: Sequence[Ranked]) -> list[Ranked]:
        """Candidates that can be shown as answers: a question heading stands for the text
        under it ("Would I do it again?" → "Yes, without hesitation."), and a fragment of
        a few words is never an answer alone."""
        out: dict[int, Ranked] = {}
        for r in ranked:
            if r.confidence <= 0:
                continue
            if self.heading[r.index]:
                r = replace(r, index=r.index + 1)
            elif (
                self.fragment[r.index]
                and not (r.index > 0 and self.heading[r.index - 1])
                and r.index not in self.list_units  # "You will need:" answers with its list
            ):
                continue
            out.setdefault(r.index, r)
        return list(out.values())

    def passage(self, ranked: Ranked, asked: frozenset[str] = frozenset()) -> Passage:
        """The sentence with its neighbours. ``before`` only when the sentence leans on it:
        a word that points back ("He said…", "However, … his request"), the heading it
        sits under, or a definite opener that needs the sentence before (``_leans_for``,
        with the question's terms ``asked``)."""
        i = ranked.index
        leans = i > 0 and (
            bool(self.heading[i - 1])
            or (
                self._says_something(i - 1)
                and (
                    ((bool(self.referring[i]) or self.closes_quotation[i]) and self.leans_back[i])
                    or self._leans_for(i, asked)
                )
            )
        )
        before = self.sentences[i - 1] if leans else None
        after = self.sentences[i + 1] if i + 1 < self.size else None
        rest = tuple(self.sentences[j] for j in self.list_units.get(i, ()))
        score = round(min(ranked.confidence, 1.0), 4)
        return Passage(self.sentences[i], before, after, score, rest)

    def _says_something(self, i: int) -> bool:
        """Whether sentence ``i`` can be shown as context: more than a fragment, or a short
        answer under a heading or a question ("Yes."), not a dateline ("Bergheim.")."""
        if not self.fragment[i]:
            return True
        return i > 0 and (bool(self.heading[i - 1]) or self.sentences[i - 1].text.endswith("?"))

    def _bridging(self) -> npt.NDArray[np.bool_]:
        """Sentences that open with a definite naming something new to the article ("The
        assault happened…" after "the recent attack"): they lean on the one before."""
        if self._bridges is None:
            self._bridges = np.array([self._names_new(i) for i in range(self.size)], dtype=bool)
        return self._bridges

    def _names_new(self, i: int) -> bool:
        if i == 0 or not self.same_paragraph_as_previous[i] or not self.definite[i]:
            return False
        sentence = self.sentences[i]
        named = words(sentence.text[:40])[1:2]
        if not named or not named[0].islower() or not sentence.terms:
            return False
        head = [t for t in sentence.terms[:2] if t in self.vocab]
        return all(int(self.post.row(self.vocab[t])[0][0]) == i for t in head)

    def _leans_for(self, i: int, asked: frozenset[str]) -> bool:
        """Whether a definite opener ("The …", in the paragraph of the sentence before)
        leans on that sentence: when the sentence before holds question terms this one
        lacks, or when the thing named is new to the article, so that it must be what the
        sentence before spoke of in other words ("The assault happened…" after "the attack
        on a hospital"). "The old server cost me…" after "a rented virtual server" names
        its thing again, and "The Pi…", "The Russian minister…" are names."""
        if not self.same_paragraph_as_previous[i] or not self.definite[i]:
            return False
        lacking = asked - frozenset(self.sentences[i].terms)
        return bool(lacking & frozenset(self.sentences[i - 1].terms)) or self._names_new(i)


_MEMO_LIMIT = 2048  # entries an index keeps of each kind of work done for questions
# ... and of terms' evidence, the largest (on a long article a common term's is tens of
# tuples): enough for a conversation's carried words.
_TERMS_KEPT = 32
_K = TypeVar("_K", bound=Hashable)


def _remember(memo: dict[_K, _T], key: _K, value: _T, limit: int = _MEMO_LIMIT) -> None:
    """Keep ``value`` for ``key``, forgetting everything once the memo holds ``limit``."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value


class _Spelled:
    """An article's terms, and the terms that ranking matches to them by form, spelling
    or compound (``AnswerIndex._match_terms`` without related words) for a question whose
    terms stem from ``asked`` (``question_words``)."""

    __slots__ = ("_asked", "_index", "_tuning")

    def __init__(self, index: AnswerIndex, tuning: Tuning, asked: Mapping[str, str]) -> None:
        self._index = index
        self._tuning = tuning
        self._asked = asked

    @property
    def knobs(self) -> Hashable:  # all that matching by spelling depends on
        return (self._tuning.fuzzy_cutoff, self._tuning.typo_zipf)

    def __contains__(self, term: object) -> bool:
        if not isinstance(term, str):
            return False
        if term in self._index.vocab:
            return True
        # The stand-ins ranking found for the term (kept): related words stand in only
        # for a term that nothing matches by form or spelling.
        found = self._index._match_terms([term], self._tuning, self._asked)[0]
        return any(not m.related for m in found)


class _PerSentence(Generic[_T]):
    """A feature of a sentence's text, computed when first asked for and then kept.

    Ranking asks for the candidate sentences only: computing these regex features for
    every sentence was half the time of building an index, and a question across a
    library builds indexes for several articles. Threads may race to fill an entry;
    they compute the same value.
    """

    __slots__ = ("_compute", "_sentences", "_values")

    def __init__(self, sentences: Sequence[Sentence], compute: Callable[[str], _T]) -> None:
        self._sentences = sentences
        self._compute = compute
        self._values: dict[int, _T] = {}

    def __getitem__(self, i: int) -> _T:
        try:
            return self._values[i]
        except KeyError:
            value = self._values[i] = self._compute(self._sentences[i].text)
            return value


_DEFINITE = {
    "en": word_set("the"),
    "de": word_set("der die das den dem des"),
    "fr": word_set("le la les l"),
    "es": word_set("el la los las"),
    "ru": word_set("этот эта это эти"),
}
_ADDS_MARGIN = 0.2  # question weight the leaning sentence must add (0.1: SQuAD v1.1 top-1 -0.5)


def _opens_definite(text: str, language: str) -> bool:
    """Whether a sentence opens with a definite article ("The …")."""
    first = words(text[:20])[:1]
    return bool(first) and first[0] in _DEFINITE.get(language, _DEFINITE["en"])


_REASON_DEPTH = 8  # candidates searched for a reason under a headline's words
HEADING_SIMILARITY = 80.0  # rapidfuzz ratio of a question to a heading that asks it


# A name after a preposition of place ("in Hamburg", "from the Organization", "im Rathaus",
# "à Paris", "en Madrid", "в Москве"): where something happened, not who did it.
_PLACE_PREPOSITIONS = {
    "en": "in|at|near|from|outside|inside|across|into|around",
    "de": "in|im|am|an|bei|nach|aus|auf|vor",
    "fr": "à|au|aux|en|dans|près de|depuis",
    "es": "en|cerca de|desde|hacia",
    "ru": "в|во|на|из|под|около|у",
}
_ARTICLE_OR_WORD = r"(?:[^\W\d_]+\s+)?"


@cache
def _place_pattern(language: str) -> re.Pattern[str]:
    prepositions = _PLACE_PREPOSITIONS.get(language, _PLACE_PREPOSITIONS["en"])
    return re.compile(
        rf"(?<![\w-])(?i:{prepositions})\s+{_ARTICLE_OR_WORD}([A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]*)",
    )


def _places(text: str, language: str) -> frozenset[str]:
    """Lower-cased names that follow a preposition of place."""
    found = _place_pattern(language).findall(text)
    return frozenset(w.lower() for w in found) if found else _EMPTY


_KIND_CUES = _NUMBER_CUES | _DATE_CUES | _PERSON_CUES | _PLACE_CUES  # and why (title.py)


def asks_kind(qwords: Sequence[str]) -> bool:
    """Whether a question's words ask for a kind of answer (a number, date, person,
    place or reason) that a sentence can be checked for."""
    return (
        not _KIND_CUES.isdisjoint(qwords)
        or why_asked(qwords)
        or asks_amount(qwords)
        or asks_date(qwords)
    )


def _gives_reason(text: str) -> bool:
    return _REASON_MARKERS.search(text)


_FULL_NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]+(?: [A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]+)+")


def _full_names(text: str, language: str) -> tuple[str, ...]:
    """Runs of two or more capitalised words ("John Kerry"): how people are usually named.
    A run's opening stop words are capitalised by where they stand, not as a name: "(CNN)
    -- Three Pakistani cricketers…" names no one, so it does not answer "Who?"."""
    common = stop_words(language)
    found = []
    for run in _FULL_NAME.findall(text.strip()):
        parts = run.lower().split()
        while parts and parts[0] in common:
            del parts[0]
        if len(parts) >= 2:
            found.append(" ".join(parts))
    return tuple(found)


_EMPTY: frozenset[str] = frozenset()


# Candidates ordered in Python up to this many; numpy's lexsort is cheaper beyond.
_SORTED_IN_PYTHON = 64


def _best_first(candidates: IntArray, score: FloatArray) -> list[int]:
    """The candidate sentences by score, best first, ties in article order."""
    if candidates.size > _SORTED_IN_PYTHON:
        ordered: list[int] = candidates[np.lexsort((candidates, -score[candidates]))].tolist()
        return ordered
    values = score[candidates].tolist()
    at = candidates.tolist()
    order = sorted(range(len(values)), key=lambda k: (-values[k], at[k]))
    return [at[k] for k in order]


def _matching_knobs(tuning: Tuning) -> tuple[float, ...]:
    """The knobs that decide which vocabulary terms stand in for a question term."""
    return (tuning.fuzzy_cutoff, tuning.typo_zipf, tuning.related_cutoff, tuning.related_limit)


def _numbers(text: str) -> frozenset[str]:
    found = _NUMBER.findall(text)
    found.extend(w for w in _NUMBER_WORD.findall(text.lower()))
    return frozenset(found) if found else _EMPTY


# The last questions' (see terms.asked_terms): answering one asks twice or three times.
@lru_cache(maxsize=64)
def _asked_names(question: str, language: str) -> frozenset[str]:
    """The names and numbers a question mentions. German capitalises every noun:
    capitals there do not mark names."""
    names = _EMPTY if language == "de" else _names(question, skip_first=True)
    return names | frozenset(_NUMBER.findall(question))


def _names(text: str, skip_first: bool = False) -> frozenset[str]:
    """Lower-cased capitalised words, without the sentence's (or question's) opening word.
    None in a text written in capitals ("WHO DID HE SHOOT?"): there they mark nothing."""
    if text.isupper():
        return _EMPTY
    found = _CAPITALISED.findall(text.strip())
    if found and (skip_first or text.strip().startswith(found[0])):
        found = found[1:]
    names = frozenset(w for name in found for w in words(name))
    return names if names else _EMPTY


class _Key:
    """A content key that hashes its tuple once: an article's is its every sentence, and
    each question looks its index up by it."""

    __slots__ = ("_hash", "content")

    def __init__(self, content: tuple[object, ...]) -> None:
        self.content = content
        self._hash = hash(content)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and (self is other or self.content == other.content)


class _IndexCache:
    """Built indexes in an LRU bounded by documents and by sentences (memory).

    Found by Document identity first (cheap), then by content: Documents rebuilt from
    storage for each question are new objects with the same content, and the content key
    (language, sentence texts, paragraphs) finds their index without rebuilding it.
    """

    def __init__(self, max_documents: int = 64, max_sentences: int = 20_000) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[int, Hashable] = {}  # id(doc) → content key, while doc lives
        self._entries: OrderedDict[Hashable, AnswerIndex] = OrderedDict()
        self._sentences = 0
        self._max_documents = max_documents
        self._max_sentences = max_sentences
        self.builds = 0

    @staticmethod
    def _content_key(doc: Document) -> Hashable:
        return _Key(
            (
                doc.language,
                doc.title,
                tuple(s.text for s in doc.sentences),
                tuple(s.paragraph for s in doc.sentences),
            )
        )

    def _lookup(self, key: Hashable) -> AnswerIndex | None:
        index = self._entries.get(key)
        if index is not None:
            self._entries.move_to_end(key)
        return index

    def get(self, doc: Document) -> AnswerIndex:
        with self._lock:
            key = self._by_id.get(id(doc))
            index = self._lookup(key) if key is not None else None
            if index is not None:
                return index
        key = self._content_key(doc)
        with self._lock:
            index = self._lookup(key)
        if index is None:
            index = AnswerIndex(doc)  # outside the lock: other chats keep answering
            log.debug("built answer index for %d sentences", index.size)
        with self._lock:
            if id(doc) not in self._by_id:
                weakref.finalize(doc, self._forget, id(doc))
            self._by_id[id(doc)] = key
            if key not in self._entries:
                self.builds += 1
                self._entries[key] = index
                self._sentences += index.size
                while len(self._entries) > 1 and (
                    len(self._entries) > self._max_documents
                    or self._sentences > self._max_sentences
                ):
                    _, evicted = self._entries.popitem(last=False)
                    self._sentences -= evicted.size
            return index

    def _forget(self, doc_id: int) -> None:
        with self._lock:
            self._by_id.pop(doc_id, None)


_CACHE = _IndexCache()


def index_builds() -> int:
    """How many answer indexes were built so far (for tests and diagnostics)."""
    return _CACHE.builds


def answer_question(doc: Document, question: str, top_k: int = 3) -> Answer:
    """Answer ``question`` from ``doc``: the best sentences with neighbours, or not found."""
    return AnswerIndex.for_document(doc).answer(question, top_k)


__all__ = [
    "DEFAULT_TUNING",
    "DEFAULT_WEIGHTS",
    "AnswerIndex",
    "Ranked",
    "Tuning",
    "answer_question",
    "index_builds",
]
