"""Corpus stage: files on disk become :class:`Document` objects.

Three formats are read: plain text in the archive's article layout (see the README), Markdown, and
HTML; text and Markdown files may start with YAML front matter. Whatever the format, the text is
reduced to the same article layout and the same heuristics find the title, the publication date, the
source line and the translator, so that a Markdown or HTML article without metadata is read like a
plain one.

A file that cannot be read is never an exception for the caller: :func:`read_document` returns a
:class:`Skipped` with the reason, and :func:`scan` yields both kinds, so a rebuild reports bad files
and goes on.
"""

from .documents import Document, Skipped
from .formats import DEFAULT_MAX_BYTES, SUFFIXES, read_document
from .layout import detect_language, parse_date
from .listing import Listing, fingerprint, listing, scan

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "Document", "Listing", "Skipped", "detect_language", "fingerprint",
           "listing", "parse_date", "read_document", "scan"]
