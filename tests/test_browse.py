"""Entity pages and the facets' long tail: every value findable by any word of a name in either script,
listed A–Z, counted for the search it was opened from; a profile per person, organisation and city."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html

from searchapp.search import Filters, initial
from searchapp.web import create_app

GORELOV = "person:grlv-an"
IRKUTSK = "city:2023469"


@pytest.fixture(scope="module")
def client(engine):
    return create_app({"INDEX": str(engine.index_dir)}).test_client()


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.get_data(as_text=True))


def test_values_are_found_by_any_word_of_a_name_in_either_script(engine):
    for typed in ("gor", "Гор", "андрей гор", "GORELOV", "gorelova"):
        found = [v.value for v in engine.facet_page("person", match=typed).values]
        assert GORELOV in found, typed
    # A Latin spelling of a Russian-only name finds it too ("Шилов" is also "Shilov").
    assert engine.facet_page("person", match="shil").values
    assert engine.facet_page("person", match="zzzz").values == []
    assert engine.facet_page("person", match="zzzz").total == 0


def test_values_are_counted_for_the_search_they_are_opened_from(engine):
    everything = {v.value: v.count for v in engine.facet_page("city", limit=500).values}
    narrowed = engine.facet_page("city", "суд", Filters(person=[GORELOV]), limit=500)
    expected = engine.search("суд", Filters(person=[GORELOV]), facet_limit=500).facets["city"]
    assert {v.value: v.count for v in narrowed.values} == {v.value: v.count for v in expected}
    assert all(everything[v.value] >= v.count for v in narrowed.values)
    # A facet's own selection does not narrow its values, and the selected ones say so.
    selected = engine.facet_page("city", filters=Filters(city=[IRKUTSK]), limit=500)
    assert {v.value for v in selected.values} == set(everything)
    assert [v.value for v in selected.values if v.selected] == [IRKUTSK]


def test_values_list_a_to_z_by_initial(engine):
    all_values = engine.facet_page("person", names_lang="en", limit=500)
    assert sum(all_values.initials.values()) == all_values.total
    for letter, n in all_values.initials.items():
        under = engine.facet_page("person", letter=letter, names_lang="en", limit=500)
        assert under.total == n
        names = [v.name for v in under.values]
        assert all(initial(name) == letter for name in names)
        assert names == sorted(names, key=str.casefold)
    assert initial("Ёлкин") == "Е" and initial("élan") == "#" and initial("«Мемориал»") == "М" and initial("1991") == "#"


def test_search_results_say_how_many_values_each_facet_has(engine):
    result = engine.search("", facet_limit=3)
    for facet in ("person", "organization", "city"):
        assert len(result.facets[facet]) <= 3
        assert result.facet_totals[facet] == engine.facet_page(facet).total > 3


def ids(engine, filters: Filters) -> set[str]:
    return {hit.id for hit in engine.search("", filters, page_size=100).results}


def test_an_entity_profile_adds_up(engine):
    profile = engine.entity(GORELOV, "ru")
    assert profile.name == "Андрей Горелов"
    assert {"Andrei Gorelov", "Андрей Горелов"} <= set(profile.names)
    assert profile.count == engine.count(Filters(person=[GORELOV]))
    assert sum(y.count for y in profile.years) + profile.undated == profile.count
    assert [y.value for y in profile.years] == sorted(y.value for y in profile.years)
    assert GORELOV not in {v.value for v in profile.related["person"]}
    for facet, values in profile.related.items():
        counts = [v.count for v in values]
        assert counts == sorted(counts, reverse=True)
        for v in values:
            assert v.count == len(ids(engine, Filters(person=[GORELOV])) & ids(engine, Filters(**{facet: [v.value]})))
    assert engine.entity("person:nobody-at-all") is None
    assert engine.entity("not-an-id") is None


def test_entity_page_shows_names_years_related_and_articles(client, engine):
    tree = page(client, "/person/grlv-an?hl=en")
    assert tree.cssselect("h1#entity-name")[0].text_content().strip() == "Andrei Gorelov"
    assert "Андрей Горелов" in tree.cssselect(".also-names")[0].text_content()
    profile = engine.entity(GORELOV)
    bars = tree.cssselect(".year-chart li a")
    assert len(bars) == len(profile.years) + (1 if profile.undated else 0)
    for bar, year in zip(bars, profile.years):
        assert bar.get("aria-label").startswith(f"{year.value}: ")
        args = parse_qs(urlsplit(bar.get("href")).query)
        assert args == {"person": [GORELOV], "date": [year.value]}
    articles = tree.cssselect(".entity-articles li.hit a")
    assert len(articles) == min(profile.count, 10)  # a translation is listed too
    related = tree.cssselect(".related-city a.entity")
    assert related and all(a.get("href").startswith("/city/") for a in related)
    assert page(client, "/city/2023469?hl=ru").cssselect("h1#entity-name")[0].text_content().strip() == "Иркутск"
    assert client.get("/person/nobody-at-all").status_code == 404
    assert client.get("/planet/earth").status_code == 404


def test_entity_pages_are_linked_from_facets_and_documents(client):
    tree = page(client, "/?q=Gorelov&hl=en")
    profiles = tree.cssselect("#filters .facet-values a.profile")
    assert any(a.get("href") == "/person/grlv-an" for a in profiles)
    for a in profiles:
        assert a.get("hx-boost") == "false"
        assert client.get(a.get("href")).status_code == 200, a.get("href")
    doc = page(client, "/doc/en/2021-09-irkutsk-gorelov-trial.txt")
    assert "/person/grlv-an" in {a.get("href") for a in doc.cssselect(".doc-side a.profile")}


def test_a_facet_with_more_values_than_shown_searches_them_on_the_server(engine):
    few = create_app({"INDEX": str(engine.index_dir), "FACET_LIMIT": 10}).test_client()
    tree = page(few, "/?hl=en")
    heading = tree.cssselect("#facet-person .facet-total")[0].text_content()
    total = engine.search("").facet_totals["person"]
    assert int(heading) == total > 10
    box = tree.cssselect("input.facet-filter[data-facet=person]")[0]
    assert box.get("data-server") == "true" and box.get("name") == "match"
    assert box.get("hx-target") == "#facet-server-person" and box.get("hx-push-url") == "false"
    all_link = tree.cssselect("#filters .all-values a")[0]
    assert all_link.get("hx-boost") == "false"
    # What the box asks for: values beyond the ten shown, for the current search.
    url = box.get("hx-get") + "&match=shil"
    response = few.get(url, headers={"HX-Request": "true"})
    listed = html.fromstring(response.get_data(as_text=True))
    assert not listed.cssselect("header, form")  # the list only, not a page
    names = [n.text_content() for n in listed.cssselect("li .name")]
    assert names and all("Shilov" in n or "Шилов" in n for n in names)
    choose = listed.cssselect("li a.facet-value")[0].get("href")
    assert parse_qs(urlsplit(choose).query)["person"] == ["person:shlv-ar"]
    # With every value on the page, the box filters them in the browser and asks nothing.
    assert page(few, "/?hl=en").cssselect("input.facet-filter[data-facet=city]") == [] or \
        not page(few, "/?hl=en").cssselect("input.facet-filter[data-facet=city]")[0].get("data-server")


def test_all_values_page_works_without_javascript(client, engine):
    tree = page(client, "/values/person?hl=en&q=суд")
    expected = engine.facet_page("person", "суд", names_lang="en", limit=500)
    assert tree.cssselect(".values-total")[0].text_content() == f"{expected.total} values"
    assert [n.text_content() for n in tree.cssselect(".value-list .name")] == [v.name for v in expected.values]
    # Each value narrows the search it came from.
    first = tree.cssselect(".value-list a.facet-value")[0].get("href")
    assert parse_qs(urlsplit(first).query) == {"q": ["суд"], "person": [expected.values[0].value]}
    letters = [a.text_content() for a in tree.cssselect(".initials a")][1:]
    assert letters == list(expected.initials)
    letter = tree.cssselect(".initials a")[1].get("href")
    assert parse_qs(urlsplit(letter).query)["letter"] == [letters[0]]
    found = page(client, "/values/person?match=гор&hl=en")
    assert [n.text_content() for n in found.cssselect(".value-list .name")][0] == "Andrei Gorelov"
    empty = page(client, "/values/person?match=zzzz")
    assert empty.cssselect(".no-values")
    for odd in ("/values/person?start=-5", "/values/person?start=x", "/values/person?letter=%00",
                "/values/city?match=" + "а" * 5000, "/values/org?date=nonsense"):
        assert client.get(odd).status_code == 200, odd


def test_a_query_that_names_an_entity_leads_to_it(client, engine):
    assert [v.value for v in engine.entities_named("Gorelov")] == [GORELOV]
    assert [v.value for v in engine.entities_named("Иркутске")] == [IRKUTSK]  # a form of the name in the texts
    assert GORELOV in [v.value for v in engine.entities_named("Горелова")]
    # Organisations and cities are not taken by one common word of their names.
    assert engine.entities_named("суд") == [] and engine.entities_named("foundation") == []
    assert engine.entities_named("Gorelov arrested in the street of Irkutsk") == []
    assert engine.entities_named('"Gorelov"') == [] and engine.entities_named("") == []
    tree = page(client, "/?q=Gorelov&hl=en")
    card = tree.cssselect(".named li")[0]
    assert card.cssselect("a.name")[0].get("href") == "/person/grlv-an"
    narrow = parse_qs(urlsplit(card.cssselect("a.narrow")[0].get("href")).query)
    assert narrow == {"q": ["Gorelov"], "person": [GORELOV]}
    assert not page(client, f"/?q=Gorelov&person={GORELOV}").cssselect(".named a.narrow")
