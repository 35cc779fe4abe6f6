"""The array evaluation of queries must match what Whoosh itself matches and score as it scores."""

import pytest

from searchapp.matching import Arrays
from searchapp.search import Filters

QUERIES = [
    "detained", "арест", "human rights", "court OR суд", "rights -Memorial", "NOT prison", "title:verdict",
    '"human rights"', "правозащит*", "person:Borshchev", "city:Kemerovo", "Борщёв", "Kemerovo", "nothingmatchesthis",
    "(police OR полиция) AND (Moscow OR Москва)",
]


@pytest.fixture(scope="module")
def snapshot(engine):
    with engine.snapshot() as snap:
        return snap


@pytest.fixture(scope="module")
def searcher(snapshot):
    return snapshot.searcher


@pytest.mark.parametrize("text", QUERIES)
def test_matches_are_whoosh_matches(snapshot, searcher, text):
    q, _ = snapshot.parse(text)
    mask, _ = Arrays(searcher).evaluate(q)
    assert sorted(int(n) for n in mask.nonzero()[0]) == sorted(searcher.docs_for_query(q))


@pytest.mark.parametrize("text", ["detained", "арест", "court OR суд", "Moscow police", "правозащитники"])
def test_scores_are_whoosh_bm25f_scores(snapshot, searcher, text):
    q, _ = snapshot.parse(text)
    _, scores = Arrays(searcher).evaluate(q)
    theirs = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
    assert theirs, "the query should match something in the bundled corpus"
    for docnum, score in theirs.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-3)


def test_ranking_follows_scores_then_dates(snapshot, searcher):
    arrays = Arrays(searcher)
    mask, scores = arrays.evaluate(snapshot.parse("rights")[0])
    ranked = arrays.top(mask, scores, 100)
    assert [scores[n] for n in ranked] == sorted((scores[n] for n in ranked), reverse=True)
    newest = arrays.top(mask, None, 100, sort="newest")
    dates = [arrays.dates()[n] for n in newest]
    assert dates == sorted(dates, reverse=True) and len(newest) == int(mask.sum())


def test_a_date_range_selects_by_publication_date(engine):
    import datetime as dt

    everything = engine.search("", page_size=100).results
    in_2021 = engine.search("", Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31)), page_size=100)
    assert in_2021.total == sum(1 for h in everything if h.date and h.date.startswith("2021")) > 0
    assert all(h.date.startswith("2021") for h in in_2021.results)


def test_a_small_cache_gives_the_same_answers(snapshot, searcher):
    small = Arrays(searcher, max_postings=10)
    large = Arrays(searcher)
    for text in QUERIES:
        q, _ = snapshot.parse(text)
        assert (small.evaluate(q)[0] == large.evaluate(q)[0]).all()


