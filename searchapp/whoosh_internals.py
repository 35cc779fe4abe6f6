"""Every use of Whoosh's private internals, in one place, and a check that they are still there.

Two things Whoosh does one item at a time in Python are read here in bulk, through the private parts
of its W3 codec (whoosh-reloaded 2.7.5): a term's postings a block at a time, and a segment's field
lengths in one read of their column. A Whoosh release that renames these parts makes :func:`check`
fail with what is missing when an index is opened, instead of the search failing deep inside.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import LENGTHS_COLUMN

# (class, attributes) this module uses.
_USED = [
    (whoosh3.W3LeafMatcher, ("_read_ids", "_read_weights", "_read_values", "_next_block", "_goto")),
    (whoosh3.W3PerDocReader, ("_cached_reader",)),
]
# Attributes of objects that exist only at run time: a matcher's block and a length column's reader.
_BLOCK = ("_ids", "_weights", "_baseoffset", "_nextoffset", "_postfile")
_COLUMN = ("_count", "_dbfile", "_basepos")
_NUMERIC = ("_count", "_dbfile", "_basepos", "_doccount", "_typecode", "_fixedlen", "_default")


class WhooshChanged(RuntimeError):
    """The installed Whoosh no longer has an internal this project reads."""


def check() -> None:
    """Fail clearly if the installed Whoosh lacks an internal used here."""
    missing = [f"{cls.__name__}.{name}" for cls, names in _USED for name in names if not hasattr(cls, name)]
    if missing:
        raise WhooshChanged("the installed Whoosh lacks " + ", ".join(missing) + ": searchapp is written for "
                            "whoosh-reloaded 2.7.5 (see searchapp/whoosh_internals.py)")


def _blocks(matcher, needed: tuple[str, ...] = ()) -> Iterator[tuple[object, int]]:
    """A term's posting blocks in its segment, from the first: the matcher on each block, with its ids
    read, and the block's offset in the postings file. Deleted documents are included."""
    m = getattr(matcher, "child", matcher)  # without Whoosh's per-posting deletion filter
    missing = [name for name in (*_BLOCK, *needed) if not hasattr(m, name)]
    if missing:
        raise WhooshChanged(f"Whoosh's posting blocks have no {', '.join(missing)}")
    # Back to the first block: building the deletion filter has already moved the matcher past the
    # deleted documents it starts with, possibly into a later block.
    m.reset()
    offset = m._baseoffset
    while m.is_active():
        m._read_ids()
        yield m, offset
        offset = m._nextoffset
        m._next_block()


def posting_blocks(matcher) -> Iterator[tuple[list[int], list[float], int]]:
    """A term's postings in its segment, a block at a time: (document numbers, weights, the block's
    offset in the postings file, for :class:`BlockPositions`). Deleted documents are included (callers
    apply their own mask)."""
    for m, offset in _blocks(matcher):
        m._read_weights()
        yield m._ids, m._weights, offset


def posting_positions(matcher) -> Iterator[list[list[int]]]:
    """A term's positions in each of its postings, a block at a time, in the order of
    :func:`posting_blocks` (deleted documents included)."""
    decode = None
    for m, _ in _blocks(matcher, ("_values", "format")):
        decode = decode or m.format.decoder("positions")
        m._read_values()
        yield [decode(value) for value in m._values[:len(m._ids)]]


class BlockPositions:
    """A term's positions in single documents, each read by going to the document's posting block
    directly (offsets from :func:`posting_blocks`): Whoosh's skip_to reads every block header on the
    way, a few milliseconds for a common word at 100,000 articles. A block read stays loaded for the
    next document in it (a block's positions are unpickled together)."""

    def __init__(self, matcher) -> None:
        self._m = getattr(matcher, "child", matcher)
        self._offset: int | None = None

    def at(self, offset: int, index: int) -> list[int]:
        """The positions of the `index`-th posting of the block at `offset`."""
        if offset != self._offset:
            self._m._goto(offset)
            self._offset = offset
        self._m._i = index
        return self._m.value_as("positions")


def length_codes(reader, fieldname: str) -> np.ndarray | None:
    """A segment's field lengths as Whoosh stores them (one byte code per document), or None where
    the segment is not of the W3 codec (the caller then reads them one by one)."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, whoosh3.W3PerDocReader):
        return None
    size = reader.doc_count_all()
    codes = np.zeros(size, dtype=np.uint8)
    column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is not None:
        missing = [name for name in _COLUMN if not hasattr(column, name)]
        if missing:
            raise WhooshChanged(f"Whoosh's length column has no {', '.join(missing)}")
        count = min(column._count, size)
        codes[:count] = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
    return codes


def numeric_column(reader, fieldname: str) -> np.ndarray | None:
    """A segment's numeric column (a date field's, say) as stored, untranslated, in one read; None where
    it is not a numeric column of this Whoosh (the caller then iterates Whoosh's reader)."""
    column = reader.column_reader(fieldname, translate=False)
    if not isinstance(column, columns.NumericColumn.Reader):
        return None
    missing = [name for name in _NUMERIC if not hasattr(column, name)]
    if missing:
        raise WhooshChanged(f"Whoosh's numeric column has no {', '.join(missing)}")
    count = min(column._count, column._doccount)
    stored = np.frombuffer(column._dbfile.get(column._basepos, count * column._fixedlen), dtype=">" + column._typecode)
    values = np.full(column._doccount, column._default, dtype=stored.dtype.newbyteorder("="))
    values[:count] = stored
    return values
