"""Saved news pages as a WordPress news site serves them: the article inside a theme's chrome (menu,
cookie banner, sidebar, related posts, share buttons, a comment thread, scripts), with the metadata
such sites carry (JSON-LD, Open Graph, article:published_time, <time datetime>). Fictional, written for
the tests and the extraction benchmark; each page says which words are its article's and which its
chrome's, so a reader's output can be scored."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass
class Page:
    html: str
    title: str
    date: str  # ISO
    author: str
    url: str
    paragraphs: list[str]  # the article's text
    chrome: list[str]  # phrases of the page's chrome, none of which is the article's
    lang: str


_EN_CHROME = {
    "menu": ["Home", "About us", "Reports", "Donate", "Contact"],
    "cookie": "We use cookies to improve your experience on our website. Accept all cookies",
    "sidebar": ["Recent posts", "Monitors report overcrowding in Irkutsk prison",
                "Archives", "November 2024", "Subscribe to our newsletter"],
    "related": ["Related posts", "Lawyer barred from visiting client in Chita",
                "Appeal court upholds fine for Barnaul picket"],
    "share": ["Share this:", "Facebook", "Telegram", "Print"],
    "comments": ["3 thoughts on this report", "Maria Volkova says:",
                 "Thank you for documenting this, the situation in the colonies is terrible.",
                 "Pavel K. says:", "When will the regional ombudsman respond to these complaints?",
                 "Leave a Reply", "Your email address will not be published."],
    "footer": "© 2024 Rights Monitor Siberia. All rights reserved. Privacy policy",
}

_RU_CHROME = {
    "menu": ["Главная", "О нас", "Доклады", "Помочь", "Контакты"],
    "cookie": "Мы используем файлы cookie, чтобы сайт работал лучше. Принять все",
    "sidebar": ["Свежие записи", "Наблюдатели сообщили о переполненности иркутской тюрьмы",
                "Архивы", "Ноябрь 2024", "Подпишитесь на нашу рассылку"],
    "related": ["Похожие записи", "Адвоката не пустили к подзащитному в Чите",
                "Апелляционный суд оставил в силе штраф за пикет в Барнауле"],
    "share": ["Поделиться:", "ВКонтакте", "Телеграм", "Распечатать"],
    "comments": ["3 комментария к записи", "Мария Волкова пишет:",
                 "Спасибо, что рассказываете об этом, в колониях ужасная ситуация.",
                 "Павел К. пишет:", "Когда региональный омбудсмен ответит на эти жалобы?",
                 "Добавить комментарий", "Ваш адрес email не будет опубликован."],
    "footer": "© 2024 Правозащитный монитор Сибири. Все права защищены. Политика конфиденциальности",
}


def _chrome_phrases(chrome: dict) -> list[str]:
    return [*chrome["menu"], chrome["cookie"], *chrome["sidebar"], *chrome["related"], *chrome["share"],
            *chrome["comments"], chrome["footer"]]


def _page(lang: str, title: str, site: str, date: str, author: str, url: str, paragraphs: list[str],
          chrome: dict, metadata: str) -> Page:
    """One page; `metadata` picks where its date is stated: "jsonld", "meta" or "time"."""
    head = [f'<meta charset="utf-8"><title>{title} – {site}</title>',
            f'<meta property="og:title" content="{title}">', f'<meta property="og:site_name" content="{site}">',
            f'<link rel="canonical" href="{url}">', '<script>window.dataLayer=[];function gtag(){}</script>',
            '<style>.menu{display:flex}</style>']
    if metadata == "jsonld":
        head.append('<script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": date,
            "author": {"@type": "Person", "name": author}}, ensure_ascii=False) + "</script>")
    elif metadata == "meta":
        head += [f'<meta property="article:published_time" content="{date}">',
                 f'<meta name="author" content="{author}">']
    menu = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(chrome["menu"]))
    sidebar = "".join(f"<li>{item}</li>" for item in chrome["sidebar"])
    related = "".join(f'<li><a href="/r{i}">{item}</a></li>' for i, item in enumerate(chrome["related"][1:]))
    share = "".join(f'<a class="share" href="#">{item}</a>' for item in chrome["share"][1:])
    comments = chrome["comments"]
    byline = (f'<span class="byline">By <a rel="author" href="/author/a">{author}</a></span> '
              if metadata != "meta" else "")
    time = f'<time class="entry-date" datetime="{date}">{date[:10]}</time>' if metadata != "meta" else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"""<!DOCTYPE html>
