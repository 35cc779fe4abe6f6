"""What people type: questions and long phrases (ranked partial matches), hyphenated names in any form,
exact forms (`=word`), "did you mean", and the operators that keep their meaning."""

from __future__ import annotations

import lxml.html
import pytest

from searchapp import index
from searchapp.search import Filters, SearchEngine
from searchapp.web import create_app

ARTICLES = {
    "kemerovo-lawyers.txt": """Lawyers detained in Kemerovo

12 March 2021

Police in Kemerovo detained two lawyers on Friday. The lawyers had defended a journalist there.
""",
    "kemerovo-court.txt": """Court hearing in Kemerovo

13 March 2021

A court in Kemerovo heard the appeal of a journalist. No one was detained.
""",
    "moscow-court.txt": """Moscow court rules on appeal

14 March 2021

A Moscow court upheld the sentence. The journalist's lawyers will appeal again.
""",
    "arrest-noun.txt": """An arrest in Perm

15 March 2021

The arrest of the editor shocked the town of Perm.
""",
    "arrested-verb.txt": """Editor arrested in Tomsk

16 March 2021

Police arrested the editor of a local paper in Tomsk on Monday.
""",
    "london.txt": """A long night in London

17 March 2021

The protest in London lasted long into the night. A long march followed, long after midnight.
""",
    "long.txt": """Long queues

18 March 2021

Long queues formed for a long time. The wait was long, longer than a long day.
""",
    "rostov-en.txt": """Protest in Rostov-on-Don

19 March 2021

Activists gathered in Rostov-on-Don on Saturday.
""",
    "spb-1.txt": """Пикет в Санкт-Петербурге

20 марта 2021

В Санкт-Петербурге задержали участников пикета у здания суда.
""",
    "spb-2.txt": """Суд Санкт-Петербурга

21 марта 2021

Суд Санкт-Петербурга рассмотрел жалобу правозащитников.
""",
    "spb-3.txt": """Новости из Петербурга

22 марта 2021

Жители Петербурга вышли на улицы.
""",
    "ny.txt": """Выставка в Нью-Йорке

23 марта 2021

В Нью-Йорке открылась выставка. Ростове-на-Дону ждут её в мае.
""",
    "sudno.txt": """Судно у причала

24 марта 2021

Судно стояло у причала. На борту суда было двадцать человек.
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> SearchEngine:
    corpus = tmp_path_factory.mktemp("ranking-corpus")
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("ranking-index")
    index.build(index.Settings(corpus=corpus, index=index_dir, workers=1, progress=False, models=False), full=True)
    return SearchEngine(index_dir)


def ids(result) -> list[str]:
    return [h.id for h in result.results]


# Ranked partial matches -----------------------------------------------------------------------------

def test_a_question_finds_the_article_with_most_of_its_words(engine):
    result = engine.search("How many lawyers were detained by the police in Kemerovo, last Friday?")
    assert ids(result)[0] == "kemerovo-lawyers.txt"
    assert result.message == "No article has all the words; showing those with most of them."
    first = result.results[0]
    assert set(first.missing) == {"many", "last"}
    assert all(h.missing for h in result.results)
    assert engine.search("lawyers detained Kemerovo «yesterday».").results[0].missing == ["yesterday"]


def test_articles_with_all_the_words_come_first_and_short_queries_keep_their_precision(engine):
    both = engine.search("court Kemerovo")
    assert ids(both) == ["kemerovo-court.txt"] and both.total == 1 and both.message is None
    assert both.results[0].missing == []
    # Four words: those with all of them first, then those with most.
    long = engine.search("court Kemerovo journalist appeal")
    assert ids(long)[0] == "kemerovo-court.txt" and long.results[0].missing == []
    assert "moscow-court.txt" in ids(long) and long.results[1].missing


def test_two_words_no_article_has_together_find_each(engine):
    result = engine.search("Tomsk Perm")
    assert set(ids(result)) == {"arrested-verb.txt", "arrest-noun.txt"}
    assert "No article has all the words" in result.message


def test_words_no_article_has_find_nothing(engine):
    """Ranking by most of the words shows no article that has none of them, short query or long."""
    for query in ("zxqv wombat", "Zxqv Wombat", "where is the zxqv of the wombat plorg"):
        assert engine.search(query).results == [], query


def test_facet_counts_are_for_what_is_shown(engine):
    result = engine.search("How many lawyers were detained by the police in Kemerovo last Friday?")
    years = {v.value: v.count for v in result.facets["date"]}
    assert years["2021"] == result.total


def test_a_filter_narrows_the_partial_matches_too(engine):
    result = engine.search("court Kemerovo", Filters(date_from=None, lang=["en"]))
    assert ids(result) == ["kemerovo-court.txt"]


def test_a_question_mark_ends_a_question(engine):
    assert "kemerovo-lawyers.txt" in ids(engine.search("Who detained the lawyers?"))
    assert "arrest-noun.txt" in ids(engine.search("arr?st"))  # inside a word it is still a wildcard


def test_operators_keep_their_meaning(engine):
    assert "kemerovo-court.txt" not in ids(engine.search("court -Kemerovo"))
    assert set(ids(engine.search("Tomsk OR Perm"))) == {"arrested-verb.txt", "arrest-noun.txt"}
    assert ids(engine.search("title:hearing journalist")) == ["kemerovo-court.txt"]
    # A quoted phrase stays a phrase: no article has it, so none is shown, whatever else the query has.
    assert engine.search('"journalist detained" Kemerovo court').total == 0


# Hyphenated names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["Санкт-Петербург", "Санкт-Петербурге", "Санкт-Петербурга", "санкт-петербург"])
def test_a_hyphenated_name_in_any_form_finds_every_form(engine, query):
    assert {"spb-1.txt", "spb-2.txt"} <= set(ids(engine.search(query)))


def test_the_parts_of_a_hyphenated_name_find_it(engine):
    assert {"spb-1.txt", "spb-2.txt", "spb-3.txt"} <= set(ids(engine.search("Петербург")))
    assert ids(engine.search("Нью-Йорк")) == ["ny.txt"] == ids(engine.search("Нью Йорк"))
    assert ids(engine.search("Йорк")) == ["ny.txt"]


@pytest.mark.parametrize("query, found", [("Rostov-on-Don", "rostov-en.txt"), ("Ростов-на-Дону", "ny.txt"),
                                          ("Rostov", "rostov-en.txt"),
                                          ("Rostov-on-Don", "ny.txt"), ("Ростов-на-Дону", "rostov-en.txt")])
def test_names_with_small_words_inside_in_either_script(engine, query, found):
    assert found in ids(engine.search(query))


# Exact forms ------------------------------------------------------------------------------------

def test_an_exact_form_matches_that_form_only(engine):
    assert set(ids(engine.search("arrest"))) >= {"arrest-noun.txt", "arrested-verb.txt"}
    assert ids(engine.search("=arrest")) == ["arrest-noun.txt"]
    exact = engine.search("=arrested")
    assert ids(exact) == ["arrested-verb.txt"] and "<mark>arrested</mark>" in exact.results[0].snippet
    assert set(ids(engine.search("суда"))) == {"spb-1.txt", "spb-2.txt", "sudno.txt"}  # суд and судно
    assert set(ids(engine.search("=суда"))) == {"spb-1.txt", "sudno.txt"}


# Did you mean -----------------------------------------------------------------------------------

def test_did_you_mean_picks_the_nearest_word_then_the_most_frequent(engine):
    assert engine.search("Londn").suggestion == "London"  # not the more frequent "long"
    assert engine.search("Kemerovo lawers").suggestion == "Kemerovo lawyers"


@pytest.mark.parametrize("query", ["London", "Kemerov*", "Tomsk", "title:Londn", "the"])
def test_no_suggestion_for_known_words_wildcards_and_fields(engine, query):
    assert engine.search(query).suggestion is None


def test_no_suggestion_when_the_query_finds_enough(engine, monkeypatch):
    from searchapp.search import spelling

    monkeypatch.setattr(spelling, "FEW_RESULTS", 1)
    # "lawers" is unknown, but "Kemerovo" finds two articles: more than "a few" here.
    assert engine.search("Kemerovo lawers").total == 2
    assert engine.search("Kemerovo lawers").suggestion is None


# The web page -----------------------------------------------------------------------------------

@pytest.mark.parametrize("hl, notice, lacks", [("en", "No article has all the words", "Missing:"),
                                               ("ru", "Ни в одной статье нет всех слов", "Нет слов:")])
def test_the_page_says_which_words_a_hit_lacks(engine, hl, notice, lacks):
    client = create_app({"INDEX": str(engine.index_dir), "TESTING": True}).test_client()
    tree = lxml.html.fromstring(client.get("/", query_string={"q": "lawyers detained Kemerovo yesterday", "hl": hl}).data)
    assert notice in tree.text_content()
    first = tree.cssselect("li.hit")[0]
    assert [s.text_content() for s in first.cssselect(".missing s")] == ["yesterday"]
    assert lacks in first.cssselect(".missing")[0].text_content()
    data = client.get("/api/search", query_string={"q": "lawyers detained Kemerovo yesterday"}).get_json()
    assert data["results"][0]["missing"] == ["yesterday"]


def test_a_words_forms_combine_alike_where_they_match_few_or_many_articles(engine, monkeypatch):
    """Forms are combined over their postings for a rare word and over the whole archive for a common one:
    the same matches and scores either way."""
    import numpy as np

    from searchapp.search import ranking

    with engine.snapshot() as snap:
        matched = 0
        for text in ("lawyers detained", "court appeal journalist", "суд в Санкт-Петербурге"):
            words, _, _ = ranking.relaxable(snap.parse(text)[0])
            for word in words:
                monkeypatch.setattr(ranking, "SPARSE_SHARE", 10**9)
                sparse = ranking._word_scores(snap.arrays, word)
                monkeypatch.setattr(ranking, "SPARSE_SHARE", 0)
                dense = ranking._word_scores(snap.arrays, word)
                assert (sparse[0] == dense[0]).all() and np.allclose(sparse[1], dense[1]), word.text
                matched += int(sparse[0].any())
        assert matched >= 6


def test_a_hyphenated_word_is_a_phrase_alone_and_its_words_in_a_long_query(tmp_path):
    """ "2-point" alone finds the words together; in a question it is one word of many, relaxed like the
    others: its parts anywhere in an article count, together or not."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "together.txt").write_text("Final won\n\n4 May 2020\n\nThe team won the final with a late 2-point "
                                         "conversion by the receiver.\n", encoding="utf-8")
    (corpus / "apart.txt").write_text("Rules explained\n\n5 May 2020\n\nPoint by point, the 2 coaches explained "
                                      "why the conversion failed and the receiver fell.\n", encoding="utf-8")
    index.build(index.Settings(corpus=corpus, index=tmp_path / "index", workers=1, progress=False, models=False),
                full=True)
    engine = SearchEngine(tmp_path / "index")
    assert ids(engine.search("2-point")) == ["together.txt"]
    question = engine.search("Who was the receiver on the successful 2-point conversion?")
    assert sorted(ids(question)) == ["apart.txt", "together.txt"]
    assert all("2-point" not in h.missing for h in question.results)


