"""A reply that may travel in the webhook's answer instead of through the Bot API.

When answering a webhook, a bot may put one Bot API method in the body of its 2xx
(Telegram's "Making requests when getting updates"): Telegram runs it when it gets that
2xx, and the same 2xx stops the update's redelivery. Reply and acknowledgement are then
one event, so a replica killed at any moment neither loses nor repeats that reply. The
price: one method per update, and no answer (no message id, no error).

The handlers' reply path says when a call is a whole reply of one message
(``one_message_reply``); only the replicas' HTTP layer (bot/replicas.py) acts on it. Its
stand-in answer carries ``NOT_SENT_YET`` as the message id. Polling ignores all this.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

NOT_SENT_YET = 0  # the message id of a reply that Telegram sends after the 2xx

_one_message: ContextVar[bool] = ContextVar("brief_one_message_reply", default=False)


@contextmanager
def one_message_reply() -> Iterator[None]:
    """The Bot API call made inside is a whole reply in one message: it may be held and
    sent in the webhook's answer."""
    marked = _one_message.set(True)
    try:
        yield
    finally:
        _one_message.reset(marked)


def is_one_message_reply() -> bool:
    return _one_message.get()
