"""The other versions' imports are renamed to their own package, nothing else."""

from __future__ import annotations

from benchmarks.cost_beside import renamed


def test_imports_of_bot_become_imports_of_the_copy() -> None:
    source = (
        "from bot.engine.answer import AnswerIndex\n"
        "import bot.engine.terms\n"
        "from bot import engine\n"
        'resources.files("bot.engine")\n'
        "robot.bot = bots  # about bots\n"
    )
    assert renamed(source, "bot_1") == (
        "from bot_1.engine.answer import AnswerIndex\n"
        "import bot_1.engine.terms\n"
        "from bot_1 import engine\n"
        'resources.files("bot_1.engine")\n'
        "robot.bot = bots  # about bots\n"
    )
