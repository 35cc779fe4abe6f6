"""What the corpus stage makes: documents, and the files it could not read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Document:
    """One article, as the rest of the pipeline sees it."""

    id: str
    title: str
    body: str
    lang: str
    date: dt.date | None = None
    source: str | None = None
    original_source: str | None = None
    translator: str | None = None
    # The id of the article this one is a translation of, where the file says so (`translation_of:`).
    translation_of: str | None = None
    summary: str = ""
    headline: str = ""
    fingerprint: str = ""
    path: str = ""
    # What a build should tell the editor about this file although it was read (an unreadable date).
    notes: list[str] = field(default_factory=list)
    # True where the title was made from the text's first sentence, which the text keeps.
    untitled: bool = False
    # Facet values an editor listed in the front matter (`persons`, `organizations`, `cities`): added
    # to what the models find, and the only values when a build runs without the models.
    tags: dict[str, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Everything that is searched as the article's text, title excluded."""
        return "\n\n".join(part for part in (self.summary, self.headline, self.body) if part)


@dataclass
class Skipped:
    """A file that was not read, and why."""

    id: str
    path: str
    reason: str


@dataclass
class Metadata:
    """What a file states about its article (front matter, a page's metadata): it wins over what the
    article layout finds in the text."""

    title: str | None = None
    date: dt.date | None = None
    lang: str | None = None
    source: str | None = None
    original_source: str | None = None
    translator: str | None = None
    translation_of: str | None = None
