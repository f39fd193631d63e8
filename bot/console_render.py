"""Plain-text replies of the console chat, shared with the scripting CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.engine.language import language_name
from bot.engine.metadata import describe
from bot.engine.present import also_relevant, continuation

if TYPE_CHECKING:
    # Types only: `brief ask FILE` renders answers without the service and storage.
    from bot.config import Settings
    from bot.engine import Answer
    from bot.service import AnswerView, ArticlePage, LibraryAnswerView, SummaryView
    from storage import ArticleInfo, ChatSettings


def language_label(info: ArticleInfo) -> str:
    name = language_name(info.language)
    if not info.language_detected:
        return f"{name} (I couldn't tell the language, so I read it as {name})"
    return name


def source_label(source: str) -> str:
    from bot.service import ArticleSource

    return ArticleSource.parse(source).label


def article_label(info: ArticleInfo) -> str:
    title = info.title or "untitled article"
    return f"#{info.id} «{_shorten(title, 70)}»"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_summary(view: SummaryView, *, just_sent: bool = False) -> str:
    """The summary reply; ``just_sent``: the user just sent this article (say if it is old)."""
    info = view.article
    lines = [info.title or "(untitled article)"]
    lines.append(
        f"#{info.id} · {source_label(info.source)} · {language_label(info)} · "
        f"{view.reading_minutes} min read"
    )
    byline = describe(info.author, info.published, info.site_name)
    if byline:
        lines.append(byline[0].upper() + byline[1:])
    if just_sent and not view.created:
        lines.append("You sent this article before; here it is again.")
    lines.append("")
    lines.extend(f"{n}. {s.text}" for n, s in enumerate(view.summary.sentences, 1))
    if view.summary.keywords:
        lines.append("")
        lines.append("Key terms: " + ", ".join(view.summary.keywords))
    if view.pruned:
        lines.append("")
        lines.append(
            "To make room I deleted your oldest "
            + ("article: " if len(view.pruned) == 1 else f"{len(view.pruned)} articles: ")
            + ", ".join(article_label(p) for p in view.pruned)
            + "."
        )
    return "\n".join(lines)


def render_answer_text(answer: Answer, title: str | None, *, where: str | None = None) -> str:
    """An answer: the best sentence (») first, the sentence it leans on when it does, and
    other answers only when they could answer on their own. ``where`` names another
    article the answer comes from; the active article needs no naming."""
    place = f"«{_shorten(title, 70)}»" if title else "this article"
    if not answer.found or not answer.passages:
        return f"I couldn't find that in {where or place}."
    best = answer.passages[0]
    lines = [f"From {where}:"] if where else []
    if not answer.sure:
        lines.append("Not sure, but this looks closest:")
    lines.append(f"» {best.sentence.text}")
    rest = continuation(best)
    if rest is not None:  # the quotation goes on and is attributed there
        lines.append(f"  {rest.text}")
    lines.extend(f"  - {item.text}" for item in best.rest)  # the list it opens
    if best.before is not None:
        lines.append(f"  Context: {best.before.text}")
    others = also_relevant(answer)
    if others:
        lines.append("")
        lines.append("Also relevant:")
        lines.extend(f"- {p.sentence.text}" for p in others)
    return "\n".join(lines)


def render_gist_text(answer: Answer) -> str:
    """A gist request ("What is this about?") answered with the summary: its sentences in
    order, one a line, as the chat's summary card lists them (a quotation split over two
    sentences stays together, not listed as "Also relevant")."""
    return "\n".join(f"• {p.sentence.text}" for p in answer.passages)


def saved_ago(created_at: datetime, now: datetime | None = None) -> str:
    days = ((now or datetime.now(UTC)) - created_at).days
    if days <= 0:
        return "saved today"
    return "saved yesterday" if days == 1 else f"saved {days} days ago"


def render_answer(view: AnswerView) -> str:
    title = view.article.title
    if view.asked is not None and view.answer.found:
        asked = view.asked.title or "the active article"
        place = f"«{_shorten(title or 'untitled article', 70)}» (#{view.article.id}, " + (
            f"{saved_ago(view.article.created_at)})"
        )
        return (
            f"Not in «{_shorten(asked, 70)}», but in another of your articles.\n"
            + render_answer_text(view.answer, title, where=place)
            + f"\n(/use {view.article.id} to ask about that article)"
        )
    if view.searched_library and not view.answer.found:
        where = f"«{_shorten(title, 70)}»" if title else "this article"
        return f"I couldn't find that in {where}, nor in your other articles."
    return render_answer_text(view.answer, title)


def render_page(page: ArticlePage) -> str:
    if page.total == 0:
        return "You have no articles yet. Paste one, or give a file path or a link."
    lines = [f"Your articles ({page.total}), page {page.page + 1} of {page.pages}:"]
    for info in page.articles:
        mark = "*" if info.id == page.active_article_id else " "
        date = info.created_at.strftime("%Y-%m-%d")
        lines.append(
            f"{mark} {info.id:>4}  {_shorten(info.title or '(untitled)', 60)}  "
            f"[{source_label(info.source)} · {language_name(info.language)}"
            f"{' · by ' + info.author if info.author else ''} · {date}]"
        )
    if page.page + 1 < page.pages:
        lines.append(f"More: /list {page.page + 2}")
    return "\n".join(lines)


def render_settings(chat: ChatSettings, settings: Settings, active: ArticleInfo | None) -> str:
    from storage import database_label

    length = (
        f"{chat.summary_sentences} sentences"
        if chat.summary_sentences
        else f"{settings.summary_sentences} sentences (default)"
    )
    algorithm = chat.algorithm or "default"
    retention = (
        f"articles are deleted after {settings.retention_days} days"
        if settings.retention_days
        else "articles are kept until you delete them"
    )
    return "\n".join(
        [
            f"Summary length: {length}",
            f"Algorithm: {algorithm}",
            f"Active article: {article_label(active) if active else 'none'}",
            f"Library: up to {settings.max_articles_per_chat} articles; {retention}",
            f"Database: {database_label(settings)}",
        ]
    )


def render_search(view: LibraryAnswerView) -> str:
    """/search: the best sentences across the library, each with its article."""
    if not view.found:
        return f"Nothing in your articles matches «{view.question}»."
    lines = [f"Best matches for «{view.question}»:"]
    for hit in view.passages:
        lines.append(f"{article_label(hit.article)}: {hit.passage.sentence.text}")
    lines.append("(/use ID makes an article active.)")
    return "\n".join(lines)
