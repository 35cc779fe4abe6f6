"""Facet counts over arrays of (document, value) pairs, one index version at a time."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

import numpy as np

from .. import facets
from ..matching import Arrays
from .results import FACETS, UNDATED, FacetValue, Filters


class _FacetTable:
    """Facet values of every document of one index version, as arrays for counting.

    For each facet field: one (document, value ordinal) pair per value a document has, ordered by
    document, with where each document's pairs start. Counting a set of matched documents is then one
    vectorised pass, `bincount` over the ordinals of their pairs, instead of asking Whoosh to group the
    hits: for a broad match, through a mask over all pairs; for a narrow one, gathering only the matched
    documents' pairs, so that counting costs what is matched rather than the archive's size.
    """

    FIELDS = (*FACETS, "month", "lang")  # years are counted from the months

    def __init__(self, arrays: Arrays, entity_names: Mapping[str, Mapping[str, str]]) -> None:
        """`entity_names` are the values' names by language, which tell a folded surname's spelling."""
        reader = arrays.reader
        spelled = {value: names.values() for value, names in entity_names.items()}
        self.fields: dict[str, tuple[list[str], np.ndarray, np.ndarray, np.ndarray]] = {}
        self._single: dict[str, np.ndarray] = {}
        self._ordinals: dict[str, dict[str, int]] = {}
        self._members: dict[str, dict[str, list[str]]] = {}
        indexed = set(reader.indexed_field_names())
        for fieldname in self.FIELDS:
            values = [term.decode("utf-8") for term in reader.lexicon(fieldname)] if fieldname in indexed else []
            # A surname alone counts as the archive's one full name of it (see facets.surname_folds).
            folds = facets.surname_folds(values, spelled) if fieldname == facets.PERSON.key else {}
            names = [value for value in values if value not in folds]
            ordinal = {name: i for i, name in enumerate(names)}
            ordinal.update({value: ordinal[into] for value, into in folds.items()})
            self._ordinals[fieldname] = ordinal
            self._members[fieldname] = {}
            for value, into in folds.items():
                self._members[fieldname].setdefault(into, [into]).append(value)
            docs: list[np.ndarray] = []
            ordinals: list[np.ndarray] = []
            for value in values:
                ids, _ = arrays.read_postings(fieldname, value)
                docs.append(ids)
                ordinals.append(np.full(len(ids), ordinal[value], dtype=np.int32))
            all_docs = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
            all_ordinals = np.concatenate(ordinals) if ordinals else np.zeros(0, dtype=np.int32)
            if folds:  # an article with the surname and the full name counts once
                pairs = np.unique(all_docs.astype(np.int64) * len(names) + all_ordinals)
                all_docs, all_ordinals = (pairs // len(names)).astype(np.int32), (pairs % len(names)).astype(np.int32)
            order = np.argsort(all_docs, kind="stable")
            all_docs, all_ordinals = all_docs[order], all_ordinals[order]
            starts = np.searchsorted(all_docs, np.arange(arrays.size + 1)).astype(np.int64)
            self.fields[fieldname] = (names, all_docs, all_ordinals, starts)
            if not (np.diff(all_docs) == 0).any():  # one value a document at most (month, language)
                single = np.zeros(arrays.size, np.int32)  # the value's ordinal + 1; 0 for none
                single[all_docs] = all_ordinals + 1
                self._single[fieldname] = single

    def names(self, fieldname: str) -> list[str]:
        return self.fields[fieldname][0]

    def ordinal(self, fieldname: str, value: str) -> int | None:
        """A value's ordinal (its place in :meth:`names`; a folded surname's is its full name's), or None
        where no document has it."""
        return self._ordinals[fieldname].get(value)

    def canonical(self, fieldname: str, value: str) -> str:
        """The value a value is counted as: a folded surname's full name, else itself."""
        i = self.ordinal(fieldname, value)
        return self.names(fieldname)[i] if i is not None else value

    def members(self, fieldname: str, value: str) -> list[str]:
        """Every value counted as the same one: a full name and the surnames folded into it."""
        canonical = self.canonical(fieldname, value)
        return self._members[fieldname].get(canonical, [canonical])

    def counts(self, fieldname: str, mask: np.ndarray) -> np.ndarray:
        """The number of documents in `mask` with each value, by ordinal (see :meth:`names`)."""
        names, docs, ordinals, starts = self.fields[fieldname]
        if np.count_nonzero(mask) * 8 > len(mask):
            # Weighted by the mask rather than compacted by it: half the passes over the arrays.
            single = self._single.get(fieldname)
            if single is not None:
                return np.bincount(single, weights=mask, minlength=len(names) + 1)[1:].astype(np.int64)
            return np.bincount(ordinals, weights=mask[docs], minlength=len(names)).astype(np.int64)
        matched = np.flatnonzero(mask)
        first, lengths = starts[matched], starts[matched + 1] - starts[matched]
        total = int(lengths.sum())
        # The positions of the matched documents' pairs: each document's run, one after the other.
        shift = np.repeat(first - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return np.bincount(ordinals[shift + np.arange(total)], minlength=len(names))

    def count(self, fieldname: str, mask: np.ndarray) -> dict[str, int]:
        """The values of the documents in `mask` with their numbers (none with 0)."""
        counts = self.counts(fieldname, mask)
        names = self.names(fieldname)
        return {names[i]: int(counts[i]) for i in np.flatnonzero(counts)}


def facet_values(snapshot, facet: str, docs: np.ndarray, filters: Filters, limit: int,
                 names_lang: str = "") -> tuple[list[FacetValue], int]:
    """The values of one facet among `docs`, most frequent first, the selected ones always included, and
    how many values the facet has among them in all (more than `limit` where the list is cut).

    Dates count years, then months, then, where the date filter lies within one month, that month's
    days ("2021-03-05"), then the undated articles; languages always show both.
    """
    table = snapshot.table
    if facet == "date":
        # Every dated article has one month ("2021-03") and one year: years are the months added up,
        # and the rest is undated.
        months = table.count("month", docs)
        years: dict[str, int] = {}
        for month, count in months.items():
            years[month[:4]] = years.get(month[:4], 0) + count
        values = [FacetValue(y, y, c) for y, c in sorted(years.items(), reverse=True)]
        values += [FacetValue(m, m, c) for m, c in sorted(months.items(), reverse=True)]
        start, end = filters.date_from, filters.date_to
        if start and end and (start.year, start.month) == (end.year, end.month):
            values += _days(snapshot.arrays.dates(), docs, start.year, start.month)
        undated = int(np.count_nonzero(docs)) - sum(months.values())
        if undated or filters.undated:
            values.append(FacetValue(UNDATED, "Undated", undated, filters.undated))
        return values, len(values)
    if facet == "lang":
        counts = table.count("lang", docs)
        return [FacetValue(code, code, counts.get(code, 0), code in filters.lang) for code in ("en", "ru")], 2
    selected = {table.canonical(facet, i) for value in getattr(filters, facet) for i in snapshot.resolve(facet, value)}
    counts = table.counts(facet, docs)
    names = table.names(facet)
    # Only values that can make the top `limit` need a display name to break ties by.
    nonzero = np.flatnonzero(counts)
    floor = np.partition(counts[nonzero], len(nonzero) - limit)[len(nonzero) - limit] if len(nonzero) > limit else 1
    contenders = nonzero[counts[nonzero] >= floor]
    top = sorted(((names[i], int(counts[i])) for i in contenders),
                 key=lambda item: (-item[1], snapshot.name(item[0], names_lang)))[:limit]
    values = [FacetValue(v, snapshot.name(v, names_lang), c, v in selected) for v, c in top]
    for value in selected - {v.value for v in values}:
        i = table.ordinal(facet, value)
        values.append(FacetValue(value, snapshot.name(value, names_lang), int(counts[i]) if i is not None else 0, True))
    return values, len(nonzero)


def _days(dates: np.ndarray, docs: np.ndarray, year: int, month: int) -> list[FacetValue]:
    """The articles among `docs` of each day of one month (none with 0), latest first; `dates` are
    seconds since 1970."""
    first = int(dt.datetime(year, month, 1, tzinfo=dt.UTC).timestamp())
    length = calendar.monthrange(year, month)[1]
    in_month = docs & (dates >= first) & (dates < first + length * 86400)
    counts = np.bincount((dates[in_month] - first) // 86400, minlength=length)
    return [FacetValue(f"{year:04d}-{month:02d}-{day + 1:02d}", f"{year:04d}-{month:02d}-{day + 1:02d}", int(counts[day]))
            for day in reversed(range(length)) if counts[day]]
