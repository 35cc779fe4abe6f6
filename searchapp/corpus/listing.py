"""Listing a corpus folder: which files are documents, under which ids, and what cannot be listed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .documents import Skipped
from .formats import SUFFIXES


def scan(root: Path) -> Iterator[Path]:
    """Corpus files below root in a stable order; hidden files and folders are ignored."""
    return (root / doc_id for doc_id in listing(root).ids)


@dataclass
class Listing:
    """What a corpus folder holds: the document ids of its files, and what could not be listed.

    `unreadable` are the folders (ids with a final "/") whose contents are unknown this time: an
    update keeps their articles instead of removing them.
    """

    ids: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def printable_name(name: str) -> str:
    """A file name as text that can be shown and stored: undecodable bytes as \\xNN escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def listing(root: Path) -> Listing:
    """The document ids (paths relative to root, with "/") of every corpus file below root, sorted.

    Links are followed where they stay inside the corpus folder, each folder once (a link back to a
    folder above is no loop); a file or folder that a link takes outside it is skipped, as is a name
    that is not valid UTF-8 and a folder that cannot be read, each with its reason.

    Plain strings and os.walk rather than pathlib: an update of a 100,000-article corpus starts by
    listing it, and pathlib's globbing and path objects took seconds of that.
    """
    found = Listing()
    top = os.path.realpath(root)
    visited = {top}

    def unreadable(error: OSError) -> None:
        folder = os.path.relpath(error.filename, root).replace(os.sep, "/") + "/"
        found.unreadable.append(printable_name(folder))
        found.skipped.append(Skipped(printable_name(folder), printable_name(error.filename),
                                     f"folder cannot be read: {error.strerror or error}"))

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=unreadable):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        keep = []
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            if name.startswith("."):
                continue
            reason = _bad_name(name)
            real = os.path.realpath(path)
            if reason is None and not _inside(real, top):
                reason = "outside the corpus (a link to a folder elsewhere)"
            if reason is not None:
                found.skipped.append(Skipped(printable_name(prefix + name + "/"), printable_name(path), reason))
            elif real not in visited:  # each folder once, however many links lead to it
                visited.add(real)
                keep.append(name)
        dirs[:] = keep
        for name in files:
            if (name.startswith(".") or os.path.splitext(name)[1].lower() not in SUFFIXES
                    or name.lower() == "readme.md"):
                continue
            path = os.path.join(folder, name)
            reason = _bad_name(name)
            if reason is None and os.path.islink(path) and not _inside(os.path.realpath(path), top):
                reason = "outside the corpus (a link to a file elsewhere)"
            if reason is None:
                found.ids.append(prefix + name)
            else:
                found.skipped.append(Skipped(printable_name(prefix + name), printable_name(path), reason))
    found.ids.sort()
    return found


def _bad_name(name: str) -> str | None:
    """Why a file or folder name cannot be a document id, or None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8"
    return None


def fingerprint(path: Path) -> str:
    """The content hash the index stores to tell changed files from unchanged ones (read in pieces: an
    export can be tens of MB)."""
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
