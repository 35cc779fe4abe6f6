"""Taking results away and following them (issue 17): the export, the Atom feed, the timeline and names in
bulk, through the web app on the bundled corpus (and a messy one where undated and odd articles matter)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
from urllib.parse import parse_qsl, urlsplit

import feedparser
import lxml.html
import messy
import pytest

from searchapp import index
from searchapp.search import CSV_COLUMNS, Filters, SearchEngine
from searchapp.web import create_app

GORELOV = "person:grlv-an"


@pytest.fixture(scope="module")
def client(engine):
    return create_app({"INDEX": str(engine.index_dir), "TESTING": True}).test_client(use_cookies=False)


@pytest.fixture(scope="module")
def messy_client(tmp_path_factory):
    base = tmp_path_factory.mktemp("takeaway-messy")
    messy.make(base / "corpus", base / "outside")
    index.build(index.Settings(corpus=base / "corpus", index=base / "index", workers=1, progress=False, models=False))
    return create_app({"INDEX": str(base / "index"), "TESTING": True}).test_client(use_cookies=False)


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.get_data(as_text=True))


def params(href: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in parse_qsl(urlsplit(href).query):
        found.setdefault(key, []).append(value)
    return found


def read_csv(response) -> list[dict]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff"), "spreadsheet programs need the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body[1:])))


# Export -------------------------------------------------------------------------------------------

def test_csv_export_has_every_matching_article_not_one_page(client):
    search = client.get("/api/search?q=&size=3").get_json()
    response = client.get("/api/export?format=csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == search["articles"] > search["page_size"]  # every article, translations unfolded
    assert len({r["id"] for r in rows}) == len(rows)
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates, reverse=True)  # an empty query browses newest first, and so exports


def test_csv_rows_carry_names_urls_and_plain_snippets(client):
    rows = read_csv(client.get("/api/export?q=суд&person=Gorelov&format=csv&hl=ru"))
    total = client.get("/api/search?q=суд&person=Gorelov").get_json()["articles"]
    assert len(rows) == total >= 2
    for row in rows:
        assert "Андрей Горелов" in row["persons"].split(";")  # display names in the interface language
        assert row["url"].startswith("http://localhost/doc/") and row["url"].endswith(row["id"].split("/")[-1])
        assert "<mark>" not in row["snippet"] and "&" not in row["snippet"] and row["snippet"]
        assert row["language"] in ("en", "ru") and row["title"]
    translated = read_csv(client.get("/api/export?q=placard&format=csv"))
    assert any(r["translator"] for r in translated)
    assert client.get(rows[0]["url"].removeprefix("http://localhost")).status_code == 200


def test_export_follows_sort_and_filters(client):
    oldest = read_csv(client.get("/api/export?city=Irkutsk&sort=oldest&format=csv"))
    assert [r["date"] for r in oldest] == sorted(r["date"] for r in oldest)
    assert all("Irkutsk" in r["cities"].split(";") for r in oldest)
    search = client.get("/api/search?q=court&size=100&fold=0").get_json()  # every article, as exported
    ranked = read_csv(client.get("/api/export?q=court&format=csv"))
    assert [r["id"] for r in ranked] == [h["id"] for h in search["results"]]  # relevance order, like the page


def test_jsonl_export_is_the_hit_structure_with_facet_ids(client):
    response = client.get("/api/export?q=Gorelov&format=jsonl")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(records) == client.get("/api/search?q=Gorelov").get_json()["articles"]
    for record in records:
        assert {"id", "title", "date", "lang", "source", "snippet", "url", "translator", "facets"} <= set(record)
        assert GORELOV in {v["value"] for v in record["facets"]["person"]} or "<mark>" in record["snippet"]
        assert all({"value", "name"} == set(v) for values in record["facets"].values() for v in values)


def test_a_bad_format_is_a_clear_error(client):
    response = client.get("/api/export?format=xlsx")
    assert response.status_code == 400 and "csv or jsonl" in response.get_json()["message"]


def test_export_hands_out_records_lazily_and_leaves_the_engine_free(engine):
    records = engine.export("", Filters(), sort="oldest", batch=2)
    first = next(records)
    assert first.hit.date  # oldest first: a dated article
    # The export is suspended between batches: other searches run meanwhile.
    done = threading.Event()
    threading.Thread(target=lambda: (engine.search("court"), done.set()), daemon=True).start()
    assert done.wait(10)
    rest = list(records)
    assert 1 + len(rest) == engine.search("").articles


def test_an_export_finishes_on_the_index_version_it_started_on(corpus_copy, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_copy, corpus)
    settings = index.Settings(corpus=corpus, index=tmp_path / "index", workers=1, progress=False, models=False)
    index.build(settings)
    engine = SearchEngine(tmp_path / "index")
    total = engine.search("").articles
    records = engine.export("", batch=3)
    first = [next(records) for _ in range(3)]
    removed = sorted(corpus.rglob("*.txt"))[:4]
    for path in removed:
        path.unlink()
    index.build(settings)
    assert engine.search("").articles == total - 4  # the engine has moved on to the new version
    rest = list(records)
    assert len(first) + len(rest) == total and all(r.hit.title for r in rest)


# Feed ---------------------------------------------------------------------------------------------

def test_every_results_page_links_the_feed_of_its_search(client):
    tree = page(client.get("/?q=Gorelov&city=Irkutsk&sort=oldest&page=2&hl=en"))
    alternate = tree.cssselect('link[rel=alternate][type="application/atom+xml"]')
    follow = tree.cssselect("a.follow")
    assert alternate and follow and follow[0].text_content().strip() == "Follow"
    assert alternate[0].get("href") == follow[0].get("href")
    wanted = params(follow[0].get("href"))
    assert urlsplit(follow[0].get("href")).path == "/feed"
    assert wanted == {"q": ["Gorelov"], "city": ["Irkutsk"]}  # the search, without its page and order
    assert page(client.get("/?q=Gorelov&hl=ru")).cssselect("a.follow")[0].text_content().strip() == "Следить"


def test_the_feed_is_valid_atom_newest_first(client):
    response = client.get("/feed?q=Gorelov")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and "Gorelov" in feed.feed.title
    assert len(feed.entries) == client.get("/api/search?q=Gorelov").get_json()["total"]
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert entry.title and entry.summary and entry.updated
        assert entry.link.startswith("http://localhost/doc/") and entry.id == entry.link
    # The snippet as HTML, the query's words marked (feedparser's sanitiser drops <mark> itself).
    assert "&lt;mark&gt;Горелова&lt;/mark&gt;" in response.get_data(as_text=True)
    links = {link.rel: link.href for link in feed.feed.links}
    assert urlsplit(links["alternate"]).path == "/" and "q=Gorelov" in links["alternate"]


def test_the_feed_of_a_messy_archive_is_still_valid_atom(messy_client):
    feed = feedparser.parse(messy_client.get("/feed?size=100").get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) > 5 and all(e.title and e.updated for e in feed.entries)
    assert feedparser.parse(messy_client.get("/feed?q=%00%01court&size=0").get_data()).bozo == 0


def test_opensearch_and_widget_point_to_the_feed(client):
    description = client.get("/opensearch.xml").get_data(as_text=True)
    assert 'type="application/atom+xml"' in description and "/feed?q={searchTerms}" in description
    script = client.get("/embed.js").get_data(as_text=True)
    assert '"/feed?"' in script


# Timeline -----------------------------------------------------------------------------------------

def test_the_timeline_has_a_bar_per_year_gaps_and_undated_included(messy_client):
    tree = page(messy_client.get("/?hl=en"))
    bars = tree.cssselect(".timeline .bar")
    values = [params(b.get("href")).get("date", [""])[0] for b in bars]
    years = [v for v in values if v != "undated"]
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    assert values[-1] == "undated"
    api = {v["value"]: v["count"] for v in messy_client.get("/api/search?q=").get_json()["facets"]["date"]}
    for bar, value in zip(bars, values, strict=True):
        label = " ".join(bar.cssselect(".visually-hidden")[0].text_content().split())
        assert label.endswith(f"{api.get(value, 0)} articles")  # the text screen readers read
    assert api["undated"] > 0


def test_inside_a_month_the_timeline_counts_days(client):
    data = client.get("/api/search?q=&date=2019-08").get_json()
    days = {v["value"]: v["count"] for v in data["facets"]["date"] if len(v["value"]) == 10}
    assert days == {"2019-08-23": 1}
    tree = page(client.get("/?date=2019-08&hl=ru"))
    bars = tree.cssselect(".timeline .bar")
    assert len(bars) == 31 and "август 2019" in " ".join(tree.cssselect(".timeline-crumbs")[0].itertext())
    day = [b for b in bars if params(b.get("href")) == {"date": ["2019-08-23"]}]
    assert day and "23 августа 2019: статей: 1" in " ".join(day[0].text_content().split())
    narrowed = client.get("/api/search?date=2019-08-23").get_json()
    assert narrowed["total"] == 1 and narrowed["results"][0]["date"] == "2019-08-23"
    chip = page(client.get("/?date=2019-08-23&hl=en")).cssselect(".chips .chip")[0].text_content()
    assert "23 August 2019" in chip


def test_a_range_takes_two_clicks_on_bars(client):
    def get(href: str):
        return client.get("/" + href if href.startswith("?") else href)

    tree = page(get("/?q=court&hl=en"))
    start = tree.cssselect(".timeline-range")[0].get("href")
    assert params(start) == {"q": ["court"], "pick": ["start"]}
    first = page(get(start)).cssselect(".timeline .bar")
    year_1, year_3 = (params(first[i].get("href"))["pick"][0] for i in (1, 3))
    picked = get(first[1].get("href"))
    assert "Now click the last bar" in picked.get_data(as_text=True)
    bars = page(picked).cssselect(".timeline .bar")
    second = bars[3].get("href")
    assert params(second) == {"q": ["court"], "from": [f"{year_1}-01-01"], "to": [f"{year_3}-12-31"]}
    chosen = page(get(second))
    selected = [b.cssselect(".label")[0].text_content() for b in chosen.cssselect(".timeline li.selected")]
    assert selected == [str(y) for y in range(int(year_1), int(year_3) + 1)]
    assert chosen.cssselect('.timeline li.selected a[aria-current="true"]')
    total = client.get(f"/api/search?q=court&from={year_1}-01-01&to={year_3}-12-31").get_json()["total"]
    assert total and f"{total} result" in chosen.cssselect("#result-count")[0].text_content()


def test_the_date_param_refuses_impossible_days(client):
    data = client.get("/api/search?date=2021-02-31").get_json()
    assert "is not a year or month" in data["message"] and data["total"] == client.get("/api/search").get_json()["total"]


# Names in bulk ------------------------------------------------------------------------------------

def test_batch_page_looks_up_pasted_names(client):
    assert client.get("/batch?hl=en").status_code == 200
    response = client.post("/batch?hl=en", data={"names": "Gorelov\nГорелов\n\nKemerovo\nGorelov\nZzyzx Qwerty\n"})
    tree = page(response)
    rows = tree.cssselect(".batch-table tbody tr")
    assert [r.cssselect("th")[0].text_content() for r in rows] == ["Gorelov", "Горелов", "Kemerovo", "Zzyzx Qwerty"]
    gorelov = rows[0]
    assert gorelov.cssselect("td.num a")[0].text_content() == "5"
    entity = gorelov.cssselect("a.entity-person")[0]
    assert entity.text_content() == "Andrei Gorelov" and params(entity.get("href")) == {"person": [GORELOV]}
    assert rows[2].cssselect("a.entity-city") and "no person" in rows[3].text_content()


def test_batch_reads_an_uploaded_windows_cyrillic_file_and_answers_csv(client):
    upload = (io.BytesIO("Горелов\r\nКемерово\r\n".encode("cp1251")), "names.txt")
    response = client.post("/batch", data={"file": upload, "format": "csv"}, content_type="multipart/form-data")
    rows = read_csv(response)
    assert [r["name"] for r in rows] == ["Горелов", "Кемерово"]
    assert rows[0]["entity_ids"] == GORELOV and rows[0]["articles"] == "5"


def test_batch_api_takes_names_as_parameters_or_a_text_body(client):
    got = client.get("/api/batch?name=Gorelov&name=Irkutsk").get_json()
    assert [n["name"] for n in got["names"]] == ["Gorelov", "Irkutsk"] and not got["truncated"]
    posted = client.post("/api/batch", data=b"Gorelov\nIrkutsk\n", content_type="text/plain").get_json()
    assert posted["names"] == got["names"]
    # A name counts the articles with all its words, not those the search page adds with most of them.
    half = client.get("/api/batch?name=Gorelov+Zzyzx").get_json()["names"][0]
    assert half["articles"] == 0 and client.get("/api/search?q=Gorelov+Zzyzx").get_json()["total"] > 0
    big = client.post("/api/batch", data=b"x\n" * 1_100_000, content_type="text/plain")
    assert big.status_code == 413 and big.get_json()["message"]
    many = client.post("/api/batch", data="\n".join(f"n{i}" for i in range(5_100)).encode(), content_type="text/plain")
    assert many.get_json()["truncated"] and len(many.get_json()["names"]) == 5_000


def test_batch_page_in_russian(client):
    tree = page(client.post("/batch?hl=ru", data={"names": "Gorelov"}))
    assert "Список имён" in tree.cssselect("h1")[0].text_content()
    assert "Персона, статей: 5" in tree.cssselect(".batch-table")[0].text_content()
