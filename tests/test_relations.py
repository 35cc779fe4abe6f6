"""Document relations: a translation pair and the copies of one text are linked at build time, shown on
the document page and in the API, folded into one hit in results, and unfolded with `fold=0`."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, SHARED, build, needs_shared

from searchapp import index
from searchapp.search import SearchEngine
from searchapp.web import create_app

ORIGINAL = """---
persons: [Андрей Горелов]
cities: [Иркутск]
---
Суд в Иркутске продлил арест активиста Горелова

14 марта 2023

Source: Фонд «Открытый суд» [original source: Байкальский вестник]


Октябрьский районный суд Иркутска продлил арест Андрея Горелова ещё на 45 суток. Горелова задержали 2 февраля у здания областной администрации; с тех пор он провёл в СИЗО № 1 уже 40 дней.

Защита просила перевести Горелова под домашний арест и предлагала залог в 350 000 рублей. Суд отказал. Адвокат Марина Соловьёва сказала, что обжалует решение в течение 10 дней.
"""

TRANSLATION = """---
persons: [Andrei Gorelov]
cities: [Irkutsk]
---
Irkutsk court extends activist Gorelov's arrest

16 March 2023

Source: Open Court Foundation [original source: Baikal Wire]


The Oktyabrsky district court of Irkutsk has extended the arrest of Andrei Gorelov by another 45 days. Gorelov was detained on 2 February outside the regional administration building and has spent 40 days in pre-trial detention centre No. 1.

The defence asked for Gorelov to be moved to house arrest and offered bail of 350,000 roubles. The court refused. His lawyer Marina Solovyova said she would appeal within 10 days.

Translated by Helen Marsh
"""

# The same person and city, years later, other numbers: no translation of either.
UNRELATED = """---
persons: [Andrei Gorelov]
cities: [Irkutsk]
---
Gorelov acquitted on appeal

2 October 2025

Source: Open Court Foundation


An appeals court in Irkutsk acquitted Andrei Gorelov, who had spent 230 days in detention in 2023 and 2024. Prosecutors have 30 days to appeal. Gorelov said he would sue for compensation of 1,200,000 roubles.
"""

STORY = """{title}

5 May 2024

Source: {source}


Residents of Krasnoyarsk gathered on Sunday to protest against the felling of the old park on the river embankment, where the city plans to build a car park for 600 vehicles.

Organisers said about 1,500 people came despite the rain. The city council says the park was never listed as protected land and that new trees will be planted elsewhere in the district.

Environmental campaigners have collected 12,000 signatures under a petition to the regional governor and plan to challenge the building permit in court next month.

