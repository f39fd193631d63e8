"""Bad input: each gets a clear short reply, and nothing is stored."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from bot.config import MAX_INPUT_BYTES
from bot.errors import BriefError, FetchError, InputError, TooLargeError
from bot.service import Brief, asks_for_summary, looks_like_article

CHAT = 7


def _junk() -> str:
    return random.Random(7).randbytes(20_000).decode("utf-8", errors="replace")


BAD_TEXTS = {
    "empty": "",
    "blank": "  \n\n \t \n",
    "one sentence": "The harbour bridge opened on Saturday after four years of work.",
    "numbers": "\n".join(" ".join(str(n * k) for k in range(1, 12)) for n in range(1, 40)),
    "urls": "\n".join(
        f"https://example.com/page/{n}?ref=feed https://t.co/x{n}" for n in range(30)
    ),
    "emoji": "\n".join("😀 🎉 🚀 🌍 🔥 👍 " * 5 for _ in range(20)),
    "binary junk": _junk(),
}


async def _assert_nothing_stored(brief: Brief) -> None:
    assert (await brief.list_articles(CHAT)).total == 0
    assert (await brief.settings(CHAT)).active_article_id is None


@pytest.mark.parametrize("kind", sorted(BAD_TEXTS))
async def test_unusable_text_is_refused_clearly(brief: Brief, kind: str) -> None:
    with pytest.raises(InputError) as caught:
        await brief.add_text(CHAT, BAD_TEXTS[kind])
    message = caught.value.user_message
    assert message and len(message) < 300 and "\n" not in message.strip()
    assert "Traceback" not in message
    await _assert_nothing_stored(brief)


async def test_five_megabytes_of_text_hit_the_size_limit(brief: Brief) -> None:
    text = "The harbour bridge opened on Saturday. " * (MAX_INPUT_BYTES // 39 + 10)
    assert len(text.encode()) > MAX_INPUT_BYTES
    with pytest.raises(TooLargeError) as caught:
        await brief.add_text(CHAT, text)
    assert "MB" in caught.value.user_message
    with pytest.raises(TooLargeError):
        await brief.add_file(CHAT, "big.txt", text.encode())
    await _assert_nothing_stored(brief)


async def test_binary_file_is_refused(brief: Brief) -> None:
    data = random.Random(3).randbytes(50_000)
    with pytest.raises(BriefError) as caught:
        await brief.add_file(CHAT, "notes.txt", data)
    assert caught.value.user_message
    await _assert_nothing_stored(brief)


async def test_links_need_a_fetcher(brief: Brief) -> None:
    with pytest.raises(FetchError) as caught:
        await brief.add_url(CHAT, "https://example.com/news")
    assert "link" in caught.value.user_message
    await _assert_nothing_stored(brief)


async def test_unsupported_language_falls_back_and_says_so(
    brief: Brief, article: Callable[[str], str]
) -> None:
    text = article("laguna.txt")  # Italian: not one of the supported languages
    view = await brief.add_text(CHAT, text)
    assert not view.article.language_detected
    assert view.summary.sentences
    assert all(s.text in text for s in view.summary.sentences)


async def test_supported_language_is_detected(brief: Brief, article: Callable[[str], str]) -> None:
    view = await brief.add_text(CHAT, article("wald.txt"))
    assert (view.article.language, view.article.language_detected) == ("de", True)
    answer = (
        await brief.ask(CHAT, "Wie viel investiert die Stadt in den Umbau des Waldes?")
    ).answer
    assert answer.found
    assert "acht Millionen Euro" in answer.sentences[0]


async def test_mixed_languages_are_read(brief: Brief, article: Callable[[str], str]) -> None:
    text = article("harbour.txt") + "\n\n" + article("wald.txt")
    view = await brief.add_text(CHAT, text)
    assert view.article.language in ("en", "de")
    assert all(s.text in text for s in view.summary.sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Who did Lavrov meet?", False),
        ("what happened to the paramedics", False),
        ("", False),
        ("word " * 200, False),  # one "sentence" of one word: not an article
        (
            "Could you tell me, in a few words and without the details that do not matter, "
            "what the mayor said about the cost of the bridge and who paid for the "
            "foundations and the loan and the ferry, please?",
            False,
        ),
    ],
)
def test_looks_like_article_rejects_questions(text: str, expected: bool) -> None:
    assert looks_like_article(text) is expected


def test_looks_like_article_accepts_articles(article: Callable[[str], str]) -> None:
    for name in ("harbour.txt", "bees.txt", "wald.txt", "laguna.txt"):
        assert looks_like_article(article(name)), name
    one_paragraph = " ".join(article("bees.txt").split())  # pasted as one line
    assert looks_like_article(one_paragraph)
    lines = "\n".join(
        [
            "Kestrel Bay opens its new harbour bridge",
            "The town opened the bridge on Saturday after four years of construction work",
            "Mayor Helen Okonjo cut the ribbon in front of three thousand residents today",
            "The project cost 212 million euros, almost twice the original estimate",
        ]
    )
    assert looks_like_article(lines)


@pytest.mark.parametrize(
    "text",
    [
        "What is this about?",
        "what's the article about",
        "tl;dr",
        "Summarise it, please",
        "key points?",
        "Worum geht es?",
        "De quoi ça parle ?",
        "¿De qué trata?",
        "О чём это?",
        "Worum geht es im Artikel?",
        "De quoi parle cet article ?",
        "De quoi parle-t-il ?",
        "¿De qué trata este artículo?",
        "О чём эта статья?",
        # "What happened?" asked of a news story: its gist.
        "What happened?",
        "What's going on?",
        "Was ist passiert?",
        "Que s'est-il passé ?",
        "¿Qué pasó?",
        "Что случилось?",
    ],
)
def test_requests_for_the_gist_are_recognised(text: str) -> None:
    assert asks_for_summary(text)


@pytest.mark.parametrize(
    "text",
    [
        "What is the article about the dam about?",
        "What is Aleppo?",
        "Who wrote the summary?",
        "What are the main points of the treaty?",
        "summary of the budget",
        "Worum geht es bei der Finanzierung?",
        "De quoi parle le maire ?",
        "What happened to him?",
        "What happened in 1969?",
    ],
)
def test_questions_about_the_content_are_not_requests_for_the_gist(text: str) -> None:
    assert not asks_for_summary(text)