<html lang="{lang}"><head>{''.join(head)}</head>
<body class="post-template-default single single-post">
<div id="cookie-notice" class="cookie-banner"><p>{chrome['cookie']}</p><button>OK</button></div>
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{site}</a></p>
<nav id="site-navigation" class="main-navigation"><ul class="menu">{menu}</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-77" class="post-77 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">{byline}{time}</div></header>
<div class="entry-content">{body}</div>
<footer class="entry-footer"><div class="sharedaddy"><h3 class="sd-title">{chrome['share'][0]}</h3>{share}</div>
<div class="jp-relatedposts"><h3>{chrome['related'][0]}</h3><ul>{related}</ul></div></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">{comments[0]}</h2>
<ol class="comment-list">
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{comments[1]}</b></footer>
<div class="comment-content"><p>{comments[2]}</p></div></article></li>
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{comments[3]}</b></footer>
<div class="comment-content"><p>{comments[4]}</p></div></article></li></ol>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">{comments[5]}</h3>
<form class="comment-form"><p class="comment-notes">{comments[6]}</p><textarea name="comment"></textarea></form></div>
</div></main>
<aside id="secondary" class="widget-area"><section class="widget"><ul>{sidebar}</ul></section></aside></div>
<footer id="colophon" class="site-footer"><p>{chrome['footer']}</p></footer>
<script>document.querySelectorAll('.share').forEach(function(a){{a.onclick=null}});</script>
</body></html>"""
    return Page(html, title, date[:10], author, url, paragraphs, _chrome_phrases(chrome), lang)


EN_PARAGRAPHS = [
    "‘The monitors were not allowed to see three of the prisoners’",
    "Source: Rights Monitor Siberia [original source: Chita Evening News]",
    "The public monitoring commission of the Zabaikalsky region found seven prisoners held in a punishment "
    "cell for longer than the law allows, its members said after visiting penal colony No. 5 on Tuesday.",
    "According to the monitors, the prisoners had been denied visits from their lawyers for three weeks. "
    "Two of them said they had been beaten by guards after filing complaints with the prosecutor's office.",
    "The regional prison service denied the allegations and said an internal inquiry had found no violations. "
    "The monitors have asked the prosecutor to open a criminal case.",
    "Human rights defenders in Chita say that complaints from the colony have been growing since the spring, "
    "when a new governor of the colony was appointed.",
    "Translated by Olga Baranova",
]

RU_PARAGRAPHS = [
    "Источник: Правозащитный монитор Сибири",
    "Общественная наблюдательная комиссия Забайкальского края обнаружила семерых заключённых, которых "
    "держали в штрафном изоляторе дольше, чем позволяет закон, сообщили её члены после посещения колонии № 5.",
    "По словам наблюдателей, к заключённым три недели не пускали адвокатов. Двое из них рассказали, что "
    "после жалоб в прокуратуру их избили сотрудники колонии.",
    "Региональное управление ФСИН отвергло обвинения и заявило, что внутренняя проверка нарушений не выявила. "
    "Наблюдатели попросили прокуратуру возбудить уголовное дело.",
    "Правозащитники в Чите говорят, что жалоб из колонии стало больше с весны, когда в колонии сменился "
    "начальник.",
]


def pages() -> list[Page]:
    """Two English and two Russian pages, their dates stated three ways (JSON-LD, meta, <time>)."""
    return [
        _page("en", "Monitors find prisoners held too long in Chita punishment cells", "Rights Monitor Siberia",
              "2024-11-19T10:30:00+08:00", "Olga Baranova", "https://monitor.example/2024/11/chita-cells/",
              EN_PARAGRAPHS, _EN_CHROME, "jsonld"),
        _page("en", "Chita monitors ask prosecutor to open a case", "Rights Monitor Siberia",
              "2024-11-21T09:00:00+08:00", "Olga Baranova", "https://monitor.example/2024/11/chita-case/",
              [p.replace("Tuesday", "Thursday") for p in EN_PARAGRAPHS[2:6]],
              _EN_CHROME, "meta"),
        _page("ru", "Наблюдатели нашли в читинской колонии заключённых, которых держат в ШИЗО сверх срока",
              "Правозащитный монитор Сибири", "2024-11-18T18:00:00+08:00", "Ольга Баранова",
              "https://monitor.example/ru/2024/11/chita-shizo/", RU_PARAGRAPHS, _RU_CHROME, "time"),
        _page("ru", "Читинские наблюдатели просят возбудить уголовное дело", "Правозащитный монитор Сибири",
              "2024-11-20T12:00:00+08:00", "Ольга Баранова", "https://monitor.example/ru/2024/11/chita-delo/",
              RU_PARAGRAPHS[1:], _RU_CHROME, "jsonld"),
    ]


def empty_page() -> str:
    """A page with chrome and no article: a tag archive, say."""
    return (f"<html lang='en'><head><title>Tag: prisons</title></head><body><nav><ul>"
            f"{''.join(f'<li><a href=/{i}>{m}</a></li>' for i, m in enumerate(_EN_CHROME['menu']))}</ul></nav>"
            f"<footer><p>{_EN_CHROME['footer']}</p></footer></body></html>")


# WordPress exports and feeds ----------------------------------------------------------------------

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Rights Monitor Siberia</title><link>https://monitor.example</link><language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://monitor.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[obaranova]]></wp:author_login><wp:author_display_name><![CDATA[Olga Baranova]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[prisons]]></wp:category_nicename><wp:cat_name><![CDATA[Prisons]]></wp:cat_name></wp:category>
{terms}
"""


