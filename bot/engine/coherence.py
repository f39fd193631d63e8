"""Sentences that lean on the one before them ("He said…", "However, …").

Shown alone, such a sentence reads as nonsense: summaries show it with its
predecessor or choose another one, and answers show the predecessor as context.
"""

from __future__ import annotations

from bot.engine.terms import words


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that open a sentence which leans on the one before it.
REFERRING_OPENERS: dict[str, frozenset[str]] = {
    "en": _word_set(
        "he she it they this that these those his her its their them him such there "
        "but however also meanwhile moreover furthermore nevertheless thus therefore "
        "then still yet instead later afterwards the_latter the_former"
    ),
    "de": _word_set(
        "er sie es dies diese dieser dieses das ihr ihre sein seine aber jedoch auch "
        "dennoch trotzdem daher deshalb dann später dort dabei damals dazu"
    ),
    "fr": _word_set(
        "il elle ils elles ce cela ceci cette ces son sa ses leur leurs mais cependant "
        "pourtant aussi toutefois ensuite puis là"
    ),
    "es": _word_set(
        "él ella ellos ellas esto este esta estos estas eso su sus pero sin_embargo "
        "también además entonces luego allí allá ahí"
    ),
    "ru": _word_set(
        "он она оно они это этот эта эти его её ее их но однако также тоже затем потом поэтому "
        "там тогда"
    ),
}


def refers_back(text: str, language: str) -> bool:
    """Whether a sentence opens with a word that leans on the sentence before it."""
    openers = REFERRING_OPENERS.get(language, REFERRING_OPENERS["en"])
    tokens = words(text[:60])
    return bool(tokens) and (tokens[0] in openers or "_".join(tokens[:2]) in openers)
