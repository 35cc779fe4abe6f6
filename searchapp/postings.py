"""Posting arrays beside the index: what a search reads of each term, laid out at build time.

Whoosh stores postings in compressed blocks that are decoded in Python, a few hundred milliseconds
for a common word at 100,000 articles: every query with a word no query has used since the server
started paid that. So after each commit the build writes, for every Whoosh segment that has none
yet, all its postings as flat arrays (``<generation>/arrays/<segment id>/``): document numbers and
weights of every term, one after the other, and a sorted table of 64-bit term keys with where each
term's postings start and how many there are. A search maps the files into memory and finds a term
with one binary search; reading it costs no decoding at all. The positions of every posting follow
the same order (``positions.bin``, with where each posting's start in ``position_starts.bin``), so
that where a word stands in a document, for phrases and the proximity bonus, is one slice: Whoosh
unpickles the document's whole posting block for it, a millisecond or more per word of a query at
100,000 articles. Each term's blocks in Whoosh's postings file are listed too (where each starts and
its first posting), for arrays written before the positions were.

The Whoosh index stays the record: the arrays are derived from it, written after the commit that
made a segment, removed with the segment, and a segment without them (an index built before them,
or a search in the moment between a commit and their writing) is read through Whoosh as before. An
update lays out what an earlier version's arrays lack (the positions) beside them.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import shutil
import struct
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from whoosh.fields import BOOLEAN, NUMERIC

from . import whoosh_internals

FOLDER = "arrays"


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
        self.ids = _vector(folder / "ids.bin", np.int32)
        self.weights = _vector(folder / "weights.bin", np.float32)
        # Where each term's posting blocks are in Whoosh's postings file (arrays written before them
        # have none: positions are then found through Whoosh's own skipping).
        self.has_blocks = (folder / "block_counts.npy").exists()
        if self.has_blocks:
            self.block_starts = np.load(folder / "block_starts.npy", mmap_mode="r")
            self.block_counts = np.load(folder / "block_counts.npy", mmap_mode="r")
            self.block_offsets = _vector(folder / "block_offsets.bin", np.int64)
            self.block_firsts = _vector(folder / "block_firsts.bin", np.int32)
        # Each posting's positions, flat (arrays written before them have none: see :meth:`block`). Read
        # with pread, not mapped: a query reads a few scattered postings' positions, and each mapped
        # page it touched would stay in the server's memory.
        self.has_positions = (folder / "position_starts.bin").exists()
        if self.has_positions:
            self._position_files = [os.open(folder / name, os.O_RDONLY) for name in ("position_starts.bin", "positions.bin")]
            weakref.finalize(self, _close, self._position_files)

    def term(self, fieldname: str, text: str) -> int:
        """The term's number in the segment's table, or -1 where the segment does not have it."""
        key = np.uint64(term_key(fieldname, text))
        i = int(np.searchsorted(self.keys, key))
        return i if i < len(self.keys) and self.keys[i] == key else -1

    def get(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's document numbers within the segment (ascending) and weights; empty if it has none."""
        i = self.term(fieldname, text)
        return self.postings_of(i) if i >= 0 else (np.zeros(0, np.int32), np.zeros(0, np.float32))

    def postings_of(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """The document numbers and weights of the segment's `term`-th term (see :meth:`term`)."""
        start, count = int(self.starts[term]), int(self.counts[term])
        return self.ids[start:start + count], self.weights[start:start + count]

    def block(self, term: int, posting: int) -> tuple[int, int]:
        """Where the term's `posting`-th posting is in Whoosh's postings file: the offset of its block
        and its index in the block (for :class:`searchapp.whoosh_internals.BlockPositions`)."""
        start = int(self.block_starts[term])
        firsts = self.block_firsts[start:start + int(self.block_counts[term])]
        b = int(np.searchsorted(firsts, posting, side="right")) - 1
        return int(self.block_offsets[start + b]), posting - int(firsts[b])

    def positions_of(self, term: int, posting: int) -> np.ndarray:
        """Where the term stands in the document of its `posting`-th posting (ascending)."""
        starts, found = self._position_files
        start, end = struct.unpack("<II", os.pread(starts, 8, (int(self.starts[term]) + posting) * 4))
        return np.frombuffer(os.pread(found, (end - start) * 4, start * 4), dtype="<i4")


def _close(files: list[int]) -> None:
    for file in files:
        os.close(file)


def _vector(path: Path, dtype) -> np.ndarray:
    total = path.stat().st_size // np.dtype(dtype).itemsize
    return np.memmap(path, dtype=dtype, mode="r", shape=(total,)) if total else np.zeros(0, dtype)


def segment_folder(generation: Path, reader) -> Path:
    return generation / FOLDER / reader.segment().segment_id()


def open_segment(generation: Path | None, reader) -> SegmentArrays | None:
    """The arrays of a segment reader's segment, or None where they are not (yet) written."""
    if generation is None or not hasattr(reader, "segment") or reader.segment() is None:  # an empty index
        return None
    folder = segment_folder(generation, reader)
    try:
        return SegmentArrays(folder) if (folder / "counts.npy").exists() else None
    except (OSError, ValueError):  # half-written or damaged: read through Whoosh instead
        return None


class _Appender:
    """Flat arrays written to files a batch at a time."""

    TYPES = {"ids": np.int32, "weights": np.float32, "block_offsets": np.int64, "block_firsts": np.int32}

    def __init__(self, folder: Path, stack: contextlib.ExitStack) -> None:
        # Closed by the caller's ExitStack.
        self.files = {name: stack.enter_context(open(folder / f"{name}.bin", "wb")) for name in self.TYPES}  # noqa: SIM115
        self.pending: dict[str, list] = {name: [] for name in self.TYPES}

    def add(self, **parts) -> None:
        for name, values in parts.items():
            self.pending[name].append(np.asarray(values, dtype=self.TYPES[name]))
        if len(self.pending["ids"]) >= 4096:
            self.flush()

    def flush(self) -> None:
        for name, parts in self.pending.items():
            if parts:
                np.concatenate(parts).tofile(self.files[name])
                parts.clear()


def _terms(reader) -> Iterator[tuple[str, str]]:
    """Every term the arrays hold, in the order of their postings in ids.bin."""
    for fieldname in reader.indexed_field_names():
        if isinstance(reader.schema[fieldname], (NUMERIC, BOOLEAN)):  # binary terms: not read by searches
            continue
        for term in reader.lexicon(fieldname):
            yield fieldname, term.decode("utf-8") if isinstance(term, bytes) else term


def write_segment(folder: Path, reader) -> None:
    """Write one segment's postings (every indexed field) and positions, atomically: into a temporary
    folder that is then renamed."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    table: dict[str, list[int]] = {"keys": [], "starts": [], "counts": [], "block_starts": [], "block_counts": []}
    position = blocks = 0
    with contextlib.ExitStack() as stack:
        out = _Appender(tmp, stack)
        for fieldname, text in _terms(reader):
            count = term_blocks = 0
            for block_ids, block_weights, offset in whoosh_internals.posting_blocks(reader.postings(fieldname, text)):
                out.add(ids=block_ids, weights=block_weights, block_offsets=[offset], block_firsts=[count])
                count += len(block_ids)
                term_blocks += 1
            for name, value in (("keys", term_key(fieldname, text)), ("starts", position), ("counts", count),
                                ("block_starts", blocks), ("block_counts", term_blocks)):
                table[name].append(value)
            position += count
            blocks += term_blocks
        out.flush()
    order = np.argsort(np.array(table["keys"], dtype=np.uint64), kind="stable")
    for name, values in table.items():
        np.save(tmp / f"{name}.npy", np.array(values, dtype=np.uint64 if name == "keys" else np.int64)[order])
    write_positions(tmp, reader)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def write_positions(folder: Path, reader) -> None:
    """Every posting's positions in a segment's arrays, flat in the order of its postings (none for the
    fields that keep no positions), so that a search reads a word's positions in a document with one
    read instead of unpickling the document's posting block. The starts are written last: their file
    is what marks the positions complete."""
    segment = SegmentArrays(folder)
    paths = {name: folder / f"{name}.bin" for name in ("positions", "position_starts")}
    total, pending_positions, pending_starts = 0, [], [np.zeros(1, np.uint32)]
    with open(f"{paths['positions']}.tmp", "wb") as found, open(f"{paths['position_starts']}.tmp", "wb") as starts:
        for fieldname, text in _terms(reader):
            if not reader.schema[fieldname].format.supports("positions"):
                count = int(segment.counts[segment.term(fieldname, text)])
                pending_starts.append(np.full(count, total, np.uint32))
                continue
            for block in whoosh_internals.posting_positions(reader.postings(fieldname, text)):
                lengths = np.fromiter(map(len, block), np.int64, count=len(block))
                pending_positions.append(np.fromiter(itertools.chain.from_iterable(block), np.int32, int(lengths.sum())))
                pending_starts.append((total + np.cumsum(lengths)).astype(np.uint32))
                total += int(lengths.sum())
            if len(pending_starts) >= 4096:
                _flush(found, pending_positions, starts, pending_starts)
        _flush(found, pending_positions, starts, pending_starts)
    if total >= 2**32:  # the starts are 32-bit: such a segment's positions are read from its blocks
        for path in paths.values():
            os.unlink(f"{path}.tmp")
        return
    if os.path.getsize(f"{paths['position_starts']}.tmp") != (len(segment.ids) + 1) * 4:
        raise RuntimeError(f"the positions of {folder} do not line up with its postings")
    os.replace(f"{paths['positions']}.tmp", paths["positions"])
    os.replace(f"{paths['position_starts']}.tmp", paths["position_starts"])


def _flush(*files_and_parts) -> None:
    for file, parts in zip(files_and_parts[::2], files_and_parts[1::2]):
        if parts:
            np.concatenate(parts).tofile(file)
            parts.clear()


def write_missing(generation: Path, ix) -> None:
    """After a commit: arrays for each segment that has none, and none for segments that are gone."""
    root = generation / FOLDER
    root.mkdir(exist_ok=True)
    with ix.reader() as reader:
        readers = [r for r, _ in reader.leaf_readers()] if not reader.is_atomic() else [reader]
        live = set()
        # An empty index has no segment (its EmptyReader's segment() is None).
        for segment_reader in (r for r in readers if getattr(r, "segment", None) and r.segment() is not None):
            folder = segment_folder(generation, segment_reader)
            live.add(folder.name)
            if not (folder / "counts.npy").exists():
                write_segment(folder, segment_reader)
            elif not (folder / "position_starts.bin").exists():  # arrays of an earlier version
                write_positions(folder, segment_reader)
    for stale in root.iterdir():
        if stale.name not in live:
            shutil.rmtree(stale, ignore_errors=True)
