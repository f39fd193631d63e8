"""/export sends the library as a JSON document; sending that file back imports it."""

from __future__ import annotations

import json
from typing import Any

from tests import factories as f
from tests.emulator import BotAPI
from tests.support.harness import PollingBot

JSON = dict[str, Any]
FIRST, SECOND = f.town_article(21), f.town_article(22)


async def test_export_round_trips_through_import(bot: PollingBot, api: BotAPI) -> None:
    ada, ben = f.user("Ada"), f.user("Ben")
    ada_chat, ben_chat = f.private_chat(ada), f.private_chat(ben)
    api.push_message(f.message(ada_chat, ada, FIRST.text))
    api.push_message(f.message(ada_chat, ada, SECOND.text))
    api.push_message(f.command(ada_chat, ada, "/export"))
    *_, exported = await api.wait_for_sent(ada_chat["id"], 3)
    assert exported.method == "sendDocument"
    document = exported.result["document"]
    assert document["file_name"] == "brief-library.json"
    library = json.loads(api.files[document["file_id"]].data)
    articles = library["articles"]
    assert [a["title"] for a in articles] == [FIRST.headline, SECOND.headline]
    assert all(a["text"] and a["summary"] and a["language"] == "en" for a in articles)

    def send_back(chat: JSON, sender: JSON) -> None:
        api.push_message(
            f.document_message(
                chat,
                sender,
                file_id=document["file_id"],
                file_unique_id=document["file_unique_id"],
                file_name=document["file_name"],
                file_size=document["file_size"],
                mime_type="application/json",
            )
        )

    send_back(ben_chat, ben)
    (imported,) = await api.wait_for_sent(ben_chat["id"], 1)
    assert "Imported 2 articles" in str(imported.params["text"])
    send_back(ben_chat, ben)  # the same file again: nothing is stored twice
    _, again = await api.wait_for_sent(ben_chat["id"], 2)
    assert "Imported 0 articles (2 already here)" in str(again.params["text"])
    api.push_message(f.command(ben_chat, ben, "/list"))
    *_, listing = await api.wait_for_sent(ben_chat["id"], 3)
    assert "Your articles (2)" in str(listing.params["text"])


async def test_a_json_file_that_is_not_an_export_is_refused(bot: PollingBot, api: BotAPI) -> None:
    eve = f.user("Eve")
    chat = f.private_chat(eve)
    stored = api.add_file(b'{"hello": "world"}', suffix=".json")
    api.push_message(
        f.stored_document(chat, eve, stored, "notes.json", mime_type="application/json")
    )
    (reply,) = await api.wait_for_sent(chat["id"], 1)
    assert "not a Brief export" in str(reply.params["text"])
