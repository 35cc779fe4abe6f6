"""End-to-end tests in real headless Chromium (Playwright's sync API) against the real app.

The app runs in a background thread on a free port, over the index the session `engine` fixture
builds from the bundled corpus. The tests skip (never error) when Playwright or /usr/bin/chromium
is missing or the browser does not start. Every page fails its test if it logs a console error or
an uncaught exception. Screenshots go to /tmp/shots/ for a human to look at.

Two things about the app's strict Content Security Policy (`script-src 'self'; style-src 'self'`):
- `page.wait_for_function("...")` evaluates a string in the page and is refused by CSP, so the
  waits here use `expect(...)`, which runs in Playwright's own isolated world.
- Screenshots pass `caret="initial"`: by default Playwright hides the text caret by setting
  `style.caretColor` on inputs and leaves an empty `style=""` attribute behind; htmx snapshots
  that DOM for its history cache, and re-inserting it on Back logs CSP "Applying inline style"
  errors that the app itself did not cause.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect
IRKUTSK = "city:2023469"

# Helpers ----------------------------------------------------------------------------------------

def count_of(page) -> int:
    """The number in "#result-count" ("15 results", "Найдено: 15"; "No results" is 0)."""
    text = page.locator("#result-count").inner_text()
    found = re.search(r"\d+", text)
    return int(found.group()) if found else 0


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def set_marker(page) -> None:
    page.evaluate("window.__marker = 42")


def marker(page):
    """42 while the page has not been reloaded since set_marker."""
    return page.evaluate("window.__marker")


def visible_facet_names(page, facet: str) -> list[str]:
    items = page.locator(f"ul.facet-values[data-facet={facet}] > li:visible .name")
    return [name.strip() for name in items.all_inner_texts()]


# Tests ------------------------------------------------------------------------------------------

def test_typing_a_query_updates_the_results_in_place(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^\d+ results$"))
    before = page.locator("#result-count").inner_text()
    tab.shot("01-home")
    set_marker(page)

    page.fill("#q", "правозащитники")
    expect(page.locator("#result-count")).not_to_have_text(before)
    expect(page).to_have_url(re.compile(r"[?&]q="))

    assert marker(page) == 42, "typing reloaded the whole page"
    assert query(page)["q"] == ["правозащитники"]
    assert 0 < count_of(page) < int(re.search(r"\d+", before).group())
    hits = page.locator("li.hit")
    assert hits.count() == count_of(page) or hits.count() == 10
    for lang in hits.evaluate_all("items => items.map(li => li.lang)"):
        assert lang == "ru"
    snippets = page.locator("li.hit .snippet")
    for i in range(snippets.count()):
        marks = snippets.nth(i).locator("mark")
        assert marks.count() >= 1, f"hit {i} has no <mark> in its snippet"
        assert marks.first.inner_text().lower().startswith("правозащитник")
    # The rest of the page follows the swapped region: the title, the UI stays English, the
    # screen-reader announcement repeats the count, and the query box keeps what was typed.
    expect(page).to_have_title(re.compile(r"^правозащитники — Archive search$"))
    expect(page.locator(".search-form button")).to_have_text("Search")
    expect(page.locator("#announcer")).to_have_text(page.locator("#result-count").inner_text())
    expect(page.locator("#q")).to_have_value("правозащитники")
    tab.shot("02-after-typing")
    tab.check()


def test_facet_click_narrows_results_and_back_restores_them(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    original = count_of(page)
    original_text = page.locator("#result-count").inner_text()
    assert original > 0
    set_marker(page)

    page.locator(".facets a.facet-value", has_text="Kemerovo").click()
    expect(page).to_have_url(re.compile(r"[?&]city="))
    expect(page.locator("#result-count")).not_to_have_text(original_text)
    assert 0 < count_of(page) < original
    expect(page.locator(".chips a.chip")).to_have_text([re.compile(r"^City: Kemerovo\b")])
    selected = page.locator(".facets li.selected a.facet-value[aria-current=true]")
    expect(selected).to_contain_text("Kemerovo")
    assert marker(page) == 42, "the facet click reloaded the whole page"
    # Later searches keep the filter: the form carries it in a hidden input.
    assert page.locator("#form-state input[name=city]").count() == 1
    tab.shot("03-after-facet-click")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"[?&]city="))
    expect(page.locator("#result-count")).to_have_text(original_text)
    assert count_of(page) == original
    expect(page.locator(".chips")).to_have_count(0)
    assert marker(page) == 42, "Back reloaded the whole page"
    tab.check()


def test_query_box_shows_the_query_after_back_and_forward(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    page.fill("#q", "arrest")
    expect(page).to_have_url(re.compile(r"[?&]q=arrest(&|$)"))
    typed = page.locator("#result-count").inner_text()
    page.locator(".facets a.facet-value", has_text="Irkutsk").click()
    expect(page.locator(".chips a.chip")).to_have_count(1)
    expect(page.locator("#q")).to_have_value("arrest")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"[?&]city="))
    expect(page.locator("#result-count")).to_have_text(typed)
    assert query(page)["q"] == ["arrest"]
    tab.check()
    expect(page.locator("#q")).to_have_value("arrest")
    page.go_forward()
    expect(page.locator(".chips a.chip")).to_have_count(1)
    expect(page.locator("#q")).to_have_value("arrest")
    tab.check()


def test_back_after_typing_shows_the_restored_query(open_tab):
    """Typed queries one after another, then back while the box still has the focus: the box shows the
    query of the results on screen, and no inline style breaks the Content-Security-Policy."""
    tab = open_tab()
    page = tab.page
    tab.goto("/?q=Kemerovo&hl=en")
    page.fill("#q", "arrest")
    expect(page).to_have_url(re.compile(r"[?&]q=arrest(&|$)"))
    page.fill("#q", "Gorelov")
    expect(page).to_have_url(re.compile(r"[?&]q=Gorelov(&|$)"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]q=arrest(&|$)"))
    expect(page.locator("#q")).to_have_value("arrest")
    page.go_back()
    expect(page.locator("#q")).to_have_value("Kemerovo")
    tab.check()


def test_did_you_mean_link_updates_the_query_box(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    page.fill("#q", "arrset")
    suggestion = page.locator(".suggestion a")
    expect(suggestion).to_have_text("arrest")
    set_marker(page)
    suggestion.click()
    expect(page).to_have_url(re.compile(r"[?&]q=arrest(&|$)"))
    expect(page.locator(".suggestion")).to_have_count(0)
    assert count_of(page) > 0 and marker(page) == 42
    tab.check()
    expect(page.locator("#q")).to_have_value("arrest")


def test_opening_a_document_from_the_results(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en&q=arrest")
    assert count_of(page) > 0
    first = page.locator("li.hit h2 a").first
    title = first.inner_text()

    with page.expect_navigation():
        first.click()
    assert re.search(r"/doc/.+\?q=arrest$", page.url), page.url
    heading = page.locator("article.document h1")
    expect(heading).to_have_count(1)
    assert heading.inner_text().strip() == title.strip()
    assert page.locator("a.entity").count() > 0
    assert page.locator(".doc-side a.entity").count() > 0
    marks = page.locator("article.document mark")
    assert marks.count() > 0, "the query is not highlighted in the document"
    assert all(m.lower().startswith("arrest") for m in marks.all_inner_texts())
    expect(page.locator("p.back a")).to_have_attribute("href", "/?q=arrest")
    tab.shot("04-document")

    # An entity link leads back to a search filtered on that entity.
    entity = page.locator(".doc-side a.entity-city").first
    name = entity.inner_text().strip()
    with page.expect_navigation():
        entity.click()
    assert "city" in query(page)
    expect(page.locator(".chips a.chip").first).to_contain_text(name)
    tab.check()


def test_facet_filter_box_matches_names_in_both_scripts(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    box = page.locator("input.facet-filter[data-facet=person]")
    expect(box).to_be_visible()
    everyone = page.locator("ul.facet-values[data-facet=person] > li")
    assert everyone.count() > 8
    assert len(visible_facet_names(page, "person")) == 8  # the rest are behind "Show more"
    cities = len(visible_facet_names(page, "city"))

    for typed in ("gor", "гор", "GOR"):
        box.fill(typed)
        shown = visible_facet_names(page, "person")
        assert any("Gorelov" in name or "Горелов" in name for name in shown), (typed, shown)
        assert 0 < len(shown) < everyone.count(), (typed, shown)
        for li in page.locator("ul.facet-values[data-facet=person] > li:visible").all():
            words = re.split(r"[\s\-]+", li.get_attribute("data-match") or "")
            assert any(w.startswith(typed.lower()) for w in words), (typed, words)
        if typed == "gor":
            tab.shot("05-facet-filter")

    box.fill("")
    # Cleared: every value is back (the "Show more" list stays open after filtering).
    assert len(visible_facet_names(page, "person")) == everyone.count()
    # The other facets are untouched by the person filter.
    assert len(visible_facet_names(page, "city")) == cities
    tab.check()


def test_direct_url_renders_the_full_page_and_russian_ui(open_tab):
    tab = open_tab()
    page = tab.page
    response = tab.goto(f"/?q=arrest&city={IRKUTSK}")
    assert response.headers["content-type"].startswith("text/html")
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("#q")).to_have_value("arrest")
    assert count_of(page) > 0
    assert page.locator("li.hit").count() == min(count_of(page), 10)
    expect(page.locator(".chips a.chip")).to_have_text([re.compile(r"^City: Irkutsk\b")])
    expect(page.locator(".facets li.selected")).to_contain_text("Irkutsk")
    assert page.locator("li.hit .snippet mark").count() > 0

    tab.goto("/?hl=ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".search-form button")).to_have_text("Найти")
    expect(page.locator("#q")).to_have_attribute("placeholder", "Поиск по архиву")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^Найдено: \d+$"))
    expect(page.locator("#facet-person")).to_have_text(re.compile(r"^Персоны( \d+)?$"))
    expect(page.locator("#ui-lang [aria-current=true]")).to_have_text("Русский")
    tab.shot("06-russian-ui")

    # The language sticks (cookie) through an htmx facet click, and the chip is in Russian.
    page.locator(".facets a.facet-value", has_text="Кемерово").click()
    expect(page).to_have_url(re.compile(r"[?&]city="))
    expect(page.locator(".chips a.chip")).to_have_text([re.compile(r"^Город: Кемерово\s")])
    expect(page.locator(".search-form button")).to_have_text("Найти")
    tab.check()


def test_phone_layout_has_no_horizontal_scrolling(open_tab):
    tab = open_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = tab.page
    tab.goto("/?hl=en")
    tab.shot("07-phone-home", full_page=False)
    tab.shot("07-phone-home-full")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    for selector in ("#q", ".search-form button", "#result-count", "li.hit h2 a"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    tab.goto("/doc/en/2021-09-irkutsk-gorelov-trial.txt?q=arrest")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    tab.shot("08-phone-document")
    tab.check()


def test_without_javascript_facet_links_and_the_form_still_work(open_tab):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    tab.goto("/?hl=en")
    original = count_of(page)
    expect(page.locator("input.facet-filter").first).to_be_hidden()

    with page.expect_navigation():
        page.locator(".facets a.facet-value", has_text="Kemerovo").click()
    assert query(page).get("city") == ["city:1503901"]
    assert 0 < count_of(page) < original
    expect(page.locator(".chips a.chip")).to_have_text([re.compile(r"^City: Kemerovo\b")])
    tab.shot("09-no-js-after-facet")

    page.fill("#q", "arrest")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert query(page).get("q") == ["arrest"] and query(page).get("city") == ["city:1503901"]
    assert count_of(page) > 0
    tab.check()
