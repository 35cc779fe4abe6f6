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
    # The id of the article this one is a translation of, where the source says so: `translation_of:` in
    # the front matter, Polylang or WPML in a WordPress export ("export.xml#post-12").
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
    author: str | None = None
    # Where the article is published: a feed item's or an exported post's link, a page's canonical URL.
    source_url: str | None = None
    # The site's own categories and tags of the article (WordPress's, a feed's), by kind: "category", "tag".
    labels: dict[str, list[str]] = field(default_factory=dict)
    # The id of the file (an export, a feed) the document is one post or item of; None for a file of one article.
    part_of: str | None = None

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
    # True for a post an export holds but that is no article (a draft, a revision, an attachment): counted
    # per file in a build's summary, not listed.
    left_out: bool = False


@dataclass
class Entry:
    """One post of a WordPress export or one item of a feed, as the file gives it, before its HTML is read.

    Reading the file is cheap and done in one pass; the article extraction of `html` is the work that
    :func:`searchapp.corpus.read_entry` does, in the build's worker processes. `fingerprint` covers every
    field, so an update re-reads only the posts it changes.
    """

    id: str
    part_of: str
    path: str
    title: str
    html: str
    date: dt.date | None = None
    author: str | None = None
    source_url: str | None = None
    lang: str | None = None
    labels: dict[str, list[str]] = field(default_factory=dict)
    translation_of: str | None = None
    site: str | None = None  # the site's name (the channel's title): the source where the text names none
    fingerprint: str = ""


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
