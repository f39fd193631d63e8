"""Sentences that lean on the one before them ("He said…", "However, …").

Shown alone, such a sentence reads as nonsense: summaries show it with its
predecessor or choose another one, and answers show the predecessor as context.
"""

from __future__ import annotations

from bot.engine.terms import word_set, words

# Words that open a sentence which leans on the one before it.
REFERRING_OPENERS: dict[str, frozenset[str]] = {
    "en": word_set(
        "he she it they this that these those his her its their them him such there "
        "but however also meanwhile moreover furthermore nevertheless thus therefore "
        "then still yet instead later afterwards the_latter the_former"
    ),
    "de": word_set(
        "er sie es dies diese dieser dieses das ihr ihre sein seine aber jedoch auch "
        "dennoch trotzdem daher deshalb dann später dort dabei damals dazu hier"
    ),
    "fr": word_set(
        "il elle ils elles ce cela ceci cette ces son sa ses leur leurs mais cependant "
        "pourtant aussi toutefois ensuite puis là ici"
    ),
    "es": word_set(
        "él ella ellos ellas esto este esta estos estas eso su sus pero sin_embargo "
        "también además entonces luego allí allá ahí aquí acá"
    ),
    "ru": word_set(
        "он она оно они это этот эта эти его её ее их но однако также тоже затем потом поэтому "
        "там тогда здесь тут"
    ),
}


# Of those, the words that stand for something named before (pronouns, demonstratives,
# "there"): a sentence opening with a connective ("However", "Meanwhile") leans on the
# one before only if one of these follows ("However, the ministry has not answered *his*
# request"; not "Meanwhile, Moscow is fully determined…").
POINTING: dict[str, frozenset[str]] = {
    "en": word_set("he she it they this that these those his her its their them him such there"),
    "de": word_set(
        "er sie es dies diese dieser dieses das ihr ihre sein seine dort dabei dazu hier"
    ),
    "fr": word_set("il elle ils elles ce cela ceci cette ces son sa ses leur leurs là ici"),
    "es": word_set(
        "él ella ellos ellas esto este esta estos estas eso su sus allí allá ahí aquí acá"
    ),
    "ru": word_set("он она оно они это этот эта эти его её ее их там тогда здесь тут"),
}
_POINTING_REACH = 12  # words after a connective where a pointing word still leans back


def leans_on_before(text: str, language: str) -> bool:
    """Whether a sentence cannot be read without the one before: it opens with a word
    that points back, or with a connective followed by one, or ends a quotation."""
    if continues_quotation(text):
        return True
    if not refers_back(text, language):
        return False
    pointing = POINTING.get(language, POINTING["en"])
    tokens = words(text[:200])
    return tokens[0] in pointing or not pointing.isdisjoint(tokens[1:_POINTING_REACH])


def refers_back(text: str, language: str) -> bool:
    """Whether a sentence opens with a word that leans on the sentence before it."""
    openers = REFERRING_OPENERS.get(language, REFERRING_OPENERS["en"])
    tokens = words(text[:60])
    return bool(tokens) and (tokens[0] in openers or "_".join(tokens[:2]) in openers)


def dangles(text: str, language: str) -> bool:
    """Whether a sentence shown alone would dangle: it opens with a word that leans on
    the one before, or ends a quotation begun there."""
    return refers_back(text, language) or continues_quotation(text)


def continues_quotation(text: str) -> bool:
    """Whether a sentence closes a quotation that an earlier sentence opened: '"We had no
    choice.' + 'The bridge is safe for now," said Priya Nair.' The second is the end
    of what she said, and is read with its start."""
    if text.count('"') % 2 and not text.lstrip().startswith('"'):
        return True
    return any(quotation_balance(text, (pair,)) < 0 for pair in _CLOSING_PAIRS)


# Quotation marks as pairs: German opens with „ and closes with “, which opens elsewhere.
QUOTE_PAIRS_DE = (("„", "“"), ("»", "«"))
QUOTE_PAIRS = (("“", "”"), ("«", "»"))
# Those a sentence may close, and the single French ones (German's are left out).
_CLOSING_PAIRS = (*QUOTE_PAIRS, ("‹", "›"))


def quotation_balance(text: str, pairs: tuple[tuple[str, str], ...]) -> int:
    """Quotations opened minus closed in ``text`` (straight quotes: 1 when odd)."""
    curly = sum(text.count(a) - text.count(b) for a, b in pairs)
    return curly or text.count('"') % 2
