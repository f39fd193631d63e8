"""An article's postings (which sentences and paragraphs hold each term, which hold each
pair of adjacent words), and a question's per-term evidence read from them.

A question's evidence is computed over the sentences that hold its terms (and their
neighbours) only, in plain Python: on articles of tens or hundreds of sentences, whose
terms are each in a few of them, numpy's cost per call on whole-article arrays was most
of a question's time. Every value is computed by the same operations in the same order
as over whole arrays (a maximum over a term's stand-ins, then a sum over the terms in
the question's order; adding the zeros of the other sentences changes nothing), so the
figures are bit for bit the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class TermMatch:
    term_id: int
    similarity: float  # 1.0 exact, below for a fuzzy stand-in
    related: bool = False  # a related word, not a form or a spelling of the question's


class Rows:
    """Postings in compressed rows: key k is held by ``units[offsets[k]:offsets[k + 1]]``,
    ``counts`` times each. Built with numpy in one pass; a row is a view, never a copy."""

    def __init__(self, keys: IntArray, owners: IntArray, n_keys: int, n_units: int) -> None:
        pairs, counts = np.unique(keys * max(n_units, 1) + owners, return_counts=True)
        row_of = pairs // max(n_units, 1)
        self.units: IntArray = (pairs % max(n_units, 1)).astype(np.int64)
        self.counts: FloatArray = counts.astype(np.float64)
        self.offsets: IntArray = np.searchsorted(row_of, np.arange(n_keys + 1)).astype(np.int64)

    def row(self, key: int) -> tuple[IntArray, FloatArray]:
        lo, hi = int(self.offsets[key]), int(self.offsets[key + 1])
        return self.units[lo:hi], self.counts[lo:hi]

    def listed(self, key: int) -> tuple[list[int], list[float]]:
        """``row`` as Python lists."""
        units, counts = self.row(key)
        return units.tolist(), counts.tolist()


class Holders:
    """Keys of adjacent id pairs → the units holding them (sorted arrays, binary search)."""

    def __init__(self, keys: IntArray, owners: IntArray) -> None:
        order = np.lexsort((owners, keys))
        keys, owners = keys[order], owners[order]
        fresh = np.ones(keys.size, dtype=bool)
        fresh[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        self.keys: IntArray = keys[fresh]
        self.units: IntArray = owners[fresh]

    def get_pairs(self, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
        """The units holding each pair of ids adjacent, as lists (one binary search for
        all; a few keys are made faster in Python than in numpy)."""
        if not pairs:
            return []
        keys = np.array([pair_key(a, b) for a, b in pairs], dtype=np.int64)
        lo = self.keys.searchsorted(keys, side="left").tolist()
        hi = self.keys.searchsorted(keys, side="right").tolist()
        return [self.units[a:b].tolist() if b > a else [] for a, b in zip(lo, hi, strict=True)]


_PAIR_MULTIPLIER = 1_000_003
_WRAP = 1 << 64
_HALF = 1 << 63


def adjacent(ids: IntArray, owners: IntArray) -> tuple[IntArray, IntArray]:
    """Keys of adjacent id pairs inside each unit, and their units."""
    inside = owners[1:] == owners[:-1]
    keys = ids[:-1] * np.int64(_PAIR_MULTIPLIER) + ids[1:]  # wraps around on overflow: a hash
    return keys[inside], owners[:-1][inside]


def pair_key(a: int, b: int) -> int:
    """The key ``adjacent`` gives the pair (a, b), with numpy's 64-bit wrap-around."""
    return (a * _PAIR_MULTIPLIER + b + _HALF) % _WRAP - _HALF


@dataclass(frozen=True)
class Norms:
    """BM25's length norms of the sentences and of the paragraphs, as Python floats."""

    sentences: list[float]
    paragraphs: list[float]
    k1: float


