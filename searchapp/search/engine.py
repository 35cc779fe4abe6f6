"""The search engine: the face of the search stage. It keeps a snapshot of the index's current version
(:mod:`.snapshot`) and answers searches, counts, documents and completions from it."""

from __future__ import annotations

import contextlib
import functools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import query as Q

from .. import analysis, store
from ..facets import facet_of
from .browse import EntityProfile, ValuePage, entity_profile, value_page
from .counts import facet_values
from .export import exported_hit
from .filtering import filter_masks, unknown_values
from .lookup import look_up
from .query import _SPECIAL, _highlight, is_plain
from .ranking import Ranked, rank, relaxable
from .results import (
    FACETS,
    SORTS,
    UNDATED,
    ExportedHit,
    FacetValue,
    Filters,
    Hit,
    NameMatch,
    Notice,
    SearchResult,
    iso_date,
)
from .snapshot import Snapshot, open_snapshot
from .snippets import Highlight, make_hit
from .spelling import completions, did_you_mean

SIMILAR_CHARS = 10_000  # "more like this" picks its key terms from this much of an article
MAX_NAME_WORDS = 4  # a query longer than this is not taken for a name
EXPORT_BATCH = 500  # articles an export reads under the lock at a time


class SearchEngine:
    """Searches one index directory; picks up a rebuilt or updated index on the next call.

    Safe to share between threads. Each call takes the snapshot of the index as it is then and holds
    the engine's lock while it uses it: Whoosh searchers read through shared file handles and are not
    thread-safe, and with Python's global interpreter lock threads would not run searches in parallel
    anyway. A snapshot replaced by a newer one is closed with the lock held, so never under a running
    call. Serve more requests at once with more processes (gunicorn workers).
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._ix = None
        self._snapshot: Snapshot | None = None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """The current index version, held for the duration of a `with` block."""
        with self._lock:
            current, self._ix = open_snapshot(self.index_dir, self._snapshot, self._ix)
            if current is not self._snapshot:
                if self._snapshot is not None and not self._snapshot.pins:
                    self._snapshot.close()
                self._snapshot = current
            yield current

    def close(self) -> None:
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.close()
                self._snapshot = None

    # Names and words ----------------------------------------------------------------------------

    def display_name(self, value: str, lang: str = "") -> str:
        """An entity's name for display, in `lang` where the index has one."""
        with self.snapshot() as snap:
            return snap.name(value, lang)

    def names(self, value: str) -> list[str]:
        """Every name an entity id goes by in the index, in either language."""
        with self.snapshot() as snap:
            return snap.names(value)

    def facet_values(self, facet: str, min_docs: int = 1, names_lang: str = "") -> list[dict]:
        """Every value of a facet across the index with its document count, names and aliases."""
        with self.snapshot() as snap:
            counts = snap.table.count(facet, snap.arrays.live)
            values = [{"id": value, "name": snap.name(value, names_lang), "count": count,
                       "names": snap.names(value), "aliases": snap.aliases.get(value, [])}
                      for value, count in counts.items() if count >= min_docs]
        return sorted(values, key=lambda v: (-v["count"], v["name"]))

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        """Completions for a typed prefix (see :func:`.spelling.completions`)."""
        with self.snapshot() as snap:
            return completions(snap, prefix, limit)

    def highlight(self, text: str) -> Highlight:
        """What a query marks in a document's text."""
        with self.snapshot() as snap:
            return _highlight(snap.parse(text)[0])

    # Searching ----------------------------------------------------------------------------------

    def search(self, text: str = "", filters: Filters | None = None, sort: str = "relevance",
               page: int = 1, page_size: int = 10, facet_limit: int = 20, names_lang: str = "",
               fold: bool = True) -> SearchResult:
        """One page of hits, facet counts, and help for the user (notices, a suggestion).

        `names_lang` picks the language of facet display names where an entity has names in both, and
        of a folded group's articles the one shown where they rank alike. With `fold`, translations and
        copies of one text are one hit (see :mod:`.folding`).
        """
        with self.snapshot() as snap:
            result = _search(snap, text, filters or Filters(), sort, page, page_size, facet_limit, names_lang, fold)
        _warm_up_once()
        return result

    def facet_page(self, facet: str, text: str = "", filters: Filters | None = None, match: str = "",
                   letter: str = "", names_lang: str = "", offset: int = 0, limit: int = 50) -> ValuePage:
        """A facet's values for a search (query and filters), beyond the top ones a results page shows:
        those matching typed words in either script, or those under one initial A–Z."""
        filters = filters or Filters()
        with self.snapshot() as snap:
            docs = _match(snap, text, filters).facet_docs(facet)
            selected = {i for value in getattr(filters, facet) for i in snap.resolve(facet, value)}
            return value_page(snap, facet, docs, selected, match, letter, names_lang, offset, limit)

    def entities_named(self, text: str, names_lang: str = "", limit: int = 3) -> list[FacetValue]:
        """The persons, organisations and cities a query names ("Gorelov", "Иркутск", "ЕСПЧ"), most
        mentioned first, with how many articles mention each: for a short query of plain words only."""
        words = text.split()
        if not words or len(words) > MAX_NAME_WORDS or not is_plain(text):
            return []
        with self.snapshot() as snap:
            found = []
            for value in snap.mentioned(text):
                facet = facet_of(value)
                docs, _ = snap.arrays.read_postings(facet, value)
                count = int(snap.arrays.live[docs].sum())
                if count:
                    found.append(FacetValue(value, snap.name(value, names_lang), count))
        return sorted(found, key=lambda v: -v.count)[:limit]

    def entity(self, value: str, names_lang: str = "") -> EntityProfile | None:
        """One person's, organisation's or city's profile (see :class:`.browse.EntityProfile`), or None."""
        with self.snapshot() as snap:
            return entity_profile(snap, value, names_lang)
    def export(self, text: str = "", filters: Filters | None = None, sort: str = "relevance",
               names_lang: str = "", batch: int = EXPORT_BATCH) -> Iterator[ExportedHit]:
        """Every article a search matches, in the search's order, with snippets and facet values: not a
        page but all of them, for downloads.

        The order is settled at once; the records are then made `batch` at a time, each batch under the
        engine's lock, so an export of 100,000 articles holds one batch and lets other searches run in
        between. The index version it started on stays open until it ends, even if a build replaces it.
        """
        with self.snapshot() as snap:
            m = _match(snap, text, filters or Filters(), sort)
            docnums = snap.arrays.top(m.docs, m.scores, int(np.count_nonzero(m.docs)), m.sort)
            highlight = _highlight(m.q)
            snap.pins += 1
        try:
            for start in range(0, len(docnums), batch):
                with self._lock:
                    records = [exported_hit(snap.stored(n), highlight, m.ranked.missing(n) if m.ranked else [],
                                            lambda value: snap.name(value, names_lang))
                               for n in docnums[start:start + batch]]
                yield from records
        finally:
            with self._lock:
                snap.pins -= 1
                if not snap.pins and snap is not self._snapshot:
                    snap.close()

    def look_up_names(self, names: list[str], names_lang: str = "") -> list[NameMatch]:
        """Each name matched to the archive's entities, with article counts (see :mod:`.lookup`), and the
        number of articles the name finds when searched as typed (so also in the other script)."""
        with self.snapshot() as snap:
            return [look_up(snap, name, _count(snap, name), names_lang) for name in names]

    def count(self, filters: Filters) -> int:
        """How many articles match the filters alone: cheaper than a search without text."""
        with self.snapshot() as snap:
            masks = filter_masks(snap, filters).values()
            return int(functools.reduce(np.logical_and, masks, snap.arrays.live).sum())

    def similar(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Articles whose text is most like this one's."""
        with self.snapshot() as snap:
            searcher = snap.searcher
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                return []
            # The key terms come from the start of the text: analysing a 5 MB article would take seconds.
            text = (searcher.stored_fields(docnum).get("body") or "")[:SIMILAR_CHARS]
            results = searcher.more_like(docnum, "body", text=text, top=limit, numterms=12)
            return [make_hit(r.fields(), Highlight()) for r in results]

    def document(self, doc_id: str) -> dict | None:
        """Everything stored for one article, its whole body included, or None."""
        with self.snapshot() as snap:
            stored = snap.searcher.document(id=doc_id)
            if stored is None:
                return None
            stored = dict(stored)
            stored["body"] = store.document_text(snap.generation, stored)
            stored.update(snap.folding.related(doc_id))
        stored["date"] = iso_date(stored.get("date"))
        stored["entities"] = json.loads(stored.get("entities") or "{}")
        stored["labels"] = json.loads(stored.get("labels") or "{}")
        return stored


@functools.lru_cache(maxsize=1)
def _warm_up_once() -> None:
    """After the first answer, load in the background what later queries may need and what loads slowly:
    pymorphy3's dictionaries and lemminflect's tables (about a second together). With the index's word
    table most queries need neither, so otherwise the first query with a new word would wait for them;
    before the first answer they would delay the server's start."""
    threading.Thread(target=analysis.warm_up, name="searchapp-warm-up", daemon=True).start()


def _ranked(snap: Snapshot, q: Q.Query, allowed: np.ndarray, filtered: bool) -> Ranked | None:
    """The all-words-then-most ranking of a query of plain words (see :mod:`.ranking`), or None.

    Judged over the whole archive, so that facet counts widen a selection as usual; again within the
    filters where none of what it shows passes them.
    """
    parts = relaxable(q)
    if parts is None:
        return None
    ranked = rank(snap.arrays, *parts, snap.arrays.live)
    if filtered and not (ranked.mask & allowed).any():
        ranked = rank(snap.arrays, *parts, allowed)
    return ranked


@dataclass
class _Matching:
    """What a query and filters match, before a page of it is shown: the parsed query, its notices, each
    filter's mask, the query's matches and scores, and their intersection with all the filters."""

    q: Q.Query
    notices: list[Notice]
    masks: dict[str, np.ndarray]
    matched: np.ndarray
    scores: np.ndarray | None
    ranked: Ranked | None
    docs: np.ndarray
    sort: str  # the order asked for, or "newest" where there is nothing to rank by

    def facet_docs(self, facet: str) -> np.ndarray:
        """The documents a facet is counted over: every filter but its own, so a selection can be widened."""
        if facet not in self.masks:
            return self.docs
        others = [mask for name, mask in self.masks.items() if name != facet]
        return functools.reduce(np.logical_and, others, self.matched)


def _count(snap: Snapshot, text: str) -> int:
    """The number of articles with every word of `text` (none for a blank one: that would browse). Unlike
    the search page, articles with only most of the words do not count, and nothing is ranked: a name's
    count is its mentions."""
    if not text.strip():
        return 0
    q, _ = snap.parse(text)
    if q is Q.NullQuery:
        return 0
    matched, _ = snap.arrays.evaluate(q, scored=False)
    return int(np.count_nonzero(matched & snap.arrays.live))


def _match(snap: Snapshot, text: str, filters: Filters, sort: str = "relevance") -> _Matching:
    q, notices = snap.parse(text)
    if sort not in SORTS:
        sort = "relevance"
    if sort == "relevance" and (not text.strip() or isinstance(q, Q.Every)):  # nothing to rank by
        sort = "newest"
    if q is Q.NullQuery:
        if any(ch.isalnum() for ch in _SPECIAL.sub(" ", text)):
            notices.append(Notice.of("The query has only very common words; try more specific ones."))
        else:
            notices.append(Notice.of("The query has no words to search for."))
    notices += unknown_values(snap, filters)
    masks = filter_masks(snap, filters)
    allowed = functools.reduce(np.logical_and, masks.values(), snap.arrays.live)
    ranked = _ranked(snap, q, allowed, bool(masks))
    if ranked is None:
        matched, scores = snap.arrays.evaluate(q, scored=sort == "relevance")
    else:
        matched, scores = ranked.mask, ranked.scores
        if ranked.partial and not ranked.complete:
            notices.append(Notice.of("No article has all the words; showing those with most of them."))
    return _Matching(q, notices, masks, matched, scores, ranked, matched & allowed, sort)


def _search(snap: Snapshot, text: str, filters: Filters, sort: str, page: int, page_size: int,
            facet_limit: int, names_lang: str, fold: bool) -> SearchResult:
    page_size = max(1, min(page_size, 100))
    m = _match(snap, text, filters, sort)
    sort, notices = m.sort, m.notices
    articles = int(m.docs.sum())
    shown = m.docs & ~snap.folding.hidden(m.docs, m.scores, snap.arrays.dates(), sort, names_lang) if fold else m.docs
    total = int(shown.sum())
    # A page past the last one shows the last one.
    page = max(1, min(page, -(-total // page_size) or 1))
    docnums = snap.arrays.top(shown, m.scores, page * page_size, sort)[(page - 1) * page_size:]
    highlight = _highlight(m.q)
    hits = [make_hit(snap.stored(n), highlight, m.ranked.missing(n) if m.ranked else []) for n in docnums]
    for hit in hits:
        for kind, related in snap.folding.related(hit.id).items():
            setattr(hit, kind, related)
    counted, totals = {}, {}
    for facet in (*FACETS, "date", "lang"):
        counted[facet], totals[facet] = facet_values(snap, facet, m.facet_docs(facet), filters, facet_limit, names_lang)
    if "date" in m.masks and not filters.undated:
        left_out = sum(v.count for v in counted["date"] if v.value == UNDATED)
        if left_out:
            notices.append(Notice.of("{n} articles without a date are not in the date range.", n=left_out))
    suggestion = did_you_mean(snap, text, total) if text.strip() and m.q is not Q.NullQuery else None
    return SearchResult(text, total, page, page_size, sort, hits, counted, notices, suggestion,
                        {facet: totals[facet] for facet in FACETS}, articles, fold)
