"""Corpus stage: files on disk become :class:`Document` objects.

The formats: plain text in the archive's article layout (see the README), Markdown, saved web pages
(their article found by trafilatura), and files of many articles, WordPress exports and RSS or Atom
feeds (:func:`read_entries` yields their posts, :func:`read_entry` reads one); text and Markdown files
may start with YAML front matter. Whatever the format, the text is
reduced to the same article layout and the same heuristics find the title, the publication date, the
source line and the translator, so that a Markdown or HTML article without metadata is read like a
plain one.

A file that cannot be read is never an exception for the caller: :func:`read_document` returns a
:class:`Skipped` with the reason, and :func:`scan` yields both kinds, so a rebuild reports bad files
and goes on.
"""

from .containers import container_kind, is_container, read_entries
from .documents import Document, Entry, Skipped
from .formats import DEFAULT_MAX_BYTES, SUFFIXES, read_document, read_entry
from .layout import detect_language, parse_date
from .listing import Listing, fingerprint, listing, scan

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "Document", "Entry", "Listing", "Skipped", "container_kind", "detect_language",
           "fingerprint", "is_container", "listing", "parse_date", "read_document", "read_entries", "read_entry",
           "scan"]

