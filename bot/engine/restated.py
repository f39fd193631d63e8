"""A why-answer that only restates the question: its reason is the sentence after it.

"Why are shop owners worried?" finds "Shop owners on Hallam Street are worried." (every
word of the question, nothing more but a name), and the reason follows as a quotation
or an explanation with no reason word: "“Half of my customers come over that bridge,”
said Tom Baker…". A sentence that says no more than the question asks cannot be its
answer; the one after it in the same paragraph goes on to say why.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

# Terms a restating sentence may add to the question's: where or who ("on Hallam Street").
_EXTRA_TERMS = 2


def restates(asked: Collection[str], said: Sequence[str]) -> bool:
    """Whether a sentence's terms ``said`` hold every term ``asked`` and little else."""
    if not asked:
        return False
    terms = set(said)
    return terms.issuperset(asked) and len(terms - set(asked)) <= _EXTRA_TERMS


__all__ = ["restates"]
