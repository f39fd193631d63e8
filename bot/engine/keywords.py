"""Key terms of an article: frequent content words, shown in their most common form."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from bot.engine.terms import stem, stop_words
from bot.engine.types import Document

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*", re.UNICODE)


def key_terms(doc: Document, k: int = 8) -> tuple[str, ...]:
    """Stems that occur in many sentences, scored by spread and frequency.

    Names count a little more: a word mostly written capitalised in mid-sentence is a
    name, and names are what people scan a summary for.
    """
    stops = stop_words(doc.language)
    sentence_count: Counter[str] = Counter()
    frequency: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    capitalised: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for sentence in doc.sentences:
        seen: set[str] = set()
        for position, match in enumerate(_WORD.finditer(sentence.text)):
            word = match.group()
            lower = word.lower()
            if len(lower) < 3 or lower in stops:
                continue
            key = stem(lower, doc.language)
            frequency[key] += 1
            forms[key][word if word[0].isupper() and position > 0 else lower] += 1
            if position > 0 and word[0].isupper():
                capitalised[key] += 1
            first_seen.setdefault(key, len(first_seen))
            seen.add(key)
        sentence_count.update(seen)
    if not frequency:
        return ()

    def score(key: str) -> float:
        name_bonus = 1.5 if capitalised[key] * 2 > frequency[key] else 1.0
        return sentence_count[key] * math.log1p(frequency[key]) * name_bonus

    ranked = sorted(frequency, key=lambda t: (-score(t), first_seen[t]))
    chosen = [t for t in ranked if sentence_count[t] >= 2][:k] or ranked[:k]
    return tuple(forms[t].most_common(1)[0][0] for t in chosen)
