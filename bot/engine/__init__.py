"""The article engine: text → sentences → summaries, answers and key terms.

Pure Python, no Telegram, deterministic. The public surface is ``Engine`` and the
types in ``bot.engine.types``.
"""

from bot.engine.core import ALGORITHMS, DEFAULT_ALGORITHM, Engine, algorithm_choices
from bot.engine.types import Answer, Document, Passage, Sentence, Summary

__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "Answer",
    "Document",
    "Engine",
    "Passage",
    "Sentence",
    "Summary",
    "algorithm_choices",
]