def test_words_that_stand_together_rank_first_unless_most_articles_have_both(tmp_path, monkeypatch):
    """The proximity bonus lifts the article where "human rights" stand together above one that has both
    words apart and scores better without the bonus; a pair of words nearly every article has is not
    checked."""
    from searchapp.search import ranking

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "together.txt").write_text("Report\n\n4 May 2020\n\nThe report on human rights in the region was "
                                         "published on Monday by a group of lawyers and journalists.\n")
    (corpus / "apart.txt").write_text("Chain\n\n5 May 2020\n\nA human chain formed; rights, rights and rights "
                                      "again, the speakers said.\n")
    for n in range(20):
        (corpus / f"other{n}.txt").write_text(f"Weather {n}\n\n6 May 2020\n\nRain fell on day {n} of the week.\n")
    index.build(index.Settings(corpus=corpus, index=tmp_path / "index", workers=1, progress=False, models=False),
                full=True)
    engine = SearchEngine(tmp_path / "index")
    assert ids(engine.search("human rights")) == ["together.txt", "apart.txt"]
    monkeypatch.setattr(ranking, "PROXIMITY_BONUS", 0.0)
    assert ids(engine.search("human rights")) == ["apart.txt", "together.txt"]  # the bonus made the order
    monkeypatch.setattr(ranking, "PROXIMITY_BONUS", 0.5)
    monkeypatch.setattr(ranking, "PROXIMITY_MAX_SHARE", 0.05)  # both words now count as in most articles
    assert ids(engine.search("human rights")) == ["apart.txt", "together.txt"]
