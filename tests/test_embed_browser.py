"""The embed widget on another site, in a real browser: a host page served from a different origin,
with its own styles, script and a strict Content-Security-Policy, loads /embed.js from the app."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

HOST_CSS = """
body { color: rgb(0, 128, 0); font-family: monospace; font-size: 22px; }
input { background: rgb(255, 0, 0) !important; border: 5px dotted blue; }
li { color: rgb(200, 0, 200); padding: 0; }
a { color: rgb(128, 0, 128); }
.panel, ul, mark { display: inline; background: rgb(0, 0, 255); }
"""

HOST_JS = """
document.getElementById("host-button").addEventListener("click", function () {
  document.getElementById("host-output").textContent = "host script works";
});
"""


def host_page(app: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner site</title>
<link rel="stylesheet" href="/host.css"></head>
<body>
  <h1>A partner's blog</h1>
  <p>Host text with a <a id="host-link" href="#">host link</a> and a <mark id="host-mark">host mark</mark>.</p>
  <ul><li id="host-item">host list item</li></ul>
  <input id="host-input" value="host input">
  <div id="archive-search"></div>
  <div id="irkutsk-search"></div>
  <button id="host-button" type="button">Host button</button>
  <p id="host-output"></p>
  <script src="/host.js"></script>
  <script src="{app}/embed.js" data-target="#archive-search" data-results="4" data-placeholder="Search our partner's archive" async></script>
  <script src="{app}/embed.js" data-target="#irkutsk-search" data-city="Irkutsk" data-lang="ru" async></script>
</body></html>"""


@pytest.fixture(scope="module")
def host_site(live_server):
    """A partner site on another port (another origin) with a strict CSP that allows only the app."""
    pages = {"/": ("text/html", host_page(live_server)), "/host.css": ("text/css", HOST_CSS),
             "/host.js": ("text/javascript", HOST_JS), "/favicon.ico": ("image/x-icon", "")}
    policy = (f"default-src 'self'; script-src 'self' {live_server}; style-src 'self'; "
              f"connect-src {live_server}; img-src 'self'")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            kind, body = pages.get(self.path, ("text/plain", "not found"))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            self.wfile.write(body.encode("utf-8"))

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("localhost", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    server.server_close()


def style(page, selector: str, prop: str) -> str:
    return page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")


def test_widget_on_another_origin(open_tab, host_site, live_server):
    tab = open_tab()
    page = tab.page
    tab.base = host_site
    tab.goto("/")
    widget = page.locator("#archive-search input")
    expect(widget).to_have_attribute("placeholder", "Search our partner's archive")

    widget.click()
    widget.type("Gorelov", delay=20)
    options = page.locator("#archive-search [role=option]")
    expect(options.first).to_be_visible()
    assert 0 < options.count() <= 4
    assert "Gorelov" in page.locator("#archive-search [role=listbox]").inner_text()
    expect(page.locator("#archive-search [role=status]")).to_have_text(re.compile(r"\d+ results?"))
    all_results = page.locator("#archive-search a.all")
    assert all_results.get_attribute("href").startswith(live_server + "/?q=Gorelov")
    # An option holds no link of its own (axe: nested-interactive); it names the article it opens.
    assert options.first.locator("a, button, [tabindex]").count() == 0
    # It opens the article with the query, so that the query's words are marked there.
    assert re.match(re.escape(live_server) + r"/doc/[^?]+\?q=Gorelov&hl=en$", options.first.get_attribute("data-href"))
    # The count and "see all results" stand above the results, in view without scrolling the panel.
    status_box = page.locator("#archive-search [role=status]").bounding_box()
    assert status_box["y"] < options.first.bounding_box()["y"]
    panel = page.locator("#archive-search .panel").bounding_box()
    assert all_results.bounding_box()["y"] + all_results.bounding_box()["height"] <= panel["y"] + panel["height"]
    tab.shot("embed-cross-origin")
    # Completions from /api/suggest are offered too.
    expect(page.locator("#archive-search datalist option").first).to_have_attribute("value", re.compile("Gorelov"))

    # Keyboard: arrows move through the options, Escape closes the list.
    widget.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    assert widget.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    widget.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    widget.press("Escape")
    expect(widget).to_have_attribute("aria-expanded", "false")
    expect(options.first).to_be_hidden()
    assert widget.input_value() == "Gorelov", "Escape closes the list; it must not clear the query"

    # The host's styles do not reach into the widget...
    assert style(page, "#archive-search input", "backgroundColor") == "rgb(255, 255, 255)"
    assert style(page, "#archive-search .w", "color") != "rgb(0, 128, 0)"
    assert style(page, "#archive-search .w", "fontFamily") != "monospace"
    assert style(page, "#archive-search [role=option]", "color") != "rgb(200, 0, 200)"
    # ...and the widget's do not reach out.
    assert style(page, "#host-input", "backgroundColor") == "rgb(255, 0, 0)"
    assert style(page, "#host-link", "color") == "rgb(128, 0, 128)"
    assert style(page, "#host-item", "color") == "rgb(200, 0, 200)"
    assert style(page, "#host-mark", "backgroundColor") == "rgb(0, 0, 255)"
    assert style(page, "body", "fontFamily") == "monospace"

    # The host's own script still works, and the widget added one global at most.
    page.locator("#host-button").click()
    expect(page.locator("#host-output")).to_have_text("host script works")
    assert page.evaluate("typeof window.ArchiveSearch") == "object"
    tab.check()


def test_preset_filter_and_language(open_tab, host_site, live_server):
    tab = open_tab()
    tab.base = host_site
    page = tab.page
    tab.goto("/")
    widget = page.locator("#irkutsk-search input")
    expect(widget).to_have_attribute("placeholder", "Поиск по архиву")
    widget.fill("суд")
    expect(page.locator("#irkutsk-search [role=status]")).to_have_text(re.compile(r"Найдено: \d+|Ничего не найдено"))
    href = page.locator("#irkutsk-search a.all").get_attribute("href")
    assert "city=Irkutsk" in href and "q=%D1%81%D1%83%D0%B4" in href
    tab.check()


def test_iframe_mode(open_tab, live_server):
    tab = open_tab()
    page = tab.page
    tab.goto("/embed?lang=en&results=3")
    widget = page.locator("#archive-search input[role=combobox]")
    widget.fill("arrest")
    expect(page.locator("#archive-search [role=option]").first).to_be_visible()
    assert page.locator("#archive-search [role=option]").count() <= 3
    with page.context.expect_page() as opened:  # results open in a new tab from the frame
        page.locator("#archive-search [role=option]").first.click()
    assert "/doc/" in opened.value.url
    tab.check()
