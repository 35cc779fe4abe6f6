import pytest
from conftest import build

from searchapp import index, store
from searchapp.search import Filters, SearchEngine

ARTICLE = """{title}
A standfirst about the case

{date}

Source: Test Desk


{body}

Leave a Reply
"""


def article(title: str, body: str, date: str = "5 May 2020") -> str:
    return ARTICLE.format(title=title, body=body, date=date)


@pytest.fixture
def small(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(article("Lawyers detained in Tomsk", "Two lawyers were detained in Tomsk."))
    (corpus / "two.txt").write_text(article("Picket in Omsk", "A picket was held in Omsk against repression."))
    return corpus, tmp_path / "index"


def ids(engine, text=""):
    return sorted(h.id for h in engine.search(text, page_size=100).results)


def test_full_build_then_incremental_add_change_delete(small):
    corpus, index_dir = small
    report = build(corpus, index_dir)
    assert (report.full, report.indexed, report.skipped) == (True, 2, [])
    engine = SearchEngine(index_dir)
    assert ids(engine, "detained") == ["one.txt"]

    report = build(corpus, index_dir)
    assert (report.full, report.indexed, report.unchanged, report.removed) == (False, 0, 2, 0)

    (corpus / "three.txt").write_text(article("Search in Kemerovo", "Police searched the office in Kemerovo."))
    (corpus / "two.txt").write_text(article("Picket in Omsk", "A picket was held in Omsk; the activist was arrested."))
    (corpus / "one.txt").unlink()
    report = build(corpus, index_dir)
    assert (report.indexed, report.unchanged, report.removed) == (2, 0, 1)
    assert ids(engine) == ["three.txt", "two.txt"]
    assert ids(engine, "detained") == []
    assert ids(engine, "arrest") == ["two.txt"]
    assert ids(engine, "searches") == ["three.txt"]
    assert [v.name for v in engine.search("").facets["city"]] == ["Kemerovo", "Omsk"]


def test_unreadable_files_are_reported_and_do_not_stop_the_build(small):
    corpus, index_dir = small
    (corpus / "binary.txt").write_bytes(b"\x00\x01garbage")
    (corpus / "empty.md").write_text("")
    (corpus / "cp1251.txt").write_bytes("Правозащитники".encode("cp1251"))
    report = build(corpus, index_dir)
    assert report.indexed == 2
    assert sorted(s.id for s in report.skipped) == ["binary.txt", "cp1251.txt", "empty.md"]
    assert "skipped" in report.summary() and "binary" in report.summary()


def test_a_file_that_turns_bad_keeps_its_indexed_version(small):
    corpus, index_dir = small
    build(corpus, index_dir)
    (corpus / "one.txt").write_bytes(b"\x89PNG\x00\x01bad")  # binary: NUL bytes
    report = build(corpus, index_dir)
    assert [s.id for s in report.skipped] == ["one.txt"]
    assert ids(SearchEngine(index_dir), "detained") == ["one.txt"]


def test_interrupted_full_build_leaves_the_previous_index_serving(small, monkeypatch):
    corpus, index_dir = small
    build(corpus, index_dir)
    before = store.current_generation(index_dir)
    calls = {"n": 0}
    from searchapp.index import builder

    real = builder.entity_dicts

    def interrupt(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(builder, "entity_dicts", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(corpus, index_dir, full=True)
    assert store.current_generation(index_dir) == before
    assert [p.name for p in index_dir.glob("gen-*")] == [before.name]
    assert ids(SearchEngine(index_dir), "detained") == ["one.txt"]


def test_full_rebuild_switches_generation(small):
    corpus, index_dir = small
    build(corpus, index_dir)
    engine = SearchEngine(index_dir)
    first = store.current_generation(index_dir)
    assert ids(engine) == ["one.txt", "two.txt"]
    (corpus / "two.txt").unlink()
    report = build(corpus, index_dir, full=True)
    assert report.full and report.indexed == 1
    second = store.current_generation(index_dir)
    assert second != first
    assert first.exists()  # kept for searches still running on it, until the next build
    assert ids(engine) == ["one.txt"]  # the open engine follows the switch
    build(corpus, index_dir, full=True)
    assert not first.exists() and second.exists()  # only the one generation before the current is kept
    assert ids(engine) == ["one.txt"]


def test_worker_pool_gives_the_same_index(small):
    corpus, index_dir = small
    report = index.build(index.Settings(corpus=corpus, index=index_dir, workers=2, progress=False))
    assert report.indexed == 2
    assert ids(SearchEngine(index_dir), "repressions") == ["two.txt"]


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        build(tmp_path / "nope", tmp_path / "index")


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(store.IndexMissing, match="searchapp index"):
        SearchEngine(tmp_path).search("x")


def test_editing_the_entities_file_rebuilds_with_it(small):
    corpus, index_dir = small
    (corpus / "one.txt").write_text(article("Memorial lawyers detained", "Lawyers of Memorial were detained in Tomsk."))
    build(corpus, index_dir)
    (corpus / "entities.toml").write_text('[[organization]]\nen = "Memorial"\nru = "Мемориал"\n', encoding="utf-8")
    report = build(corpus, index_dir)
    assert report.full
    engine = SearchEngine(index_dir)
    assert [v.name for v in engine.search("", names_lang="ru").facets["organization"]] == ["Мемориал"]
    assert build(corpus, index_dir).full is False


def test_broken_entities_file_stops_the_build_before_changing_anything(small):
    corpus, index_dir = small
    build(corpus, index_dir)
    before = store.current_generation(index_dir)
    (corpus / "entities.toml").write_text("[[organization]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entities file"):
        build(corpus, index_dir)
    assert store.current_generation(index_dir) == before


def test_a_touched_file_with_the_same_content_is_not_reindexed(small):
    import os

    corpus, index_dir = small
    build(corpus, index_dir)
    os.utime(corpus / "one.txt", ns=(1, 1))
    report = build(corpus, index_dir)
    assert (report.indexed, report.unchanged) == (0, 2)
    (corpus / "one.txt").write_text(article("Lawyers detained in Tomsk", "Two lawyers were released in Tomsk."))
    os.utime(corpus / "one.txt", ns=(1, 1))  # same time, new size: still seen as changed
    assert build(corpus, index_dir).indexed == 1


def test_incremental_builds_keep_names_and_counts_in_step(small):
    corpus, index_dir = small
    (corpus / "three.txt").write_text(article("Tomsk court", "The court in Tomsk heard the case."))
    build(corpus, index_dir)
    engine = SearchEngine(index_dir)
    counts = {v["name"]: v["count"] for v in engine.facet_values("city")}
    assert counts == {"Tomsk": 2, "Omsk": 1}

    (corpus / "three.txt").write_text(article("Омский суд", "Суд в Омске рассмотрел дело."))
    (corpus / "one.txt").unlink()
    build(corpus, index_dir)
    values = {v["name"]: v for v in engine.facet_values("city")}
    assert {name: v["count"] for name, v in values.items()} == {"Omsk": 2}
    assert "Омске" in values["Omsk"]["aliases"] and "Омск" in values["Omsk"]["names"]
    assert store.entity_names(index_dir).keys() == {v["id"] for v in values.values()}


def test_front_matter_names_are_facet_values_even_without_the_models(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en.txt").write_text("---\npersons: [Valery Borshchev]\ncities: [Kemerovo, Russia]\n---\n"
                                   + article("A report", "Nothing in the text names anyone."))
    (corpus / "ru.md").write_text("---\npersons: Валерий Борщёв\norganizations: [Мемориал]\n---\n"
                                  + article("Доклад", "В тексте никто не назван."))
    index.build(index.Settings(corpus=corpus, index=tmp_path / "index", workers=1, progress=False, models=False))
    engine = SearchEngine(tmp_path / "index")
    facets = engine.search("").facets
    assert [(v.name, v.count) for v in facets["person"]] == [("Valery Borshchev", 2)]
    assert [v.name for v in facets["city"]] == ["Kemerovo"]  # a country is never a city
    assert len(facets["organization"]) == 1
    assert store.read_meta(tmp_path / "index")["spacy_model"] is None


def test_a_surname_alone_counts_as_the_archives_one_full_name_of_it(tmp_path):
    """"Корбин" of one article is the Jeremy Corbyn of another, in the facet counts, the filter and the
    person's page; a surname two full names share (Ivan and Oleg Kravets) stays a value of its own."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, persons, title, text in (
            ("a.txt", "[Jeremy Corbyn, Ivan Kravets]", "Labour", "The party met in Leeds on Monday."),
            ("b.md", "[Корбин, Кравец]", "Лейбористы", "Партия провела съезд в Манчестере."),
            ("c.txt", "[Oleg Kravets]", "Minister", "A new minister took office."),
            ("d.txt", "[Jeremy Corbyn]", "Vote", "The vote was postponed until spring.")):
        (corpus / name).write_text(f"---\npersons: {persons}\n---\n" + article(title, text))
    index.build(index.Settings(corpus=corpus, index=tmp_path / "index", workers=1, progress=False, models=False))
    engine = SearchEngine(tmp_path / "index")
    persons = {v.name: (v.value, v.count) for v in engine.search("").facets["person"]}
    corbyn, count = persons["Jeremy Corbyn"]
    assert count == 3 and not any(name.startswith("Корбин") for name in persons)
    assert {"Ivan Kravets", "Oleg Kravets", "Кравец"} <= persons.keys()
    assert {h.id for h in engine.search("", Filters(person=[corbyn])).results} == {"a.txt", "b.md", "d.txt"}
    bare = next(p["id"] for p in engine.document("b.md")["entities"]["persons"] if p["name"] == "Корбин")
    assert {h.id for h in engine.search("", Filters(person=[bare])).results} == {"a.txt", "b.md", "d.txt"}
    profile = engine.entity(bare)
    assert profile.id == corbyn and profile.count == 3 and "Корбин" in profile.names
    from searchapp.web import create_app

    app = create_app({"INDEX": str(tmp_path / "index"), "TESTING": True})
    page = app.test_client().get("/person/" + bare.split(":", 1)[1])
    assert page.status_code == 302 and page.headers["Location"].endswith("/person/" + corbyn.split(":", 1)[1])


def test_a_full_name_finds_its_persons_articles_in_the_other_script(tmp_path):
    """"Pep Guardiola" finds the Russian article about Пеп Гвардиола, though "Pep" has no sound key the
    Russian text shares: the name as a whole is the person's id, and a surname alone the surname's.
    Ordinary words name no one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, persons, title, text in (
            ("en.txt", "[Pep Guardiola]", "City", "Pep Guardiola praised the team after the match."),
            ("ru.md", "[Пеп Гвардиола]", "Сити", "Пеп Гвардиола похвалил команду после матча."),
            ("other.txt", "[Paul Gardner]", "Match", "The team played a match in the rain."),
            ("wu.txt", "[Wu]", "Shanghai", "Wu spoke at the summit."),
            ("ву.md", "[Ву]", "Шанхай", "Ву выступил на саммите."),
            ("ri.txt", "[Ri Yong Ho]", "UN", "Ri Yong Ho spoke at the UN."),
            ("ли.md", "[Ли Ён Хо]", "ООН", "Ли Ён Хо выступил в ООН."),
            ("hernan.txt", "[Hernan Ferruchi]", "Trial", "Hernan Ferruchi spoke at the trial."),
            ("эрнан.md", "[Эрнан Ферручи]", "Суд", "Эрнан Ферручи выступил на суде."),
            ("mike.txt", "[Mike Smith]", "Mayor", "Mike Smith was elected mayor."),
            ("mark.txt", "[Mark Smith]", "Council", "Mark Smith joined the council.")):
        (corpus / name).write_text(f"---\npersons: {persons}\n---\n" + article(title, text))
    index.build(index.Settings(corpus=corpus, index=tmp_path / "index", workers=1, progress=False, models=False))
    engine = SearchEngine(tmp_path / "index")
    for query in ("Pep Guardiola", "Пеп Гвардиола", "pep guardiola"):
        assert {h.id for h in engine.search(query, fold=False).results} == {"en.txt", "ru.md"}, query
    assert {h.id for h in engine.search("team match", fold=False).results} == {"en.txt", "other.txt"}
    # A surname too short for a sound key of its own finds its person by the surname's id.
    assert {h.id for h in engine.search("Wu", fold=False).results} == {"wu.txt", "ву.md"}
    # A Korean name by any spelling of its surname (Ri, Ли), surname first.
    assert {h.id for h in engine.search("Ри Ён Хо", fold=False).results} == {"ri.txt", "ли.md"}
    # A given name the other script spells another way (a Spanish silent H); in one script, as typed.
    assert {h.id for h in engine.search("Hernan Ferruchi", fold=False).results} == {"hernan.txt", "эрнан.md"}
    assert {h.id for h in engine.search("Mark Smith", fold=False).results} == {"mark.txt"}


def test_an_update_without_its_entity_statistics_counts_them_again(small):
    corpus, index_dir = small
    build(corpus, index_dir)
    (store.current_generation(index_dir) / "entity_stats.json").unlink()
    (corpus / "two.txt").write_text(article("Picket in Omsk", "A picket was held in Omsk; one was detained."))
    build(corpus, index_dir)
    counts = {v["name"]: v["count"] for v in SearchEngine(index_dir).facet_values("city")}
    assert counts == {"Tomsk": 1, "Omsk": 1}
    assert len(store.entity_names(index_dir)) == 2


def test_the_build_keeps_the_analysis_of_every_word_and_search_uses_it(small, monkeypatch):
    """The words the build analysed are looked up, not analysed again, by searches (:mod:`searchapp.lexicon`)."""
    from searchapp import analysis, lexicon
    from searchapp.names import sound_key

    corpus, index_dir = small
    build(corpus, index_dir)
    table = lexicon.open_table(store.current_generation(index_dir))
    assert table.get("detained").terms == analysis.terms_for("detained") and "detain" in table.get("detained").terms
    assert table.get("tomsk").sound_key == sound_key("tomsk") == sound_key("томск")
    assert table.get("the").terms == () and table.get("unseen") is None
    (corpus / "three.txt").write_text(article("Суд в Томске", "Суд арестовал правозащитников."))
    build(corpus, index_dir)  # incremental: the new words join the table
    table = lexicon.open_table(store.current_generation(index_dir))
    assert "правозащитник" in table.get("правозащитников").terms
    assert table.get("lawyers").terms == analysis.terms_for("lawyers")

    def no_analysis(word):
        raise AssertionError(f"{word!r} was analysed again")

    engine = SearchEngine(index_dir)
    engine.search("")
    monkeypatch.setattr(analysis, "_russian_lemmas", no_analysis)
    analysis.terms_for.cache_clear()
    hits = engine.search("правозащитников").results  # the query word and the snippet's words: all known
    assert [h.id for h in hits] == ["three.txt"] and "<mark>правозащитников</mark>" in hits[0].snippet
    analysis.use_known_words(None)
    analysis.terms_for.cache_clear()


def test_a_word_table_of_another_analysis_version_is_not_used(small):
    from searchapp import lexicon

    corpus, index_dir = small
    build(corpus, index_dir)
    generation = store.current_generation(index_dir)
    (generation / lexicon.FOLDER / "version").write_text("1")
    assert lexicon.open_table(generation) is None
