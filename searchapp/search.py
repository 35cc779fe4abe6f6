"""Search stage: queries, filters, facet counts and snippets over the index.

This is the surface the CLI and the web layer use (:class:`SearchEngine`, :class:`Filters`,
:class:`SearchResult`); they never see Whoosh, so another engine could stand behind this module.

Facets are multi-select: values within one facet combine with OR, facets with AND, and each facet's
counts are computed with every filter but its own, so a user can widen a selection.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import html
import json
import re
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
from whoosh import query as Q
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldPlugin, PhrasePlugin, PlusMinusPlugin, QueryParser
from whoosh.qparser.syntax import attach

from . import analysis, facets, store, whoosh_internals
from .matching import NO_DATE, Arrays
from .names import name_key, transliterate
from .store import IndexDamaged, IndexMissing

FACETS = facets.KEYS
__all__ = ["FACETS", "SORTS", "UNDATED", "Filters", "Hit", "FacetValue", "Highlight", "IndexDamaged", "IndexMissing", "Notice",
           "SearchEngine", "SearchResult", "filter_words", "snippet"]
SEARCH_FIELDS = ("title", "lead", "body")
NAMES_FIELD = "names"  # entity names as script-independent keys: cross-script search
SORTS = ("relevance", "newest", "oldest")
SNIPPET_CHARS = 240
# A snippet looks for matches in windows of this many characters, from the start of the stored text,
# and stops at the first window with any: its cost does not grow with the article.
SNIPPET_SCAN_CHARS = 4_000
MAX_SNIPPET_MATCHES = 200
SIMILAR_CHARS = 10_000  # "more like this" picks its key terms from this much of an article


@dataclass
class Filters:
    """Selected facet values (entity ids or names), exclusions, a date range and languages.

    `undated` selects the articles without a date; a date range leaves them out.
    """

    person: list[str] = field(default_factory=list)
    organization: list[str] = field(default_factory=list)
    city: list[str] = field(default_factory=list)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated: bool = False
    lang: list[str] = field(default_factory=list)


UNDATED = "undated"  # the date facet's value for articles without a date
_UNKNOWN = {"person": "No person in the archive is called “{value}”.",
            "organization": "No organization in the archive is called “{value}”.",
            "city": "No city in the archive is called “{value}”."}


@dataclass(frozen=True)
class Notice:
    """Something the user should know about how a query was read: an English text with {placeholders},
    which is also the key of its translations in the web layer."""

    text: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, template: str, **values: object) -> Notice:
        return cls(template, tuple(values.items()))

    def __str__(self) -> str:
        return self.text.format(**dict(self.values))


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    lang: str
    source: str | None
    snippet: str  # HTML: escaped text with <mark> around matched words


@dataclass
class FacetValue:
    value: str
    name: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    page_size: int
    sort: str
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    notices: list[Notice] = field(default_factory=list)
    suggestion: str | None = None  # "did you mean": the query with unknown words corrected

    @property
    def message(self) -> str | None:
        """The notices as one English text, or None."""
        return " ".join(map(str, self.notices)) or None

    def to_dict(self) -> dict:
        """The structure `searchapp search --json` prints and the web API serves."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "sort": self.sort,
            "message": self.message,
            "suggestion": self.suggestion,
            "results": [asdict(h) for h in self.results],
            "facets": {
                name: [{"value": v.value, "name": v.name, "count": v.count, "selected": v.selected} for v in values]
                for name, values in self.facets.items()
            },
        }


# --- query parsing -----------------------------------------------------------------------------

def _term_groups(text: str) -> list[tuple[int, tuple[str, ...]]]:
    return [(token.position, token.terms) for token in analysis.analyze(text)]


def _group_query(fieldname: str, groups: list[tuple[int, tuple[str, ...]]], boost: float = 1.0,
                 slop: int = 1) -> Q.Query | None:
    """All forms of a word as alternatives; several words as a sequence, gaps for dropped stop words."""
    if not groups:
        return None
    parts = [Q.Or([Q.Term(fieldname, t) for t in terms]) if len(terms) > 1 else Q.Term(fieldname, terms[0])
             for _, terms in groups]
    if len(parts) == 1:
        parts[0].boost = boost
        return parts[0]
    gap = max(b[0] - a[0] for a, b in zip(groups, groups[1:]))
    return Q.Sequence(parts, slop=max(slop, gap), boost=boost)


class _LemmaPhrasePlugin(PhrasePlugin):
    """Quoted phrases, analysed with every form of each word at its position."""

    class LemmaPhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            if fieldname in FACETS:
                return attach(parser.facet_query(fieldname, self.text), self)
            if fieldname == NAMES_FIELD:
                return attach(Q.NullQuery, self)
            q = _group_query(fieldname, _term_groups(self.text), boost=self.boost, slop=self.slop)
            return attach(q if q is not None else Q.NullQuery, self)

    class LemmaPhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = int(match.group("slop")) if match.group("slop") else 1
            return _LemmaPhrasePlugin.LemmaPhraseNode(match.group("text"), match.start("text"), slop)

    def taggers(self, parser):
        return [(self.LemmaPhraseTagger(self.expr), 0)]


