"""Articles whose titles, bodies and entity names carry HTML and script are shown as text everywhere:
results, snippets, facets, the document page and the widget; verified in a real browser that no script
of theirs runs."""

from __future__ import annotations

import shutil
import threading

import pytest
from conftest import ROOT, build

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

HOSTILE_TITLE = '<script>window.__xss = "title"</script> Ivan Petrov <img src=x onerror="window.__xss=\'img\'"> detained'
HOSTILE = f"""{HOSTILE_TITLE}
Ivan Petrov, a <b onmouseover="window.__xss='b'">lawyer</b> in Kemerovo

2 February 2022

‘<svg onload="window.__xss='svg'">Arrested</svg>’

Source: <iframe src="javascript:window.__xss='iframe'"></iframe> [original source: <a href="javascript:window.__xss='a'">News</a>]


Human rights defender Ivan Petrov was detained in Kemerovo. <script>window.__xss = "body"</script>
Petrov said the <img src=x onerror="window.__xss='body-img'"> arrest was unlawful. Read <a href="javascript:window.__xss='link'">more</a>.
The Evil<img src=x onerror=window.__xss='org'> Society condemned the arrest.

Translated by <i onclick="window.__xss='i'">Nobody</i>

Leave a Reply
"""
ENTITIES = """
[[organization]]
en = "Evil<img src=x onerror=window.__xss='org'> Society"
ru = "Общество <script>window.__xss='ru'</script>"
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from searchapp.web import create_app

    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "entities.toml").write_text(ENTITIES, encoding="utf-8")
    build(corpus, folder / "index")
    server = make_server("127.0.0.1", 0, create_app({"INDEX": str(folder / "index")}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def assert_inert(page) -> None:
    assert page.evaluate("window.__xss === undefined"), page.evaluate("String(window.__xss)")
    assert page.dialogs == []
    for selector in ("main img", "main svg", "main iframe", "main script:not([src])", "main [onerror]",
                     "main [onclick]", "main [onmouseover]", "main a[href^='javascript:']"):
        assert page.locator(selector).count() == 0, selector


def test_results_snippets_and_facets_show_markup_as_text(page, hostile_server):
    page.goto(f"{hostile_server}/?q=Petrov&hl=en")
    expect(page.locator("li.hit h2 a").first).to_contain_text("<script>")
    assert "<img src=x" in page.locator("li.hit").first.inner_text()
    page.mouse.move(300, 300)
    assert_inert(page)
    page.goto(f"{hostile_server}/?hl=en")
    expect(page.locator(".facets")).to_contain_text("Evil<img")
    assert_inert(page)
    page.goto(f"{hostile_server}/?hl=ru")
    assert_inert(page)


def test_document_page_shows_markup_as_text(page, hostile_server):
    page.goto(f"{hostile_server}/doc/hostile.txt?q=arrest&hl=en")
    expect(page.locator("article h1")).to_contain_text("<script>")
    body = page.locator("article").inner_text()
    assert "onerror" in body and "javascript:" in body
    for element in page.locator("article b, article i, article a[href^='javascript']").all():
        pytest.fail(f"markup from the article became an element: {element.inner_html()}")
    page.hover("article h1")
    assert_inert(page)


def test_widget_shows_markup_as_text(page, hostile_server):
    page.goto(f"{hostile_server}/embed?lang=en")
    page.locator("#archive-search input[role=combobox]").fill("Petrov")
    option = page.locator("#archive-search [role=option]").first
    expect(option).to_contain_text("<script>")
    option.hover()
    assert page.locator("#archive-search img, #archive-search script, #archive-search svg").count() == 0
    assert_inert(page)
