"""Who said it: a follow-up that asks for the speaker of the answer just shown.

"Who said that?", "Wer hat das gesagt?", "Qui a dit ça ?", "¿Quién lo dijo?", "Кто это
сказал?" ask about the last answer, not about the article's words (which rarely hold
"gesagt" or "said that"). The speaker is named in that sentence ("…, Lavrov said.") or
just before it ("Das teilte die Bürgermeisterin Anna Becker mit." above "Als Gründe …
nannte sie …").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.terms import question_tokens

_WHO = r"(?:who|wer|qui|quién|quien|кто)"
_SPEECH_VERBS = (
    r"said|says|say|told|tell|wrote|claimed|claims|announced|stated|added|noted|"
    r"gesagt|sagt|sagte|behauptet|geschrieben|erklärt|erklärte|mitgeteilt|"
    r"dit|écrit|déclaré|affirmé|"
    r"dijo|dice|escribió|afirmó|declaró|"
    r"сказал|сказала|сказали|говорит|заявил|заявила|написал|написала"
)
_ASKS = re.compile(
    rf"^\W*(?:and\s+|und\s+|et\s+|y\s+|и\s+)?{_WHO}\b.*\b(?:{_SPEECH_VERBS})\b", re.I
)
_ASKS_MAX_WORDS = 6  # "Who said that?": longer questions name what was said
# A speech verb next to a capitalised word: "…, Lavrov said.", "said Edith", "teilte die
# Bürgermeisterin Anna Becker … mit", "a déclaré Macron".
_ATTRIBUTION_VERBS = (
    _SPEECH_VERBS
    + r"|teilte|nannte|betonte|sagte|schrieb|explique|expliqué|explicó|отметил|сообщил"
)
_NAME = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]+"
# A pronoun is a speaker unnamed ("He said.", "nannte sie gestiegene Preise").
_PRONOUN = r"(?:he|she|they|it|er|sie|es|il|elle|ils|elles|él|ella|он|она|они)\b"
_NAME_THEN_VERB = re.compile(
    rf"(?!(?i:{_PRONOUN})){_NAME}(?:\s+{_NAME})*,?\s+(?:has\s+|had\s+)?(?:{_ATTRIBUTION_VERBS})"
    r"(?=\s*[.,;:!?\"”»]|\s+(?:that|dass|que|что)\b)"  # "…, Lavrov said." not "Kosten nannte sie"
)
_VERB_THEN_NAME = re.compile(
    rf"\b(?:{_ATTRIBUTION_VERBS})\s+(?!{_PRONOUN})(?:\w+\s+){{0,2}}{_NAME}", re.UNICODE
)
LOOK_BACK = 2  # sentences before the answer shown that may name its speaker


def asks_speaker(question: str) -> bool:
    """Whether a short question asks who said (or wrote) what was just shown."""
    return len(question_tokens(question)) <= _ASKS_MAX_WORDS and bool(_ASKS.search(question))


def names_speaker(text: str) -> bool:
    """Whether a sentence attributes words to someone it names (not by its first word:
    "Das teilte…" names no one)."""
    return bool(_NAME_THEN_VERB.search(text) or _VERB_THEN_NAME.search(text))


def speaker_of(texts: Sequence[str]) -> int | None:
    """Which of ``texts`` (the answer shown last, then the sentences before it, nearest
    first) names the speaker."""
    return next((k for k, text in enumerate(texts) if names_speaker(text)), None)


__all__ = ["LOOK_BACK", "asks_speaker", "names_speaker", "speaker_of"]
