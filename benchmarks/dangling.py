"""An independent check of summary coherence: sentences that dangle.

The summariser avoids sentences that its own rule (``bot.engine.coherence.refers_back``)
says lean on the one before; grading it with that rule would give 0% by construction.
This rule is written separately, from a grammar's lists rather than the engine's, and
is stricter: a summary sentence dangles when it opens (after any quotation mark or
dash) with a third-person pronoun, a demonstrative, or a connective or comparison that
needs what came before, and the article sentence before it is not in the summary.
The article's first sentence never dangles. English only (the evaluation sets are).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Openers that need an antecedent: personal and possessive pronouns, demonstratives,
# and connectives. Multi-word openers are matched before single words.


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUNS = _listed("he she it they him her them his hers its their theirs")
DEMONSTRATIVES = _listed("this that these those such here")
CONNECTIVES = _listed(
    "but and or so yet still however also meanwhile moreover furthermore nevertheless "
    "nonetheless thus therefore hence consequently instead otherwise besides additionally "
    "then later afterwards afterward likewise similarly indeed both another others "
    "accordingly subsequently"
)
PHRASES = (
    "as a result",
    "in addition",
    "for example",
    "for instance",
    "on the other hand",
    "in contrast",
    "by contrast",
    "the latter",
    "the former",
    "the same",
    "the two",
    "the other",
    "at the same time",
    "even so",
    "after that",
    "before that",
)
_LEADING = re.compile(r"^[\s\"'“”‘’«»(\[—–-]+")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def opening_words(text: str, count: int = 5) -> list[str]:
    """The sentence's first words, lower-cased, after quotation marks and dashes."""
    return _WORD.findall(_LEADING.sub("", text).lower()[:80])[:count]


def needs_antecedent(text: str) -> bool:
    """Whether the sentence opens with a word or phrase that points back."""
    head = opening_words(text)
    if not head:
        return False
    joined = " ".join(head)
    if any(joined == p or joined.startswith(p + " ") for p in PHRASES):
        return True
    first = head[0].split("'")[0]
    return first in PRONOUNS or first in DEMONSTRATIVES or first in CONNECTIVES


def dangling_count(texts: Sequence[str], picked: Sequence[int]) -> int:
    """Summary sentences (indices into ``texts``, the article's sentences) that point back
    to an article sentence the summary leaves out."""
    chosen = set(picked)
    return sum(1 for i in picked if i > 0 and i - 1 not in chosen and needs_antecedent(texts[i]))
