"""Folding: one hit for each group of related articles (a translation pair, the copies of one text),
from the relations the build found (:mod:`searchapp.relations`).

Of a group's articles that a search matches, the one the page's order puts first is shown (by score,
or by date; of equals, the one in the reader's language), and the others are folded into it: the hit
says which translations and copies it stands for. Facet counts still count articles.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import relations
from ..matching import NO_DATE, Arrays


class Folding:
    """The relations of one index version, laid over its document numbers."""

    def __init__(self, generation: Path, arrays: Arrays) -> None:
        self.relations = relations.load(generation)
        self._index = arrays
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None

    def _group_arrays(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Per document number: its group (-1 for none) and whether it is in English. Built at the first
        search that needs it, from the ids of the related articles only."""
        if self._arrays is None or len(self._arrays[0]) != size:
            group = np.full(size, -1, dtype=np.int64)
            english = np.zeros(size, dtype=bool)
            members = [doc_id for members in self.relations.groups for doc_id in members]
            numbers = self._index.numbers("id", members)
            placed = (numbers >= 0) & (numbers < size)
            group_of = np.repeat(np.arange(len(self.relations.groups)), [len(g) for g in self.relations.groups])
            group[numbers[placed]] = group_of[placed]
            in_english = np.array([self.relations.articles.get(d, {}).get("lang") == "en" for d in members], bool)
            english[numbers[placed]] = in_english[placed]
            self._arrays = group, english
        return self._arrays

    def hidden(self, matched: np.ndarray, scores: np.ndarray | None, dates: np.ndarray, sort: str,
               lang: str = "") -> np.ndarray:
        """The matched articles folded into another matched article of their group (a mask)."""
        hide = np.zeros(len(matched), dtype=bool)
        if not self.relations.groups:
            return hide
        group, english = self._group_arrays(len(matched))
        members = np.flatnonzero(matched & (group >= 0))
        if not len(members):
            return hide
        if sort == "relevance" and scores is not None:
            key = -scores[members].astype(np.float64)
        else:
            key = dates[members].astype(np.float64)
            key = -key if sort == "newest" else np.where(key == NO_DATE, np.inf, key)
        other_language = english[members] != (lang == "en") if lang in ("en", "ru") else np.zeros(len(members), bool)
        ordered = members[np.lexsort((members, other_language, key, group[members]))]
        groups = group[ordered]
        first = np.r_[True, groups[1:] != groups[:-1]]
        hide[ordered[~first]] = True
        return hide

    def related(self, doc_id: str) -> dict[str, list[dict]]:
        """An article's translations and copies (see :meth:`searchapp.relations.Relations.related`)."""
        return self.relations.related(doc_id)
