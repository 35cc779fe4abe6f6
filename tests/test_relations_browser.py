"""Folded translations and copies in a real browser: the switch unfolds them in place and the URL
follows; the document page links the translation. Screenshots in /tmp/shots/relations-*.png."""

from __future__ import annotations

import re

import pytest
from conftest import build, serving
from test_relations import write_corpus

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app over a small index with a translation pair and three copies of one text."""
    base = tmp_path_factory.mktemp("relations-browser")
    write_corpus(base / "corpus")
    build(base / "corpus", base / "index")
    with serving({"INDEX": str(base / "index")}) as url:
        yield url


def test_folded_results_unfold_in_place_and_the_url_keeps_the_switch(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/?q=Gorelov+OR+Krasnoyarsk&hl=en")
    expect(page.locator("#result-count")).to_have_text("3 results")
    expect(page.locator(".folding")).to_contain_text("6 articles")
    expect(page.locator(".hit .related.translation")).to_have_count(1)
    expect(page.locator(".hit .related.copies")).to_contain_text("3 copies")
    tab.shot("relations-folded")
    page.get_by_role("link", name="Show each article").click()
    expect(page.locator("#result-count")).to_have_text("6 results")
    assert re.search(r"[?&]fold=0\b", page.url)
    expect(page.get_by_role("link", name="Show translations and copies as one result")).to_be_visible()
    tab.shot("relations-unfolded")
    page.go_back()
    expect(page.locator("#result-count")).to_have_text("3 results")
    tab.check()


def test_the_document_page_links_its_translation(open_tab):
    tab = open_tab()
    page = tab.page
    tab.goto("/doc/en/arrest.txt?hl=ru")
    link = page.locator(".related.translation a")
    expect(link).to_have_text("Суд в Иркутске продлил арест активиста Горелова")
    expect(page.locator(".related.translation")).to_contain_text("Перевод:")
    tab.shot("relations-document")
    link.click()
    expect(page.locator("h1")).to_contain_text("Суд в Иркутске")
    expect(page.locator(".related.translation a")).to_have_text("Irkutsk court extends activist Gorelov's arrest")
    tab.check()
