import datetime as dt

import pytest
from conftest import SEED

from searchapp.search import Filters, Highlight, snippet

SEED_ID = SEED.name
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="the seed article in ../shared/data is absent")


def ids(result):
    return {h.id for h in result.results}


def search(engine, text="", **kwargs):
    return engine.search(text, page_size=100, **kwargs)


@pytest.mark.parametrize("forms", [
    ("правозащитники", "правозащитник", "правозащитниками", "правозащитников"),
    ("арестом", "ареста", "арест"),
    ("defender", "defenders"),
    ("repressions", "repression"),
])
def test_any_inflected_form_finds_the_same_documents(engine, forms):
    found = [ids(search(engine, f)) for f in forms]
    assert found[0] and all(f == found[0] for f in found), forms


def test_russian_query_finds_russian_articles(engine):
    result = search(engine, "правозащитники")
    assert result.total >= 3
    assert all(h.lang == "ru" for h in result.results)
    assert all("<mark>" in h.snippet for h in result.results)


def test_snippet_marks_inflected_forms():
    text = "Двое правозащитников были арестованы. Арест состоялся в Кемерове."
    marked = snippet(text, Highlight(frozenset({"арестовать", "арест"})))
    assert "<mark>арестованы</mark>" in marked and "<mark>Арест</mark>" in marked
    arrest = Highlight(frozenset({"arrest"}))
    assert "<mark>arrested</mark>" in snippet("He was arrested <b>today</b>.", arrest)
    assert "&lt;b&gt;" in snippet("He was arrested <b>today</b>.", arrest)


@needs_seed
def test_defenders_in_kemerovo(engine):
    result = search(engine, "defenders", filters=Filters(city=["Kemerovo"]))
    assert SEED_ID in ids(result)
    assert all(h.lang == "en" for h in result.results)
    persons = {v.name: v.count for v in result.facets["person"]}
    assert persons["Valery Borshchev"] == 1


@pytest.mark.parametrize("latin, cyrillic", [("Gorelov", "Горелов"), ("Solovyova", "Соловьёва"),
                                             ("Kemerovo", "Кемерово"), ("Yekaterinburg", "Екатеринбурге")])
def test_names_find_articles_in_both_scripts(engine, latin, cyrillic):
    by_latin, by_cyrillic = search(engine, latin), search(engine, cyrillic)
    assert {h.lang for h in by_latin.results} == {"en", "ru"}
    assert ids(by_latin) == ids(by_cyrillic)
    # The name is marked in the snippets of both languages, whichever script the query used.
    assert all("<mark>" in h.snippet for h in by_latin.results + by_cyrillic.results)


def test_phrase_query(engine):
    result = search(engine, '"human rights defenders"')
    assert result.total >= 1
    for hit in result.results:
        assert "<mark>" in hit.snippet


def test_minus_excludes(engine):
    with_word = ids(search(engine, "Kemerovo"))
    without = ids(search(engine, "Kemerovo -lawyers"))
    assert without < with_word


def test_person_filter_by_name_in_either_script_and_facet_counts(engine):
    by_latin = search(engine, filters=Filters(person=["Andrei Gorelov"]))
    by_cyrillic = search(engine, filters=Filters(person=["Андрей Горелов"]))
    by_surname = search(engine, filters=Filters(person=["Gorelov"]))
    assert ids(by_latin) == ids(by_cyrillic) == ids(by_surname)
    assert by_latin.total >= 4
    langs = {h.lang for h in by_latin.results}
    assert langs == {"en", "ru"}
    selected = [v for v in by_latin.facets["person"] if v.selected]
    assert len(selected) == 1 and selected[0].count == by_latin.total


def test_multi_select_facets(engine):
    all_docs = search(engine)
    city_counts = {v.name: v.count for v in all_docs.facets["city"]}
    perm = search(engine, filters=Filters(city=["Perm"]))
    both = search(engine, filters=Filters(city=["Perm", "Irkutsk"]))
    assert perm.total == city_counts["Perm"]
    assert both.total > perm.total  # OR within a facet
    # A facet's own counts ignore its own selection, so other cities stay selectable with their counts.
    assert {v.name: v.count for v in perm.facets["city"]} == city_counts
    # Other facets are counted within the selection.
    assert sum(v.count for v in perm.facets["date"] if len(v.value) == 4) == perm.total
    # AND across facets.
    narrowed = search(engine, filters=Filters(city=["Perm"], person=["Pavel Lebedinsky"]))
    assert 0 < narrowed.total <= perm.total


