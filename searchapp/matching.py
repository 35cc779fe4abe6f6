"""Matching and scoring over posting arrays: the fast path under :mod:`searchapp.search`.

Whoosh finds and scores matches one posting at a time in Python, which at 100,000 articles takes
hundreds of milliseconds for a common word. Here a query is evaluated over whole arrays instead:
each term's postings (document numbers and weights) are read once per index version into numpy
arrays and kept in a bounded cache, and a query tree becomes element-wise operations over arrays of
the index's size: a boolean mask of the matches and a BM25F score per document.

Term, And, Or, Not, AndNot, AndMaybe, Every and DateRange queries are evaluated exactly. Phrases
and sequences match as Whoosh matches them (each word within the slop of the one before, checked over
the candidates' positions here) and score as the sum of their words; wildcard, prefix, fuzzy and range
queries match through Whoosh and score a constant. Whoosh's private internals are reached only through
:mod:`searchapp.whoosh_internals`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from pathlib import Path

import numpy as np
from whoosh import query as Q
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long

from . import positions, postings, whoosh_internals

K1 = 1.2
B = 0.75
# Postings kept in memory per index version (document number + weight: 8 bytes each).
MAX_CACHED_POSTINGS = 16_000_000
_EPOCH = dt.datetime(1970, 1, 1)
_TICKS_AT_EPOCH = datetime_to_long(_EPOCH)  # Whoosh stores dates as microseconds since 0001-01-01
NO_DATE = np.iinfo(np.int64).min
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


def term_text(text: str | bytes) -> str:
    """A query term's text: Whoosh gives it as bytes or str depending on how the query was made."""
    return text.decode("utf-8") if isinstance(text, bytes) else text


def _length_column(reader, fieldname: str) -> np.ndarray:
    """A segment's field lengths in one read of its length column (one byte per document); Whoosh's
    public way reads them one document at a time, a second per field at 100,000 documents."""
    codes = whoosh_internals.length_codes(reader, fieldname)
    if codes is None:
        size = reader.doc_count_all()
        return np.fromiter((reader.doc_field_length(n, fieldname) or 0 for n in range(size)), np.float32, size)
    return _BYTE_TO_LENGTH[codes]


def date_seconds(reader) -> np.ndarray:
    """One segment's publication dates as seconds since 1970, NO_DATE where an article has none.

    Read untranslated: Whoosh stores "no date" as the column's default, the largest 64-bit number,
    which its own translation turns into an OverflowError instead of None.
    """
    size = reader.doc_count_all()
    values = np.full(size, NO_DATE, dtype=np.int64)
    if size and reader.has_column("date"):
        raw = whoosh_internals.numeric_column(reader, "date")
        if raw is None:
            raw = np.fromiter(reader.column_reader("date", translate=False), dtype=np.uint64, count=size)
        raw = raw.astype(np.uint64, copy=False)
        known = raw != np.uint64(reader.schema["date"].default)
        values[known] = (raw[known].astype(np.int64) - _TICKS_AT_EPOCH) // 1_000_000
    return values


def _word_terms(words: list[Q.Query]) -> tuple[str, list[list[str]]] | None:
    """(field, the terms of each word) for a sequence of terms or alternatives of terms in one field;
    None for anything else (a wildcard in a phrase), which Whoosh checks instead."""
    fields, groups = set(), []
    for word in words:
        terms = word.subqueries if isinstance(word, Q.Or) else [word]
        if not all(isinstance(t, Q.Term) for t in terms):
            return None
        fields.update(t.fieldname for t in terms)
        groups.append([term_text(t.text) for t in terms])
    return (fields.pop(), groups) if len(fields) == 1 else None