class _Parser(QueryParser):
    """Whoosh's parser, but a word's lemmas become alternatives at one position, not a conjunction,
    and `person:`, `org:`, `city:` take names in either script, resolved to entity ids."""

    def __init__(self, schema, resolve: Callable[[str, str], list[str]]) -> None:
        super().__init__(None, schema, group=AndGroup)
        self.resolve = resolve

    def facet_query(self, facet: str, text: str) -> Q.Query:
        return Q.Or([Q.Term(facet, eid) for eid in self.resolve(facet, text)])

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in FACETS:
            return self.facet_query(fieldname, text)
        if fieldname == NAMES_FIELD:
            if termclass is not Q.Term or not text.isalpha():
                return None
            alternatives = [Q.Term(NAMES_FIELD, k, boost=boost) for k in analysis.name_keys(text)]
            city = _city_of(text)
            if city is not None:
                alternatives.append(Q.Term("city", city.id, boost=boost))
            return Q.Or(alternatives) if alternatives else None
        if termclass is Q.Term and fieldname in SEARCH_FIELDS:
            return _group_query(fieldname, _term_groups(text), boost=boost)
        if fieldname in SEARCH_FIELDS:
            # A wildcard or prefix is matched against the indexed forms as typed, folded: Whoosh would
            # lemmatise "правозащит*" into "правозащит* AND правозащита*" and find nothing.
            return termclass(fieldname, analysis.fold(text), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def _city_of(word: str):
    """The city a capitalised query word names in English or Russian (any inflection), or None."""
    if not word[:1].isupper() or len(word) < 3:
        return None
    from .gazetteer import gazetteer

    forms = [word, *(lemma.capitalize() for lemma in analysis.lemmatize(word))]
    return gazetteer().lookup(*forms, main_names_only=True)


def _make_parser(schema, resolve: Callable[[str, str], list[str]]) -> _Parser:
    parser = _Parser(schema, resolve)
    parser.add_plugin(MultifieldPlugin([*SEARCH_FIELDS, NAMES_FIELD]))
    parser.add_plugin(PlusMinusPlugin())
    parser.add_plugin(FieldAliasPlugin({f.key: list(f.aliases) for f in facets.FACETS if f.aliases}))
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(_LemmaPhrasePlugin())
    return parser


MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EXPENSIVE_WILDCARD = re.compile(r"(?<![^\s\"(:])[^\s\"():*?]{0,1}[*?]+")


def _limit(text: str) -> tuple[str, list[Notice]]:
    """The query text within the limits, and what was changed to get there."""
    notices = []
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(Notice.of("The query was too long: it was cut to {n} characters.", n=MAX_QUERY_CHARS))
    words = text.split()
    if len(words) > MAX_QUERY_WORDS:
        text = " ".join(words[:MAX_QUERY_WORDS])
        notices.append(Notice.of("The query was too long: only its first {n} words were searched.", n=MAX_QUERY_WORDS))
    if _EXPENSIVE_WILDCARD.search(text):
        text = _EXPENSIVE_WILDCARD.sub(lambda m: m.group().rstrip("*?"), text).strip()
        notices.append(Notice.of("A wildcard needs at least two letters before it; it was left out."))
    if text.count('"') % 2:
        text += '"'
        notices.append(Notice.of("A quotation mark was not closed; the phrase was read to the end of the query."))
    return text, notices


_SPECIAL = re.compile(r"[\"():\[\]{}^~*?\\/!+]|(?<!\w)-|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


# --- facets ------------------------------------------------------------------------------------

class _FacetTable:
    """Facet values of every document of one index version, as arrays for counting.

    For each facet field: one (document, value ordinal) pair per value a document has. Counting a
    set of matched documents is then one vectorised pass: a mask over the documents selects pairs and
    `bincount` counts the ordinals, instead of asking Whoosh to group the hits.
    """

    FIELDS = (*FACETS, "year", "month", "lang")

    def __init__(self, arrays: Arrays) -> None:
        reader = arrays.reader
        self.fields: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        indexed = set(reader.indexed_field_names())
        for fieldname in self.FIELDS:
            names: list[str] = []
            docs: list[np.ndarray] = []
            ordinals: list[np.ndarray] = []
            if fieldname in indexed:
                for term in reader.lexicon(fieldname):
                    value = term.decode("utf-8")
                    ids, _ = arrays.read_postings(fieldname, value)
                    docs.append(ids)
                    ordinals.append(np.full(len(ids), len(names), dtype=np.int32))
                    names.append(value)
            self.fields[fieldname] = (
                names,
                np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32),
                np.concatenate(ordinals) if ordinals else np.zeros(0, dtype=np.int32),
            )

    def count(self, fieldname: str, mask: np.ndarray) -> dict[str, int]:
        names, docs, ordinals = self.fields[fieldname]
        counts = np.bincount(ordinals[mask[docs]], minlength=len(names))
        return {names[i]: int(counts[i]) for i in np.flatnonzero(counts)}


def filter_words(names: list[str]) -> str:
    """What a facet's filter box matches a value against: every name of it, folded, in both scripts."""
    return " ".join(sorted({analysis.fold(variant) for name in names for variant in (name, transliterate(name))}))


# --- snippets ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Highlight:
    """What a query marks in a text: its words' forms, and the keys of the names it looks for in either
    script, so that "Gorelov" also marks "Горелова" in the Russian article it found."""

    terms: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.terms or self.keys)

    def marks(self, text: str) -> list[tuple[int, int]]:
        """Where in text the words this highlight marks stand, (start, end) each, every word analysed:
        for the document page, where a snippet's shortcut (:func:`snippet`) would miss forms."""
        if not self:
            return []
        spans = [(t.start, t.end) for t in analysis.analyze(text) if self.terms.intersection(t.terms)]
        return spans + [(t.start, t.end) for t in analysis.name_matches(text, self.keys)]

    def finds(self, text: str) -> bool:
        """Whether the text has a query word this highlight marks (names in the other script aside).

        A plain search for the words' first letters rules most texts out first: it is many times
        faster than finding and analysing candidate words, which matters on a 5 MB article."""
        prefixes = {analysis.fold(t)[:3] for t in self.terms if t}
        if not prefixes or not _prefix_pattern(frozenset(prefixes)).search(text):
            return False
        return bool(analysis.matching_words(text, self.terms))


