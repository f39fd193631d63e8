"""``register_all``: the one order in which the Telegram handlers are wired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import access, callbacks, commands, errors, messages

if TYPE_CHECKING:
    from handlers.context import BriefApp


def register_all(app: BriefApp) -> None:
    """Wire every module's handlers. The order matters:

    1. ``access`` sits in group -1, so it runs before anything else and can stop an
       update (group chatter, strangers when an allowlist is set) before any handler
       reads it.
    2. ``commands`` come before ``messages`` in group 0, where the first matching
       handler wins: ``/summary`` must never be taken for a question, and its
       catch-all for unknown commands must come after the known ones.
    3. ``callbacks`` handle button presses only, so their place among the others
       does not change anything; they come before ``messages`` for readability.
    4. ``messages`` registers documents, then text, then a catch-all for everything
       else (stickers, voice...), which must be the last handler of the group.
    5. ``errors``: the global error handler, outside the groups.
    """
    access.register(app)
    commands.register(app)
    callbacks.register(app)
    messages.register(app)
    errors.register(app)