def test_several_segments_and_deletions(tmp_path, corpus_copy):
    """After incremental updates an index has several segments and deleted documents."""
    import shutil

    from conftest import build

    from searchapp.search import SearchEngine

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_copy, corpus)
    build(corpus, tmp_path / "index")
    first = sorted(p for p in corpus.rglob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nA court detained the editor.\n", encoding="utf-8")
    sorted(p for p in corpus.rglob("*.txt"))[-1].unlink()
    build(corpus, tmp_path / "index")
    engine = SearchEngine(tmp_path / "index")
    with engine.snapshot() as snapshot:
        searcher = snapshot.searcher
    assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
    arrays = Arrays(searcher)
    for text in ("detained", "court OR суд", "NOT prison"):
        q, _ = snapshot.parse(text)
        mask, scores = arrays.evaluate(q)
        theirs = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
        assert set(int(n) for n in mask.nonzero()[0]) == set(theirs)
        if text != "NOT prison":
            assert all(scores[n] == pytest.approx(s, rel=1e-3) for n, s in theirs.items())
    # An article's number is its live version's, found by id in bulk, with and without posting arrays.
    ids = [fields["id"] for fields in searcher.all_stored_fields()] + ["no-such-article"]
    expected = [searcher.document_number(id=doc_id) for doc_id in ids]
    for found in (snapshot.arrays.numbers("id", ids), Arrays(searcher).numbers("id", ids)):
        assert [None if n < 0 else n for n in found.tolist()] == expected


def test_a_whoosh_without_the_internals_read_here_fails_clearly(monkeypatch):
    from whoosh.codec import whoosh3

    from searchapp import whoosh_internals

    whoosh_internals.check()
    monkeypatch.delattr(whoosh3.W3LeafMatcher, "_next_block")
    with pytest.raises(whoosh_internals.WhooshChanged, match="W3LeafMatcher._next_block"):
        whoosh_internals.check()


def test_posting_arrays_written_by_the_build_are_what_whoosh_decodes(engine, snapshot):
    """Each segment's postings are written beside the index after each commit; searches read those."""
    from searchapp import postings

    decoded = Arrays(snapshot.searcher)  # no generation: every term read through Whoosh
    mapped = snapshot.arrays
    assert all(a is not None for a in mapped._arrays), "the build wrote no posting arrays"
    assert not list((snapshot.generation / postings.FOLDER).glob("*.tmp"))
    reader = snapshot.searcher.reader()
    checked = 0
    for fieldname in ("title", "body", "names", "person", "city", "year"):
        for term in list(reader.lexicon(fieldname))[:200]:
            text = term.decode("utf-8")
            ids, weights = mapped.read_postings(fieldname, text)
            theirs_ids, theirs_weights = decoded.read_postings(fieldname, text)
            assert ids.tolist() == theirs_ids.tolist() and weights.tolist() == theirs_weights.tolist(), (fieldname, text)
            checked += 1
    assert checked > 500
    assert len(mapped.read_postings("body", "nosuchwordanywhere")[0]) == 0


def test_facet_counts_of_narrow_and_broad_matches_agree(snapshot):
    """Counting gathers a narrow match's own values, a broad one through a mask over all: the same counts."""
    import numpy as np

    table, size = snapshot.table, snapshot.arrays.size
    rng = np.random.default_rng(3)
    for fieldname in table.FIELDS:
        _, docs, ordinals, _ = table.fields[fieldname]
        for share in (0.0, 0.05, 0.5, 1.0):
            mask = rng.random(size) < share
            expected = np.bincount(ordinals[mask[docs]], minlength=len(table.names(fieldname)))
            assert (table.counts(fieldname, mask) == expected).all(), (fieldname, share)


def test_positions_laid_out_by_the_build_are_whoosh_positions(snapshot, searcher):
    """A document's positions are a slice of the flat positions written with the posting arrays, or, in
    arrays of an earlier version, read by going to its posting block: both what Whoosh's skipping finds."""
    import numpy as np

    from searchapp import positions

    arrays = snapshot.arrays
    assert arrays._arrays and all(segment is not None and segment.has_positions for segment in arrays._arrays)
    checked = 0
    for (reader, offset), segment in zip(arrays._leaves, arrays._arrays):
        docs = np.arange(reader.doc_count_all())
        for fieldname in ("body", "title"):
            for text in [term.decode() for term in reader.lexicon(fieldname)][::7]:
                flat = arrays.positions(fieldname, [text], docs + offset)
                blocks = positions.from_blocks(reader, segment, fieldname, [text], docs)
                for doc in docs.tolist():
                    m = reader.postings(fieldname, text)
                    m.skip_to(doc)
                    expected = list(m.value_as("positions")) if m.is_active() and m.id() == doc else []
                    assert list(flat.get(doc + offset, [])) == expected == list(blocks.get(doc, [])), (text, doc)
                    checked += bool(expected)
    assert checked > 100


def test_an_update_lays_out_the_positions_an_earlier_index_lacks(tmp_path, corpus_copy):
    from conftest import build

    from searchapp import postings
    from searchapp.search import SearchEngine

    build(corpus_copy, tmp_path / "index")
    with SearchEngine(tmp_path / "index").snapshot() as snap:
        before = snap.arrays.positions("body", ["court", "суд"], snap.arrays.live.nonzero()[0])
        generation = snap.generation
    for folder in (generation / postings.FOLDER).iterdir():
        (folder / "position_starts.bin").unlink()
        (folder / "positions.bin").unlink()
    with SearchEngine(tmp_path / "index").snapshot() as snap:
        assert not any(segment.has_positions for segment in snap.arrays._arrays)
        assert {d: list(p) for d, p in snap.arrays.positions("body", ["court", "суд"], snap.arrays.live.nonzero()[0]).items()} \
            == {d: list(p) for d, p in before.items()}
    build(corpus_copy, tmp_path / "index")  # nothing changed: only what the arrays lack is written
    with SearchEngine(tmp_path / "index").snapshot() as snap:
        assert all(segment.has_positions for segment in snap.arrays._arrays)
        assert {d: list(p) for d, p in snap.arrays.positions("body", ["court", "суд"], snap.arrays.live.nonzero()[0]).items()} \
            == {d: list(p) for d, p in before.items()} != {}


def test_posting_blocks_of_a_segment_with_deleted_documents_start_at_its_first_block(tmp_path):
    """Whoosh's deletion filter moves a matcher past the deleted documents it starts with: the blocks are
    still read from the first, deleted documents included, each with its own offset."""
    from whoosh import fields
    from whoosh import index as whoosh_index
    from whoosh.writing import NO_MERGE

    from searchapp import whoosh_internals

    ix = whoosh_index.create_in(str(tmp_path), fields.Schema(n=fields.ID(stored=True), text=fields.TEXT))
    with ix.writer() as writer:
        for n in range(300):
            writer.add_document(n=str(n), text="common words")
    with ix.writer() as writer:
        for n in range(200):
            writer.delete_by_term("n", str(n))
        writer.mergetype = NO_MERGE
    with ix.reader() as reader:
        assert reader.has_deletions()
        blocks = list(whoosh_internals.posting_blocks(reader.postings("text", "common")))
    assert sum(len(ids) for ids, _, _ in blocks) == 300 and list(blocks[0][0][:2]) == [0, 1]
    assert len({offset for _, _, offset in blocks}) == len(blocks)
