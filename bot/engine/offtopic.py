"""How foreign a question is to an article: the off-topic signal behind "not found".

A follow-up about this story often has few words of the article ("What was her job?"),
and so does a question about another story ("Who is a reformed rider?"). What tells
them apart is the kind of word missing: everyday words ("job", "happen", "kids") are
missing from many articles that answer them, while rare words the article has nothing
close to ("rider", "shootout", "condoms") say the question is about something else.
So each question word the article lacks counts by its rarity in the language (Zipf
frequency from ``wordfreq``'s lists, shipped in its wheel) times its distance from the
article's closest word (``bot/engine/related.py``); words the article has count 0.
"""

from __future__ import annotations

from collections.abc import Container
from functools import lru_cache

from bot.engine.related import RelatedWords, question_words

# Zipf frequency of the most common words ("the" is about 7.7); a word wordfreq does not
# know has 0, the rarest.
_COMMONEST = 7.0
# wordfreq's small lists (words of Zipf 3 and above; rarer ones count as unknown) load in
# a tenth of the time of its large ones and gave the same CoQA figures.
_WORDLIST = "small"


# Kept per word: a conversation asks for its words' frequencies turn after turn, and
# wordfreq's own cache sits below a few calls that cost more than the lookup.
@lru_cache(maxsize=8192)
def zipf(word: str, language: str) -> float:
    """The word's Zipf frequency in the language: 0 for words the small list lacks."""
    from wordfreq import zipf_frequency  # loads a language's list on first use

    return float(zipf_frequency(word, language, wordlist=_WORDLIST))


def rarity(word: str, language: str) -> float:
    """7 minus the word's Zipf frequency, in 0..7: 0 for the commonest words."""
    return max(0.0, _COMMONEST - zipf(word, language))


def foreignness(
    question: str, language: str, vocabulary: Container[str], related: RelatedWords
) -> float:
    """The mean over the question's terms of rarity × distance for those the article
    lacks (0 for those it has): 0 when every word is in the article."""
    asked = question_words(question, language)
    if not asked:
        return 0.0
    total = 0.0
    for term, word in asked.items():
        if term not in vocabulary:
            total += rarity(word, language) * (1.0 - max(related.closeness(word), 0.0))
    return total / len(asked)
