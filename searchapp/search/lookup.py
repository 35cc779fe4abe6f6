"""Names in bulk: a list of names, each matched to the archive's entities and counted in its texts.

A researcher pastes hundreds of names (either script, any spelling the name keys forgive); each is
looked up in the snapshot's table of name keys (:meth:`.Snapshot.named`), built once per index version,
so a thousand names cost a thousand dictionary look-ups and searches, not a thousand scans of every
entity name.
"""

from __future__ import annotations

from ..facets import FACETS, facet_of
from .results import NameMatch
from .snapshot import Snapshot

MAX_NAMES = 5_000  # per request: a list longer than this is cut (and the caller says so)
MAX_NAME_CHARS = 200


def _entity_counts(snap: Snapshot) -> dict[str, int]:
    cached = snap.cache.get("lookup.counts")
    if cached is None:
        cached = {}
        for facet in FACETS:
            cached.update(snap.table.count(facet.key, snap.arrays.live))
        snap.cache["lookup.counts"] = cached
    return cached


def clean_names(lines: list[str]) -> list[str]:
    """The names of a pasted or uploaded list: one a line, blank lines and repeats dropped, each cut to
    MAX_NAME_CHARS, at most MAX_NAMES."""
    names = dict.fromkeys(line.strip()[:MAX_NAME_CHARS] for line in lines if line.strip())
    return list(names)[:MAX_NAMES]


def decode_names(data: bytes) -> str:
    """An uploaded list of names as text: UTF-16 with a byte-order mark, UTF-8 (with or without one), or
    else the Windows Cyrillic code page that spreadsheet programs still save lists in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def look_up(snap: Snapshot, name: str, articles: int, names_lang: str = "") -> NameMatch:
    """One name: the entities it names (exactly, else by a whole-word part of the name), most articles
    first; `articles` is the number of articles the name finds as a search."""
    counts = _entity_counts(snap)
    entities = [{"facet": facet_of(eid), "value": eid, "name": snap.name(eid, names_lang), "count": counts.get(eid, 0)}
                for eid in dict.fromkeys(snap.named(name)) if facet_of(eid)]
    entities.sort(key=lambda e: (-e["count"], e["name"]))
    return NameMatch(name, entities, articles)
