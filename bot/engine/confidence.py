"""When a "not sure" answer is honest though no sentence matches: a question about the
person or thing the conversation is about.

"Where does he live?", "What happened to him?" and "How did she feel?" are asked in
everyday words that the article often lacks ("live", "feel"), so ranking finds nothing
and the off-topic limit (bot/engine/offtopic.py) would refuse them as it refuses a
question about another story. What tells them apart is the pronoun: a question about
another story names its subject ("Who was the singer's doctor?", "How old is Jeff?"),
while one that says "he", "she" or "they" is about whoever the conversation just spoke
of, and its answer is most often by the last answer shown (CoQA CNN as conversations:
of the answerable questions refused this way, half are answered by the last answer's
own sentence). Demonstratives ("this story", "that accident") do not count: a borrowed
question says "this story" as readily as a follow-up.
"""

from __future__ import annotations

from bot.engine.answer import AnswerIndex, Tuning
from bot.engine.related import question_words
from bot.engine.terms import word_set, words

# Personal pronouns, per language (German "es" is "it"; Spanish "es" is "is").
PERSONAL_PRONOUNS = {
    "en": word_set("he she it they him her his hers its them their theirs"),
    "de": word_set("er sie es ihn ihm ihr ihre ihren sein seine seinen"),
    "fr": word_set("il elle ils elles lui leur leurs eux son sa ses"),
    "es": word_set("él ella ellos ellas le les su sus"),
    "ru": word_set("он она оно они его её ее их ему ей им"),
}
_ANY_LANGUAGE = frozenset().union(*PERSONAL_PRONOUNS.values())


def speaks_of_someone(question: str, language: str) -> bool:
    """Whether the question refers with a personal pronoun to someone named before."""
    return not PERSONAL_PRONOUNS.get(language, _ANY_LANGUAGE).isdisjoint(words(question))


def about_the_conversation(question: str, index: AnswerIndex, tuning: Tuning) -> bool:
    """Whether a question that found nothing is still about the conversation's subject:
    it speaks of someone with a pronoun, has few words of its own (at most
    ``tuning.pronoun_max_terms``), names nothing the article lacks, and its words are not
    too foreign (``tuning.pronoun_foreign_limit``, scaled as the off-topic limit is for
    languages without related words, whose foreignness counts rarity alone)."""
    if not speaks_of_someone(question, index.language):
        return False
    if len(question_words(question, index.language)) > tuning.pronoun_max_terms:
        return False
    if not index.mentions_all_names(question):
        return False
    limit = tuning.pronoun_foreign_limit
    if not index.related.bridged:
        limit *= tuning.foreign_limit_unrelated / tuning.foreign_limit
    return index.foreignness(question) <= limit


__all__ = ["PERSONAL_PRONOUNS", "about_the_conversation", "speaks_of_someone"]
