"""Entity pages and the facets' server-side value search, in real headless Chromium (see test_browser.py
for how the browser and the app are run). The app here shows ten values per facet, so the bundled
corpus's persons do not all fit on the page and the filter box has to ask the server."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import serving

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


@pytest.fixture(scope="module")
def live_server(engine):
    with serving({"INDEX": str(engine.index_dir), "FACET_LIMIT": 10}) as url:
        yield url


def test_the_filter_box_finds_values_the_page_does_not_show(open_tab, engine):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    total = engine.search("").facet_totals["person"]
    expect(page.locator("#facet-person .facet-total")).to_have_text(str(total))
    shown = page.locator("#filters ul.facet-values[data-facet=person]:not(.server) .name").all_inner_texts()
    assert len(shown) == 10
    # The least frequent person, last A–Z among them: not on the page; found by the start of a name, typed
    # in Latin or Cyrillic letters.
    hidden = engine.facet_page("person", names_lang="en", limit=500).values[-1]
    assert hidden.name not in shown
    latin = next(n for n in engine.names(hidden.value) if not re.search("[а-яё]", n, re.I)).split()[-1]
    typed_forms = [latin[:4]] + [n.split()[-1][:4] for n in engine.names(hidden.value) if re.search("[а-яё]", n, re.I)]

    box = page.locator("input.facet-filter[data-facet=person]")
    for typed in typed_forms:
        box.fill(typed)
        found = page.locator("#facet-server-person li .name")
        expect(found.first).to_be_visible()
        expect(found.filter(has_text=hidden.name)).to_have_count(1)
        # While searching, the top values make way for what the server found.
        expect(page.locator("#filters ul.facet-values[data-facet=person]:not(.server)").first).to_be_hidden()
    tab.shot("20-facet-server-search")
    page.locator("#facet-server-person a.facet-value", has_text=hidden.name).click()
    expect(page).to_have_url(re.compile(r"[?&]person="))
    assert parse_qs(urlsplit(page.url).query)["person"] == [hidden.value]
    expect(page.locator(".chips a.chip")).to_have_text([re.compile(rf"^Person: {re.escape(hidden.name)}")])

    box = page.locator("input.facet-filter[data-facet=person]")
    box.fill("zzzz")
    expect(page.locator("#facet-server-person .no-values")).to_be_visible()
    box.fill("")
    expect(page.locator("#filters ul.facet-values[data-facet=person]:not(.server)").first).to_be_visible()
    tab.check()


def test_all_values_and_entity_pages(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en&q=суд")
    with page.expect_navigation():
        page.locator("#filters .all-values a").first.click()
    assert urlsplit(page.url).path == "/values/person"
    expect(page.locator("h1")).to_contain_text("Persons")
    tab.shot("21-all-values")
    page.locator(".initials a", has_text="G").click()
    expect(page.locator(".initials a[aria-current]")).to_have_text("G")
    names = page.locator(".value-list .name").all_inner_texts()
    assert names and all(n.startswith("G") for n in names)

    page.locator(".value-list a.profile").first.click()
    expect(page.locator("h1#entity-name")).to_have_text(names[0])
    expect(page.locator(".year-chart li").first).to_be_visible()
    tab.shot("22-entity-page")
    bar = page.locator(".year-chart a").first
    label = bar.get_attribute("aria-label")
    year = label.split(":")[0]
    with page.expect_navigation():
        bar.click()
    args = parse_qs(urlsplit(page.url).query)
    assert args["date"] == [year] and args["person"][0].startswith("person:")

    tab.goto("/person/grlv-an?hl=ru")
    expect(page.locator("h1#entity-name")).to_have_text("Андрей Горелов")
    expect(page.locator("#related-heading")).to_have_text("Часто в тех же статьях")
    tab.shot("23-entity-page-ru")
    page.locator(".related-city a.entity").first.click()
    expect(page).to_have_url(re.compile(r"/city/\d+"))
    tab.check()


def test_entity_page_on_a_phone(open_tab):
    tab = open_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab.goto("/person/grlv-an?hl=en")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= 390
    tab.shot("24-entity-phone")
    tab.check()
