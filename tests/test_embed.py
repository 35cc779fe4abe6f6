import re
import xml.etree.ElementTree as ET

import lxml.html
import pytest

from searchapp.web import create_app


@pytest.fixture(scope="module")
def app(engine):
    return create_app({"INDEX": str(engine.index_dir), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def test_api_sends_cors_headers_for_any_origin_by_default(client):
    for url in ("/api/search?q=arrest", "/api/suggest?q=gor", "/api/doc/en/2019-04-kemerovo-lawyers.txt",
                "/embed.js"):
        response = client.get(url, headers={"Origin": "https://partner.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
    # Pages are not part of the API.
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": "https://x.example"}).headers


def test_configured_origins(engine):
    app = create_app({"INDEX": str(engine.index_dir), "EMBED_ORIGINS": "https://ngo.example, https://news.example"})
    client = app.test_client()
    allowed = client.get("/api/search?q=x", headers={"Origin": "https://ngo.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://ngo.example"
    assert "Origin" in allowed.headers["Vary"]
    refused = client.get("/api/search?q=x", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers
    frame = client.get("/embed").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://ngo.example https://news.example" in frame


def test_configured_origins_from_the_environment(engine, monkeypatch):
    monkeypatch.setenv("SEARCHAPP_EMBED_ORIGINS", "https://ngo.example")
    client = create_app({"INDEX": str(engine.index_dir)}).test_client()
    assert "frame-ancestors 'self' https://ngo.example" in client.get("/embed").headers["Content-Security-Policy"]


def test_only_the_embed_page_may_be_framed_by_others(client):
    assert "frame-ancestors *" in client.get("/embed").headers["Content-Security-Policy"]
    for url in ("/", "/embed/help", "/doc/en/2019-04-kemerovo-lawyers.txt", "/api/search?q=x"):
        assert "frame-ancestors 'self'" in client.get(url).headers["Content-Security-Policy"], url


def test_embed_page_passes_options_to_the_widget_and_works_without_script(client):
    tree = lxml.html.fromstring(client.get("/embed?city=Kemerovo&lang=ru&results=3&placeholder=<b>x</b>").data)
    widget = tree.cssselect("[data-city]")[0]
    assert (widget.get("data-city"), widget.get("data-lang"), widget.get("data-results")) == ("Kemerovo", "ru", "3")
    assert not tree.cssselect("b") and "<b>x</b>" in lxml.html.tostring(tree, encoding="unicode").replace("&lt;", "<").replace("&gt;", ">")
    form = tree.cssselect("form")[0]
    assert (form.get("action"), form.get("method"), form.get("target")) == ("/", "get", "_blank")
    assert [(i.get("name"), i.get("value")) for i in form.cssselect("input[type=hidden]")] == [("city", "Kemerovo")]


def test_help_page_shows_code_for_this_server(client):
    page = client.get("/embed/help", base_url="https://archive.example").get_data(as_text=True)
    assert '&lt;script src="https://archive.example/embed.js" data-target="#archive-search" async&gt;' in page
    assert "https://archive.example/embed?" in page
    assert 'class="embed-frame"' in page and "data-copy" in page


def test_suggestions_follow_the_opensearch_format(client):
    data = client.get("/api/suggest?q=gor").get_json()
    assert data[0] == "gor" and isinstance(data[1], list)
    assert "Andrei Gorelov" in data[1]
    cyrillic = client.get("/api/suggest?q=Гор").get_json()
    assert "Андрей Горелов" in cyrillic[1]
    titles = client.get("/api/suggest?q=Andrei Gorelov:").get_json()[1]
    assert titles and all(t.startswith("Andrei Gorelov:") for t in titles)
    assert client.get("/api/suggest?q=").get_json() == ["", []]
    assert client.get("/api/suggest?q=zzzzqqq").get_json() == ["zzzzqqq", []]


def test_opensearch_description(client):
    response = client.get("/opensearch.xml", base_url="https://archive.example")
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.data)
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    urls = {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)}
    assert urls["text/html"] == "https://archive.example/?q={searchTerms}"
    assert urls["application/x-suggestions+json"] == "https://archive.example/api/suggest?q={searchTerms}"
    page = client.get("/").get_data(as_text=True)
    assert 'rel="search" type="application/opensearchdescription+xml"' in page


def test_widget_script_is_small_and_self_contained(client):
    script = client.get("/embed.js")
    body = script.get_data(as_text=True)
    assert script.mimetype == "text/javascript" and len(script.data) < 12_000
    assert "attachShadow" in body and "window.ArchiveSearch" in body
    assert not re.search(r"https?://(?!SEARCH-HOST)", body)  # no third-party address
