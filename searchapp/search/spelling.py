"""Help with words: completions for a typed prefix, and "did you mean" for words the index lacks."""

from __future__ import annotations

import bisect
import re

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from .. import analysis
from .query import NAMES_FIELD
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


# "Did you mean" is offered only for queries that find at most this many articles.
FEW_RESULTS = 5
TEXT_FIELDS = ("body", "title", "lead")


def did_you_mean(snapshot: Snapshot, text: str, total: int) -> str | None:
    """The query with each word the archive does not know replaced by the closest word it does, for a
    query that finds few articles or none; never for wildcards or field queries.

    The closest word is the nearest in edit distance (one edit, then two for words of five letters or
    more), among the words of texts and titles and the entities' names; of equally near ones, the
    most frequent. (Whoosh's own suggester ranks every word within the distance by frequency alone,
    so "Londn" became "long".)
    """
    if total > FEW_RESULTS or any(ch in text for ch in "*?"):
        return None
    changed = False
    out = []
    for match in re.finditer(r"\S+", text):
        word = match.group()
        bare = word.strip('"()+-')
        fix = None
        if bare.isalpha() and not (bare.isupper() and len(bare) > 1) and ":" not in word:
            known = _known(snapshot, bare)
            if known != "text":
                # A word found only as a name may be a name in the other script ("Путин" in English
                # articles): corrected only where a word one edit away is written in its own script.
                fix = _closest(snapshot, analysis.fold(bare), 1 if known == "name" else 2)
        if fix:
            out.append(word.replace(bare, fix.capitalize() if bare[0].isupper() else fix))
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None


def _known(snapshot: Snapshot, word: str) -> str | None:
    """"text" where the archive's texts have the word in some form (stop words count), "name" where
    only a name sounds like it (in either script), else None."""
    reader = snapshot.searcher.reader()
    terms = analysis.terms_for(word)
    if not terms or any(reader.doc_frequency(f, t) for f in TEXT_FIELDS for t in terms):
        return "text"
    return "name" if any(reader.doc_frequency(NAMES_FIELD, k) for k in analysis.name_keys(word)) else None


def _name_words(snapshot: Snapshot) -> tuple[dict[str, int], list[str]]:
    """Every word of the entities' names, folded, with how many entities have it, and the same words
    sorted (what :func:`_within` searches)."""
    if "name_words" not in snapshot.cache:
        counts: dict[str, int] = {}
        for names in snapshot.entity_names.values():
            for word in {analysis.fold(w) for name in set(names.values()) for w in re.findall(r"[^\W\d_]+", name)}:
                counts[word] = counts.get(word, 0) + 1
        snapshot.cache["name_words"] = (counts, sorted(counts))
    return snapshot.cache["name_words"]


def _within(words: list[str], word: str, distance: int) -> list[str]:
    """The words of a sorted list within an edit distance of `word`, sharing its first letter."""
    def next_word(text: str) -> str | None:
        pos = bisect.bisect_left(words, text)
        return words[pos] if pos < len(words) else None

    return list(find_all_matches(levenshtein_automaton(word, distance, prefix=1).to_dfa(), next_word)) if words else []


def _closest(snapshot: Snapshot, word: str, max_distance: int = 2) -> str | None:
    reader = snapshot.searcher.reader()
    names, sorted_names = _name_words(snapshot)
    for distance in range(1, (max_distance if len(word) >= 5 else 1) + 1):
        found = {t for f in ("body", "title") for t in reader.terms_within(f, word, distance, prefix=1)}
        found.update(_within(sorted_names, word, distance))
        found = {t for t in found if t != word and t.isalpha()}
        if found:
            return max(found, key=lambda t: (sum(reader.doc_frequency(f, t) for f in ("body", "title")) + names.get(t, 0), t))
    return None
