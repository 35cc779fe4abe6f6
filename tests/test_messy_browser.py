"""The messy archive (messy.py) in Chromium: undated articles, a long article in parts, odd file names,
and accessibility checked with axe-core. Screenshots go to /tmp/shots."""

from __future__ import annotations

import re

import messy
import pytest

from searchapp import index
from searchapp.search import SearchEngine

pytest.importorskip("playwright")
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """The messy archive: `live_server` (conftest) serves this engine's index in this module."""
    base = tmp_path_factory.mktemp("messy-browser")
    messy.make(base / "corpus", base / "outside")
    index.build(index.Settings(corpus=base / "corpus", index=base / "index", workers=1, progress=False, models=False))
    engine = SearchEngine(base / "index")
    yield engine
    engine.close()


def axe_violations(page, rules: tuple[str, ...] = ()) -> list[str]:
    """axe-core's violations on the page as "rule: first offending element" lines."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    found = Axe().run(page, options=options).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in found]


def test_undated_articles_in_the_browser(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/")
    undated = page.locator(".timeline li.undated a.bar")
    expect(undated).to_be_visible()
    count = int(undated.locator(".n").inner_text())
    undated.click()
    expect(page.locator(".chips")).to_contain_text("Date: Undated")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^\d+ results?$"))
    shown = int(re.search(r"\d+", page.locator("#result-count").inner_text()).group())
    assert shown <= count
    if shown < count:  # a text indexed under two names is one result, and the page says so
        expect(page.locator(".folding")).to_contain_text(f"{count} articles")
    assert page.url.endswith("?date=undated")
    metas = page.locator(".hit .meta").all_inner_texts()
    assert metas and all(m.startswith("no date") for m in metas)
    tab.shot("messy-undated")
    page.locator(".sort a", has_text="oldest").click()
    expect(page.locator(".sort [aria-current]")).to_have_text("oldest")
    tab.check()


def test_a_long_article_reads_in_parts(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto(f'/?q="{messy.LATE_PHRASE}"')
    page.locator(".hit h2 a").first.click()
    expect(page.locator("h1")).to_have_text("A very long court transcript")
    # Arriving from the search, the article opens at the part with the query's words: its last part.
    label = page.locator("nav.parts span")
    expect(label).to_have_text(re.compile(r"Part (\d+) of \1$"))
    parts = int(label.inner_text().rsplit(" ", 1)[1])
    expect(page.locator(".body mark").first).to_be_visible()
    expect(page.locator(".body")).to_contain_text(messy.LATE_PHRASE)
    page.locator("nav.parts a[rel=prev]").click()
    expect(label).to_have_text(f"Part {parts - 1} of {parts}")
    page.goto(page.url.replace(f"part={parts - 1}", "part=1"))
    expect(label).to_have_text(f"Part 1 of {parts}")
    expect(page.locator("nav.parts a[rel=prev]")).to_have_count(0)
    page.locator("nav.parts a[rel=next]").click()
    expect(label).to_have_text(f"Part 2 of {parts}")
    page.goto(page.url.replace("part=2", f"part={parts}"))
    tab.shot("messy-long-article-last-part")
    assert axe_violations(page) == []
    tab.check()


def test_an_odd_file_name_opens_and_switches_language(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?q=Omsk")
    page.locator(".hit h2 a").first.click()
    expect(page.locator("h1")).to_have_text("Court fines Omsk activist for a single picket")
    page.locator("#ui-lang a", has_text="Русский").click()
    expect(page.locator("h1")).to_have_text("Court fines Omsk activist for a single picket")
    expect(page.locator(".back a")).to_have_text("← К результатам")
    tab.check()


@pytest.mark.parametrize("path", ["/", "/?lang=en&date=2024-06&city=Tomsk", "/?q=court&hl=ru", "/doc/dated.txt?q=court",
                                  "/embed?lang=ru", "/embed/help"])
def test_pages_pass_axe(open_tab, path):
    tab = open_tab()
    tab.goto(path)
    assert axe_violations(tab.page) == []


def test_the_widget_results_pass_axe(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/embed?lang=en")
    page.locator("#archive-search input[role=combobox]").fill("court")
    expect(page.locator("#archive-search [role=option]").first).to_be_visible()
    tab.shot("messy-widget-open", full_page=False)
    assert axe_violations(page) == []
