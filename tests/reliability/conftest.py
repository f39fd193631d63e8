"""The reliability suite runs on the end-to-end fixtures: emulator, settings, polling bot."""

from tests.e2e.conftest import api, bot, server, settings

__all__ = ["api", "bot", "server", "settings"]
