"""Related words: the article's words that mean what a question's missing word means.

People ask in their own words ("Who was killed?") and the article has its own ("…left
two paramedics dead"). When a question's word is not in the article, the article words
closest to it in a table of static word vectors stand in for it, weighted by how close
they are. The table is the token embedding matrix that the ``wordllama`` package ships
in its wheel (Llama 2's 32,000 tokens, 256 dimensions, trained so that averaged tokens
compare texts); a word's vector is the mean of its tokens' vectors. Nothing is
downloaded: the files are read from the installed package, once, on first use.

Deterministic and cheap: one 256-dimensional dot product per article word for each
missing question word. Only English is bridged: the tokenizer splits German, French,
Spanish and Russian words into fragments whose mean says little (measured: "teurer" /
"Mehrkosten" -0.08, "tués" / "morts" -0.07), so those languages get no stand-ins.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.engine.terms import stop_words, terms, words
from bot.engine.types import Sentence

FloatArray = npt.NDArray[np.float32]

# Languages whose words the table represents well enough to bridge (see above).
BRIDGED_LANGUAGES = frozenset({"en"})
_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"


class _Table:
    """The token vectors and the tokenizer that splits a word into tokens."""

    def __init__(self, root: Path) -> None:
        from safetensors.numpy import load_file  # both come with wordllama
        from tokenizers import Tokenizer

        matrix = load_file(str(root / _WEIGHTS))["embedding.weight"]
        self.vectors: FloatArray = matrix.astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(root / _TOKENIZER))
        self.lock = threading.Lock()  # a Rust tokenizer shared by threads: one caller at a time

    def embed(self, items: Sequence[str]) -> FloatArray:
        """Unit vectors of ``items`` (a row of zeros for an item with no token)."""
        with self.lock:
            encodings = self.tokenizer.encode_batch(list(items), add_special_tokens=False)
        out = np.zeros((len(items), self.vectors.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            if encoding.ids:
                mean = self.vectors[encoding.ids].mean(axis=0)
                norm = float(np.linalg.norm(mean))
                out[row] = mean / norm if norm else mean
        return out


@cache
def _table() -> _Table | None:
    """The table, or None when wordllama is not installed (then nothing is bridged)."""
    spec = importlib.util.find_spec("wordllama")  # its files only: importing it is slow
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    if not (root / _WEIGHTS).is_file() or not (root / _TOKENIZER).is_file():
        return None
    return _Table(root)


def available() -> bool:
    return _table() is not None


@dataclass(frozen=True)
class Neighbour:
    term: str  # the article's ranking term (stem) that stands in
    similarity: float  # cosine of the two words' vectors


class RelatedWords:
    """One article's words as vectors, built on first use (most questions never need it)."""

    def __init__(self, sentences: Iterable[Sentence], language: str) -> None:
        self.language = language
        self._sentences = tuple(sentences)
        self._words: list[str] | None = None
        self._terms: list[str] = []
        self._vectors: FloatArray | None = None
        self._lock = threading.Lock()

    def _build(self) -> tuple[list[str], FloatArray] | None:
        table = _table()
        if table is None or self.language not in BRIDGED_LANGUAGES:
            return None
        with self._lock:
            if self._words is None or self._vectors is None:
                stops = stop_words(self.language)
                found: dict[str, str] = {}
                for s in self._sentences:
                    for w in words(s.text):
                        if w not in stops and w not in found and not w.isdigit():
                            stemmed = terms(w, self.language)
                            if stemmed:
                                found[w] = stemmed[0]
                self._terms = list(found.values())
                self._vectors = table.embed(list(found)) if found else np.zeros((0, 1), np.float32)
                self._words = list(found)
            return self._words, self._vectors

    def neighbours(self, word: str, cutoff: float, limit: int) -> list[Neighbour]:
        """The article's terms whose words lie within ``cutoff`` cosine of ``word``, best
        first, at most ``limit`` of them (one entry per term, its best word)."""
        built = self._build()
        table = _table()
        if built is None or table is None or not built[0]:
            return []
        _, vectors = built
        sims = vectors @ table.embed([word])[0]
        order = np.argsort(-sims, kind="stable")
        out: dict[str, float] = {}
        for i in order.tolist():
            if sims[i] < cutoff or len(out) >= limit:
                break
            out.setdefault(self._terms[i], float(sims[i]))
        return [Neighbour(t, s) for t, s in out.items()]

    def closeness(self, word: str) -> float:
        """The cosine of ``word`` to the closest word of the article (0 when not bridged)."""
        built = self._build()
        table = _table()
        if built is None or table is None or not built[0]:
            return 0.0
        return float(np.max(built[1] @ table.embed([word])[0]))


def question_words(question: str, language: str) -> dict[str, str]:
    """Each ranking term of ``question`` → the word it was stemmed from (its first)."""
    stops = stop_words(language)
    out: dict[str, str] = {}
    for w in words(question):
        if w not in stops:
            stemmed = terms(w, language)
            if stemmed:
                out.setdefault(stemmed[0], w)
    return out
