"""Rendering: escaping, splitting at 4,096 characters, and the shape of replies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine import Answer, Passage, Sentence, Summary
from bot.service import AnswerView, ArticlePage, SummaryView
from bot.telegram_app import file_url_for
from handlers import buttons
from handlers.render import (
    MAX_MESSAGE,
    Block,
    Reply,
    Span,
    answer_reply,
    list_reply,
    summary_reply,
    to_messages,
)
from storage import ArticleInfo
from tests.emulator import parse_html, utf16_len

NASTY = 'Tom & Jerry <script>alert("x")</script> said 2 < 3 > 1 &amp; *bold* _it_ `code` [a](b)'


def info(**changes: object) -> ArticleInfo:
    values: dict[str, object] = {
        "id": 7,
        "chat_id": 42,
        "title": "Aleppo talks",
        "source": "https://www.example.com/news/aleppo?utm_source=x",
        "canonical_url": "https://www.example.com/news/aleppo",
        "language": "en",
        "language_detected": True,
        "sentence_count": 30,
        "word_count": 690,
        "created_at": datetime.now(UTC) - timedelta(days=3),
    }
    values.update(changes)
    return ArticleInfo(**values)  # type: ignore[arg-type]


def sentence(index: int, text: str) -> Sentence:
    return Sentence(index, 0, text, ())


def summary_view(texts: list[str], **changes: object) -> SummaryView:
    sentences = tuple(sentence(i, t) for i, t in enumerate(texts))
    return SummaryView(
        article=info(**changes),
        summary=Summary("brief", sentences, ("aleppo", "ceasefire")),
        reading_minutes=3,
        created=True,
    )


def check_valid(reply: Reply) -> list[str]:
    """Every message parses as Telegram HTML and fits; returns their plain texts."""
    plains = []
    for message in to_messages(reply):
        parsed = parse_html(message.html)  # raises like Telegram would
        assert parsed.text == message.plain
        assert 0 < utf16_len(parsed.text.strip()) <= MAX_MESSAGE
        plains.append(parsed.text)
    return plains


def test_article_text_full_of_html_and_markdown_is_escaped() -> None:
    view = summary_view([NASTY, "Second <b>not bold</b> sentence."], title=f"Title {NASTY}")
    (plain,) = check_valid(summary_reply(view, None))
    assert NASTY in plain
    assert f"Title {NASTY}" in plain
    assert "Second <b>not bold</b> sentence." in plain
    html = to_messages(summary_reply(view, None))[0].html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_summary_shows_title_source_language_reading_time_sentences_and_terms() -> None:
    view = summary_view(["First point.", "Second point."])
    (plain,) = check_valid(summary_reply(view, buttons.summary_keyboard(7, 2, 30)))
    lines = plain.splitlines()
    assert lines[0] == "Aleppo talks  #7"
    assert lines[1] == "Source: example.com"
    assert "English · 3 min read · 30 sentences" in plain
    assert "• First point.\n• Second point." in plain
    assert "Key terms: aleppo, ceasefire" in plain
    html = to_messages(summary_reply(view, None))[0].html
    assert '<a href="https://www.example.com/news/aleppo">example.com</a>' in html


def test_forwarded_and_undetected_language_are_said() -> None:
    view = summary_view(
        ["A point."],
        source="forward:World News (@worldnews)",
        title=None,
        canonical_url=None,
        language="de",
        language_detected=False,
    )
    (plain,) = check_valid(summary_reply(view, None))
    assert "Forwarded from World News (@worldnews)" in plain
    assert "German (assumed)" in plain
    assert plain.startswith("Post from World News (@worldnews)  #7")


def test_untitled_pasted_text_is_called_by_its_number() -> None:
    view = summary_view(["A point."], source="text", title=None, canonical_url=None)
    (plain,) = check_valid(summary_reply(view, None))
    assert plain.splitlines()[:2] == ["Article #7", "Pasted text"]
    reply = answer_reply(AnswerView(view.article, Answer("q", False, (), 0.0)))
    assert check_valid(reply)[0].startswith("I couldn't find that in «Article #7».")


def test_long_replies_split_at_sentence_ends_and_keep_everything() -> None:
    texts = [
        f"Sentence number {i} says something rather long about the matter at hand." * 3
        for i in range(200)
    ]
    reply = summary_reply(summary_view(texts), buttons.summary_keyboard(7, 5, 30))
    messages = to_messages(reply)
    assert len(messages) > 1
    plains = check_valid(reply)
    joined = "\n".join(plains)
    for text in texts:
        assert text in joined
    for plain in plains[:-1]:
        assert plain.rstrip().endswith("."), plain[-80:]


def test_one_long_paragraph_splits_between_sentences() -> None:
    paragraph = " ".join(f"This is sentence {i} of a very long paragraph." for i in range(400))
    plains = check_valid(Reply((Block((Span(paragraph),), quote=True),)))
    assert len(plains) > 1
    assert all(p.rstrip().endswith(".") for p in plains)
    assert " ".join(p.strip() for p in plains) == paragraph
    for message in to_messages(Reply((Block((Span(paragraph),), quote=True),))):
        assert message.html.startswith("<blockquote>")


def test_one_word_longer_than_a_message_is_cut() -> None:
    word = "a" * 4096 + "😀" * 3000 + "b"
    plains = check_valid(Reply((Block((Span(word, bold=True),)),)))
    assert "".join(plains) == word


def test_answer_shows_the_sentence_first_then_what_it_leans_on_and_what_adds() -> None:
    s = [sentence(i, f"Sentence {i} says <{i}>.") for i in range(8)]
    answer = Answer(
        "who?",
        True,
        (
            Passage(s[2], s[1], s[3], 0.9),
            Passage(s[3], None, s[4], 0.5),  # the best one's neighbour: adds nothing
            Passage(s[6], None, s[7], 0.4),  # confident on its own: also relevant
        ),
        0.9,
    )
    reply = answer_reply(AnswerView(info(), answer))
    (plain,) = check_valid(reply)
    assert plain.startswith("Sentence 2 says <2>.")  # no title: it is the active article
    assert "Context: Sentence 1 says <1>." in plain
    # (four words each: a fragment of three or fewer is never listed on its own)
    assert "Sentence 3" not in plain and "Also relevant:\nSentence 6 says <6>." in plain
    html = to_messages(reply)[0].html
    assert html.startswith("<blockquote><b>Sentence 2 says &lt;2&gt;.</b></blockquote>")


def test_an_unsure_answer_says_so() -> None:
    s = [sentence(i, f"Sentence {i}.") for i in range(3)]
    answer = Answer("who?", True, (Passage(s[1], None, s[2], 0.2),), 0.2, sure=False)
    (plain,) = check_valid(answer_reply(AnswerView(info(), answer)))
    assert plain == "Not sure, but this looks closest:\nSentence 1."


def test_not_found_names_the_article() -> None:
    reply = answer_reply(AnswerView(info(title="A <b> & c"), Answer("q", False, (), 0.1)))
    (plain,) = check_valid(reply)
    assert plain.startswith("I couldn't find that in «A <b> & c».")


def test_list_marks_the_active_article_and_pages() -> None:
    page = ArticlePage((info(id=3), info(id=2, title=None, source="file:notes.txt")), 1, 3, 23, 3)
    reply = list_reply(page, buttons.list_keyboard(1, 3))
    (plain,) = check_valid(reply)
    assert "Your articles (23), page 2 of 3" in plain
    assert "▶ #3 Aleppo talks" in plain
    assert "#2 notes.txt" in plain
    assert reply.keyboard is not None
    data = [b.callback_data for row in reply.keyboard.inline_keyboard for b in row]
    assert data == ["list:0", "list:2"]


def test_buttons_round_trip_and_refuse_what_brief_did_not_make() -> None:
    keyboard = buttons.summary_keyboard(123456789012, 5, 30)
    data = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert data == [
        "sum:123456789012:4",
        "sum:123456789012:6",
        "key:123456789012:5",
        "del:123456789012:5",
    ]
    assert all(isinstance(d, str) and len(d.encode()) <= 64 for d in data)
    assert buttons.parse("sum:12:4") == buttons.ShowSummary(12, 4)
    assert buttons.parse("dely:12") == buttons.ConfirmDelete(12)
    assert buttons.parse("fgt:y:99") == buttons.Forget(True, 99)
    assert buttons.parse("list:3") == buttons.ShowPage(3)
    for forged in [
        "sum:12:0",
        "sum:12:21",
        "sum:-1:3",
        "sum:0:3",
        "sum:12:4:5",
        "sum:1e3:2",
        "dely:12;drop",
        "list:-1",
        "fgt:x:1",
        "",
        "x" * 65,
        "sum:12:４",
    ]:
        assert buttons.parse(forged) is None, forged
    assert buttons.parse(None) is None


def test_a_keyboard_names_its_article_only_in_brief_s_own_data() -> None:
    assert buttons.article_of(buttons.summary_keyboard(12, 1, 1)) == 12
    assert buttons.article_of(buttons.key_points_keyboard(13, 3)) == 13
    assert buttons.article_of(buttons.use_keyboard(14)) == 14
    assert buttons.article_of(buttons.list_keyboard(0, 2)) is None
    assert buttons.article_of(buttons.forget_keyboard(99)) is None
    assert buttons.article_of(None) is None
    forged = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="sum:0:3")]])
    assert buttons.article_of(forged) is None


def test_keyboard_offers_only_possible_lengths() -> None:
    def labels(shown: int, count: int) -> list[str]:
        keyboard = buttons.summary_keyboard(1, shown, count)
        return [b.text for row in keyboard.inline_keyboard for b in row]

    assert labels(1, 30) == ["+ Longer", "Key points", "Delete"]
    assert labels(3, 3) == ["− Shorter", "Key points", "Delete"]
    assert labels(20, 50) == ["− Shorter", "Key points", "Delete"]


def test_file_url_sits_beside_the_api_url() -> None:
    assert file_url_for("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url_for("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert file_url_for("http://h/tg/bot{token}") == "http://h/tg/file/bot{token}"


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(min_size=1, max_size=3000), min_size=1, max_size=6),
    title=st.one_of(st.none(), st.text(max_size=300)),
)
def test_any_text_renders_to_valid_messages(texts: list[str], title: str | None) -> None:
    view = summary_view(texts, title=title)
    plains = check_valid(summary_reply(view, None))
    joined = "".join("".join(plains).split())
    for text in texts:
        assert "".join(text.split()) in joined


def test_an_answer_that_opens_a_quotation_shows_its_end_and_speaker() -> None:
    s = [sentence(0, "“We are doing our job, as always."), sentence(1, "We go on,” Lavrov said.")]
    answer = Answer("q", True, (Passage(s[0], None, s[1], 0.9),), 0.9)
    (plain,) = check_valid(answer_reply(AnswerView(info(), answer)))
    assert plain.startswith("“We are doing our job, as always. We go on,” Lavrov said.")
