"""Help with words: completions for a typed prefix, and "did you mean" for words the index lacks."""

from __future__ import annotations

import bisect
import re

from .. import analysis
from .snapshot import Snapshot


def _completion_keys(snapshot: Snapshot) -> list[tuple[str, str]]:
    """(folded key, text) for every title and for every entity name from each of its words, sorted."""
    if "completions" not in snapshot.cache:
        keys: dict[tuple[str, str], None] = {}
        for names in snapshot.entity_names.values():
            for name in set(names.values()):
                for word in re.finditer(r"[^\W_]+", name):
                    keys[(analysis.fold(name[word.start():]), name)] = None
        titles = {(analysis.fold(s.get("title", "")), s.get("title", ""))
                  for s in snapshot.searcher.reader().all_stored_fields()}
        snapshot.cache["completions"] = sorted(titles | set(keys))
    return snapshot.cache["completions"]


def completions(snapshot: Snapshot, prefix: str, limit: int = 10) -> list[str]:
    """Titles that start with a typed prefix, then entity names with a word that does.

    Case and ё are folded, so "бор" finds "Валерий Борщёв" and "bor" finds "Valery Borshchev".
    """
    wanted = analysis.fold(prefix.strip())
    if not wanted:
        return []
    keys = _completion_keys(snapshot)
    found: list[str] = []
    start = bisect.bisect_left(keys, (wanted, ""))
    for key, text in keys[start:]:
        if not key.startswith(wanted) or len(found) >= limit:
            break
        if text not in found:
            found.append(text)
    return found


def did_you_mean(snapshot: Snapshot, text: str) -> str | None:
    """The query with each word the index does not know replaced by the closest word it does."""
    searcher = snapshot.searcher
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
