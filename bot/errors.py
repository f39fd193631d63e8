"""Domain errors. Each carries a short message that can be shown to the user as is."""

from __future__ import annotations


class BriefError(Exception):
    """Base of every error a user can cause or should hear about.

    ``user_message`` is safe to show in a chat: short, actionable, no internals.
    """

    user_message: str = "Something went wrong. Please try again."

    def __init__(self, user_message: str | None = None) -> None:
        if user_message is not None:
            self.user_message = user_message
        super().__init__(self.user_message)


class InputError(BriefError):
    """The text or command the user sent cannot be used (empty, junk, too short...)."""


class TooLargeError(InputError):
    """The input exceeds a size limit."""


class ArticleNotFoundError(BriefError):
    """No article with that id in this chat (or another chat's id: same answer)."""

    user_message = "I have no article with that number in this chat. Send /list to see yours."


class NoArticleError(BriefError):
    """The chat has no article yet, so there is nothing to summarise or ask about."""

    user_message = "There is no article yet. Send me a link, a file or paste an article first."


class FetchError(BriefError):
    """A link or file could not be read."""


class BlockedURLError(FetchError):
    """A URL is refused before any connection (scheme, port, private address)."""


class UnsupportedTypeError(FetchError):
    """The content type is not one Brief can read."""


class RateLimitedError(BriefError):
    """The chat is sending too much too fast."""

    user_message = "Slow down a little: too many articles at once. Try again in a minute."


class DiskFullError(BriefError):
    """The database could not store a write: its disk is full."""

    user_message = (
        "My storage is full, so I couldn't save that. Nothing was changed; "
        "try again later (the person who runs me has to free some space)."
    )
