"""Issue 17 in real Chromium: the timeline (narrowing, two-click ranges, keyboard, no JavaScript, Russian),
the Follow link and its feed, the Download links, and names in bulk. Screenshots go to /tmp/shots."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

pytest.importorskip("playwright")
expect = pytest.importorskip("playwright.sync_api").expect


def count_of(page) -> int:
    found = re.search(r"\d+", page.locator("#result-count").inner_text())
    return int(found.group()) if found else 0


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in found]


def test_timeline_bars_narrow_the_search_in_place(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    page.evaluate("window.__marker = 42")
    total = count_of(page)
    bars = page.locator(".timeline .bar")
    assert bars.count() >= 8
    tab.shot("17-timeline-years", full_page=False)
    year = page.locator(".timeline .bar", has_text="2019")
    year_count = int(year.locator(".n").inner_text())
    year.click()
    expect(page.locator(".chips")).to_contain_text("Date: 2019")
    assert count_of(page) == year_count < total and query(page) == {"date": ["2019"]}
    assert page.evaluate("window.__marker") == 42  # updated in place by htmx, not reloaded
    expect(page.locator(".timeline .bar")).to_have_count(12)
    tab.shot("17-timeline-months", full_page=False)
    month = page.locator(".timeline .bar:has(.n:text-is('1'))").first
    month.click()
    expect(page).to_have_url(re.compile(r"date=2019-\d\d$"))
    expect(page.locator(".timeline-crumbs [aria-current]")).to_contain_text("2019")
    assert page.locator(".timeline .bar").count() in (28, 29, 30, 31) and count_of(page) == 1
    tab.shot("17-timeline-days", full_page=False)
    page.go_back()
    expect(page.locator(".timeline .bar")).to_have_count(12)
    tab.check()


def test_a_range_by_two_clicks_and_the_keyboard(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en&q=court")
    page.locator(".timeline-range").click()
    expect(page.locator(".timeline-pick")).to_contain_text("Click the first bar")
    page.locator(".timeline .bar", has_text="2018").click()
    expect(page.locator(".timeline-pick")).to_contain_text("Now click the last bar")
    tab.shot("17-timeline-picking", full_page=False)
    # The second bar by keyboard: focus it and press Enter.
    page.locator(".timeline .bar", has_text="2021").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".chips")).to_contain_text("2018-01-01 – 2021-12-31")
    assert query(page) == {"q": ["court"], "from": ["2018-01-01"], "to": ["2021-12-31"]}
    selected = page.locator(".timeline li.selected .label").all_inner_texts()
    assert selected == ["2018", "2019", "2020", "2021"]
    expect(page.locator(".date-range input[name=from]")).to_have_value("2018-01-01")
    tab.shot("17-timeline-range", full_page=False)
    tab.check()


def test_timeline_without_javascript_and_in_russian(open_tab):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    tab.goto("/?hl=ru")
    expect(page.locator("#timeline-heading")).to_have_text("Хронология")
    with page.expect_navigation():
        page.locator(".timeline .bar", has_text="2021").click()
    expect(page.locator(".timeline .bar .label")).to_have_text(
        ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"])
    label = page.locator(".timeline .bar", has_text="сен").locator(".visually-hidden").inner_text()
    assert re.fullmatch(r"сентябрь 2021: статей: \d+", label)
    tab.shot("17-timeline-ru-no-js", full_page=False)
    tab.check()


def test_follow_link_and_feed(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en&q=Gorelov&city=Irkutsk")
    follow = page.locator("a.follow")
    expect(follow).to_be_visible()
    expect(follow).to_have_text("Follow")
    href = follow.get_attribute("href")
    assert page.locator('head link[rel=alternate][type="application/atom+xml"]').get_attribute("href") == href
    response = page.request.get(tab.base + href)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and len(feed.entries) == count_of(page)
    page.locator(".result-bar").screenshot(path="/tmp/shots/17-follow-and-download.png")
    # A facet click updates the results in place: the feed in the head follows the new search too.
    page.locator(".facets a.facet-value", has_text="Andrei Gorelov").first.click()
    expect(page.locator(".chips")).to_contain_text("Person: Andrei Gorelov")
    head = page.locator('head link[rel=alternate][type="application/atom+xml"]')
    expect(head).to_have_count(1)
    assert head.get_attribute("href") == page.locator("a.follow").get_attribute("href")
    assert "person=" in head.get_attribute("href")
    tab.check()


def test_download_gives_every_result_as_csv(open_tab, engine):
    tab = open_tab(accept_downloads=True)
    page = tab.page
    tab.goto("/?hl=en")
    # The page counts a translation pair as one result; the download has every article.
    total = engine.search("").articles
    assert count_of(page) <= total
    with page.expect_download() as download:
        page.locator(".takeaway a", has_text="CSV").click()
    path = download.value.path()
    body = path.read_text(encoding="utf-8")
    assert body.startswith("\ufeff") and download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert len(rows) == total > 10  # all of them, not the ten of the page
    tab.check()


def test_names_in_bulk_page(open_tab, tmp_path):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en")
    page.locator("a.nav-batch").click()
    expect(page.locator("h1")).to_have_text("Names in bulk")
    page.fill("#names", "Gorelov\nГорелов\nKemerovo\nOpen Court Foundation\nNobody Atall")
    page.locator(".batch-form button", has_text="Look up").click()
    rows = page.locator(".batch-table tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0).locator("a.entity-person")).to_have_text("Andrei Gorelov")
    expect(rows.nth(3).locator("a.entity-organization")).to_be_visible()
    tab.shot("17-batch")
    assert axe_violations(page) == []
    rows.nth(0).locator("a.entity-person").click()
    expect(page.locator(".chips")).to_contain_text("Person: Andrei Gorelov")
    assert count_of(page) == 5
    # An uploaded file, Windows Cyrillic, in the Russian interface.
    names = tmp_path / "names.txt"
    names.write_text("Горелов\r\nИркутск\r\n", encoding="cp1251")
    tab.goto("/batch?hl=ru")
    page.set_input_files("#file", str(names))
    page.locator(".batch-form button", has_text="Найти").click()
    expect(page.locator(".batch-table tbody tr")).to_have_count(2)
    expect(page.locator(".batch-table")).to_contain_text("Иркутск")
    tab.shot("17-batch-ru")
    tab.check()


def test_search_page_with_timeline_has_no_accessibility_violations(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?hl=en&date=2019")
    assert axe_violations(page) == []
    tab.goto("/?hl=ru&q=court&pick=start")
    assert axe_violations(page) == []
    tab.check()
