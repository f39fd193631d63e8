"""Pages the test server serves: written for these tests, not copied from anywhere."""

from __future__ import annotations

ARTICLE_PARAGRAPHS = (
    "The city council of Northbridge voted on Tuesday to turn the old tram depot into a public "
    "library, ending a dispute that had lasted almost a decade.",
    "Council members said the building, which has stood empty since the trams stopped running in "
    "1998, would keep its brick facade and iron roof while the interior is rebuilt around a "
    "reading hall.",
    "The project is expected to cost 14 million euros, most of it paid from a regional fund for "
    "the reuse of industrial buildings, and construction should begin next spring.",
    "Residents who had campaigned for the library welcomed the decision, though some shop owners "
    "on the neighbouring street worried about months of noise and closed pavements.",
    "The mayor promised that the depot's clock tower, a local landmark, would be repaired first "
    "so that it can tell the right time again before the building works are finished.",
)

NAV_TEXT = "Home Politics Sport Weather Subscribe now"
AD_TEXT = "Buy cheap sunglasses today with a discount of seventy percent"
COMMENT_TEXT = "I think this library is a complete waste of taxpayer money, said reader42"
FOOTER_TEXT = "Copyright Northbridge Gazette, all rights reserved, contact our newsroom"
TITLE = "Old tram depot will become Northbridge's new library"


def news_page() -> str:
    body = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{TITLE} | Northbridge Gazette</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Northbridge Gazette">
<meta name="author" content="Maria Keller">
<meta property="article:published_time" content="2024-03-12T09:30:00Z">
</head><body>
<header><nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
<li><a href="/subscribe">Subscribe now</a></li></ul></nav></header>
<div class="ad banner-ad advertisement"><p>{AD_TEXT}</p></div>
<main><article>
<h1>{TITLE}</h1>
<p class="byline">By Maria Keller</p>
{body}
</article>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>{COMMENT_TEXT}</p></div>
</section></main>
<aside class="sidebar"><div class="ad"><p>{AD_TEXT}</p></div></aside>
<footer><p>{FOOTER_TEXT}</p></footer>
</body></html>"""


RUSSIAN_PARAGRAPHS = (
    "Городской совет Северного моста во вторник проголосовал за то, чтобы превратить старое "
    "трамвайное депо в публичную библиотеку.",
    "Здание пустует с тех пор, как трамваи перестали ходить, но кирпичный фасад и железная "
    "крыша будут сохранены, а внутри появится большой читальный зал.",
    "Работы начнутся весной следующего года, а часы на башне депо починят в первую очередь.",
)

FRENCH_PARAGRAPHS = (
    "Le conseil municipal a voté mardi la transformation de l'ancien dépôt de tramways en "
    "bibliothèque publique, après presque dix ans de débats.",
    "La façade en brique et le toit en fer seront conservés, tandis que l'intérieur sera "
    "reconstruit autour d'une grande salle de lecture où l'on pourra étudier.",
    "Les travaux commenceront au printemps prochain ; l'horloge de la tour sera réparée en "
    "premier, à la grande joie des habitants du quartier.",
)


def simple_page(title: str, paragraphs: tuple[str, ...], head_extra: str = "") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head>{head_extra}<title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def javascript_shell() -> str:
    return """<!DOCTYPE html><html><head><title>Loading…</title>
<script src="/static/app.3f9a1.js" defer></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div></body></html>"""


def login_page() -> str:
    return """<!DOCTYPE html><html><head><title>Sign in</title></head><body>
<form action="/session" method="post" class="login-form">
<label>Email <input type="email" name="email"></label>
<label>Password <input type="password" name="password"></label>
<button>Sign in</button></form></body></html>"""
