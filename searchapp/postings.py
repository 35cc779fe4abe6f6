"""Posting arrays beside the index: what a search reads of each term, laid out at build time.

Whoosh stores postings in compressed blocks that are decoded in Python, a few hundred milliseconds
for a common word at 100,000 articles: every query with a word no query has used since the server
started paid that. So after each commit the build writes, for every Whoosh segment that has none
yet, all its postings as flat arrays (``<generation>/arrays/<segment id>/``): document numbers and
weights of every term, one after the other, and a sorted table of 64-bit term keys with where each
term's postings start and how many there are. A search maps the files into memory and finds a term
with one binary search; reading it costs no decoding at all.

The Whoosh index stays the record: the arrays are derived from it, written after the commit that
made a segment, removed with the segment, and a segment without them (an index built before them,
or a search in the moment between a commit and their writing) is read through Whoosh as before.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
from whoosh.fields import BOOLEAN, NUMERIC

from . import whoosh_internals

FOLDER = "arrays"
_FILES = ("keys", "starts", "counts")


def term_key(fieldname: str, text: str) -> int:
    """The 64-bit key of a term (collisions between a segment's terms are vanishingly unlikely)."""
    digest = hashlib.blake2b(f"{fieldname}\0{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class SegmentArrays:
    """One segment's posting arrays, memory-mapped."""

    def __init__(self, folder: Path) -> None:
        self.keys = np.load(folder / "keys.npy", mmap_mode="r")
        self.starts = np.load(folder / "starts.npy", mmap_mode="r")
        self.counts = np.load(folder / "counts.npy", mmap_mode="r")
        total = (folder / "ids.bin").stat().st_size // 4
        self.ids = np.memmap(folder / "ids.bin", dtype=np.int32, mode="r", shape=(total,)) if total else np.zeros(0, np.int32)
        self.weights = (np.memmap(folder / "weights.bin", dtype=np.float32, mode="r", shape=(total,))
                        if total else np.zeros(0, np.float32))

    def get(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's document numbers within the segment (ascending) and weights; empty if it has none."""
        key = np.uint64(term_key(fieldname, text))
        i = int(np.searchsorted(self.keys, key))
        if i >= len(self.keys) or self.keys[i] != key:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        start, count = int(self.starts[i]), int(self.counts[i])
        return self.ids[start:start + count], self.weights[start:start + count]


def segment_folder(generation: Path, reader) -> Path:
    return generation / FOLDER / reader.segment().segment_id()


def open_segment(generation: Path | None, reader) -> SegmentArrays | None:
    """The arrays of a segment reader's segment, or None where they are not (yet) written."""
    if generation is None or not hasattr(reader, "segment"):
        return None
    folder = segment_folder(generation, reader)
    try:
        return SegmentArrays(folder) if (folder / "counts.npy").exists() else None
    except (OSError, ValueError):  # half-written or damaged: read through Whoosh instead
        return None


def write_segment(folder: Path, reader) -> None:
    """Write one segment's postings (every indexed field), atomically: into a temporary folder that is
    then renamed."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    keys, starts, counts = [], [], []
    position = 0
    pending_ids: list = []
    pending_weights: list = []
    with open(tmp / "ids.bin", "wb") as ids_file, open(tmp / "weights.bin", "wb") as weights_file:
        def flush() -> None:
            if pending_ids:
                np.concatenate(pending_ids).astype(np.int32).tofile(ids_file)
                np.concatenate(pending_weights).astype(np.float32).tofile(weights_file)
                pending_ids.clear()
                pending_weights.clear()

        for fieldname in reader.indexed_field_names():
            if isinstance(reader.schema[fieldname], (NUMERIC, BOOLEAN)):  # binary terms: not read by searches
                continue
            for term in reader.lexicon(fieldname):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                count = 0
                for block_ids, block_weights in whoosh_internals.posting_blocks(reader.postings(fieldname, text)):
                    pending_ids.append(np.asarray(block_ids, dtype=np.int32))
                    pending_weights.append(np.asarray(block_weights, dtype=np.float32))
                    count += len(block_ids)
                keys.append(term_key(fieldname, text))
                starts.append(position)
                counts.append(count)
                position += count
                if len(pending_ids) >= 4096:
                    flush()
        flush()
    order = np.argsort(np.array(keys, dtype=np.uint64), kind="stable")
    np.save(tmp / "keys.npy", np.array(keys, dtype=np.uint64)[order])
    np.save(tmp / "starts.npy", np.array(starts, dtype=np.int64)[order])
    np.save(tmp / "counts.npy", np.array(counts, dtype=np.int64)[order])
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def write_missing(generation: Path, ix) -> None:
    """After a commit: arrays for each segment that has none, and none for segments that are gone."""
    root = generation / FOLDER
    root.mkdir(exist_ok=True)
    with ix.reader() as reader:
        readers = [r for r, _ in reader.leaf_readers()] if not reader.is_atomic() else [reader]
        live = set()
        for segment_reader in (r for r in readers if hasattr(r, "segment")):  # an empty index has none
            folder = segment_folder(generation, segment_reader)
            live.add(folder.name)
            if not (folder / "counts.npy").exists():
                write_segment(folder, segment_reader)
    for stale in root.iterdir():
        if stale.name not in live:
            shutil.rmtree(stale, ignore_errors=True)
