from __future__ import annotations

import logging

import pytest
from conftest import PageServer, Reply
from ingest_pages import (
    ARTICLE_PARAGRAPHS,
    COMMENT_TEXT,
    TITLE,
    javascript_shell,
    news_page,
    simple_page,
)

from bot.errors import FetchError
from bot.ingest.extract import NO_ARTICLE_MESSAGE, extract_html
from bot.ingest.fetch import Fetcher


def test_paragraphs_are_separated_by_blank_lines() -> None:
    article = extract_html(news_page(), source="test")
    assert article.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)
    assert "\n\n\n" not in article.text


def test_headline_repeating_the_title_is_not_body_text() -> None:
    article = extract_html(news_page(), source="test")
    assert article.title == TITLE
    assert not article.text.startswith(TITLE)


def test_article_without_metadata() -> None:
    article = extract_html(simple_page("A plain page", ARTICLE_PARAGRAPHS), source="test")
    assert article.title == "A plain page"
    assert article.author is None
    assert ARTICLE_PARAGRAPHS[2] in article.text


@pytest.mark.parametrize(
    "html",
    [
        javascript_shell(),
        "<html><body></body></html>",
        "<html><body><p>Accept cookies?</p></body></html>",
        "",
        "not html at all <<<>>>",
    ],
)
def test_pages_without_an_article(html: str) -> None:
    with pytest.raises(FetchError) as caught:
        extract_html(html, source="test")
    assert caught.value.user_message == NO_ARTICLE_MESSAGE


def test_comments_are_left_out() -> None:
    article = extract_html(news_page(), source="test")
    assert COMMENT_TEXT not in article.text


async def test_logs_never_contain_page_text(
    server: PageServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.routes["/a"] = lambda h: Reply(200, news_page().encode(), {"Content-Type": "text/html"})
    server.routes["/js"] = lambda h: Reply(
        200, javascript_shell().encode(), {"Content-Type": "text/html"}
    )
    fetcher = Fetcher(allow_private=True)
    caplog.set_level(logging.DEBUG)
    try:
        await fetcher.fetch(server.url("/a"))
        with pytest.raises(FetchError):
            await fetcher.fetch(server.url("/js"))
    finally:
        await fetcher.aclose()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "fetched 127.0.0.1" in logged
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph[:40] not in logged
    assert "enable JavaScript" not in logged