@dataclass(frozen=True)
class TermSums:
    """Per sentence (``para``: per paragraph), the sum over a question's terms of each
    term's evidence, that term's evidence being its best stand-in's."""

    bm25: FloatArray
    covered: FloatArray  # idf held
    matched: FloatArray  # 1 for a term held, or a related word's closeness
    guessed: FloatArray  # ... the part that only related words hold
    lifted: FloatArray  # idf held by the sentence, or by the one before it leans on
    window: FloatArray  # idf held by the sentence or a neighbour in its paragraph
    para: FloatArray


@dataclass(frozen=True)
class TermEvidence:
    """One term's evidence where it is not zero (a question's term is in a few sentences):
    per sentence holding it (BM25, idf held, hit, the part of the hit only related words
    make), per sentence by those (lifted, window), per paragraph (BM25)."""

    held: list[tuple[int, float, float, float, float]]
    near: list[tuple[int, float, float]]
    para: list[tuple[int, float]]


def term_evidence(
    found: Sequence[TermMatch],
    idf: FloatArray,
    posts: tuple[Rows, Rows],
    norms: Norms,
    neighbours: tuple[Sequence[bool], Sequence[bool]],
) -> TermEvidence:
    """The evidence of a term whose stand-ins are ``found``: its best stand-in's, in each
    sentence and paragraph. ``neighbours``: whether each sentence is in the paragraph of
    the one before, and whether it leans on it."""
    k = norms.k1 + 1.0
    best: dict[int, float] = {}
    cover: dict[int, float] = {}
    hit: dict[int, float] = {}
    exact: set[int] = set()
    para: dict[int, float] = {}
    for m in found:
        weight = float(idf[m.term_id]) * m.similarity
        close = m.similarity if m.related else 1.0
        ids, tfs = posts[0].listed(m.term_id)
        for i, tf in zip(ids, tfs, strict=True):
            best[i] = max(best.get(i, 0.0), weight * tf * k / (tf + norms.sentences[i]))
            cover[i] = max(cover.get(i, 0.0), weight)
            hit[i] = max(hit.get(i, 0.0), close)
            if not m.related:
                exact.add(i)
        pids, ptfs = posts[1].listed(m.term_id)
        for j, tf in zip(pids, ptfs, strict=True):
            para[j] = max(para.get(j, 0.0), weight * tf * k / (tf + norms.paragraphs[j]))
    held = [(i, best[i], cover[i], hit[i], hit[i] - (1.0 if i in exact else 0.0)) for i in best]
    return TermEvidence(held, _near(cover, neighbours), list(para.items()))


def _near(
    cover: dict[int, float], neighbours: tuple[Sequence[bool], Sequence[bool]]
) -> list[tuple[int, float, float]]:
    """Per sentence holding the term or next to one that does: the idf held by it or by
    the sentence before that it leans on (lifted), and by it or either neighbour in its
    paragraph (window)."""
    same, lift = neighbours
    n = len(same)
    out = []
    for i in {j for held in cover for j in (held - 1, held, held + 1) if 0 <= j < n}:
        here = cover.get(i, 0.0)
        before = cover.get(i - 1, 0.0) if i > 0 and same[i] else 0.0
        after = cover.get(i + 1, 0.0) if i + 1 < n and same[i + 1] else 0.0
        out.append((i, max(here, before if lift[i] else 0.0), max(here, max(before, after))))
    return out


def term_sums(terms: Sequence[TermEvidence], sentences: int, paragraphs: int) -> TermSums:
    """The evidence of a question's terms, summed in the question's order (elsewhere a
    term adds zeros, which changes nothing)."""
    bm25, covered, matched, guessed, lifted, window = ([0.0] * sentences for _ in range(6))
    para = [0.0] * paragraphs
    for term in terms:
        for i, score, idf, hit, guess in term.held:
            bm25[i] += score
            covered[i] += idf
            matched[i] += hit
            guessed[i] += guess
        for i, lean, around in term.near:
            lifted[i] += lean
            window[i] += around
        for j, score in term.para:
            para[j] += score
    sums = (bm25, covered, matched, guessed, lifted, window, para)
    return TermSums(*(np.array(values, dtype=np.float64) for values in sums))
