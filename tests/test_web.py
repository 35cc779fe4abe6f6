import re

import pytest

from searchapp.web import create_app


@pytest.fixture(scope="module")
def client(engine):
    app = create_app({"INDEX": str(engine.index_dir), "TESTING": True})
    return app.test_client()


HTMX = {"HX-Request": "true", "HX-Target": "search-region"}


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_page_browses_the_archive(client):
    response = client.get("/?hl=en")
    page = text(response)
    assert response.status_code == 200
    assert "<html" in page and 'id="search-region"' in page
    assert re.search(r"\d+ results", page)
    for heading in ("Persons", "Organizations", "Cities", "Date"):
        assert heading in page
    assert "Andrei Gorelov" in page  # facet values
    assert "htmx.min.js" in page and "cdn" not in page.lower()


def test_htmx_request_gets_only_the_results_region(client):
    full = text(client.get("/?q=arrest&hl=en"))
    partial = client.get("/?q=arrest&hl=en", headers=HTMX)
    body = text(partial)
    assert partial.status_code == 200 and "HX-Request" in partial.headers["Vary"]
    assert "<html" not in body and "<head" not in body
    assert 'id="form-state" hx-swap-oob="true"' in body
    # The partial is the same markup as the region in the full page.
    hits = re.findall(r'<li class="hit".*?</li>', body, re.S)
    assert hits and hits == re.findall(r'<li class="hit".*?</li>', full, re.S)


def test_history_restore_gets_the_full_page(client):
    body = text(client.get("/?q=arrest", headers={**HTMX, "HX-History-Restore-Request": "true"}))
    assert "<html" in body


def test_facet_links_and_chips(client):
    page = text(client.get("/?hl=en&city=city:1503901"))
    assert "City: Kemerovo" in page and "Clear all" in page
    # The selected value links to its own removal; other values add to the selection (OR).
    assert 'href="?hl=en' not in page  # links are built from the search state, not the raw URL
    assert re.search(r'href="\?city=city%3A1503901&amp;city=city%3A2023469"', page)
    excluded = text(client.get("/?hl=en&not_city=city:1503901"))
    assert "Excluded: Kemerovo" in excluded


def test_date_drill_down(client):
    page = text(client.get("/?hl=en&date=2021"))
    assert "Date: 2021" in page
    months = re.findall(r'href="\?date=(2021-\d\d)"', page)
    counted = [v["value"] for v in client.get("/api/search?q=&date=2021").get_json()["facets"]["date"]
               if v["value"].startswith("2021-")]
    assert "2021-09" in months and months == counted  # the months with articles, newest first
    assert "September" in page


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
    page = text(response)
    assert response.status_code == 200
    assert 'class="entity entity-person"' in page and 'class="entity entity-city"' in page
    assert "<mark>" in page
    assert "Other articles about" in page and "More like this" in page
    assert 'href="/?person=person%3Agrlv-a"' in page


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
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text(response))
    assert not re.search(r"<[^>]+\son\w+=", text(response))  # no inline event handlers either


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
    assert langs["ru"]["selected"] and langs["ru"]["count"] == data["total"] == 5
    english = client.get("/api/search?q=&lang=en").get_json()["total"]
    assert langs["en"]["count"] == english and not langs["en"]["selected"]  # counted without its own selection
    page = text(client.get("/?lang=ru&hl=en"))
    assert f'English</span> <span class="count">{english}</span>' in page
