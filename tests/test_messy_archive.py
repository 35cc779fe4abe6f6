"""The archive on a folder as real archives are (see messy.py): the build, the CLI and the web app must
hold on undated, untitled, huge, oddly named and linked files. A test for each failure seen on real
news (issue 12)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlsplit

import lxml.html
import messy
import pytest
from conftest import ROOT, SHARED, build, needs_shared

from searchapp import cli, corpus, index, store
from searchapp.search import Filters, SearchEngine
from searchapp.web import create_app


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The messy corpus, built once without the models (the facets are not what is tested here)."""
    base = tmp_path_factory.mktemp("messy")
    ids = messy.make(base / "corpus", base / "outside")
    index_dir = base / "index"
    report = index.build(index.Settings(corpus=base / "corpus", index=index_dir, workers=1, progress=False,
                                        models=False))
    return {"corpus": base / "corpus", "index": index_dir, "report": report, "ids": ids}


@pytest.fixture(scope="module")
def engine(archive):
    engine = SearchEngine(archive["index"])
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def client(archive):
    # No cookie jar: each request chooses its interface language itself, as a new reader would.
    return create_app({"INDEX": str(archive["index"]), "TESTING": True}).test_client(use_cookies=False)


class Links(HTMLParser):
    """The href of every link of a page, and the text of elements with a class, parsed as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.labels: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("aria-label"):
            self.labels.append((tag, attrs["aria-label"]))


def links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def every_id(client) -> list[str]:
    data = client.get("/api/search?q=&size=100&fold=0").get_json()  # every article, copies too
    assert data["total"] <= 100
    return [hit["id"] for hit in data["results"]]


# The build -------------------------------------------------------------------------------------

def test_the_build_reports_what_it_could_not_read(archive):
    report = archive["report"]
    reasons = {s.id: s.reason for s in report.skipped}
    assert reasons["bad\\xffname.txt"] == "the file name is not valid UTF-8"
    assert "outside the corpus" in reasons["passwd.txt"]
    assert "outside the corpus" in reasons["elsewhere/"]
    notes = {n.id: n.reason for n in report.notes}
    assert notes["february.txt"] == "unreadable date “31 February 2021”"
    assert "unreadable date “2021-02-31”" in notes["bad-front-matter-date.md"]
    summary = report.summary()
    assert "bad\\xffname.txt" in summary and "unreadable date" in summary
    assert f"{report.total} articles in the index, {report.undated} without a date" in summary
    # Dated: dated.txt, its link, the odd name, front matter, page.html; the saved page, three posts, two items.
    assert report.undated >= 6 and report.total - report.undated == 11
    assert report.left_out == {"site/export.xml": {"attachment": 1, "draft": 1, "menu item": 1, "revision": 1}}


def test_every_readable_file_is_indexed_once(client, archive):
    ids = every_id(client)
    assert sorted(ids) == sorted(set(ids))
    for expected in archive["ids"].values():
        assert expected in ids
    assert not any(i.startswith(("elsewhere/", "ru/loop/")) or i == "passwd.txt" for i in ids)


def test_links_outside_the_corpus_are_never_served(client):
    assert client.get("/doc/passwd.txt").status_code == 404
    assert client.get("/doc/elsewhere/secret.txt").status_code == 404
    assert client.get("/api/search?q=root").get_json()["total"] == 0


def test_utf16_and_byte_order_marks_are_read(engine):
    doc = engine.document("utf16.txt")
    assert doc["title"] == "Report written in UTF-16" and "UTF-16 witnesses" in doc["body"]
    assert engine.document("utf8-bom.txt")["title"] == "Report with a byte-order mark"


def test_an_unwritable_index_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "file").write_text("not a folder")
    status = cli.main(["index", "--corpus", str(ROOT / "corpus"), "--index", str(tmp_path / "file" / "index"),
                       "--quiet", "--no-models"])
    err = capsys.readouterr().err
    assert status == 2 and "cannot write the index" in err and "Traceback" not in err
    if os.geteuid() != 0:  # root may write into a read-only folder
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert cli.main(["index", "--corpus", str(ROOT / "corpus"), "--index", str(locked / "index"),
                         "--quiet", "--no-models"]) == 2


def test_an_unreadable_folder_keeps_its_articles(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    index_dir = tmp_path / "index"
    index.build(index.Settings(corpus=folder, index=index_dir, workers=1, progress=False, models=False))
    before = SearchEngine(index_dir).count(Filters(lang=["ru"]))
    assert before == 7  # the 5 of ru/, a post of the WordPress export and an item of the feed
    (folder / "ru").chmod(0)
    try:
        if os.access(folder / "ru", os.R_OK):  # running as root: make the folder unreadable as the OS would
            real_scandir = os.scandir

            def scandir(path="."):
                if os.fspath(path).rstrip("/").endswith("/ru"):
                    raise PermissionError(13, "Permission denied", os.fspath(path))
                return real_scandir(path)

            monkeypatch.setattr(os, "scandir", scandir)
        report = index.build(index.Settings(corpus=folder, index=index_dir, workers=1, progress=False, models=False))
    finally:
        (folder / "ru").chmod(0o755)
    assert report.removed == 0
    assert any(s.id == "ru/" and "folder cannot be read" in s.reason for s in report.skipped)
    assert "kept the articles of ru/" in report.summary()
    assert SearchEngine(index_dir).count(Filters(lang=["ru"])) == before


def test_listing_follows_links_inside_once(archive):
    found = corpus.listing(archive["corpus"])
    assert "linked-inside.txt" in found.ids and not any("loop" in i for i in found.ids)


# Undated articles ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/", "/?q=", "/?q=%20", "/?q=%09", "/?sort=newest", "/?sort=oldest", "/?q=court&sort=newest",
    "/?city=Tomsk", "/?date=2024", "/?date=2024-06", "/?from=2020-01-01", "/?to=2023-01-01", "/?lang=en",
    "/?date=undated", "/?date=undated&sort=oldest", "/api/search?q=", "/api/search?sort=oldest",
    "/api/search?date=0000", "/?date=9999-12", "/?date=0000", "/api/search?date=9999", "/?from=0000-01-01",
    "/?page=1000", "/api/search?q=court&page=1000",
])
def test_every_view_answers_with_undated_articles(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]


def test_undated_articles_sort_after_dated_ones(engine):
    for sort in ("newest", "oldest"):
        hits = engine.search("", sort=sort, page_size=100).results
        dates = [h.date for h in hits]
        dated = [d for d in dates if d]
        assert dates[: len(dated)] == sorted(dated, reverse=sort == "newest")
        assert all(d is None for d in dates[len(dated):])


def test_undated_is_a_value_of_the_date_facet(engine, archive):
    result = engine.search("")
    undated = [v for v in result.facets["date"] if v.value == "undated"]
    assert undated and undated[0].count == archive["report"].undated
    chosen = engine.search("", Filters(undated=True), page_size=100, fold=False)
    assert chosen.total == archive["report"].undated and all(h.date is None for h in chosen.results)
    assert [v.selected for v in chosen.facets["date"] if v.value == "undated"] == [True]


def test_a_date_range_leaves_undated_articles_out_and_says_so(engine, client):
    result = engine.search("", Filters(date_from=dt.date(2000, 1, 1)))
    assert result.articles == 11 and "without a date are not in the date range" in result.message
    page = client.get("/?from=2000-01-01&hl=ru").get_data(as_text=True)
    assert "Статьи без даты не входят в диапазон дат" in page
    assert "Undated" not in page and "Без даты" in page  # the facet value, in the interface's language


def test_the_undated_value_is_a_link_on_the_page(client):
    html = client.get("/").get_data(as_text=True)
    assert "?date=undated" in links(html).hrefs
    selected = client.get("/?date=undated").get_data(as_text=True)
    assert "Date: Undated" in selected


def test_impossible_dates_are_explained_not_errors(client):
    data = client.get("/api/search?date=0000").get_json()
    assert "“0000” is not a year or month" in data["message"]
    assert client.get("/?date=9999-12").status_code == 200
    pattern = client.get("/api/openapi.json").get_json()["paths"]["/api/search"]["get"]["parameters"]
    date = next(p for p in pattern if p["name"] == "date")["schema"]["pattern"]
    assert not re.match(date, "0000") and re.match(date, "2024-06") and re.match(date, "undated")
    assert not re.match(date, "2024-13")


def test_cli_browses_and_sorts_undated_archives(archive, capsys):
    for sort in ("relevance", "newest", "oldest", "date"):
        assert cli.main(["search", "--index", str(archive["index"]), "--sort", sort]) == 0
    # Past the eleven dated articles, which come first.
    assert cli.main(["search", "", "--index", str(archive["index"]), "--size", "20"]) == 0
    assert "no date" in capsys.readouterr().out


# Titles ----------------------------------------------------------------------------------------

def test_untitled_text_gets_its_first_sentence_as_title(engine, archive):
    doc = engine.document(archive["ids"]["untitled"])
    assert doc["title"].startswith("В понедельник в Томске суд арестовал")
    assert len(doc["title"]) <= 121 and doc["title"].endswith("…")
    assert doc["body"].startswith("В понедельник в Томске") and "отказывается признавать вину" in doc["body"]


def test_a_one_line_file_gets_a_short_title_and_keeps_its_text(engine, client, archive):
    doc = engine.document(archive["ids"]["one_line"])
    assert len(doc["title"]) <= 121
    assert len(doc["body"]) > 1_000_000
    suggestions = client.get("/api/suggest?q=l")
    assert len(suggestions.data) < 10_000 and all(len(s) <= 300 for s in suggestions.get_json()[1])


def test_title_rules_on_made_up_first_lines(tmp_path):
    cases = {
        "Court fines activist\n\nText.": "Court fines activist",  # a title line
        "U.S. Court fines activist\n\nText.": "U.S. Court fines activist",  # no sentence end inside
        "The court fined him.\n\nText follows.": "The court fined him",  # a sentence is no title line
        "One paragraph only, which is the whole text of the article and no title at all": None,
    }
    for text, title in cases.items():
        doc = corpus.read_document(messy_file(tmp_path, text), tmp_path)
        first = text.split("\n")[0]
        assert doc.title == (title or first), text
        if title is None or title != first:
            assert doc.body.startswith(first.rstrip(".")[:20]), "an untitled text keeps its first sentence"


def messy_file(folder, text: str):
    path = folder / "case.txt"
    path.write_text(text, encoding="utf-8")
    return path


# Very large articles -----------------------------------------------------------------------------

def test_a_phrase_late_in_a_long_article_is_found(engine, archive):
    result = engine.search(f'"{messy.LATE_PHRASE}"')
    assert [h.id for h in result.results] == [archive["ids"]["long"]]
    assert len(result.results[0].snippet) < 1000


def test_snippets_of_huge_articles_are_bounded(engine):
    for hit in engine.search("court", page_size=100).results:
        assert len(hit.snippet) < 1000


def test_a_long_document_page_is_shown_in_parts(client, archive):
    doc_id = archive["ids"]["long"]
    first = client.get(f"/doc/{doc_id}?q=court")
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and len(html) < 200_000
    assert "Part 1 of" in html and messy.LATE_PHRASE not in html
    parts = int(re.search(r"Part 1 of (\d+)", html).group(1))
    assert parts >= 5 and "?q=court&amp;part=2" in html
    last = client.get(f"/doc/{doc_id}?q=court&part={parts}").get_data(as_text=True)
    assert messy.LATE_PHRASE in last and f"Part {parts} of {parts}" in last
    one_line = client.get("/doc/" + archive["ids"]["one_line"]).get_data(as_text=True)
    assert len(one_line) < 200_000 and "Part 1 of" in one_line
    assert client.get(f"/doc/{doc_id}?part=abc").status_code == 200
    assert len(client.get(f"/api/doc/{doc_id}").get_json()["body"]) > store.STORED_BODY_CHARS


def test_the_whole_text_of_a_long_article_survives_an_update(archive, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "long.txt").write_text(messy.long_article(), encoding="utf-8")
    (folder / "short.txt").write_text(messy.DATED, encoding="utf-8")
    index_dir = tmp_path / "index"
    index.build(index.Settings(corpus=folder, index=index_dir, workers=1, progress=False, models=False))
    (folder / "short.txt").write_text(messy.DATED + "\nOne more line.\n", encoding="utf-8")
    index.build(index.Settings(corpus=folder, index=index_dir, workers=1, progress=False, models=False))
    engine = SearchEngine(index_dir)
    assert messy.LATE_PHRASE in engine.document("long.txt")["body"]
    (folder / "long.txt").unlink()
    index.build(index.Settings(corpus=folder, index=index_dir, workers=1, progress=False, models=False))
    texts = store.current_generation(index_dir) / store.TEXTS
    assert messy.LATE_PHRASE not in " ".join(p.name for p in texts.iterdir()) if texts.exists() else True
    assert engine.document("long.txt") is None


# File names and links --------------------------------------------------------------------------

def test_every_listed_document_opens(client):
    for doc_id in every_id(client):
        data = client.get("/api/search?q=&size=100&fold=0").get_json()
        url = next(h["url"] for h in data["results"] if h["id"] == doc_id)
        assert client.get(urlsplit(url).path).status_code == 200, doc_id


def test_every_link_on_the_pages_opens(client, archive):
    pages = ["/", "/?q=court", "/?q=lawyers&page=2", "/doc/" + quote(archive["ids"]["odd"]),
             "/doc/" + quote(archive["ids"]["newline"])]
    seen = set()
    for page in pages:
        html = client.get(page).get_data(as_text=True)
        for href in links(html).hrefs:
            if href.startswith("#") or href in seen:
                continue
            seen.add(href)
            base = urlsplit(page).path if href.startswith("?") else ""
            response = client.get(base + href)
            assert response.status_code == 200, (page, href)
    odd = links(client.get("/doc/" + quote(archive["ids"]["odd"])).get_data(as_text=True)).hrefs
    switch = next(h for h in odd if "hl=ru" in h)
    assert " " not in switch and "#" not in switch.split("?")[0]
    assert unquote(urlsplit(switch).path) == "/doc/" + archive["ids"]["odd"]


def test_a_name_with_a_newline_opens(client, archive):
    response = client.get("/doc/new%0Aline.txt")
    assert response.status_code == 200 and "Newline lawyers describe" in response.get_data(as_text=True)


# The small ones --------------------------------------------------------------------------------

def test_a_page_past_the_last_shows_the_last(client):
    html = client.get("/?page=1000").get_data(as_text=True)
    total = client.get("/api/search?q=").get_json()["total"]
    pages = -(-total // 10)
    assert pages > 1 and f"Page {pages} of {pages}" in html and '<li class="hit"' in html
    assert client.get("/api/search?q=&page=1000").get_json()["page"] == pages


def test_notices_are_in_the_interface_language(client):
    common = client.get("/?q=the+of&hl=ru").get_data(as_text=True)
    assert "самые частые слова" in common and "very common words" not in common
    date = client.get("/?date=abc&hl=ru").get_data(as_text=True)
    assert "не год и не месяц" in date and "is not a year" not in date
    long = client.get("/?hl=ru&q=" + "слово+" * 40).get_data(as_text=True)
    assert "Запрос слишком длинный" in long and "too expensive" not in long
    api = client.get("/api/search?q=the+of&hl=ru").get_json()
    assert "самые частые слова" in api["message"]


def test_chips_read_as_words(client):
    html = client.get("/?lang=en&date=2024-06").get_data(as_text=True)
    assert "Language: English" in html and "Date: June 2024" in html
    assert "Язык: Английский" in client.get("/?lang=en&hl=ru").get_data(as_text=True)
    # A chip's accessible name contains its visible text (axe: label-content-name-mismatch).
    labels = [label for tag, label in links(html).labels if tag == "a" and label.startswith("Remove filter")]
    assert "Remove filter Date: June 2024" in labels and "Remove filter Language: English" in labels


def test_api_errors_are_json(client):
    response = client.post("/api/search?q=court")
    assert response.status_code == 405 and response.get_json()["error"] and "GET" in response.headers["Allow"]
    assert client.post("/").status_code == 405


def test_language_cookie_is_secure_behind_https_and_responses_vary_by_it(client):
    plain = client.get("/?hl=ru")
    assert "Cookie" in plain.headers["Vary"] and "Secure" not in plain.headers["Set-Cookie"]
    secure = client.get("/?hl=ru", base_url="https://archive.example")
    assert "Secure" in secure.headers["Set-Cookie"]


def test_the_embed_frame_speaks_the_language_it_is_asked_for(client):
    html = client.get("/embed?lang=ru", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="ru"' in html and "Поиск по архиву" in html and "Search the archive" not in html


def test_the_syntax_help_is_inside_a_landmark(client):
    html = client.get("/").get_data(as_text=True)
    header = html[html.index("<header"):html.index("</header>")]
    assert 'id="syntax-help"' in header


# Real news -------------------------------------------------------------------------------------

@needs_shared(SHARED / "bbc")
def test_a_folder_of_mixed_real_news_serves_without_error(tmp_path):
    """The seed, Russian news from factru-dev and English news from bbc (no dates, no titles on the
    factru texts), as a new user would point the archive at them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted((SHARED / "factru-dev").glob("*.txt"))[:25]:
        shutil.copy(path, folder / f"factru-{path.name}")
    for path in sorted((SHARED / "bbc" / "politics").glob("*.txt"))[:25]:
        shutil.copy(path, folder / f"bbc-{path.name}")
    for path in (SHARED / "seed").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    index_dir = tmp_path / "index"
    report = build(folder, index_dir)
    assert report.indexed == 51 and not report.skipped and report.undated == 50
    client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
    for url in ("/", "/?sort=oldest", "/?q=Москва", "/?q=election&sort=newest", "/?date=undated",
                "/?date=2021", "/api/search?q=", "/api/suggest?q=l"):
        assert client.get(url).status_code == 200, url
    assert len(client.get("/api/suggest?q=l").data) < 10_000
    data = client.get("/api/search?q=&size=100&lang=ru").get_json()
    for hit in data["results"]:
        assert len(hit["title"]) <= 121, hit["title"]
        page = client.get(urlsplit(hit["url"]).path)
        assert page.status_code == 200
        body = lxml.html.fromstring(page.data).cssselect("div.body")[0]
        assert body.cssselect("p") and body[0].tag == "p", "the text is not all <h1>"


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_paging_shows_every_article_once(client, sort):
    """Many undated articles tie on the date: every page must still continue where the last one ended."""
    total = client.get(f"/api/search?q=&sort={sort}").get_json()["total"]
    seen = []
    for page in range(1, total // 3 + 2):
        seen += [h["id"] for h in client.get(f"/api/search?q=&sort={sort}&size=3&page={page}").get_json()["results"]]
    assert len(seen) >= total and sorted(set(seen)) == sorted(seen[:total]) and len(set(seen)) == total
    court_total = client.get(f"/api/search?q=court&sort={sort}").get_json()["total"]
    court = [h["id"] for p in range(1, -(-court_total // 3) + 1) for h in
             client.get(f"/api/search?q=court&sort={sort}&size=3&page={p}").get_json()["results"]]
    assert len(court) == court_total == len(set(court))


@pytest.mark.parametrize("q, notice", [
    ('"unclosed phrase', "A quotation mark was not closed"),
    ("OR", "The query has no words to search for."),
    ("-", "The query has no words to search for."),
    ("the of", "The query has only very common words"),
    ("*", "A wildcard needs at least two letters"),
])
def test_malformed_queries_say_what_was_done(client, q, notice):
    data = client.get("/api/search", query_string={"q": q}).get_json()
    assert notice in data["message"]
    if q == "*":  # nothing left to rank by: the archive, newest first
        assert data["sort"] == "newest" and data["total"] == client.get("/api/search?q=").get_json()["total"]


def test_odd_filters_say_what_was_done(client):
    reversed_range = client.get("/api/search?from=2024-12-31&to=2022-01-01").get_json()
    assert "it was read from 2022-01-01 to 2024-12-31" in reversed_range["message"] and reversed_range["articles"] == 4 + 1 + 6  # and the link to one; the saved page, 3 posts, 2 feed items
    nobody = client.get("/api/search?person=Nobody+Atall&hl=ru").get_json()
    assert nobody["total"] == 0 and "В архиве нет персоны «Nobody Atall»" in nobody["message"]
    assert client.get("/api/search?city=Tomsk").get_json()["message"] is None


def test_favicon_and_robots(client):
    assert client.get("/favicon.ico").status_code == 301
    assert client.get("/favicon.ico", follow_redirects=True).status_code == 200
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and "Disallow: /api/" in robots.get_data(as_text=True)


def test_dates_read_in_one_pass_are_whooshs_dates_undated_ones_included(engine):
    """Publication dates are read from Whoosh's date column as stored (whoosh_internals), not one by
    one: the same values as Whoosh's own reader, with undated articles as "no date"."""
    import numpy as np

    from searchapp import whoosh_internals

    with engine.snapshot() as snap:
        undated = 0
        for leaf, _ in snap.searcher.leaf_searchers():
            reader = leaf.reader()
            expected = list(reader.column_reader("date", translate=False))
            assert whoosh_internals.numeric_column(reader, "date").tolist() == expected
            undated += sum(v == reader.schema["date"].default for v in expected)
        assert undated > 0 and int((snap.arrays.dates() == np.iinfo(np.int64).min).sum()) == undated
