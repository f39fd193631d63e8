"""The one table of commands, for Telegram and the console.

Each transport maps a command's name to its handler (``handlers.commands.HANDLERS``,
``bot.console.Console``) and registers the commands of this table that apply to it;
a test checks that every entry has its handlers. Adding a command is one entry here
plus its handler.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # one line: Telegram's menu and both chats' /help
    usage: str = ""  # the arguments, as the console's /help shows them
    telegram: bool = True
    console: bool = True  # False where it makes no sense in a terminal
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


COMMANDS: tuple[Command, ...] = (
    Command("summary", "Summary of the active article (/summary 3: three sentences)", "[N]"),
    Command("list", "Your saved articles", "[PAGE]"),
    Command("use", "Make an article active: /use ID", "ID"),
    Command("delete", "Delete an article: /delete ID", "ID"),
    Command("keywords", "Key terms of the active article"),
    Command("search", "Search all your articles: /search WORDS", "WORDS"),
    Command(
        "tldr",
        "Reply /tldr to a message with a link or article to summarise it",
        console=False,  # there is no message to reply to in a terminal
    ),
    Command("length", "Summary length: /length N", "N"),
    Command("algo", "Summary algorithm: /algo NAME", "[NAME]"),
    Command("settings", "This chat's settings"),
    Command("forget", "Delete everything Brief keeps for this chat"),
    Command(
        "export",
        "Your whole library as a JSON file (send it back to import it)",
        "[FILE]",
    ),
    Command("privacy", "What Brief stores, for how long, how to delete it"),
    Command("help", "What Brief does", aliases=("start",)),
    Command("quit", "Leave (Ctrl-D works too)", telegram=False, aliases=("exit",)),
)


def telegram_commands() -> tuple[Command, ...]:
    return tuple(c for c in COMMANDS if c.telegram)


def console_commands() -> dict[str, Command]:
    """The console's commands by every name they answer to."""
    return {name: c for c in COMMANDS if c.console for name in c.names}


# What /privacy says, in both chats: (heading, paragraphs); the retention line is added.
PRIVACY_KEPT = (
    "For each article you send in this chat: its text, title, source (the link "
    "or file name), language, the date, and its sentences for answering questions. "
    "For this chat: its settings (summary length, algorithm, active article), "
    "which of my messages speak of which article, and your last three questions "
    "about the active article, so that a follow-up can lean on them (replaced as you "
    "ask, and by a new article)."
)
PRIVACY_SCOPE = (
    "Nothing from other chats is ever shown here. In groups I store only what I "
    "am asked to read. Messages you send me are not kept otherwise."
)
PRIVACY_DELETE = "/delete ID removes one article; /forget removes everything of this chat."


def retention_line(retention_days: int | None) -> str:
    if retention_days:
        return f"Articles are deleted {retention_days} days after you send them."
    return "Articles are kept until you delete them."
