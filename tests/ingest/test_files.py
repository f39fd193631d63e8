from __future__ import annotations

import os

import pytest
from fpdf import FPDF
from ingest_pages import (
    AD_TEXT,
    ARTICLE_PARAGRAPHS,
    COMMENT_TEXT,
    NAV_TEXT,
    TITLE,
    news_page,
)

from bot.errors import FetchError, TooLargeError, UnsupportedTypeError
from bot.ingest.files import NOT_TEXT_MESSAGE, extract_file
from bot.ingest.pdf import NO_TEXT_LAYER_MESSAGE


def make_pdf(paragraphs: tuple[str, ...], title: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln()
    return bytes(pdf.output())


def test_txt_keeps_paragraphs_and_source() -> None:
    data = "\r\n\r\n".join(ARTICLE_PARAGRAPHS).encode("utf-8")
    article = extract_file("notes.txt", data)
    assert article.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)
    assert article.source == "file:notes.txt"
    assert article.canonical_url is None


def test_txt_in_cp1251_is_decoded() -> None:
    text = (
        "Городской совет проголосовал за то, чтобы превратить старое трамвайное депо в "
        "публичную библиотеку.\n\nРаботы начнутся весной следующего года."
    )
    article = extract_file("новости.txt", text.encode("cp1251"))
    assert article.text == text


def test_txt_with_utf16_bom() -> None:
    text = "Über die Brücke gingen viele Menschen am Sonntag."
    article = extract_file("a.txt", text.encode("utf-16"))
    assert article.text == text


def test_markdown_markup_is_stripped() -> None:
    source = (
        "# The *old* depot\n\n"
        "The council **voted** on [Tuesday](https://example.org/vote) to keep `the` tower.\n"
        "It will cost ~~10~~ 14 million euros.\n\n"
        "- first point\n- second point\n\n"
        "```python\nprint('code is not prose')\n```\n\n"
        "> A quoted remark.\n\n"
        "![a photo](photo.jpg)\n"
    )
    article = extract_file("post.md", source.encode())
    assert article.title == "The old depot"
    paragraphs = article.text.split("\n\n")
    assert "The council voted on Tuesday to keep the tower. It will cost 10 14 million euros." in (
        paragraphs
    )
    assert "- first point" in paragraphs and "- second point" in paragraphs
    assert "A quoted remark." in paragraphs
    for markup in ("**", "](", "```", "print(", "# ", "> ", "`"):
        assert markup not in article.text


def test_markdown_front_matter_title() -> None:
    source = "---\ntitle: 'Depot news'\ndate: 2024-01-01\n---\n\nBody text of the post.\n"
    article = extract_file("post.markdown", source.encode())
    assert article.title == "Depot news"
    assert article.text == "Body text of the post."


def test_html_file_is_extracted_without_boilerplate() -> None:
    article = extract_file("saved page.html", news_page().encode("utf-8"))
    assert article.title == TITLE
    assert article.source == "file:saved page.html"
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in article.text
    for junk in (NAV_TEXT, AD_TEXT, COMMENT_TEXT, "Subscribe now"):
        assert junk not in article.text


def test_htm_file_with_meta_charset_cp1251() -> None:
    body = "Городской совет проголосовал за то, чтобы превратить старое депо в библиотеку. " * 4
    html = (
        '<html><head><meta charset="windows-1251"><title>Депо</title></head>'
        f"<body><article><p>{body}</p><p>{body}</p></article></body></html>"
    )
    article = extract_file("page.htm", html.encode("cp1251"))
    assert "Городской совет проголосовал" in article.text


def test_pdf_text_layer_and_paragraphs() -> None:
    data = make_pdf(ARTICLE_PARAGRAPHS, title="Depot news")
    article = extract_file("report.pdf", data)
    assert article.title == "Depot news"
    assert article.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)


def test_pdf_without_text_layer() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")  # a drawing, like a scan: no text at all
    with pytest.raises(FetchError) as caught:
        extract_file("scan.pdf", bytes(pdf.output()))
    assert caught.value.user_message == NO_TEXT_LAYER_MESSAGE


def test_damaged_pdf() -> None:
    data = make_pdf(ARTICLE_PARAGRAPHS)[:300]
    with pytest.raises(FetchError) as caught:
        extract_file("broken.pdf", data)
    assert "PDF" in caught.value.user_message


@pytest.mark.parametrize("name", ["photo.html", "photo.txt", "photo.md", "photo.htm"])
def test_binary_file_with_text_name_is_refused(name: str) -> None:
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)
    with pytest.raises(FetchError) as caught:
        extract_file(name, png)
    assert caught.value.user_message == NOT_TEXT_MESSAGE


def test_random_bytes_named_html_are_refused() -> None:
    # No known signature: the NUL/control-character sniffing has to catch it.
    data = bytes((i * 37 + 11) % 256 for i in range(4096))
    with pytest.raises(FetchError) as caught:
        extract_file("page.html", data)
    assert caught.value.user_message == NOT_TEXT_MESSAGE


def test_too_large_file() -> None:
    with pytest.raises(TooLargeError) as caught:
        extract_file("big.txt", b"word " * 1000, max_bytes=1000)
    assert "too large" in caught.value.user_message


def test_default_size_cap_is_five_megabytes() -> None:
    with pytest.raises(TooLargeError):
        extract_file("big.txt", b"a" * (5 * 1024 * 1024 + 1))


@pytest.mark.parametrize("name", ["report.docx", "slides.pptx", "image.png", "archive.zip"])
def test_unsupported_extension_lists_supported_types(name: str) -> None:
    with pytest.raises(UnsupportedTypeError) as caught:
        extract_file(name, b"PK\x03\x04 whatever")
    message = caught.value.user_message
    for supported in (".txt", ".md", ".html", ".pdf"):
        assert supported in message


def test_empty_file() -> None:
    with pytest.raises(FetchError):
        extract_file("empty.txt", b"  \n\n ")


def test_file_without_extension_is_sniffed() -> None:
    article = extract_file("README", "\n\n".join(ARTICLE_PARAGRAPHS).encode())
    assert article.text.startswith(ARTICLE_PARAGRAPHS[0])
    with pytest.raises(UnsupportedTypeError):
        extract_file("blob", os.urandom(1024) + b"\x00")


def test_path_in_file_name_is_dropped() -> None:
    article = extract_file("../../etc/notes.txt", b"Plain words in a file.")
    assert article.source == "file:notes.txt"


def test_pdf_named_file_that_is_not_pdf() -> None:
    with pytest.raises(FetchError) as caught:
        extract_file("letter.pdf", b"Just some text pretending to be a PDF.")
    assert "not a PDF" in caught.value.user_message


def test_an_unknown_kind_of_file_is_named_in_good_english() -> None:
    with pytest.raises(UnsupportedTypeError) as caught:
        extract_file("blob", os.urandom(1024) + b"\x00")
    assert caught.value.user_message.startswith("I can't read this kind of file. Send a ")
    with pytest.raises(UnsupportedTypeError) as caught:
        extract_file("report.docx", b"PK\x03\x04 whatever")
    assert caught.value.user_message.startswith("I can't read .docx files. Send a ")
