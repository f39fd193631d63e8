"""The one table of commands: each transport has a handler for every command it offers,
and no handler without an entry."""

from __future__ import annotations

from bot.commands import COMMANDS, console_commands, telegram_commands
from bot.console_commands import HANDLERS as CONSOLE_HANDLERS
from bot.console_commands import help_text
from handlers.commands import HANDLERS as TELEGRAM_HANDLERS
from handlers.commands import MENU


def test_every_command_has_its_handlers() -> None:
    assert set(TELEGRAM_HANDLERS) == {c.name for c in telegram_commands()}
    assert set(CONSOLE_HANDLERS) == {c.name for c in COMMANDS if c.console}


def test_names_are_unique() -> None:
    names = [name for c in COMMANDS for name in c.names]
    assert len(names) == len(set(names))


def test_both_helps_list_their_commands() -> None:
    assert [name for name, _ in MENU] == [c.name for c in telegram_commands()]
    console_help = help_text()
    for command in set(console_commands().values()):
        assert f"/{command.name}" in console_help
    assert "/tldr" not in console_help  # nothing to reply to in a terminal
