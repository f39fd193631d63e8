"""Who wrote it, when and where: bylines of pasted texts and questions about them."""

from __future__ import annotations

import pytest

from bot.engine.metadata import Byline, asked_about, describe, find_byline, metadata_answer


@pytest.mark.parametrize(
    ("text", "byline"),
    [
        (
            "# Title\n\nPosted by Mira Jansen on 3 March 2025\n\nBody text here.",
            ("Mira Jansen", "3 March 2025"),
        ),
        ("Title\n\nBy Jane Doe\n\nBody.", ("Jane Doe", None)),
        ("Titel\nVon Anna Becker, 3. März 2025\nText.", ("Anna Becker", "3. März 2025")),
        ("Titre\nPar Jean de la Fontaine\nTexte.", ("Jean de la Fontaine", None)),
        ("Заголовок\nАвтор: Иван Петров\nТекст.", ("Иван Петров", None)),
        # "publié le" is not part of the date; a date on a line of its own is read too.
        (
            "Titre\nPar Sophie Bernard, publié le 8 avril 2025\nTexte.",
            ("Sophie Bernard", "8 avril 2025"),
        ),
        (
            "Título\n\nPor Lucía Romero\n\nPublicado el 2 de marzo de 2025\n\nTexto.",
            ("Lucía Romero", "2 de marzo de 2025"),
        ),
        ("Title\nPublished on 3 March 2025\nBody.", (None, "3 March 2025")),
        (
            "Заголовок\nКазань, 20 сентября 2025 года. Автор: Ирина Смирнова\nТекст.",
            ("Ирина Смирнова", "20 сентября 2025 года"),
        ),
        # The date first, then the author.
        (
            "# Titre\n\n*Publié le 3 avril 2026 par Claire Dubois*\n\nTexte.",
            ("Claire Dubois", "3 avril 2026"),
        ),
        ("Title\nPosted on March 3, 2026 by Jane Doe\nBody.", ("Jane Doe", "March 3, 2026")),
        (
            "# Título\n\nPublicado por Lucía Romero el 4 de octubre de 2026\n\nTexto.",
            ("Lucía Romero", "4 de octubre de 2026"),
        ),
        ("Titel\nGeschrieben von Jana Krüger\nText.", ("Jana Krüger", None)),
        # "Por qué nos fuimos" ("Why we left") is a heading: "qué" is no name.
        ("# Título\n\n## Por qué nos fuimos\n\nTexto.", (None, None)),
        ("Title\nIn 2024 by Jane Doe\nBody.", (None, None)),
        ("Title\nBerlin, 2025\nParis, in 12 years 2025\nBody.", (None, None)),
        ("By the end of the year the bridge will be open.\nMore.", (None, None)),
        ("The cat sat on the mat. It was written by nobody in particular.", (None, None)),
    ],
)
def test_bylines_are_found_at_the_top(text: str, byline: tuple[str | None, str | None]) -> None:
    found = find_byline(text)
    assert (found.author, found.published) == byline


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who wrote this post?", "author"),
        ("Who is the author?", "author"),
        ("Wer hat den Artikel geschrieben?", "author"),
        ("Qui a écrit cet article ?", "author"),
        ("¿Quién lo escribió?", "author"),
        ("Кто написал?", "author"),
        ("When was it published?", "published"),
        ("Wann wurde der Artikel veröffentlicht?", "published"),
        ("Wann wurde er veröffentlicht?", "published"),
        ("¿Cuándo se publicó?", "published"),
        ("Когда вышла статья?", "published"),
        ("Where is this from?", "site_name"),
        ("Which newspaper?", "site_name"),
        ("Who wrote the letter to the editor in 1990?", None),
        ("When was the bridge opened?", None),
    ],
)
def test_questions_about_the_article_itself(question: str, kind: str | None) -> None:
    assert asked_about(question) == kind


def test_answers_come_from_the_byline_or_not_at_all() -> None:
    byline = Byline("Mira Jansen", "3 March 2025", None)
    answer = metadata_answer("Who wrote this post?", byline)
    assert answer is not None and answer.sentences == ("Written by Mira Jansen.",)
    assert metadata_answer("Where is it from?", byline) is None  # unknown: search the text
    unknown = metadata_answer("Who wrote this?", Byline())  # no sentence answers it
    assert unknown is not None and not unknown.found
    assert metadata_answer("How much did it cost?", byline) is None
    assert (
        describe("Mira Jansen", "3 March 2025", "Pi Blog")
        == "by Mira Jansen · 3 March 2025 · Pi Blog"
    )
    assert describe(None, None, None) == ""
