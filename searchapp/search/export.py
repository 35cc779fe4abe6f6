"""Exports: every article a search matches as CSV or JSON Lines, one line at a time.

The engine hands out :class:`ExportedHit` records in batches (:meth:`SearchEngine.export`); the
functions here turn them into lines, so that a download of 100,000 articles starts at once and holds one
batch in memory, whether the web app streams it or the command line prints it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator

from ..facets import FACETS
from .results import ExportedHit, Hit
from .snippets import Highlight, make_hit

FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
CSV_COLUMNS = ("id", "title", "date", "language", "source", "translator", "url",
               *(f.plural for f in FACETS), "snippet")
BOM = "\ufeff"  # spreadsheet programs read a CSV as UTF-8 (and so Cyrillic) only after one

_MARK = re.compile(r"</?mark>")


def exported_hit(stored: dict, highlight: Highlight, missing: list[str], name: Callable[[str], str]) -> ExportedHit:
    """The export record of one article's stored fields; `name` gives an entity id's display name."""
    entities = json.loads(stored.get("entities") or "{}")
    values = {f.key: [{"value": e["id"], "name": name(e["id"])} for e in entities.get(f.plural, [])] for f in FACETS}
    return ExportedHit(make_hit(stored, highlight, missing), stored.get("translator") or None, values)


def plain_snippet(hit: Hit) -> str:
    """A hit's snippet as plain text: no marks, no escapes."""
    return html.unescape(_MARK.sub("", hit.snippet))


def lines(records: Iterable[ExportedHit], fmt: str, url: Callable[[str], str]) -> Iterator[str]:
    """The export as text, one record per line (CSV: after a byte-order mark and the header);
    `url` gives the address of an article's page."""
    if fmt == "jsonl":
        for record in records:
            yield json.dumps({**record.to_dict(), "url": url(record.hit.id)}, ensure_ascii=False) + "\n"
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r} (use one of {', '.join(FORMATS)})")
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(row: Iterable[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    yield BOM + line(CSV_COLUMNS)
    for record in records:
        hit = record.hit
        names = [";".join(v["name"] for v in record.facets[f.key]) for f in FACETS]
        yield line((hit.id, hit.title, hit.date or "", hit.lang, hit.source or "", record.translator or "",
                    url(hit.id), *names, plain_snippet(hit)))