def test_exclude_a_value(engine):
    everything = search(engine)
    without = search(engine, filters=Filters(exclude={"city": ["Moscow"]}))
    moscow = search(engine, filters=Filters(city=["Moscow"]))
    assert without.total == everything.total - moscow.total


def test_date_range_and_sorting(engine):
    result = search(engine, filters=Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2021, 12, 31)), sort="oldest")
    dates = [h.date for h in result.results]
    assert dates == sorted(dates) and dates[0] >= "2019-01-01" and dates[-1] <= "2021-12-31"
    newest = search(engine, sort="newest")
    assert [h.date for h in newest.results] == sorted((h.date for h in newest.results), reverse=True)


def test_empty_query_browses_newest_first_with_facets(engine):
    result = search(engine)
    assert result.sort == "newest" and result.total >= 14
    assert result.facets["person"] and result.facets["city"] and result.facets["date"]
    years = [v for v in result.facets["date"] if len(v.value) == 4]
    assert sum(v.count for v in years) == result.articles


def test_pagination(engine):
    first = engine.search("", page=1, page_size=5)
    second = engine.search("", page=2, page_size=5)
    assert len(first.results) == 5 and not ids(first) & ids(second)


@pytest.mark.parametrize("text", ['"unclosed', "AND OR (", "title:", "::", "***", "NOT", "a" * 500, "((((x", "defend* OR"])
def test_malformed_queries_do_not_raise(engine, text):
    result = engine.search(text)
    assert len(result.results) == min(result.total, 10)


def test_stop_word_query_explains_itself(engine):
    assert "common words" in engine.search("the of").message


def test_json_structure(engine):
    data = engine.search("arrest", page_size=3).to_dict()
    assert set(data) >= {"query", "total", "page", "results", "facets"}
    assert set(data["results"][0]) >= {"id", "title", "date", "lang", "source", "snippet"}
    assert set(data["facets"]) == {"person", "organization", "city", "date", "lang"}
    assert set(data["facets"]["city"][0]) >= {"value", "count"}


def test_document(engine):
    doc = engine.document("ru/2019-08-irkutsk-arest-gorelova.txt")
    assert doc["lang"] == "ru" and doc["date"] == "2019-08-23"
    assert any(p["name"] == "Андрей Горелов" for p in doc["entities"]["persons"])
    assert engine.document("../etc/passwd") is None


def test_wildcards_match_the_forms_as_typed(engine):
    """A prefix is not lemmatised: "Горел*" is not "Горел* AND гореть* AND горелый*"."""
    for prefix, longer in (("правозащит*", "правозащитн*"), ("Горел*", "Горелов*"), ("Gorel*", "Gorelov*")):
        found = engine.search(prefix).total
        assert found > 0 and found >= engine.search(longer).total, prefix
    assert engine.search("Пра?озащит*").total == engine.search("правозащит*").total


def test_a_city_in_a_query_is_the_archives_without_the_gazetteer(engine, monkeypatch):
    """A city a query names is found among the archive's own names and mentions, in either script and
    any form: query time never loads the gazetteer (a second at a server's start)."""
    from searchapp import gazetteer

    def refuse():
        raise AssertionError("a search loaded the gazetteer")

    monkeypatch.setattr(gazetteer, "gazetteer", refuse)
    with engine.snapshot() as snap:
        named = [snap.cities_named(word) for word in ("Yekaterinburg", "Екатеринбург", "Екатеринбурге")]
    assert named[0] and named[0] == named[1] == named[2]
    in_city = search(engine, filters=Filters(city=named[0]))
    assert in_city.total and {h.id for h in in_city.results} <= {h.id for h in search(engine, "Екатеринбургом").results}
