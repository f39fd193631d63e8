"""Shared test support: running the real Application against the Bot API emulator."""
