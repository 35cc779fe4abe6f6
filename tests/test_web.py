from urllib.parse import parse_qsl

import lxml.html
import pytest

from searchapp.web import create_app


@pytest.fixture(scope="module")
def client(engine):
    app = create_app({"INDEX": str(engine.index_dir), "TESTING": True})
    return app.test_client()


HTMX = {"HX-Request": "true", "HX-Target": "search-region"}


def text(response) -> str:
    return response.get_data(as_text=True)


def page(response) -> lxml.html.HtmlElement:
    """The response parsed as HTML, to be queried with CSS selectors."""
    return lxml.html.fromstring(response.get_data(as_text=True))


def texts(tree: lxml.html.HtmlElement, selector: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.cssselect(selector)]


def links(tree: lxml.html.HtmlElement, selector: str = "a") -> list[list[tuple[str, str]]]:
    """The query parameters of each link's href, in order."""
    return [parse_qsl(a.get("href", "").partition("?")[2]) for a in tree.cssselect(selector)]


def test_home_page_browses_the_archive(client):
    response = client.get("/?hl=en")
    tree = page(response)
    assert response.status_code == 200
    assert tree.cssselect("#search-region")
    total = client.get("/api/search?q=").get_json()["total"]
    assert texts(tree, "#result-count") == [f"{total} results"] and len(tree.cssselect("li.hit")) == 10
    headings = " ".join(texts(tree, "h2, h3"))
    for heading in ("Persons", "Organizations", "Cities", "Date"):
        assert heading in headings
    assert any("Andrei Gorelov" in t for t in texts(tree, "a"))  # facet values
    scripts = [s.get("src") for s in tree.cssselect("script")]
    assert any(src.endswith("htmx.min.js") for src in scripts) and all(src.startswith("/static/") for src in scripts)


def test_htmx_request_gets_only_the_results_region(client):
    full = text(client.get("/?q=arrest&hl=en"))
    partial = client.get("/?q=arrest&hl=en", headers=HTMX)
    body = text(partial)
    assert partial.status_code == 200 and "HX-Request" in partial.headers["Vary"]
    assert "<html" not in body and "<head" not in body
    assert 'id="form-state" hx-swap-oob="true"' in body
    # The partial is the same markup as the region in the full page.
    hits = [lxml.html.tostring(li) for li in page(partial).cssselect("li.hit")]
    assert hits and hits == [lxml.html.tostring(li) for li in lxml.html.fromstring(full).cssselect("li.hit")]


def test_history_restore_gets_the_full_page(client):
    body = text(client.get("/?q=arrest", headers={**HTMX, "HX-History-Restore-Request": "true"}))
    assert "<html" in body


def test_facet_links_and_chips(client):
    tree = page(client.get("/?hl=en&city=city:1503901"))
    assert "City: Kemerovo" in " ".join(texts(tree, ".chips *")) and "Clear all" in " ".join(texts(tree, "a"))
    # Other values add to the selection (OR); links are built from the search state, not the raw URL.
    hrefs = links(tree)
    assert [("city", "city:1503901"), ("city", "city:2023469")] in hrefs
    assert not any(("hl", "en") in params for params in hrefs)
    excluded = page(client.get("/?hl=en&not_city=city:1503901"))
    assert "Excluded: Kemerovo" in " ".join(texts(excluded, ".chips *"))


def test_date_drill_down(client):
    tree = page(client.get("/?hl=en&date=2021"))
    assert "Date: 2021" in " ".join(texts(tree, ".chips *"))
    # Inside a year the timeline has a bar for each of its months, a link to that month, with its count.
    months = [dict(p)["date"] for p in links(tree, ".timeline .bar")]
    assert months == [f"2021-{m:02d}" for m in range(1, 13)]
    counted = {v["value"]: v["count"] for v in client.get("/api/search?q=&date=2021").get_json()["facets"]["date"]
               if v["value"].startswith("2021-")}
    shown = dict(zip(months, (int(n) for n in texts(tree, ".timeline .bar .n")), strict=True))
    assert "2021-09" in counted and {m: c for m, c in shown.items() if c} == counted
    assert any("September 2021" in t for t in texts(tree, ".timeline .bar"))


def test_filters_combine(client):
    data = client.get("/api/search?city=Perm&city=Irkutsk&lang=en").get_json()
    assert data["total"] > 0 and all(r["lang"] == "en" for r in data["results"])
    perm = client.get("/api/search?city=Perm").get_json()["total"]
    both = client.get("/api/search?city=Perm&city=Irkutsk").get_json()["total"]
    assert both > perm


@pytest.mark.parametrize("url", [
    "/?q=AND+OR+(", "/?q=%22unclosed", "/?page=abc", "/?page=-5", "/?page=99999999999999999999",
    "/?date=20x1", "/?from=2021-13-45&to=yesterday", "/?sort=sideways", "/?q=" + "x" * 3000,
    "/?person=" + "p" * 500, "/?q=%00%01", "/?lang=de",
])
def test_odd_input_gets_a_page_not_an_error(client, url):
    response = client.get(url)
    assert response.status_code == 200


