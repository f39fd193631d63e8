"""Sentences in other words, listed after the answer.

People ask in their own words, and an article says the same thing in several: the
question's "attack" is in the article, and so is "assault", in the sentence that says
what happened. The answer is chosen on the question's words as before; the sentences
listed after it (``brief ask --json``'s top three, "Also relevant") are ordered again
with the evidence of the article's words related to the question's own words that the
article has. That is one cheap pass over the ranking already made: the related words'
per-sentence evidence (kept per term by the index) is added to the scores, and a
sentence reached only through them joins the list, below every bar for an answer.
Measured on CoQA CNN as conversations (see ``Tuning.alternative_cutoff``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from bot.engine.postings import Norms, Rows, TermEvidence, TermMatch

FloatArray = npt.NDArray[np.float64]

# The confidence of a sentence reached only through related words of words the article
# has: enough to be listed after the answer, below every bar for being the answer.
ALTERNATIVE_CONFIDENCE = 0.01


def related_held(
    matches: Iterable[TermMatch], idf: FloatArray, sentences: Rows, norms: Norms
) -> dict[int, tuple[float, float]]:
    """Per sentence holding some of ``matches`` (a question word's related words): the
    best of their BM25 and of their idf, each weighted by how close the word is (as
    ``postings.term_evidence`` weighs a stand-in; only what the listing adds up)."""
    k = norms.k1 + 1.0
    held: dict[int, tuple[float, float]] = {}
    for m in matches:
        weight = float(idf[m.term_id]) * m.similarity
        ids, tfs = sentences.listed(m.term_id)
        for i, tf in zip(ids, tfs, strict=True):
            score = weight * tf * k / (tf + norms.sentences[i])
            best, cover = held.get(i, (0.0, 0.0))
            held[i] = (max(best, score), max(cover, weight))
    return held


def alternative_gain(
    terms: Iterable[tuple[TermEvidence, Mapping[int, tuple[float, float]]]],
    bm25_weight: float,
    coverage_weight: float,
    total: float,
) -> dict[int, float]:
    """Per sentence, what related words add to its score: for each question term's own
    evidence and its related words' (``related_held``), the BM25 and the idf held that
    the related words give beyond the term itself, weighted as ranking weighs the two
    (``total`` is the question's weight, by which ranking scales them)."""
    gain: dict[int, float] = {}
    for own, related in terms:
        held = {i: (score, idf) for i, score, idf, _, _ in own.held}
        for i, (score, idf) in related.items():
            own_score, own_idf = held.get(i, (0.0, 0.0))
            more = bm25_weight * max(score - own_score, 0.0)
            more += coverage_weight * max(idf - own_idf, 0.0)
            if more > 0.0:
                gain[i] = gain.get(i, 0.0) + more / total
    return gain


def relisted(
    scores: Iterable[tuple[int, float]], gain: Mapping[int, float], best: int
) -> list[int]:
    """The sentences to list after ``best``: ``scores`` (each candidate's ranking score,
    in ranking order, then those that only ``gain`` reaches, with theirs) by score plus
    gain, best first; those that gain nothing keep their order among themselves."""
    listed = [(i, s + gain.get(i, 0.0)) for i, s in scores if i != best]
    listed.sort(key=lambda item: -item[1])  # stable
    return [i for i, _ in listed]


__all__ = ["ALTERNATIVE_CONFIDENCE", "alternative_gain", "related_held", "relisted"]
