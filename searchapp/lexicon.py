"""The analysis of every word of the corpus, kept beside the index at build time.

Lemmatising a word the process has not met before costs 50-300 µs (pymorphy3's parse dominates), and
a search meets hundreds of new words: the words of its query and, in every snippet, each word that
might be a form of a query word. The build has analysed every word of the corpus already, so it keeps
the result in the generation (``<generation>/words/``): a sorted table of 64-bit keys of the folded
words and, for each, the word with its terms (:func:`searchapp.analysis.terms_for`) and its sound key
(what a snippet compares capitalised words by, to find a name the query wrote in the other script). A search looks a
word up with one binary search instead of analysing it again; a word not in the table (one only a
query has) is analysed as before. The table is a cache of a pure function: its only effect is speed.
"""

from __future__ import annotations

import bisect
import hashlib
import mmap
import os
import shutil
from pathlib import Path

import numpy as np

from .analysis import KnownWord
from .store import SCHEMA_VERSION

FOLDER = "words"
FORMAT = 2  # of the entries: word, terms, sound key
_FIELD, _TERM_SEPARATOR = "\x1e", "\x1f"


def _key(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _entry(word: str, known: KnownWord) -> bytes:
    return f"{word}{_FIELD}{_TERM_SEPARATOR.join(known.terms)}{_FIELD}{known.sound_key}".encode()


def _version() -> str:
    return f"{SCHEMA_VERSION}/{FORMAT}"


class WordTable:
    """One generation's table of folded words and their terms, memory-mapped."""

    def __init__(self, folder: Path) -> None:
        self.keys = np.load(folder / "keys.npy", mmap_mode="r")
        self.offsets = np.load(folder / "offsets.npy", mmap_mode="r")
        # Looked up through memoryviews: numpy's per-call overhead is most of a look-up's cost.
        self._keys = memoryview(self.keys).cast("B").cast("Q") if len(self.keys) else []
        self._offsets = memoryview(self.offsets).cast("B").cast("q")
        with open(folder / "entries.bin", "rb") as handle:
            self._entries = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if self.offsets[-1] else b""
        # Files of two versions (read while a build replaced the folder) do not fit together.
        if len(self.offsets) != len(self.keys) + 1 or len(self._entries) != self.offsets[-1]:
            raise ValueError(f"the word table in {folder} is inconsistent")

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, word: str) -> KnownWord | None:
        """The analysis of a folded word, or None where the table does not have it."""
        key = _key(word)
        i = bisect.bisect_left(self._keys, key)
        if i >= len(self._keys) or self._keys[i] != key:
            return None
        found, terms, key = self._entries[self._offsets[i]:self._offsets[i + 1]].decode().split(_FIELD)
        if found != word:  # a 64-bit collision: vanishingly rare, but never a wrong answer
            return None
        return KnownWord(tuple(terms.split(_TERM_SEPARATOR)) if terms else (), key)

    def raw(self) -> tuple[np.ndarray, list[bytes]]:
        """Every key and encoded entry, in key order."""
        return np.asarray(self.keys), [self._entries[a:b] for a, b in zip(self.offsets[:-1], self.offsets[1:])]


def open_table(generation: Path | None) -> WordTable | None:
    """The generation's word table, or None where it has none (an index built before tables)."""
    if generation is None:
        return None
    folder = generation / FOLDER
    try:
        # Written by the analysis of another version (an index not rebuilt since): not this one's answers.
        if (folder / "version").read_text() != _version():
            return None
        return WordTable(folder)
    except (OSError, ValueError):  # none, half-written or damaged: words are analysed instead
        return None


def add_words(generation: Path, words: dict[str, KnownWord]) -> None:
    """Add folded words and their analysis to the generation's table; it is rewritten whole, atomically
    (into a temporary folder that is then renamed)."""
    existing = open_table(generation)
    keys, entries = existing.raw() if existing is not None else (np.zeros(0, np.uint64), [])
    new = [(word, known) for word, known in words.items() if existing is None or existing.get(word) is None]
    if existing is not None and not new:
        return
    keys = np.concatenate([keys, np.array([_key(word) for word, _ in new], dtype=np.uint64)])
    entries = entries + [_entry(word, known) for word, known in new]
    order = np.argsort(keys, kind="stable")
    ordered = [entries[i] for i in order]
    folder = generation / FOLDER
    tmp = folder.with_name(FOLDER + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    np.save(tmp / "keys.npy", keys[order])
    np.save(tmp / "offsets.npy", np.concatenate([[0], np.cumsum([len(e) for e in ordered], dtype=np.int64)]))
    with open(tmp / "entries.bin", "wb") as handle:
        handle.write(b"".join(ordered))
    (tmp / "version").write_text(_version())
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