A council spokesman said the work would not start before the court had ruled.{extra}
"""


def write_corpus(folder):
    (folder / "ru").mkdir(parents=True)
    (folder / "en").mkdir()
    (folder / "reprints").mkdir()
    (folder / "ru" / "arest.txt").write_text(ORIGINAL, encoding="utf-8")
    (folder / "en" / "arrest.txt").write_text(TRANSLATION, encoding="utf-8")
    (folder / "en" / "acquitted.txt").write_text(UNRELATED, encoding="utf-8")
    (folder / "reprints" / "park.txt").write_text(
        STORY.format(title="Krasnoyarsk residents protest over park", source="Siberia Daily", extra=""), encoding="utf-8")
    (folder / "reprints" / "park-copy.txt").write_text(
        STORY.format(title="Protest over Krasnoyarsk park", source="Yenisei Bulletin",
                     extra="\n\nThis article first appeared in Siberia Daily."), encoding="utf-8")
    (folder / "reprints" / "park-again.txt").write_text(
        STORY.format(title="Krasnoyarsk residents protest over park", source="Siberia Daily", extra=""), encoding="utf-8")
    # Declared: nothing in common with the article it names, linked because its front matter says so.
    (folder / "en" / "declared.md").write_text(
        "---\ntranslation_of: ../ru/declared.md\n---\n# A declared translation\n\nShort text about the weather.\n",
        encoding="utf-8")
    (folder / "ru" / "declared.md").write_text("# Объявленный оригинал\n\nКороткий текст о дожде.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def related(tmp_path_factory):
    base = tmp_path_factory.mktemp("relations")
    write_corpus(base / "corpus")
    build(base / "corpus", base / "index")
    return base


@pytest.fixture(scope="module")
def client(related):
    return create_app({"INDEX": str(related / "index")}).test_client(use_cookies=False)


def ids(data) -> list[str]:
    return sorted(hit["id"] for hit in data["results"])


def test_a_translation_is_linked_both_ways_in_the_api(client):
    english = client.get("/api/doc/en/arrest.txt").get_json()
    assert english["translations"] == [{"id": "ru/arest.txt", "lang": "ru", "title": "Суд в Иркутске продлил арест активиста Горелова",
                                         "original_source": "Байкальский вестник"}]
    russian = client.get("/api/doc/ru/arest.txt").get_json()
    assert [t["id"] for t in russian["translations"]] == ["en/arrest.txt"]
    assert client.get("/api/doc/en/acquitted.txt").get_json()["translations"] == []


def test_the_document_page_names_the_translation_in_the_interface_language(client):
    page = client.get("/doc/en/arrest.txt?hl=en").get_data(as_text=True)
    assert "Translation:" in page and 'href="/doc/ru/arest.txt"' in page and "Байкальский вестник" in page
    assert "Перевод:" in client.get("/doc/en/arrest.txt?hl=ru").get_data(as_text=True)


def test_a_translation_pair_is_one_hit_unless_unfolded(client):
    folded = client.get("/api/search?q=Gorelov").get_json()
    assert folded["fold"] is True and folded["articles"] == 3 and folded["total"] == 2
    pair = next(hit for hit in folded["results"] if hit["translations"])
    assert {pair["id"], pair["translations"][0]["id"]} == {"en/arrest.txt", "ru/arest.txt"}
    unfolded = client.get("/api/search?q=Gorelov&fold=0").get_json()
    assert unfolded["fold"] is False and unfolded["total"] == unfolded["articles"] == 3
    assert ids(unfolded) == ["en/acquitted.txt", "en/arrest.txt", "ru/arest.txt"]


def test_the_hit_shown_for_a_pair_is_the_one_in_the_readers_language_where_both_match_alike(client):
    english = client.get("/api/search?person=person:grlv-an&sort=newest&hl=en&date=2023").get_json()
    assert [hit["id"] for hit in english["results"]] == ["en/arrest.txt"]


def test_reprints_are_one_hit_with_the_other_sources(client):
    folded = client.get("/api/search?q=Krasnoyarsk park").get_json()
    assert folded["total"] == 1 and folded["articles"] == 3
    hit = folded["results"][0]
    assert sorted(c["id"] for c in hit["copies"]) == sorted({"reprints/park.txt", "reprints/park-copy.txt",
                                                              "reprints/park-again.txt"} - {hit["id"]})
    assert client.get("/api/search?q=Krasnoyarsk park&fold=0").get_json()["total"] == 3


def test_the_results_page_says_what_it_counts_and_keeps_the_switch_in_the_url(client):
    page = client.get("/?q=Krasnoyarsk+park&hl=en").get_data(as_text=True)
    assert "1 result" in page and "3 articles" in page and "Also published by" in page and "3 copies" in page
    assert 'href="?q=Krasnoyarsk+park&amp;fold=0"' in page
    unfolded = client.get("/?q=Krasnoyarsk+park&fold=0&hl=ru").get_data(as_text=True)
    assert "Найдено: 3" in unfolded and 'name="fold" value="0"' in unfolded
    assert "Показывать переводы и копии одним результатом" in unfolded
    assert "Также на русском" in client.get("/?q=Gorelov&lang=en&hl=ru").get_data(as_text=True)


def test_a_declared_translation_wins(client):
    declared = client.get("/api/doc/en/declared.md").get_json()
    assert [t["id"] for t in declared["translations"]] == ["ru/declared.md"]


def test_an_incremental_build_recomputes_the_relations(related, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(related / "corpus", corpus)
    shutil.copytree(related / "index", index_dir)
    engine = SearchEngine(index_dir)
    (corpus / "reprints" / "park-again.txt").unlink()
    (corpus / "ru" / "arest.txt").unlink()
    report = build(corpus, index_dir)
    assert not report.full and report.removed == 2
    assert [c["id"] for c in engine.document("reprints/park.txt")["copies"]] == ["reprints/park-copy.txt"]
    assert engine.document("en/arrest.txt")["translations"] == []
    (corpus / "ru" / "arest.txt").write_text(ORIGINAL, encoding="utf-8")
    build(corpus, index_dir)
    assert [t["id"] for t in engine.document("en/arrest.txt")["translations"]] == ["ru/arest.txt"]


def test_the_bundled_corpus_links_none_of_its_articles(engine):
    """Its English articles are translations of Russian reports that are not in it; the same people and
    cities run through all of them, years apart. Its WordPress export declares one pair (Polylang),
    which is the only link."""
    result = engine.search("", page_size=100, fold=False)
    linked = {hit.id for hit in result.results if hit.translations or hit.copies}
    assert linked == {"wordpress/open-court-export.xml#post-101", "wordpress/open-court-export.xml#post-103"}
    assert ROOT.joinpath("corpus").is_dir()


NTREX = SHARED / "ntrex-dev"
BBC = SHARED / "bbc"


@needs_shared(NTREX)
def test_ntrex_articles_are_paired_with_their_translations(tmp_path):
    """Built without the models (name keys and numbers only), so that the test is quick; the benchmark
    measures the build with them."""
    shutil.copytree(NTREX, tmp_path / "corpus")
    index.build(index.Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", workers=1, progress=False,
                               models=False))
    engine = SearchEngine(tmp_path / "index")
    names = sorted(p.name for p in (NTREX / "en").glob("*.txt"))
    found = {(name, t["id"]) for name in names for t in engine.document(f"en/{name}")["translations"]}
    right = sum(1 for name, other in found if other == f"ru/{name}")
    assert right / len(found) >= 0.95 and right / len(names) >= 0.9


@needs_shared(BBC)
def test_bbc_copies_fold_and_rewritten_updates_do_not(tmp_path):
    """Pairs checked by hand: copies (one with a few words changed and a paragraph added, one that a
    longer version takes in whole) against a rewritten update of a story and two stories about one
    subject."""
    copies = [("tech/032.txt", "tech/335.txt"), ("politics/077.txt", "politics/354.txt"),
              ("politics/111.txt", "politics/293.txt")]
    apart = [("politics/311.txt", "politics/312.txt"), ("tech/018.txt", "tech/190.txt")]
    for name in {n for pair in copies + apart for n in pair}:
        (tmp_path / "corpus" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BBC / name, tmp_path / "corpus" / name)
    index.build(index.Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", workers=1, progress=False,
                               models=False))
    engine = SearchEngine(tmp_path / "index")
    for a, b in copies:
        assert [c["id"] for c in engine.document(a)["copies"]] == [b]
    for a, b in apart:
        assert engine.document(a)["copies"] == engine.document(b)["copies"] == []


def test_copies_are_grouped_around_a_text_not_chained():
    """Two articles that each take in most of a third (a digest quoting two reports) are copies of it,
    not of each other; and a chain of texts that each share most of the next does not become one group."""
    from searchapp.relations.reprints import copies

    size = {"digest": 300, "report-a": 120, "report-b": 110, "reprint-a": 120}
    groups = copies([("digest", "report-a"), ("digest", "report-b"), ("report-a", "reprint-a")], size)
    assert groups == [["digest", "report-a", "report-b"]]
    chain = [(f"t{i}", f"t{i + 1}") for i in range(10)]
    longest_first = {f"t{i}": 100 - i for i in range(11)}
    assert max(len(g) for g in copies(chain, longest_first)) == 2