def wxr_post(post_id: int, title: str, content: str, date: str = "2024-11-19 02:30:00", author: str = "obaranova",
             status: str = "publish", post_type: str = "post", categories=(), tags=(), lang: str | None = None,
             translations: str | None = None, meta: dict | None = None) -> str:
    """One <item> of an export: `date` is wp:post_date_gmt; `lang` and `translations` are Polylang's."""
    terms = "".join(f'<category domain="category" nicename="{c.lower().replace(" ", "-")}"><![CDATA[{c}]]></category>'
                    for c in categories)
    terms += "".join(f'<category domain="post_tag" nicename="{t.lower().replace(" ", "-")}"><![CDATA[{t}]]></category>'
                     for t in tags)
    if lang:
        terms += f'<category domain="language" nicename="{lang}"><![CDATA[{lang}]]></category>'
    if translations:
        terms += f'<category domain="post_translations" nicename="{translations}"><![CDATA[{translations}]]></category>'
    postmeta = "".join(f"<wp:postmeta><wp:meta_key><![CDATA[{k}]]></wp:meta_key><wp:meta_value><![CDATA[{v}]]>"
                       f"</wp:meta_value></wp:postmeta>" for k, v in (meta or {}).items())
    return f"""<item>
<title><![CDATA[{title}]]></title><link>https://monitor.example/?p={post_id}</link>
<pubDate>Tue, 19 Nov 2024 02:30:00 +0000</pubDate><dc:creator><![CDATA[{author}]]></dc:creator>
<guid isPermaLink="false">https://monitor.example/?p={post_id}</guid><description></description>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date><![CDATA[{date}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{date if status == "publish" else "0000-00-00 00:00:00"}]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:post_name><![CDATA[post-{post_id}]]></wp:post_name>
<wp:status><![CDATA[{status}]]></wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type><![CDATA[{post_type}]]></wp:post_type><wp:is_sticky>0</wp:is_sticky>{terms}{postmeta}
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[Maria Volkova]]></wp:comment_author>
<wp:comment_content><![CDATA[A comment that is no part of the article: flamingo.]]></wp:comment_content></wp:comment>
</item>
"""


def polylang_group(slug: str, ids: dict[str, int]) -> str:
    """Polylang's `post_translations` term: which post is which language's version."""
    pairs = "".join(f's:{len(lang)}:"{lang}";i:{post};' for lang, post in ids.items())
    return (f"<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy><![CDATA[post_translations]]></wp:term_taxonomy>"
            f"<wp:term_slug><![CDATA[{slug}]]></wp:term_slug><wp:term_name><![CDATA[{slug}]]></wp:term_name>"
            f"<wp:term_description><![CDATA[a:{len(ids)}:{{{pairs}}}]]></wp:term_description></wp:term>")


def wxr(items: list[str], terms: str = "") -> str:
    return WXR_HEAD.format(terms=terms) + "".join(items) + "</channel>\n</rss>\n"