class Arrays:
    """Posting arrays, field lengths and dates of one open index version; not thread-safe."""

    def __init__(self, searcher, max_postings: int = MAX_CACHED_POSTINGS, generation: Path | None = None) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self._leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self.live = np.ones(self.size, dtype=bool)
        for reader, offset in self._leaves:
            if reader.has_deletions():
                # A segment's set of deleted numbers, not one is_deleted() call per document.
                deleted = getattr(reader, "deleted_docs_set", None)
                if deleted is None:
                    deleted = [n for n in range(reader.doc_count_all()) if reader.is_deleted(n)]
                self.live[np.fromiter(deleted, dtype=np.int64, count=len(deleted)) + offset] = False
        # Each segment's posting arrays where the build wrote them (see :mod:`searchapp.postings`).
        self._arrays = [postings.open_segment(generation, reader) for reader, _ in self._leaves]
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        # BM25F scores of cached terms (idf and average lengths are fixed for an index version): a common
        # word comes back in many different queries.
        self._bm25: dict[tuple[str, str], np.ndarray] = {}
        self._cached = 0
        self._max = max_postings
        self._lengths: dict[str, np.ndarray] = {}
        self._dates: np.ndarray | None = None

    # Arrays ------------------------------------------------------------------------------------

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (ascending) and weights of a term, deleted documents included."""
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        found = self.read_postings(fieldname, text)
        self._postings[key] = found
        self._cached += len(found[0])
        while self._cached > self._max and len(self._postings) > 1:
            old_key, (old, _) = self._postings.popitem(last=False)
            self._cached -= len(old) * (2 if self._bm25.pop(old_key, None) is not None else 1)
        return found

    def read_postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`postings`, read from the index without the cache."""
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for (reader, offset), arrays in zip(self._leaves, self._arrays):
            if arrays is not None:
                found_ids, found_weights = arrays.get(fieldname, text)
                if len(found_ids):
                    ids.append(found_ids + np.int32(offset))
                    weights.append(np.array(found_weights))
                continue
            if (fieldname, text) not in reader:
                continue
            # A block at a time: Whoosh's per-posting iteration is what makes it slow. Deletions are
            # applied with the live mask instead.
            for block_ids, block_weights, _ in whoosh_internals.posting_blocks(reader.postings(fieldname, text)):
                ids.append(np.asarray(block_ids, dtype=np.int32) + offset)
                weights.append(np.asarray(block_weights, dtype=np.float32))
        return (np.concatenate(ids) if ids else np.zeros(0, np.int32),
                np.concatenate(weights) if weights else np.zeros(0, np.float32))

    def numbers(self, fieldname: str, texts: list[str]) -> np.ndarray:
        """The live document number of each text in a field of unique values (an article's id), -1 where
        none has it: one vectorised look-up per segment, where Whoosh's document_number() costs a term
        look-up and a posting read per text (seconds for the tens of thousands of related articles)."""
        found = np.full(len(texts), -1, dtype=np.int64)
        if not texts:
            return found
        keys = np.array([postings.term_key(fieldname, t) for t in texts], dtype=np.uint64)
        for (reader, offset), arrays in zip(self._leaves, self._arrays):
            if arrays is None:
                for i, text in enumerate(texts):
                    matcher = reader.postings(fieldname, text) if (fieldname, text) in reader else None
                    while matcher is not None and matcher.is_active():
                        if self.live[offset + matcher.id()]:
                            found[i] = offset + matcher.id()
                        matcher.next()
                continue
            at = np.minimum(np.searchsorted(arrays.keys, keys), max(len(arrays.keys) - 1, 0))
            hit = (arrays.keys[at] == keys) if len(arrays.keys) else np.zeros(len(keys), bool)
            for i, term in zip(np.flatnonzero(hit).tolist(), at[hit].tolist()):
                ids, _ = arrays.postings_of(term)
                live = [offset + int(d) for d in ids if self.live[offset + int(d)]]
                if live:
                    found[i] = live[-1]
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in a field, as Whoosh stores it (quantised to a byte)."""
        if fieldname not in self._lengths:
            parts = [_length_column(reader, fieldname) for reader, _ in self._leaves]
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        return self._lengths[fieldname]

    def dates(self) -> np.ndarray:
        """Publication dates as seconds since 1970, NO_DATE where an article has none."""
        if self._dates is None:
            parts = [date_seconds(reader) for reader, _ in self._leaves]
            self._dates = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        return self._dates

    # Evaluation --------------------------------------------------------------------------------

    def evaluate(self, q: Q.Query, scored: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """The live documents a query matches (a mask) and, if `scored`, their scores."""
        mask, scores = self._eval(q, scored)
        mask &= self.live
        return mask, scores

    def _eval(self, q: Q.Query, scored: bool) -> tuple[np.ndarray, np.ndarray | None]:
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, type(Q.NullQuery)):
            return np.zeros(self.size, bool), (np.zeros(self.size, np.float32) if scored else None)
        if isinstance(q, Q.Every):
            return np.ones(self.size, bool), (np.ones(self.size, np.float32) * boost if scored else None)
        if isinstance(q, Q.Term):
            return self._term(q.fieldname, q.text, boost, scored)
        if isinstance(q, (Q.Sequence, Q.Phrase)):
            return self._positional(q, scored)
        if isinstance(q, Q.Not):
            mask, _ = self._eval(q.query, False)
            return ~mask, (np.zeros(self.size, np.float32) if scored else None)
        if isinstance(q, Q.AndNot):
            mask, scores = self._eval(q.a, scored)
            minus, _ = self._eval(q.b, False)
            return mask & ~minus, scores
        if isinstance(q, Q.AndMaybe):
            mask, scores = self._eval(q.a, scored)
            if scored:
                scores = scores + self._eval(q.b, True)[1] * mask
            return mask, scores
        if isinstance(q, (Q.And, Q.Or)):
            return self._compound(q, scored, boost)
        if isinstance(q, Q.DateRange):
            return self._date_range(q, scored)
        return self._through_whoosh(q, scored)

    def _compound(self, q: Q.And | Q.Or, scored: bool, boost: float) -> tuple[np.ndarray, np.ndarray | None]:
        """All (And) or any (Or) of the subqueries; the score is the sum of theirs, times the boost.

        An Or's terms are added where they match (a cost of their postings, not of the archive's size):
        a word's forms in four fields are a dozen terms, most of them rare."""
        every = isinstance(q, Q.And)
        mask = np.ones(self.size, bool) if every else np.zeros(self.size, bool)
        scores = np.zeros(self.size, np.float32) if scored else None
        for sub in q.subqueries:
            if not every and isinstance(sub, Q.Term):
                ids, s = self.term_scores(sub.fieldname, sub.text, sub.boost, scored)
                mask[ids] = True
                if scored:
                    scores[ids] += s
                continue
            m, s = self._eval(sub, scored)
            if every:
                mask &= m
            else:
                mask |= m
            if scored:
                scores += s
        return mask, (scores * boost if scored and boost != 1.0 else scores)

    def _term(self, fieldname: str, text, boost: float, scored: bool) -> tuple[np.ndarray, np.ndarray | None]:
        ids, s = self.term_scores(fieldname, text, boost, scored)
        mask = np.zeros(self.size, bool)
        mask[ids] = True
        if not scored:
            return mask, None
        scores = np.zeros(self.size, np.float32)
        scores[ids] = s
        return mask, scores

    def idf(self, fieldname: str, text: str) -> float:
        """Whoosh's BM25 idf of a term, from the length of its postings: Whoosh's own reads the term's
        document frequency from its term file, tens of microseconds for each new term."""
        return math.log(self.size / (len(self.postings(fieldname, text)[0]) + 1)) + 1

    def term_scores(self, fieldname: str, text, boost: float = 1.0,
                    scored: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """A term's documents (ascending, deleted ones included) and, if `scored`, their BM25F scores
        (both read-only: they are cached)."""
        text = term_text(text)
        ids, weights = self.postings(fieldname, text)
        if not scored:
            return ids, None
        if not len(ids):
            return ids, np.zeros(0, np.float32)
        field = self.searcher.schema[fieldname]
        if not field.scorable:
            return ids, weights * np.float32(boost)
        scores = self._bm25.get((fieldname, text))
        if scores is None:
            idf = self.idf(fieldname, text)
            average = self.searcher.avg_field_length(fieldname) or 1.0
            lengths = self.lengths(fieldname)[ids]
            scores = (idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))).astype(np.float32)
            scores.flags.writeable = False  # shared by every query with the term
            if (fieldname, text) in self._postings:
                self._bm25[(fieldname, text)] = scores
                self._cached += len(ids)
        return ids, (scores * np.float32(boost) if boost != 1.0 else scores)

    def _positional(self, q: Q.Query, scored: bool) -> tuple[np.ndarray, np.ndarray | None]:
        words = getattr(q, "subqueries", None) or [Q.Term(q.fieldname, w) for w in q.words]
        mask, scores = self._eval(Q.And(words, boost=q.boost), scored)
        if mask.any():
            groups = _word_terms(words)
            if groups is None or not getattr(q, "ordered", True):
                mask &= self._through_whoosh(q, False)[0]
            else:
                mask &= self.in_sequence(*groups, mask, getattr(q, "slop", 1))
        return mask, (scores * mask if scored else None)

    def in_sequence(self, fieldname: str, words: list[list[str]], candidates: np.ndarray, slop: int) -> np.ndarray:
        """The candidate documents where the words stand in order, each within `slop` positions of the
        one before (Whoosh's Sequence and Phrase semantics); a word is any of its terms.

        Whoosh checks positions span by span in Python, which took seconds on a 5 MB article; here each
        candidate's positions are read once per term and chained with sorted-array look-ups.
        """
        found = np.zeros(self.size, bool)
        docs = np.flatnonzero(candidates)
        where = [self.positions(fieldname, terms, docs) for terms in words]
        for doc in docs.tolist():
            ends = None
            for word_at in where:
                found_at = word_at.get(doc, [])
                ends = found_at if ends is None else positions.followers(ends, found_at, slop)
                if not len(ends):
                    break
            if ends is not None and len(ends):
                found[doc] = True
        return found

    def positions(self, fieldname: str, terms: list[str], docs: np.ndarray) -> dict[int, list[int] | np.ndarray]:
        """Where any of the terms stands in each of the documents (ascending numbers) that has one, sorted."""
        where: dict[int, list[int] | np.ndarray] = {}
        for (reader, offset), arrays in zip(self._leaves, self._arrays):
            local = docs[(docs >= offset) & (docs < offset + reader.doc_count_all())] - offset
            if not len(local):
                continue
            if arrays is not None and arrays.has_positions:
                found = positions.from_arrays(arrays, fieldname, terms, local)
            elif arrays is not None and arrays.has_blocks:
                found = positions.from_blocks(reader, arrays, fieldname, terms, local)
            else:
                matchers = [reader.postings(fieldname, t) for t in terms if (fieldname, t) in reader]
                found = {doc: positions.through_matchers(matchers, doc) for doc in local.tolist()}
            for doc, at in found.items():
                if len(at):
                    where[offset + doc] = at
        return where

    def date_mask(self, start: dt.date | None, end: dt.date | None, undated: bool = False) -> np.ndarray:
        """The documents dated from `start` to `end` (inclusive, either open), or those without a date."""
        if undated:
            return self.dates() == NO_DATE
        return self._dated_between(dt.datetime.combine(start, dt.time.min) if start else None,
                                   dt.datetime.combine(end, dt.time.max) if end else None)

    def _dated_between(self, start: dt.datetime | None, end: dt.datetime | None) -> np.ndarray:
        dates = self.dates()
        mask = dates != NO_DATE
        if start is not None:
            mask &= dates >= int((start - _EPOCH).total_seconds())
        if end is not None:
            mask &= dates <= int((end - _EPOCH).total_seconds())
        return mask

    def _date_range(self, q: Q.DateRange, scored: bool) -> tuple[np.ndarray, np.ndarray | None]:
        mask = self._dated_between(q.startdate, q.enddate)
        return mask, (mask * np.float32(q.boost) if scored else None)

    def _through_whoosh(self, q: Q.Query, scored: bool) -> tuple[np.ndarray, np.ndarray | None]:
        mask = np.zeros(self.size, bool)
        mask[list(self.searcher.docs_for_query(q))] = True
        return mask, (mask * np.float32(getattr(q, "boost", 1.0)) if scored else None)

    # Ranking -----------------------------------------------------------------------------------

    def top(self, mask: np.ndarray, scores: np.ndarray | None, limit: int, sort: str = "relevance") -> list[int]:
        """The first `limit` matched document numbers by score (ties: older index order first) or date."""
        docs = np.flatnonzero(mask)
        if not len(docs) or limit <= 0:
            return []
        if sort in ("newest", "oldest"):
            keys = self.dates()[docs].astype(np.float64)
            keys = -keys if sort == "newest" else np.where(keys == NO_DATE, np.inf, keys)
        else:
            keys = -scores[docs].astype(np.float64)
        if len(docs) > limit:
            # The first `limit` in the order (key, document number): ties at the cut (hundreds of
            # undated articles, equal scores) go to the lowest numbers, so that pages never overlap.
            # argpartition alone would pick among ties arbitrarily, differently for each page.
            kth = np.partition(keys, limit - 1)[limit - 1]
            below = np.flatnonzero(keys < kth)
            tied = np.flatnonzero(keys == kth)[: limit - len(below)]
            chosen = np.concatenate([below, tied])
            docs, keys = docs[chosen], keys[chosen]
        order = np.lexsort((docs, keys))
        return [int(n) for n in docs[order]]
