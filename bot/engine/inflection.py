"""Forms of one word that the stemmer leaves apart, in the languages that inflect verbs.

Snowball stems nouns well but leaves many verb forms whole, so a question asked with the
verb misses the article's noun or other tense:

- French keeps the third person plural: "Combien coûtent les travaux ?" has "coûtent"
  where the article has "coût", "coûte", "coûtera" (all "coût");
- German keeps the "-t" of the present: "Was kostet …?" has "kostet", the article "kosten";
- Spanish verbs change their stem's vowel: "regar" ("reg") beside "riega" ("rieg"),
  "costar" beside "cuesta";
- Russian keeps "-оет" and a participle's "-ющ": "Когда откроется следующая станция?" has
  "откроет" and "следующ" where the article has "открыть" ("откр") and "Следующую" ("след").

A question's term that the article lacks is matched to the article's term for the same
verb in another person: a French "-ent" left on is read as the singular's "-e" ("pèsent"
as "pèse": "pes"), a German "-t" or "-et" as the infinitive's "-en" ("kostet" as
"kosten": "kost", "fährt" as "fahren": "fahr"), and both ways round (the question may
have the noun, the article the verb); a Russian "-оет", "-оют", "-ующ" or "-ющ" is read as
nothing. In Spanish a term matches the same term with the other vowel of its stem, or
with another person's ending ("echan" / "echamos"). These are each language's rules of
form, not lists of words.
Pairs that only begin alike stay apart ("gestern" / "gestiegene", "compra" /
"compacta"), and so do compounds and derivations ("parkt" / "Parkhaus"): by form alone
they cannot be told from unrelated words. English is left out: Porter's stems meet
there, and its irregular forms have their own table in answer.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.engine.terms import stem

# Each language's verb endings its stemmer leaves on, and what they stand for: the
# ending of a form it stems (see above). Spanish's changing vowels come below.
_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (("ent", "e"),),
    "de": (("et", "en"), ("t", "en")),
    "es": (),
    # Russian keeps "-оет"/"-оют" ("откроется" → "откроет", "открыть" → "откр") and a
    # participle's "-ющ"/"-ующ" ("следующая" → "следующ", "следующую" → "след").
    "ru": (("оет", ""), ("оют", ""), ("ующ", ""), ("ющ", "")),
}
INFLECTED_LANGUAGES = frozenset(_ENDINGS)
# Languages whose compounds end in their head: a "Kinderflohmarkt" is a "Flohmarkt", so
# a question's "Flohmarkt" finds it (answer.py's compounds look at the end there too).
HEAD_LAST = frozenset({"de"})
_SHORTEST = 3  # letters left before an ending: fewer is not a word's stem
_LIMIT = 3  # article terms that may stand in for one question term
FORM_SIMILARITY = 0.9  # credit for another form of the question's word
# Spanish stem vowels that change under stress: "ie" / "e" (regar, riega) and "ue" / "o"
# (costar, cuesta; poder, puede).
_SPANISH_ALTERNATIONS = (("ie", "e"), ("ue", "o"))


def _spanish_forms(term: str) -> Iterator[str]:
    """``term`` with one stem vowel changed the other way ("rieg" → "reg", "reg" → "rieg")."""
    for long, short in _SPANISH_ALTERNATIONS:
        for old, new in ((long, short), (short, long)):
            start = term.find(old)
            while start >= 0:
                yield term[:start] + new + term[start + len(old) :]
                start = term.find(old, start + 1)


# Spanish person endings the stemmer leaves on a short verb ("echan", "echam" of
# "echamos"): a blog says "echamos de menos", a reader asks "¿Qué echan de menos?".
_SPANISH_PERSONS = ("amos", "emos", "imos", "ais", "eis", "an", "en", "am", "em", "im")


def _spanish_root(term: str) -> str:
    """``term`` without the person ending the stemmer left on, if any."""
    for ending in _SPANISH_PERSONS:
        if term.endswith(ending) and len(term) - len(ending) >= _SHORTEST:
            return term[: -len(ending)]
    return term


def _restemmed(term: str, language: str) -> str | None:
    """The term of ``term`` with its left-on ending read as the form the stemmer knows
    ("coûtent" → "coûte" → "coût"), or None when it has no such ending."""
    for ending, instead in _ENDINGS.get(language, ()):
        if term.endswith(ending) and len(term) - len(ending) >= _SHORTEST:
            found = stem(term[: -len(ending)] + instead, language)
            return found if found != term else None
    return None


class Forms:
    """An article's terms (``vocabulary``), each filed under the term its left-on ending
    is read as: one pass over the vocabulary for the article, not one per question term
    it lacks (a long article has thousands of terms)."""

    def __init__(self, vocabulary: Iterable[str], language: str) -> None:
        self.language = language
        self._terms = frozenset(vocabulary)
        self._restemmed: dict[str, list[str]] = {}
        self._roots: dict[str, list[str]] = {}  # Spanish: a person's ending taken off
        endings = tuple(ending for ending, _ in _ENDINGS.get(language, ()))
        for t in vocabulary:
            restemmed = _restemmed(t, language) if t.endswith(endings) else None
            if restemmed is not None:
                self._restemmed.setdefault(restemmed, []).append(t)
            root = _spanish_root(t) if language == "es" else t
            if root != t:
                self._roots.setdefault(root, []).append(t)

    def of(self, term: str) -> list[str]:
        """The article's terms that are other forms of the question's ``term``, which
        the article lacks: at most three, in alphabetical order."""
        if self.language not in INFLECTED_LANGUAGES:
            return []
        same = set(_spanish_forms(term)) if self.language == "es" else set()
        restemmed = _restemmed(term, self.language)
        if restemmed is not None:
            same.add(restemmed)
        found = (same & self._terms).union(self._restemmed.get(term, ()))
        if self.language == "es":  # "echan" / "echam" (of "echamos")
            found.update(t for t in self._roots.get(_spanish_root(term), ()) if t != term)
        return sorted(found)[:_LIMIT]


__all__ = ["FORM_SIMILARITY", "HEAD_LAST", "INFLECTED_LANGUAGES", "Forms"]
