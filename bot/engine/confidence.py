"""When a "not sure" answer is honest though no sentence matches: a question about the
person or thing the conversation is about, or a fragment of the question before.

"Where does he live?", "What happened to him?" and "How did she feel?" are asked in
everyday words that the article often lacks ("live", "feel"), so ranking finds nothing
and the off-topic limit (bot/engine/offtopic.py) would refuse them as it refuses a
question about another story. What tells them apart is the pronoun: a question about
another story names its subject ("Who was the singer's doctor?", "How old is Jeff?"),
while one that says "he", "she" or "they" is about whoever the conversation just spoke
of, and its answer is often by the last answer shown (CoQA CNN as conversations: of the
81 answerable questions refused this way, 43 were answered by the last answer's own
sentence). Demonstratives ("this story", "that accident") do not count: a borrowed
question says "this story" as readily as a follow-up.

A fragment ("In what city?", "What month?", "How fast?") has no verb: it cannot stand
alone, whatever its one word, and asks for a detail of what was just answered.
"""

from __future__ import annotations

from bot.engine.answer import AnswerIndex, Tuning
from bot.engine.related import question_words
from bot.engine.terms import FRAGMENT_WORDS, question_tokens, word_set

# Personal pronouns, per language (German "es" is "it"; Spanish "es" is "is").
PERSONAL_PRONOUNS = {
    "en": word_set("he she it they him her his hers its them their theirs"),
    "de": word_set("er sie es ihn ihm ihr ihre ihren sein seine seinen"),
    "fr": word_set("il elle ils elles lui leur leurs eux son sa ses"),
    "es": word_set("él ella ellos ellas le les su sus"),
    "ru": word_set("он она оно они его её ее их ему ей им"),
}
_ANY_LANGUAGE = frozenset().union(*PERSONAL_PRONOUNS.values())
# Auxiliary and copular verbs: a question without any, and without a verb of its own, is
# a fragment of the one before ("In what city?", "What month?", "How fast?").
_AUXILIARIES = {
    "en": word_set(
        "is are was were be been being am do does did has have had will would can could "
        "shall should may might must"
    ),
    "de": word_set("ist sind war waren sei wird werden wurde wurden hat haben hatte hatten kann"),
    "fr": word_set("est sont était étaient été a ont avait avaient fut sera seront"),
    "es": word_set("es son era eran fue fueron ha han había está están estaba será"),
    "ru": word_set("был была было были есть будет будут является"),
}
_ANY_AUXILIARY = frozenset().union(*_AUXILIARIES.values())


def speaks_of_someone(question: str, language: str) -> bool:
    """Whether the question refers with a personal pronoun to someone (or something,
    "it") named before."""
    return not PERSONAL_PRONOUNS.get(language, _ANY_LANGUAGE).isdisjoint(question_tokens(question))


def elliptic(question: str, language: str) -> bool:
    """A fragment of a question ("In what city?", "What month?", "How fast?"): a few
    words, no verb, at most one word of its own. It cannot stand alone: it asks the
    kind of answer that the question before it was about."""
    said = question_tokens(question)
    if not said or len(said) > FRAGMENT_WORDS or len(question_words(question, language)) > 1:
        return False
    return _AUXILIARIES.get(language, _ANY_AUXILIARY).isdisjoint(said)


def about_the_conversation(question: str, index: AnswerIndex, tuning: Tuning) -> bool:
    """Whether a question that found nothing is still about the conversation's subject.
    It names nothing the article lacks, and either it is a fragment (``elliptic``), or
    it speaks of someone with a pronoun, has few words of its own (at most
    ``tuning.pronoun_max_terms``) and they are not too foreign
    (``tuning.pronoun_foreign_limit``, or ``tuning.pronoun_one_word_limit`` for one word
    of its own; scaled as the off-topic limit is for languages without related words,
    whose foreignness counts rarity alone)."""
    if not index.mentions_all_names(question):
        return False
    if tuning.elliptic_near_last and elliptic(question, index.language):
        return True
    if tuning.pronoun_foreign_limit < 0 or not speaks_of_someone(question, index.language):
        return False
    own = len(question_words(question, index.language))
    if own > tuning.pronoun_max_terms:
        return False
    limit = tuning.pronoun_foreign_limit
    if own == 1:  # "What's her ethnicity?": one rare word, and the pronoun says of whom
        limit = max(limit, tuning.pronoun_one_word_limit)
    if not index.related.strict_limits:
        limit *= tuning.foreign_limit_unrelated / tuning.foreign_limit
    return index.foreignness(question) <= limit


__all__ = ["PERSONAL_PRONOUNS", "about_the_conversation", "elliptic", "speaks_of_someone"]
