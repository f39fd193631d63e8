"""Related words in French and Russian: the tables' scale, and what they answer.

    .venv/bin/python -m benchmarks.word_tables             # both parts
    .venv/bin/python -m benchmarks.word_tables --scale     # the first part only

1. The scale (``CLOSEST_QUANTILES`` in bot/engine/word_tables.py): for each table, how
   close the closest of 300 words is to a word, at the quantiles 0.5, 0.75, 0.9 and 0.95;
   words drawn (seeded) from the 25,000 most frequent of the language in wordfreq, stop
   words and words under three letters left out, 40 draws of 300 article words and 50
   question words. Nothing here comes from a question or a text Brief is tested on.
2. People's words: questions in everyday words about texts in tests/engine/data (written
   for it), each with a phrase its answer sentence holds, and off-topic questions asked
   of each text. Top-1 = the first sentence shown holds the phrase ("not found" a miss);
   answered = any sentence shown; refused = off-topic questions given no answer. Setups,
   in one process each: no tables (as before them), the tables on their raw cosines with
   the strict (English) off-topic limits, calibrated with the strict limits, and as
   shipped (calibrated, the limits of the languages other than English).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "engine" / "data"

CASES: dict[str, list[tuple[str, str]]] = {
    "convoi-goma.txt": [
        ("Combien de personnes ont été tuées ?", "sont morts"),
        ("Qui sont les rebelles ?", "M23|miliciens"),
        ("Y a-t-il eu des victimes ?", "sont morts"),
        ("Qu'est-ce qu'ils livraient ?", "médicaments"),
        ("Qui a tiré sur le convoi ?", "embuscade"),
        ("L'aide reprendra-t-elle bientôt ?", "suspendu"),
    ],
    "pompe-a-chaleur.md": [
        ("Combien coûtait le chauffage au fioul chaque année ?", "2 400"),
        ("Quel était le prix de la pompe à chaleur ?", "14 000"),
        ("Est-ce que c'est bruyant ?", "bruit"),
        ("Combien d'argent gagne-t-il par an ?", "1 700"),
        ("Quand sera-t-elle rentabilisée ?", "remboursé"),
        ("De combien la note d'électricité a-t-elle grimpé ?", "augmenté"),
    ],
    "piscine.txt": [
        ("Pourquoi la rénovation ?", "toiture"),
        ("Où vont nager les clubs ?", "Perros-Guirec"),
        ("Quel est le prix des travaux ?", "9 millions"),
    ],
    "velo-lyon.md": [
        ("Combien coûte l'abonnement par an ?", "31 à 40"),
        ("Quel est le poids du nouveau vélo ?", "19 kilos"),
        ("Qui a obtenu le marché ?", "Fifteen"),
    ],
    "rynok-obstrel.txt": [
        ("Сколько людей убито?", "погибли"),
        ("Кто стрелял?", "боевики"),
        ("Куда отвезли пострадавших?", "больницу"),
        ("Были ли жертвы?", "погибли"),
        ("Где прятались повстанцы?", "укрылись"),
        ("Когда откроется рынок?", "закрыт"),
    ],
    "dacha-zimoy.md": [
        ("Сколько денег ушло на обогрев?", "42 тысячи"),
        ("Сколько стоит топливо для машины?", "Бензин"),
        ("Дороже ли жить за городом?", "вдвое выше"),
        ("Сколько ехать до офиса?", "полтора часа"),
    ],
    "metro-novosti.txt": [
        ("Сколько стоила стройка?", "9 миллиардов"),
        ("Почему задержали строительство?", "крепости"),
        ("Сколько людей будет ездить?", "30 тысяч"),
    ],
    "metro-ru.txt": [
        ("Сколько денег потратили?", "48 миллиардов"),
        ("Почему опоздали?", "грунтовыми"),
    ],
    "ueberfall-dorf.txt": [
        ("Wie viele Menschen wurden getötet?", "ums Leben"),
        ("Wer hat das Dorf angegriffen?", "Bewaffnete|dschihadistische"),
        ("Gab es Tote?", "ums Leben"),
        ("Wohin wurden die Verwundeten gebracht?", "Klinik"),
        ("Wer sind die Terroristen?", "dschihadistische"),
        ("Haben sie Häuser niedergebrannt?", "zündeten"),
        ("Wo sucht die Armee die Täter?", "Wäldern"),
    ],
    "waermepumpe.md": [
        ("Wie viel hat die Heizung gekostet?", "24.000"),
        ("Wie hoch war der Zuschuss?", "9.000"),
        ("Wie viel hat er früher fürs Heizen bezahlt?", "2.600"),
        ("Ist das Gerät laut?", "hört man"),
        ("Wann lohnt sich die Investition?", "bezahlt gemacht"),
        ("Ist die Stromrechnung teurer geworden?", "gestiegen"),
    ],
    "rathaus.txt": [
        ("Warum wurde es teurer?", "Mehrkosten"),
        ("Wie viel kostet der Bau jetzt?", "14 Millionen"),
        ("Wann ist das Gebäude fertig?", "Frühjahr 2027"),
    ],
    "strassenbahn.txt": [
        ("Warum steigen die Kosten?", "Mehrkosten"),
        ("Wie viele Leute werden mit der Bahn fahren?", "12.000"),
        ("Worüber beschweren sich die Anwohner?", "Lärm"),
        ("Wann fangen die Arbeiten an?", "Herbst"),
    ],
    "stadtfest.md": [
        ("Wann beginnt das Fest?", "17 Uhr"),
        ("Wie viele Leute kommen?", "80.000"),
        ("Was kostet der Eintritt?", "frei"),
        ("Wo kann man parken?", "Parkhaus"),
    ],
    "tiroteo-mercado.txt": [
        ("¿Cuántas personas fueron asesinadas?", "murieron"),
        ("¿Quién disparó?", "hombres armados|banda"),
        ("¿Hubo víctimas?", "murieron"),
        ("¿Adónde llevaron a los lesionados?", "Hospital General"),
        ("¿Quién está detrás de la masacre?", "banda"),
        ("¿Cómo escaparon los atacantes?", "camionetas"),
        ("¿Cuándo vuelve a abrir el mercado?", "lunes"),
    ],
    "placas-solares.md": [
        ("¿Cuánto costó la instalación?", "7.800"),
        ("¿Cuánto pagaban de luz antes?", "90 euros"),
        ("¿Cuánto dinero ahorran cada año?", "650"),
        ("¿Hubo alguna subvención?", "1.500"),
        ("¿Cuándo se amortiza?", "recuperaremos"),
        ("¿Se estropean a menudo?", "avería"),
    ],
    "orquesta.txt": [
        ("¿Por qué se canceló la gira?", "financiación"),
        ("¿Cómo se sienten los músicos?", "traicionados"),
        ("¿Devolverán el dinero de los billetes?", "devolverán"),
        ("¿Cuántos boletos se vendieron?", "8.000"),
    ],
    "huerto.txt": [
        ("¿Cuándo hay que plantar?", "abril"),
        ("¿Cuánto cuesta la tierra?", "ocho euros"),
        ("¿Cuándo se riega?", "mañana temprano"),
        ("¿Qué tamaño deben tener los tiestos?", "30 centímetros"),
    ],
}
OFF_TOPIC = {
    "fr": [
        "Qui a gagné le match de football ?",
        "Quelle est la recette de la tarte aux pommes ?",
        "Combien coûte un billet d'avion pour Tokyo ?",
        "Qui est le président des États-Unis ?",
        "Quel temps fera-t-il demain ?",
    ],
    "ru": [
        "Кто выиграл футбольный матч?",
        "Как приготовить борщ?",
        "Сколько стоит билет в Токио?",
        "Кто президент США?",
        "Какая погода будет завтра?",
    ],
    "de": [
        "Wer hat das Fußballspiel gewonnen?",
        "Wie backt man einen Apfelkuchen?",
        "Was kostet ein Flug nach Tokio?",
        "Wer ist der Präsident der Vereinigten Staaten?",
        "Wie wird das Wetter morgen?",
    ],
    "es": [
        "¿Quién ganó el partido de fútbol?",
        "¿Cómo se prepara una tarta de manzana?",
        "¿Cuánto cuesta un billete de avión a Tokio?",
        "¿Quién es el presidente de Estados Unidos?",
        "¿Qué tiempo hará mañana?",
    ],
}
SETUPS = {
    "no tables": "off",
    "raw cosines, strict limits": "raw strict",
    "calibrated, strict limits": "strict",
    "shipped": "",
}


def scale() -> None:
    """Part 1: the quantiles of the closest word's cosine, per table."""
    import numpy as np
    from wordfreq import top_n_list

    from bot.engine import related, word_tables
    from bot.engine.terms import stop_words

    print("table  closest of 300, quantiles 0.5 / 0.75 / 0.9 / 0.95")
    for language in ("en", "fr", "ru"):
        table = related._table() if language == "en" else word_tables.table(language)
        if table is None:
            print(f"{language:5}  (package not installed)")
            continue
        stops = stop_words(language)
        pool = [w for w in top_n_list(language, 30000) if w.isalpha() and w not in stops]
        pool = [w for w in pool if len(w) > 2][:25000]
        rng = random.Random(7)
        closest: list[float] = []
        for _ in range(40):
            article = table.embed(rng.sample(pool, 300))
            asked = table.embed(rng.sample(pool, 50))
            closest.extend((asked @ article.T).max(axis=1).tolist())
        marks = np.quantile(np.array(closest), [0.5, 0.75, 0.9, 0.95])
        print(f"{language:5}  " + " / ".join(f"{m:.3f}" for m in marks))


