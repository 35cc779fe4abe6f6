"""Files of many articles: WordPress exports (:mod:`.exports`) and RSS or Atom feeds (feedparser).

Either is an `.xml` (or `.rss`, `.atom`) file; what it is, is read from its start. Each post or item is
an :class:`Entry` with the id `FILE#post-<wp:post_id>` (exports) or `FILE#item-<hash of its guid>`
(feeds); :func:`searchapp.corpus.read_entry` makes it a document.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from .documents import Entry, Skipped
from .exports import ExportError, fingerprint, read_export
from .formats import SUFFIXES

HEAD_BYTES = 65536
_ROOT = re.compile(rb"<(?!\?|!)")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b")


def is_container(doc_id: str) -> bool:
    """Whether a corpus file is one of many articles (an export or a feed), read by :func:`read_entries`."""
    return "." in doc_id and SUFFIXES.get("." + doc_id.rsplit(".", 1)[-1].lower()) == "xml"


def unsafe_prolog(head: bytes) -> str | None:
    """Why the XML declarations before a file's root element are refused, or None: entity declarations
    (the "billion laughs" and external entities that read local files or URLs)."""
    root = _ROOT.search(re.sub(rb"<!--.*?-->", b"", head, flags=re.S))
    prolog = head[: root.start()] if root else head
    if b"<!ENTITY" in prolog.upper() or (root is None and b"<!DOCTYPE" in prolog.upper()):
        return "the file declares XML entities (refused: they can expand without bound or read other files)"
    return None


def container_kind(head: bytes) -> str | None:
    """"export", "feed" or None, from the start of an XML file."""
    if b"wordpress.org/export/" in head:
        return "export"
    return "feed" if _FEED_ROOT.search(head) else None


def read_entries(path: Path, root: Path, max_bytes: int) -> Iterator[Entry | Skipped]:
    """The posts or items of one export or feed, in file order; a Skipped with the file's id where the
    file as a whole cannot be read (then nothing else is yielded), left-out skips for posts that are no
    articles. Never raises for a bad file."""
    file_id = path.relative_to(root).as_posix()
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        yield Skipped(file_id, str(path), exc.strerror or str(exc))
        return
    kind = container_kind(head)
    reason = unsafe_prolog(head) or (None if kind else "an XML file that is neither a WordPress export nor a feed")
    if reason:
        yield Skipped(file_id, str(path), reason)
        return
    try:
        if kind == "export":
            yield from read_export(str(path), file_id)
        else:
            yield from _read_feed(path, file_id, max_bytes)
    except (ExportError, OSError) as exc:
        yield Skipped(file_id, str(path), str(exc) if isinstance(exc, ExportError) else exc.strerror or str(exc))


def _read_feed(path: Path, file_id: str, max_bytes: int) -> Iterator[Entry | Skipped]:
    import feedparser

    size = path.stat().st_size
    if size > max_bytes:
        yield Skipped(file_id, str(path), f"larger than the limit ({size} > {max_bytes} bytes)")
        return
    feed = feedparser.parse(path.read_bytes())
    if not feed.entries:
        problem = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        yield Skipped(file_id, str(path), f"a feed without items{problem}")
        return
    site = (feed.feed.get("title") or "").strip() or None
    for item in feed.entries:
        key = item.get("id") or item.get("link") or item.get("title") or ""
        content = item.get("content") or []
        html = max((c.get("value", "") for c in content), key=len) if content else item.get("summary", "")
        labels = [t.get("label") or t.get("term") for t in item.get("tags") or [] if t.get("label") or t.get("term")]
        entry = Entry(id=f"{file_id}#item-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}", part_of=file_id,
                      path=str(path), title=item.get("title", "").strip(), html=html, date=_feed_date(item),
                      author=item.get("author") or None, source_url=item.get("link") or None,
                      # An item's own language only: a bilingual site's feed states one for the channel.
                      lang=(item.get("language") or "")[:2].lower() or None,
                      labels={"category": labels} if labels else {}, site=site)
        entry.fingerprint = fingerprint(entry)
        yield entry


def _feed_date(item) -> dt.date | None:
    parsed = item.get("published_parsed") or item.get("updated_parsed") or item.get("created_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date()
