"""Browsing the facets' long tail and one entity's profile.

A facet on the search page shows its most frequent values; an archive has thousands. Here every value of a
facet can be found by any word of any of its names, in either script ("bor" and "бор" both find Borshchev,
a Latin "dzhonson" finds "Джонсон"), or listed A–Z by initial, with its count for the current search. An
entity's profile gathers what the archive knows of one value: its names in both scripts, how many articles
a year mention it, and the values most often in the same articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import analysis
from ..facets import facet_of
from ..names import transliterate
from .results import FACETS, FacetValue
from .snapshot import Snapshot

OTHER_INITIAL = "#"  # the A–Z list's heading for names that start with neither a Latin nor a Cyrillic letter


@dataclass
class ValuePage:
    """Values of one facet, for the current search: one page of them, how many match in all, and how many
    start with each initial (for the A–Z list)."""

    facet: str
    values: list[FacetValue]
    total: int
    initials: dict[str, int]
    offset: int = 0


@dataclass
class EntityProfile:
    id: str
    facet: str
    name: str  # in the language asked for where the archive has it
    names: list[str]  # every name the entity goes by, in both scripts
    aliases: list[str]  # the forms its mentions take in the texts
    count: int  # articles that mention it
    years: list[FacetValue]  # articles by year, oldest first
    undated: int
    related: dict[str, list[FacetValue]] = field(default_factory=dict)  # most often in the same articles


def initial(name: str) -> str:
    """The heading a name is listed under A–Z: its first letter, upper case, "Ё" under "Е"."""
    for ch in name:
        if ch.isalpha():
            letter = ch.upper().replace("Ё", "Е")
            return letter if ("A" <= letter <= "Z" or "А" <= letter <= "Я") else OTHER_INITIAL
        if ch.isdigit():
            break
    return OTHER_INITIAL


def _search_words(snap: Snapshot, facet: str) -> dict[str, tuple[str, ...]]:
    """Each value's words to match typed text against: every name and alias, folded, as written and
    transliterated to Latin letters. Made once per index version and facet."""
    key = f"browse-words:{facet}"
    if key not in snap.cache:
        words: dict[str, tuple[str, ...]] = {}
        for value in snap.table.names(facet):
            names = [*snap.names(value), *snap.aliases.get(value, [])] or [value]
            variants = {analysis.fold(v) for name in names for v in (name, transliterate(name))}
            words[value] = tuple(sorted({w for v in variants for w in _words(v)} | variants))
        snap.cache[key] = words
    return snap.cache[key]  # type: ignore[return-value]


def _words(text: str) -> list[str]:
    return [w for w in text.replace("-", " ").replace("«", " ").replace("»", " ").split() if w]


def _matcher(text: str):
    """Whether a value's words match what was typed: every typed word starts one of its words."""
    wanted = [{w, analysis.fold(transliterate(w))} for w in _words(analysis.fold(text.strip()))]
    if not wanted:
        return lambda words: True
    return lambda words: all(any(word.startswith(v) for v in variants for word in words) for variants in wanted)


def value_page(snap: Snapshot, facet: str, docs: np.ndarray, selected: set[str], match: str = "",
               letter: str = "", names_lang: str = "", offset: int = 0, limit: int = 50) -> ValuePage:
    """The values of `facet` among `docs` that match the typed words (`match`) or start with `letter`.

    Matches are listed most frequent first; an initial's values in alphabetical order.
    """
    table = snap.table
    counts = table.counts(facet, docs)
    names = table.names(facet)
    present = list(np.flatnonzero(counts))
    if match.strip():
        matches = _matcher(match)
        words = _search_words(snap, facet)
        present = [i for i in present if matches(words[names[i]])]
    shown = {i: snap.name(names[i], names_lang) for i in present}
    initials: dict[str, int] = {}
    for name in shown.values():
        initials[initial(name)] = initials.get(initial(name), 0) + 1
    if letter:
        chosen = sorted((i for i in present if initial(shown[i]) == letter), key=lambda i: analysis.fold(shown[i]))
    else:
        chosen = sorted(present, key=lambda i: (-counts[i], analysis.fold(shown[i])))
    offset = max(0, min(offset, max(0, len(chosen) - 1)))
    values = [FacetValue(names[i], shown[i], int(counts[i]), names[i] in selected)
              for i in chosen[offset:offset + limit]]
    return ValuePage(facet, values, len(chosen), dict(sorted(initials.items(), key=_initial_order)), offset)


def _initial_order(item: tuple[str, int]) -> tuple[int, str]:
    letter = item[0]
    return (2 if letter == OTHER_INITIAL else 1 if "А" <= letter <= "Я" else 0, letter)


def entity_profile(snap: Snapshot, value: str, names_lang: str = "", related_limit: int = 10) -> EntityProfile | None:
    """What the archive knows of one entity id, or None where no article has it."""
    facet = facet_of(value)
    if not facet or snap.table.ordinal(facet, value) is None:
        return None
    # A surname alone folded into the archive's one full name of it is that person's profile.
    value = snap.table.canonical(facet, value)
    members = snap.table.members(facet, value)
    mask = np.zeros(snap.arrays.size, dtype=bool)
    for member in members:
        mask[snap.arrays.read_postings(facet, member)[0]] = True
    mask &= snap.arrays.live
    count = int(mask.sum())
    if not count:
        return None
    years: dict[str, int] = {}
    for month, n in snap.table.count("month", mask).items():
        years[month[:4]] = years.get(month[:4], 0) + n
    related = {}
    for other in FACETS:
        counted = snap.table.count(other, mask)
        counted.pop(value, None)
        top = sorted(counted.items(), key=lambda item: (-item[1], snap.name(item[0], names_lang)))[:related_limit]
        related[other] = [FacetValue(v, snap.name(v, names_lang), c) for v, c in top]
    names = sorted({n for member in members for n in snap.names(member)})
    forms = {form for member in members for form in snap.aliases.get(member, [])}
    return EntityProfile(
        id=value, facet=facet, name=snap.name(value, names_lang), names=names,
        aliases=sorted(forms - set(names)), count=count,
        years=[FacetValue(y, y, c) for y, c in sorted(years.items())],
        undated=count - sum(years.values()), related=related)

