"""Related words: the article's words that mean what a question's missing word means.

People ask in their own words ("Who was killed?") and the article has its own ("…left
two paramedics dead"). When a question's word is not in the article, the article words
closest to it in a table of static word vectors stand in for it, weighted by how close
they are. The table is the token embedding matrix that the ``wordllama`` package ships
in its wheel (Llama 2's 32,000 tokens, 256 dimensions, trained so that averaged tokens
compare texts); a word's vector is the mean of its tokens' vectors. Nothing is
downloaded: the files are read from the installed package, once, on first use.

Deterministic and cheap: one dot product per article word for each missing question
word. The tokenizer splits German, French, Spanish and Russian words into fragments whose
mean says little (measured: "teurer" / "Mehrkosten" -0.06, "tués" / "morts" -0.07), so
French and Russian use whole-word tables that packages ship (bot/engine/word_tables.py),
and German and Spanish, for which no package ships one, get no stand-ins.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from bot.engine import word_tables
from bot.engine.terms import asked_words, stem, stop_words, words
from bot.engine.types import Sentence

FloatArray = npt.NDArray[np.float32]

# Languages whose words a table represents well enough to bridge (see above).
BRIDGED_LANGUAGES = frozenset({"en"}) | word_tables.LANGUAGES
_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
_RECENT_WORDS = 32  # per article


class _Table:
    """The token vectors and the tokenizer that splits a word into tokens."""

    def __init__(self, root: Path) -> None:
        from safetensors.numpy import load_file  # both come with wordllama
        from tokenizers import Tokenizer

        # Kept as shipped (float16, 16 MB); the rows a word needs are widened when used.
        self.vectors: npt.NDArray[np.float16] = load_file(str(root / _WEIGHTS))["embedding.weight"]
        self.tokenizer = Tokenizer.from_file(str(root / _TOKENIZER))
        self.lock = threading.Lock()  # a Rust tokenizer shared by threads: one caller at a time

    def embed(self, items: Sequence[str]) -> FloatArray:
        """Unit vectors of ``items``, each the mean of its tokens' vectors (a row of
        zeros for an item with no token)."""
        with self.lock:  # one word at a time: encode_batch would start a thread pool
            encodings = [self.tokenizer.encode(w, add_special_tokens=False) for w in items]
        counts = np.array([len(e.ids) for e in encodings], dtype=np.int64)
        out = np.zeros((len(items), self.vectors.shape[1]), dtype=np.float32)
        if not counts.any():
            return out
        ids = np.fromiter((i for e in encodings for i in e.ids), np.int64, int(counts.sum()))
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        present = counts > 0
        sums = np.add.reduceat(self.vectors[ids].astype(np.float32), starts[present], axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        out[present] = sums / np.where(norms > 0, norms, 1.0)
        return out

    def word(self, word: str) -> FloatArray:
        """The unit vector of one word (a question's), kept for the next question."""
        return _word_vector(self, word)

    def calibrate(self, cosines: FloatArray) -> FloatArray:
        """The scale the other tables are mapped onto (bot/engine/word_tables.py)."""
        return cosines


@lru_cache(maxsize=8192)
def _word_vector(table: _Table, word: str) -> FloatArray:
    vector: FloatArray = table.embed([word])[0]
    vector.flags.writeable = False  # shared by every caller
    return vector


@cache
def _table() -> _Table | None:
    """The table, or None when wordllama is not installed (then nothing is bridged)."""
    root = word_tables.package_root("wordllama")  # its files only: importing it is slow
    if root is None or not (root / _WEIGHTS).is_file() or not (root / _TOKENIZER).is_file():
        return None
    return _Table(root)


def _language_table(language: str) -> _Table | word_tables.WordTable | None:
    """The table that bridges ``language``: English's tokens, or another's whole words."""
    return _table() if language == "en" else word_tables.table(language)


@dataclass(frozen=True)
class Neighbour:
    term: str  # the article's ranking term (stem) that stands in
    similarity: float  # cosine of the two words' vectors


class RelatedWords:
    """One article's words as vectors, built on first use: most questions never need
    them (only those with a word the article lacks)."""

    def __init__(self, sentences: Iterable[Sentence], language: str) -> None:
        self.language = language
        self._sentences = tuple(sentences)
        self._terms: list[str] = []  # the ranking term of each row of _vectors
        self._vectors: FloatArray | None = None
        self._lock = threading.Lock()
        # The similarities of the last question words: ranking and foreignness both ask.
        self._recent: OrderedDict[str, FloatArray] = OrderedDict()

    @property
    def bridged(self) -> bool:
        """Whether this article's language has related words at all."""
        return self.language in BRIDGED_LANGUAGES and _language_table(self.language) is not None

    @property
    def strict_limits(self) -> bool:
        """Whether the off-topic limits chosen with related words apply: English only.
        French and Russian have related words too but keep the limits of the languages
        without: on texts written for it that put the right sentence first for 3 more of
        33 questions in people's words, and answered one of 40 off-topic questions more
        (benchmarks/word_tables.py)."""
        return self.language == "en" and self.bridged

    def _article_vectors(self, table: _Table | word_tables.WordTable) -> FloatArray:
        with self._lock:
            if self._vectors is None:
                stops = stop_words(self.language)
                found: dict[str, str] = {}  # word → its term
                for s in self._sentences:
                    for w in words(s.text):
                        if w not in found and w not in stops and not w.isdigit():
                            found[w] = stem(w, self.language)  # as question_words
                self._terms = list(found.values())
                self._vectors = table.embed(list(found))
            return self._vectors

    def _similarities(self, word: str) -> FloatArray:
        """Cosine of ``word`` to each of the article's words (empty when not bridged)."""
        table = _language_table(self.language) if self.language in BRIDGED_LANGUAGES else None
        if table is None:
            return np.zeros(0, dtype=np.float32)
        sims = self._recent.get(word)
        if sims is None:
            sims = table.calibrate(self._article_vectors(table) @ table.word(word))
            with self._lock:
                self._recent[word] = sims
                while len(self._recent) > _RECENT_WORDS:
                    self._recent.popitem(last=False)
        return sims

    def neighbours(self, word: str, cutoff: float, limit: int) -> list[Neighbour]:
        """The article's terms whose words lie within ``cutoff`` cosine of ``word``, best
        first, at most ``limit`` of them (each term once, with its closest word)."""
        sims = self._similarities(word)
        close = (sims >= cutoff).nonzero()[0].tolist()  # a few: sorted in Python
        values = sims[close].tolist()
        out: dict[str, float] = {}
        # Best first, ties in article order (a stable sort, as numpy's argsort was).
        for k in sorted(range(len(close)), key=lambda k: -values[k]):
            if len(out) >= limit:
                break
            out.setdefault(self._terms[close[k]], values[k])
        return [Neighbour(t, s) for t, s in out.items()]

    def closeness(self, word: str) -> float:
        """The cosine of ``word`` to the article's closest word; 0 when not bridged."""
        sims = self._similarities(word)
        return max(float(sims.max()), 0.0) if sims.size else 0.0


# The last questions' words: answering one asks for them several times (see asked_terms).
@lru_cache(maxsize=64)
def question_words(question: str, language: str) -> Mapping[str, str]:
    """Each ranking term of ``question`` → the word it was stemmed from (its first)."""
    out: dict[str, str] = {}
    for w in asked_words(question, language):  # the words asked_terms stems
        out.setdefault(stem(w, language), w)  # alone, its terms are its stem
    return MappingProxyType(out)  # shared by the callers: read-only
