from __future__ import annotations

import pytest

from bot.errors import BlockedURLError
from bot.ingest.urls import (
    MALFORMED_MESSAGE,
    SCHEME_MESSAGE,
    canonical_url,
    find_urls,
    parse_web_url,
)


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("HTTPS://News.Example.COM/a/b", "https://news.example.com/a/b"),
        ("https://news.example.com:443/a", "https://news.example.com/a"),
        ("http://news.example.com:80/a", "http://news.example.com/a"),
        ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
        ("https://news.example.com", "https://news.example.com/"),
        ("https://news.example.com/a#comments", "https://news.example.com/a"),
        (
            "https://news.example.com/a?id=3&utm_source=tg&utm_medium=x&UTM_Campaign=y",
            "https://news.example.com/a?id=3",
        ),
        (
            "https://news.example.com/a?fbclid=1&gclid=2&yclid=3&mc_cid=4&mc_eid=5&igshid=6"
            "&ref_src=7&_hsenc=8&msclkid=9&page=2",
            "https://news.example.com/a?page=2",
        ),
        ("https://news.example.com/a?utm_source=x", "https://news.example.com/a"),
        ("https://news.example.com/a?b=2&a=1", "https://news.example.com/a?b=2&a=1"),
        ("news.example.com/a", "https://news.example.com/a"),
        ("https://пример.рф/", "https://xn--e1afmkfd.xn--p1ai/"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
    ],
)
def test_canonical_url(given: str, canonical: str) -> None:
    assert canonical_url(given) == canonical


def test_same_article_with_different_tracking_is_the_same() -> None:
    first = canonical_url("https://news.example.com/story?id=1&utm_source=telegram#top")
    second = canonical_url("HTTPS://NEWS.example.com:443/story?fbclid=XYZ&id=1")
    assert first == second


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/", SCHEME_MESSAGE),
        ("mailto:someone@example.com", SCHEME_MESSAGE),
        ("data:text/html,<p>hi</p>", SCHEME_MESSAGE),
        ("http://", MALFORMED_MESSAGE),
        ("http:///path", MALFORMED_MESSAGE),
        ("http://exa mple.com/", MALFORMED_MESSAGE),
        ("http://example.com:0/", MALFORMED_MESSAGE),
        ("http://example.com:abc/", MALFORMED_MESSAGE),
        ("http://[::1/", MALFORMED_MESSAGE),
        ("http://ex%61mple.com/", MALFORMED_MESSAGE),
        ("http://-bad-.example/", MALFORMED_MESSAGE),
        ("", MALFORMED_MESSAGE),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(BlockedURLError) as caught:
        parse_web_url(url)
    assert caught.value.user_message == message


def test_parse_gives_effective_port_and_path() -> None:
    parsed = parse_web_url("https://Example.com/a%20b?q=1")
    assert (parsed.scheme, parsed.host, parsed.port, parsed.path) == (
        "https",
        "example.com",
        443,
        "/a%20b?q=1",
    )


def test_find_urls_in_text() -> None:
    text = (
        "Read this (https://news.example.com/story_(2024)) and this: "
        "http://blog.example.org/post?id=5, also www.example.net/page. "
        "Same again https://news.example.com/story_(2024)! Not a link: ftp://x.example"
    )
    assert find_urls(text) == [
        "https://news.example.com/story_(2024)",
        "http://blog.example.org/post?id=5",
        "https://www.example.net/page",
    ]


def test_find_urls_handles_quotes_and_brackets() -> None:
    assert find_urls('He said "https://a.example/x". [https://b.example/y]') == [
        "https://a.example/x",
        "https://b.example/y",
    ]
    assert find_urls("nothing here") == []
