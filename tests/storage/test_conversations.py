"""Each chat's conversation state: stored, replaced, cleared, and private to the chat."""

from __future__ import annotations

from storage import SQLiteStorage
from tests.storage.builders import new_article


async def test_state_is_stored_replaced_and_cleared(store: SQLiteStorage) -> None:
    assert await store.get_conversation(1) is None
    await store.set_conversation(1, '{"turns": 1}')
    await store.set_conversation(1, '{"turns": 2}')
    assert await store.get_conversation(1) == '{"turns": 2}'
    await store.set_conversation(1, None)
    assert await store.get_conversation(1) is None


async def test_state_belongs_to_one_chat_and_goes_with_forget(store: SQLiteStorage) -> None:
    await store.add_article(new_article(chat_id=1))
    await store.set_conversation(1, "one")
    await store.set_conversation(2, "two")
    assert await store.get_conversation(2) == "two"
    await store.forget_chat(1)
    assert await store.get_conversation(1) is None
    assert await store.get_conversation(2) == "two"
