"""The search engine: one index directory, kept up to date, answering searches, counts, documents."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import json
import re
import threading
from pathlib import Path

import numpy as np
from whoosh import query as Q

from .. import analysis, facets, store, whoosh_internals
from ..matching import NO_DATE, Arrays
from ..names import name_key
from .counts import _FacetTable
from .query import _SPECIAL, _has_errors, _highlight, _limit, _make_parser
from .results import _UNKNOWN, FACETS, SORTS, UNDATED, FacetValue, Filters, Hit, Notice, SearchResult
from .snippets import Highlight, snippet

SIMILAR_CHARS = 10_000  # "more like this" picks its key terms from this much of an article


def _date_str(value) -> str | None:
    return value.date().isoformat() if isinstance(value, dt.datetime) else None


def _locked(method):
    """Run a method holding the engine's lock (see :class:`SearchEngine`).

    The outermost call first brings the engine up to date with the index; calls made from inside it
    keep the same searcher, so a rebuild switched in meanwhile never closes it under a running search.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            if self._depth == 0:
                self._update()
            self._depth += 1
            try:
                return method(self, *args, **kwargs)
            finally:
                self._depth -= 1

    return wrapper


class SearchEngine:
    """Searches one index directory; picks up a rebuilt or updated index on the next query.

    Safe to share between threads. Whoosh searchers read through shared file handles and are not
    thread-safe, and each index version has its arrays of postings and facet values (see
    :mod:`searchapp.matching`), so the engine keeps one searcher per index version and lets one thread
    use it at a time; with Python's global interpreter lock the threads would not run searches in
    parallel anyway. Serve more requests at once with more processes (gunicorn workers).
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._generation: Path | None = None
        self._version: tuple | None = None
        self._ix = None
        self._searcher = None
        self._facets: _FacetTable | None = None
        self._arrays: Arrays | None = None
        self._names: dict[str, dict[str, str]] = {}
        self._resolved: dict[tuple[str, str], list[str]] = {}
        self._completions: list[tuple[str, str]] | None = None
        self._parser = None
        self._depth = 0

    def _update(self) -> None:
        """Open the index as it is now if a build has switched or changed it (with the lock held)."""
        generation = store.current_generation(self.index_dir)
        if generation is None:
            raise store.IndexMissing(f"no index in {self.index_dir}: run `searchapp index` first")
        if generation != self._generation:
            whoosh_internals.check()
            self._ix = store.open_index(self.index_dir)
            self._generation = generation
            self._parser = _make_parser(self._ix.schema, self.resolve)
        version = (generation, self._ix.latest_generation())
        if version != self._version:
            # A new searcher, not Searcher.refresh(): that reuses segment readers and with them stale
            # deletions. The old one is closed: no other thread can be using it while we hold the lock.
            try:
                searcher = self._ix.searcher()
            except Exception as exc:  # damaged segment files
                raise store.IndexDamaged(f"the index in {self.index_dir} cannot be read ({exc}); "
                                         "rebuild it with `searchapp index --full`") from exc
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = searcher
            self._arrays = Arrays(searcher)
            self._facets = _FacetTable(self._arrays)
            self._names = store.entity_names(self.index_dir)
            self._completions = None
            self._resolved.clear()
            self._version = version

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher, self._version = None, None

    # Names and ids ----------------------------------------------------------------------------

    def display_name(self, value: str, lang: str = "") -> str:
        """An entity's name for display, in `lang` where the index has one.

        Names come from the index version of the last search, document or count call.
        """
        return self._name(value, lang)

    def _name(self, value: str, lang: str) -> str:
        names = self._names.get(value)
        if not names:
            return value
        return names.get(lang) or names.get("")

    def names(self, value: str) -> list[str]:
        """Every name an entity id goes by in the index, in either language (as display_name)."""
        return sorted(set(self._names.get(value, {}).values()))

    @_locked
    def facet_values(self, facet: str, min_docs: int = 1, names_lang: str = "") -> list[dict]:
        """Every value of a facet across the index with its document count, names and aliases."""
        counts = self._facets.count(facet, self._arrays.live)
        aliases = store.entity_aliases(self.index_dir)
        values = [{"id": value, "name": self.display_name(value, names_lang), "count": count,
                   "names": self.names(value), "aliases": aliases.get(value, [])}
                  for value, count in counts.items() if count >= min_docs]
        return sorted(values, key=lambda v: (-v["count"], v["name"]))

    @_locked
    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        """Completions for a typed prefix: titles that start with it, then entity names with a word that does.

        Case and ё are folded, so "бор" finds "Валерий Борщёв" and "bor" finds "Valery Borshchev".
        """
        wanted = analysis.fold(prefix.strip())
        if not wanted:
            return []
        searcher = self._searcher
        if self._completions is None:
            keys: dict[tuple[str, str], None] = {}
            for names in self._names.values():
                for name in set(names.values()):
                    for word in re.finditer(r"[^\W_]+", name):
                        keys[(analysis.fold(name[word.start():]), name)] = None
            titles = {(analysis.fold(s.get("title", "")), s.get("title", ""))
                      for s in searcher.reader().all_stored_fields()}
            self._completions = sorted(titles | set(keys))
        completions = self._completions
        found: list[str] = []
        start = bisect.bisect_left(completions, (wanted, ""))
        for key, text in completions[start:]:
            if not key.startswith(wanted) or len(found) >= limit:
                break
            if text not in found:
                found.append(text)
        return found

    @_locked
    def highlight(self, text: str) -> Highlight:
        """What a query marks in a document's text."""
        return _highlight(self.parse(text)[0])

    @_locked
    def resolve(self, facet: str, text: str) -> list[str]:
        """Entity ids a filter value stands for: an id as is, or a name in either script and spelling."""
        prefix = facets.BY_KEY[facet].id_prefix
        if text.startswith(prefix):
            return [text]
        # A search asks for each selected value three times (filter, facet counts, notices): each name
        # is looked up once per index version.
        key = (facet, text)
        if key not in self._resolved:
            self._resolved[key] = self._resolve_name(prefix, text)
        return self._resolved[key]

    def _resolve_name(self, prefix: str, text: str) -> list[str]:
        wanted = name_key(text)
        exact, partial = [], []
        for eid, names in self._names.items():
            if not eid.startswith(prefix):
                continue
            keys = {name_key(n) for n in names.values()}
            if wanted in keys:
                exact.append(eid)
            elif any(wanted and (k.endswith("-" + wanted) or k.startswith(wanted + "-")) for k in keys):
                partial.append(eid)
        return exact or partial or [f"{prefix}{wanted}"]

    # Searching ----------------------------------------------------------------------------------

    @_locked
    def parse(self, text: str) -> tuple[Q.Query, list[Notice]]:
        """The query for the user's text, and notices when it had to be repaired or limited.

        Limits keep every query cheap: at most MAX_QUERY_CHARS characters and MAX_QUERY_WORDS words,
        no control characters, and wildcards only after at least two letters ("de*", not "*der").
        """
        text, notices = _limit(text)
        if not text:
            return Q.Every(), notices
        try:
            q = self._parser.parse(text)
        except Exception:  # whoosh raises assorted errors on odd input; it is repaired below
            q = None
        if q is not None and not _has_errors(q):
            return q, notices
        plain = _SPECIAL.sub(" ", text)
        q = self._parser.parse(plain) if plain.strip() else Q.NullQuery
        return q, [*notices, Notice.of("Some of the query's syntax was not understood; it was searched as plain words.")]

    def _unknown_values(self, filters: Filters) -> list[Notice]:
        """A notice for each selected facet value that names nothing in the archive."""
        notices = []
        for facet in FACETS:
            for value in getattr(filters, facet):
                if not any(eid in self._names for eid in self.resolve(facet, value)):
                    notices.append(Notice.of(_UNKNOWN[facet], value=value[:60]))
        return notices

    def _filter_masks(self, filters: Filters) -> dict[str, np.ndarray]:
        """One mask of the documents each filter lets through, per facet (and for dates and languages),
        so that each facet can be left out of its own counts."""
        masks = {name: self._arrays.evaluate(part, scored=False)[0] for name, part in self._filter_queries(filters).items()}
        if filters.undated or filters.date_from or filters.date_to:
            masks["date"] = self._arrays.date_mask(filters.date_from, filters.date_to, filters.undated)
        return masks

    def _filter_queries(self, filters: Filters) -> dict[str, Q.Query]:
        """One query per facet and for languages."""
        parts: dict[str, Q.Query] = {}
        for facet in FACETS:
            ids = [i for value in getattr(filters, facet) for i in self.resolve(facet, value)]
            excluded = [i for value in filters.exclude.get(facet, []) for i in self.resolve(facet, value)]
            subqueries = []
            if ids:
                subqueries.append(Q.Or([Q.Term(facet, i) for i in ids]))
            if excluded:
                subqueries.append(Q.Not(Q.Or([Q.Term(facet, i) for i in excluded])))
            if subqueries:
                parts[facet] = Q.And([Q.Every(), *subqueries]) if not ids else Q.And(subqueries)
        if filters.lang:
            parts["lang"] = Q.Or([Q.Term("lang", lang) for lang in filters.lang])
        return parts

    @_locked
    def search(self, text: str = "", filters: Filters | None = None, sort: str = "relevance",
               page: int = 1, page_size: int = 10, facet_limit: int = 20, names_lang: str = "") -> SearchResult:
        """One page of hits, facet counts, and help for the user (a message, a suggestion).

        `lang` picks the language of facet display names where an entity has names in both.
        """
        filters = filters or Filters()
        searcher, table = self._searcher, self._facets
        q, notices = self.parse(text)
        if not text.strip() and sort == "relevance":
            sort = "newest"
        if sort not in SORTS:
            sort = "relevance"
        page_size = max(1, min(page_size, 100))
        if isinstance(q, Q.Every) and sort == "relevance":  # nothing left to rank by (a lone "*")
            sort = "newest"
        if q is Q.NullQuery:
            if any(ch.isalnum() for ch in _SPECIAL.sub(" ", text)):
                notices.append(Notice.of("The query has only very common words; try more specific ones."))
            else:
                notices.append(Notice.of("The query has no words to search for."))
        notices += self._unknown_values(filters)
        masks = self._filter_masks(filters)
        arrays = self._arrays
        matched, scores = arrays.evaluate(q, scored=sort == "relevance")
        all_docs = functools.reduce(np.logical_and, masks.values(), matched)
        total = int(all_docs.sum())
        # A page past the last one shows the last one.
        page = max(1, min(page, -(-total // page_size) or 1))
        docnums = arrays.top(all_docs, scores, page * page_size, sort)[(page - 1) * page_size:]
        highlight = _highlight(q)
        hits = [self._hit(searcher.stored_fields(n), highlight) for n in docnums]
        facets = {}
        for facet in (*FACETS, "date", "lang"):
            # Each facet counts with every filter but its own, so a selection can be widened.
            others = [mask for name, mask in masks.items() if name != facet]
            docs = all_docs if facet not in masks else functools.reduce(np.logical_and, others, matched)
            facets[facet] = self._facet_values(facet, docs, table, filters, facet_limit, names_lang)
        if "date" in masks and not filters.undated:
            left_out = sum(v.count for v in facets["date"] if v.value == UNDATED)
            if left_out:
                notices.append(Notice.of("{n} articles without a date are not in the date range.", n=left_out))
        suggestion = self._suggest(text) if text.strip() and q is not Q.NullQuery else None
        return SearchResult(text, total, page, page_size, sort, hits, facets, notices, suggestion)

    def _suggest(self, text: str) -> str | None:
        """The query with each word the index does not know replaced by the closest word it does."""
        searcher = self._searcher
        reader = searcher.reader()
        changed = False
        out = []
        for match in re.finditer(r"\S+", text):
            word = match.group()
            bare = word.strip('"()+-*?')
            if (not bare.isalpha() or bare.isupper() or ":" in word
                    or any(reader.doc_frequency("body", t) or reader.doc_frequency("title", t)
                           for t in analysis.terms_for(bare))):
                out.append(word)
                continue
            fixes = searcher.suggest("body", analysis.fold(bare), limit=1, maxdist=2, prefix=1)
            if fixes:
                out.append(word.replace(bare, fixes[0]))
                changed = True
            else:
                out.append(word)
        return " ".join(out) if changed else None

    def _facet_values(self, facet: str, docs: np.ndarray, table: _FacetTable, filters: Filters,
                      limit: int, names_lang: str = "") -> list[FacetValue]:
        if facet == "date":
            years = table.count("year", docs)
            months = table.count("month", docs)
            values = [FacetValue(y, y, c) for y, c in sorted(years.items(), reverse=True)]
            values += [FacetValue(m, m, c) for m, c in sorted(months.items(), reverse=True)]
            undated = int((docs & (self._arrays.dates() == NO_DATE)).sum())
            if undated or filters.undated:
                values.append(FacetValue(UNDATED, "Undated", undated, filters.undated))
            return values
        if facet == "lang":
            counts = table.count("lang", docs)
            return [FacetValue(code, code, counts.get(code, 0), code in filters.lang) for code in ("en", "ru")]
        selected = {i for value in getattr(filters, facet) for i in self.resolve(facet, value)}
        counts = table.count(facet, docs)
        # Only values that can make the top `limit` need a display name to break ties by.
        floor = heapq.nlargest(limit, counts.values())[-1] if len(counts) > limit else 0
        top = sorted(((v, c) for v, c in counts.items() if c >= floor),
                     key=lambda item: (-item[1], self._name(item[0], names_lang)))[:limit]
        values = [FacetValue(v, self._name(v, names_lang), c, v in selected) for v, c in top]
        for value in selected - {v.value for v in values}:
            values.append(FacetValue(value, self._name(value, names_lang), counts.get(value, 0), True))
        return values

    def _hit(self, stored: dict, highlight: Highlight) -> Hit:
        """A result: the snippet comes from the body, or from the standfirst and headline where only
        they match."""
        marked = snippet(stored.get("body") or "", highlight)
        lead = " ".join(p for p in (stored.get("summary"), stored.get("headline")) if p)
        if highlight and lead and "<mark>" not in marked:
            from_lead = snippet(lead, highlight)
            marked = from_lead if "<mark>" in from_lead else marked
        return Hit(
            id=stored["id"],
            title=stored.get("title") or stored["id"],
            date=_date_str(stored.get("date")),
            lang=stored.get("lang", ""),
            source=stored.get("source"),
            snippet=marked,
        )

    @_locked
    def count(self, filters: Filters) -> int:
        """How many articles match the filters alone: cheaper than a search without text."""
        masks = self._filter_masks(filters).values()
        return int(functools.reduce(np.logical_and, masks, self._arrays.live).sum())

    @_locked
    def similar(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Articles whose text is most like this one's."""
        searcher = self._searcher
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        # The key terms come from the start of the text: analysing a 5 MB article would take seconds.
        text = (searcher.stored_fields(docnum).get("body") or "")[:SIMILAR_CHARS]
        results = searcher.more_like(docnum, "body", text=text, top=limit, numterms=12)
        return [self._hit(r.fields(), Highlight()) for r in results]

    @_locked
    def document(self, doc_id: str) -> dict | None:
        """Everything stored for one article, its whole body included, or None."""
        searcher = self._searcher
        stored = searcher.document(id=doc_id)
        if stored is None:
            return None
        stored = dict(stored)
        stored["body"] = store.document_text(self._generation, stored)
        stored["date"] = _date_str(stored.get("date"))
        stored["entities"] = json.loads(stored.get("entities") or "{}")
        return stored