def run_setup(flags: str) -> str:
    """Part 2 for one setup, in this process (called in a child process per setup)."""
    from bot.engine import word_tables

    if "off" in flags:
        word_tables._READERS.clear()
    if "raw" in flags:
        word_tables.WordTable.calibrate = lambda self, cosines: cosines  # type: ignore[method-assign]
    if "strict" in flags:
        from bot.engine.related import RelatedWords

        RelatedWords.strict_limits = RelatedWords.bridged  # type: ignore[method-assign, assignment]
    from bot.engine.answer import answer_question
    from bot.engine.core import Engine

    # per language: asked, top-1 hits, answered, off-topic asked, off-topic refused
    tally: dict[str, list[int]] = {}
    for name, questions in CASES.items():
        doc = Engine().analyze((DATA / name).read_text(encoding="utf-8"))
        counts = tally.setdefault(doc.language, [0, 0, 0, 0, 0])
        for question, expected in questions:
            answer = answer_question(doc, question)
            first = answer.sentences[0] if answer.found else ""
            counts[0] += 1
            counts[1] += any(phrase in first for phrase in expected.split("|"))
            counts[2] += answer.found
        for question in OFF_TOPIC[doc.language]:
            counts[3] += 1
            counts[4] += not answer_question(doc, question).found
    return "\n".join(
        f"{language} {hits}/{asked}  {answered}/{asked}  {refused}/{off}"
        for language, (asked, hits, answered, off, refused) in tally.items()
    )


def main() -> None:
    if sys.argv[1:2] == ["--setup"]:
        print(run_setup(" ".join(sys.argv[2:])))
        return
    scale()
    if "--scale" in sys.argv:
        return
    print("\nsetup                        lang  top-1   answered  off-topic refused")
    for label, flags in SETUPS.items():
        command = [sys.executable, "-m", "benchmarks.word_tables", "--setup", *flags.split()]
        figures = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        for line in figures.strip().splitlines():
            language, rest = line.split(" ", 1)
            print(f"{label:28} {language:5} {rest}")


if __name__ == "__main__":
    main()