@functools.lru_cache(maxsize=256)
def _prefix_pattern(prefixes: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(p).replace("е", "[её]") for p in sorted(prefixes)), re.IGNORECASE)


def snippet(text: str, highlight: Highlight, size: int = SNIPPET_CHARS) -> str:
    """The passage of text with the most distinct matched words, escaped, matches in <mark>.

    A word matches when any of its forms is a query term, so "arrest" marks "arrested", or when it is a
    name the query names in the other script.
    """
    terms = highlight.terms
    matches = _first_matches(text, highlight) if highlight else []
    if not matches:
        end = text.rfind(" ", 0, size) if len(text) > size else len(text)
        return html.escape(text[: end if end > 0 else size]) + ("…" if len(text) > size else "")
    best, best_score = 0, -1
    for i, first in enumerate(matches):
        window = [m for m in matches[i:] if m.end - first.start <= size]
        score = len({frozenset(terms.intersection(m.terms)) or m.terms for m in window}) * 10 + len(window)
        if score > best_score:
            best, best_score = i, score
    anchor = matches[best]
    start = max(0, anchor.start - size // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < anchor.start else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", anchor.end, end)
        end = space if space > 0 else end
    out, pos = [], start
    for m in matches:
        if m.start < start or m.end > end:
            continue
        out.append(html.escape(text[pos:m.start]))
        out.append(f"<mark>{html.escape(text[m.start:m.end])}</mark>")
        pos = m.end
    out.append(html.escape(text[pos:end]))
    return ("…" if start else "") + "".join(out).replace("\n\n", " ¶ ") + ("…" if end < len(text) else "")


def _first_matches(text: str, highlight: Highlight) -> list[analysis.Token]:
    """The matched words of the first window of text that has any (at most MAX_SNIPPET_MATCHES); where
    no window has a query word, the names of the first window that the query names in the other script."""
    start = 0
    while highlight.terms and start < len(text):
        end = len(text) if len(text) - start <= SNIPPET_SCAN_CHARS else text.find(" ", start + SNIPPET_SCAN_CHARS)
        end = len(text) if end < 0 else end
        found = analysis.matching_words(text[start:end], highlight.terms)
        if found:
            return [replace(t, start=t.start + start, end=t.end + start) for t in found[:MAX_SNIPPET_MATCHES]]
        start = end
    return analysis.name_matches(text[:SNIPPET_SCAN_CHARS], highlight.keys)[:MAX_SNIPPET_MATCHES]


# --- the engine --------------------------------------------------------------------------------

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
        stored["body"] = store.document_text(self.index_dir, stored)
        stored["date"] = _date_str(stored.get("date"))
        stored["entities"] = json.loads(stored.get("entities") or "{}")
        return stored


def _highlight(q: Q.Query) -> Highlight:
    """The terms a parsed query looks for in the text fields and the name keys it looks for."""
    if q is Q.NullQuery or isinstance(q, Q.Every):
        return Highlight()
    terms = [(f, t.decode("utf-8") if isinstance(t, bytes) else t) for f, t in q.iter_all_terms()]
    return Highlight(frozenset(t for f, t in terms if f in SEARCH_FIELDS),
                     frozenset(t for f, t in terms if f == NAMES_FIELD))


def _has_errors(q: Q.Query) -> bool:
    """Whoosh marks what it could not parse with an ``error`` attribute instead of raising."""
    return any(getattr(node, "error", None) for node in (q, *q.leaves()))