def test_invalid_date_is_explained(client):
    page = text(client.get("/?from=2021-13-45&hl=en"))
    assert "is not a date" in page


def test_malformed_query_is_explained(client):
    repaired = client.get("/api/search", query_string={"q": "date:[2020 TO"}).get_json()
    assert "it was searched as plain words" in repaired["message"]
    operators = client.get("/api/search?q=AND+OR+(").get_json()
    assert operators["total"] == 0 and operators["message"] == "The query has no words to search for."


def test_did_you_mean(client):
    data = client.get("/api/search?q=defenderz").get_json()
    assert data["suggestion"] in ("defender", "defenders")
    assert "Did you mean" in text(client.get("/?q=defenderz&hl=en"))


def test_document_page_marks_entities_and_query(client):
    response = client.get("/doc/ru/2019-08-irkutsk-arest-gorelova.txt?q=арест&hl=en")
    tree = page(response)
    assert response.status_code == 200
    assert tree.cssselect(".body .entity.entity-person") and tree.cssselect(".body .entity.entity-city")
    assert all(t.lower().startswith("арест") for t in texts(tree, ".body mark")) and texts(tree, ".body mark")
    assert "More like this" in texts(tree, "h2")
    assert any(t.startswith("Other articles about Andrei Gorelov") for t in texts(tree, "li"))
    assert "/?person=person%3Agrlv-an" in [a.get("href") for a in tree.cssselect("a")]


def test_unknown_document_and_path_tricks_are_404(client):
    for url in ("/doc/nope.txt", "/doc/../../etc/passwd", "/doc/%2e%2e/%2e%2e/etc/passwd", "/doc//etc/passwd",
                "/api/doc/nope.txt"):
        assert client.get(url, follow_redirects=True).status_code == 404, url
    assert client.get("/api/doc/nope.txt").get_json()["error"]


def test_api_search(client):
    data = client.get("/api/search?q=правозащитники&size=2").get_json()
    assert set(data) >= {"query", "total", "page", "results", "facets", "suggestion"}
    assert len(data["results"]) == 2
    hit = data["results"][0]
    assert set(hit) >= {"id", "title", "date", "lang", "source", "snippet", "url"}
    assert hit["url"].startswith("http://localhost/doc/")
    assert set(data["facets"]) == {"person", "organization", "city", "date", "lang"}
    assert {"value", "count", "selected"} <= set(data["facets"]["person"][0])


def test_api_document(client):
    data = client.get("/api/doc/en/2019-04-kemerovo-lawyers.txt").get_json()
    assert data["date"] == "2019-04-16" and data["lang"] == "en" and data["body"]
    assert any(c["value"] == "city:1503901" for c in data["facets"]["city"])


def test_openapi_document(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/search" in spec["paths"] and "/api/doc/{id}" in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "person", "org", "city", "from", "to", "date", "sort", "page"} <= names


def test_security_headers_and_no_inline_script(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    tree = page(response)
    assert all(script.get("src") and not (script.text or "").strip() for script in tree.iter("script"))
    # No inline event handlers either.
    assert not [(e.tag, name) for e in tree.iter() if isinstance(e.tag, str) for name in e.attrib if name.startswith("on")]


def test_russian_interface(client):
    page = text(client.get("/?hl=ru"))
    assert 'lang="ru"' in page and "Найти" in page and "Персоны" in page
    client.delete_cookie("hl")
    assert "Найти" in text(client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}))
    assert "Search the archive" in text(client.get("/", headers={"Accept-Language": "en-GB"}))


def test_language_choice_is_remembered(client):
    response = client.get("/?hl=ru")
    assert "hl=ru" in response.headers.get("Set-Cookie", "")
    assert "Найти" in text(client.get("/"))
    client.get("/?hl=en")
    assert "Search the archive" in text(client.get("/"))


def test_static_files_are_cached(client):
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200 and "max-age" in response.headers["Cache-Control"]
    assert client.get("/static/vendor/htmx/LICENSE").status_code == 200


def test_the_language_facet_has_counts(client):
    data = client.get("/api/search?q=&lang=ru").get_json()
    langs = {v["value"]: v for v in data["facets"]["lang"]}
    assert langs["ru"]["selected"] and langs["ru"]["count"] == data["articles"] == 7  # 5 files, a post, a feed item
    english = client.get("/api/search?q=&lang=en").get_json()["articles"]
    assert langs["en"]["count"] == english and not langs["en"]["selected"]  # counted without its own selection
    tree = page(client.get("/?lang=ru&hl=en"))
    counts = {a.cssselect(".name")[0].text: a.cssselect(".count")[0].text for a in tree.cssselect("#facet-lang ~ ul a")}
    assert counts == {"English": str(english), "Russian": "7"}
