"""What a build reads: the corpus files and, of exports and feeds, the posts that changed.

A file of one article is read again when its size, time and then its hash changed. An export or feed is
streamed again when the file changed; of its posts, only those whose fingerprint (content, date,
metadata) changed are handed to the workers, and those no longer in it leave the index. A file that
cannot be read this time keeps its articles as they were.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterator

from ..corpus import Entry, Listing, Skipped, fingerprint, is_container, read_entries
from .records import Manifest, file_stat
from .settings import Report, Settings


class Plan:
    """The changed files of a listing against a manifest (empty for a full build); :meth:`items`
    streams what to index, counting into the report what is unchanged, skipped and left out."""

    def __init__(self, settings: Settings, found: Listing, manifest: Manifest, report: Report) -> None:
        self.settings, self.manifest, self.report = settings, manifest, report
        self.changed: list[str] = []  # file ids
        self.removed: list[str] = []  # document ids
        root = str(settings.corpus)
        for file_id in found.ids:
            if manifest.unchanged(file_id, os.path.join(root, file_id)):
                report.unchanged += len(manifest.document_ids(file_id))
            else:
                self.changed.append(file_id)
        # A folder that cannot be read this time is not a folder whose files were deleted.
        kept = tuple(found.unreadable)
        listed = set(found.ids)
        for file_id in [f for f in manifest.files if f not in listed and not f.startswith(kept)]:
            self.removed += manifest.document_ids(file_id)
            manifest.files.pop(file_id)
            manifest.parts.pop(file_id, None)
        report.kept = [folder for folder in kept if any(f.startswith(folder) for f in manifest.files)]

    @property
    def total(self) -> int | None:
        """How many items :meth:`items` yields, where that is known before reading (no exports or feeds)."""
        return None if any(is_container(f) for f in self.changed) else len(self.changed)

    def items(self) -> Iterator[str | Entry]:
        """The paths of changed files of one article, and the changed posts of exports and feeds."""
        root = str(self.settings.corpus)
        for file_id in self.changed:
            path = os.path.join(root, file_id)
            if is_container(file_id):
                yield from self._posts(file_id, path)
            else:
                yield path

    def _posts(self, file_id: str, path: str) -> Iterator[Entry]:
        try:
            stat = file_stat(path)  # before reading: a file changed while it is read is read again next time
        except OSError:
            stat = [-1, -1]
        known = self.manifest.parts.get(file_id, {})
        seen: set[str] = set()
        left_out: Counter = Counter()
        for entry in read_entries(self.settings.corpus / file_id, self.settings.corpus, self.settings.max_bytes):
            if isinstance(entry, Skipped):
                if entry.left_out:
                    left_out[entry.reason] += 1
                    continue
                self.report.skipped.append(entry)
                if entry.id == file_id:  # the file as a whole: what it gave before stays as it was
                    return
                continue
            if entry.id in seen:
                self.report.skipped.append(Skipped(entry.id, path, "a second post with the same id"))
                continue
            seen.add(entry.id)
            if known.get(entry.id) == entry.fingerprint:
                self.report.unchanged += 1
            else:
                yield entry
        if left_out:
            self.report.left_out[file_id] = dict(left_out)
        gone = [doc_id for doc_id in known if doc_id not in seen]
        self.removed += gone
        for doc_id in gone:
            known.pop(doc_id)
        self.manifest.parts.setdefault(file_id, known)
        with contextlib.suppress(OSError):  # gone since: the next build sees that
            self.manifest.files[file_id] = [*stat, fingerprint(self.settings.corpus / file_id)]
