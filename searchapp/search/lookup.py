"""Names in bulk: a list of names, each matched to the archive's entities and counted in its texts.

A researcher pastes hundreds of names (either script, any spelling the name keys forgive); each is
looked up in a table of name keys built once per index version, so a thousand names cost a thousand
dictionary look-ups and searches, not a thousand scans of every entity name.
"""

from __future__ import annotations

from ..facets import FACETS
from ..names import name_key
from .results import NameMatch
from .snapshot import Snapshot

MAX_NAMES = 5_000  # per request: a list longer than this is cut (and the caller says so)
MAX_NAME_CHARS = 200


def _keys(snap: Snapshot) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Entity ids by the name key of each of their names (exact), and by each run of whole words at the
    start or end of such a key (a surname alone finds the full name), for one index version."""
    cached = snap.cache.get("lookup.keys")
    if cached is None:
        exact: dict[str, list[str]] = {}
        partial: dict[str, list[str]] = {}
        for eid, names in snap.entity_names.items():
            for key in {name_key(n) for n in names.values()}:
                exact.setdefault(key, []).append(eid)
                parts = key.split("-")
                for i in range(1, len(parts)):
                    for piece in ("-".join(parts[:i]), "-".join(parts[i:])):
                        partial.setdefault(piece, []).append(eid)
        cached = snap.cache["lookup.keys"] = (exact, partial)
    return cached


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
    exact, partial = _keys(snap)
    key = name_key(name)
    ids = (exact.get(key) or partial.get(key) or []) if key else []
    counts = _entity_counts(snap)
    entities = [{"facet": next(f.key for f in FACETS if f.owns(eid)), "value": eid,
                 "name": snap.name(eid, names_lang), "count": counts.get(eid, 0)}
                for eid in dict.fromkeys(ids) if any(f.owns(eid) for f in FACETS)]
    entities.sort(key=lambda e: (-e["count"], e["name"]))
    return NameMatch(name, entities, articles)