EN_POST = """‘Seven prisoners were kept in punishment cells beyond the legal limit’

Source: Rights Monitor Siberia [original source: Chita Evening News]

The public monitoring commission of the Zabaikalsky region found seven prisoners held in a <strong>punishment cell</strong> for longer than the law allows.

[caption id="attachment_5" align="alignnone" width="300"]<img src="cell.jpg" alt="" width="300" height="200" /> The colony near Chita[/caption]

The monitors have asked the prosecutor to open a criminal case.

Translated by Olga Baranova"""

RU_POST = """Источник: Правозащитный монитор Сибири

Общественная наблюдательная комиссия Забайкальского края обнаружила семерых заключённых, которых держали в <em>штрафном изоляторе</em> дольше, чем позволяет закон.

Наблюдатели попросили прокуратуру возбудить уголовное дело."""


def export(extra_items: tuple[str, ...] = ()) -> str:
    """An export of two published posts that translate each other (Polylang), a page, a draft, a
    revision, an attachment and a menu item."""
    items = [
        wxr_post(12, "Наблюдатели нашли заключённых в ШИЗО сверх срока", RU_POST, date="2024-11-18 10:00:00",
                 categories=["Тюрьмы"], tags=["Чита", "ОНК"], lang="ru", translations="pll_6a1"),
        wxr_post(14, "Monitors find prisoners held too long in Chita punishment cells", EN_POST,
                 date="2024-11-19 02:30:00", categories=["Prisons"], tags=["Chita", "Human rights"], lang="en",
                 translations="pll_6a1"),
        wxr_post(20, "About the monitor", "Rights Monitor Siberia documents the conditions in the prisons of "
                 "the Zabaikalsky region and publishes the reports of its monitors.", post_type="page"),
        wxr_post(21, "Draft: visit to colony No. 3", "Notes of a visit that is not yet published: quokka.",
                 status="draft"),
        wxr_post(22, "Monitors find prisoners", "An older version of the text: giraffe.", post_type="revision",
                 status="inherit"),
        wxr_post(23, "cell.jpg", "", post_type="attachment", status="inherit"),
        wxr_post(24, "Home", "", post_type="nav_menu_item"),
        *extra_items,
    ]
    return wxr(items, terms=polylang_group("pll_6a1", {"ru": 12, "en": 14}))


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Rights Monitor Siberia</title><link>https://monitor.example</link><language>ru-RU</language>
<item><title>Адвоката не пустили к подзащитному в Чите</title><link>https://monitor.example/ru/2024/12/advokat/</link>
<dc:creator><![CDATA[Ольга Баранова]]></dc:creator><pubDate>Mon, 02 Dec 2024 08:00:00 +0000</pubDate>
<category><![CDATA[Тюрьмы]]></category><guid isPermaLink="false">https://monitor.example/?p=31</guid>
<description><![CDATA[Адвоката не пустили…]]></description>
<content:encoded><![CDATA[<p>Адвоката Дениса Кравца не пустили к подзащитному в читинском СИЗО, сообщил сам адвокат.</p>
<p>Администрация изолятора сослалась на карантин.</p>]]></content:encoded></item>
<item><title>Appeal court upholds fine for Barnaul picket</title><link>https://monitor.example/2024/12/barnaul/</link>
<dc:creator>Olga Baranova</dc:creator><pubDate>Tue, 03 Dec 2024 23:30:00 -0300</pubDate>
<guid isPermaLink="false">https://monitor.example/?p=32</guid>
<description><![CDATA[The regional court in Barnaul upheld the fine imposed on the activist for a single-person picket.]]></description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Rights Monitor Siberia</title>
<link href="https://monitor.example/"/><updated>2024-12-05T10:00:00Z</updated><id>urn:monitor</id>
<entry><title>Monitors visit the Chita remand centre</title><link href="https://monitor.example/2024/12/sizo/"/>
<id>urn:monitor:41</id><published>2024-12-05T10:00:00Z</published><updated>2024-12-06T10:00:00Z</updated>
<author><name>Olga Baranova</name></author><category term="prisons" label="Prisons"/>
<content type="html">&lt;p&gt;The monitors visited the remand centre in Chita and spoke with eleven prisoners.&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;</content></entry>
</feed>
"""
