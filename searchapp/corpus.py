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

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .names import CYRILLIC

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A title made from an untitled text's first sentence is cut to about this many characters; a title
# the file gives (front matter, <h1>) to MAX_TITLE_CHARS.
TITLE_CHARS = 120
MAX_TITLE_CHARS = 300
# A first paragraph longer than this is text, not a title line.
TITLE_LINE_CHARS = 250

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
# A date standing alone on its line: "1 March 2021", "1 марта 2021 г.", "March 1, 2021", "2021-03-01".
_DATE_LINE = [
    re.compile(rf"^(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})(\s*(г\.?|года))?$", re.I),
    re.compile(rf"^(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})$", re.I),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})([T ][\d:.+\-Z]*)?$"),
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"),
]
# The end of a sentence inside a paragraph: a word of two lower-case letters, then . ! or ?, then a
# capital. "U.S. Court" is no sentence end.
_SENTENCE_END = re.compile(r"(?<=[a-zа-яё]{2}[.!?])[\"”»’)]?\s+(?=[\"“«‘(]?[A-ZА-ЯЁ0-9])")
_SOURCE_LINE = re.compile(
    r"^(?:Source|Источник)\s*:\s*(?P<source>.*?)\s*(?:\[\s*(?:original source|первоисточник)\s*:\s*(?P<orig>[^\]]*)\])?\s*$",
    re.I,
)
_TRANSLATOR_LINE = re.compile(r"^(?:Translated by|Translation by|Перевод(?:ил[аи]?)?:?)\s+(?P<name>.+?)\.?$", re.I)
# Site chrome that follows an article and must not be indexed.
_CHROME = re.compile(
    r"^(leave a reply|leave a comment|share this:?|like this:?|related|оставить комментарий|"
    r"добавить комментарий|поделиться)$",
    re.I,
)
_LATIN = re.compile(r"[a-z]", re.I)


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
class _Fields:
    title: str | None = None
    date: dt.date | None = None
    lang: str | None = None
    source: str | None = None
    original_source: str | None = None
    translator: str | None = None
    extra: dict = field(default_factory=dict)


def parse_date(value: object) -> dt.date | None:
    """A date from a date line, a front-matter value or an ISO string; None if it is not one."""
    return read_date(value)[0]


def read_date(value: object) -> tuple[dt.date | None, bool]:
    """(date, shaped): the date a value gives, and whether it is written like a date at all, so that
    "31 February 2021" (a date line that is no date) can be reported instead of dropped silently."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if not isinstance(value, str):
        return None, False
    text = value.strip()
    for pattern in _DATE_LINE:
        match = pattern.match(text)
        if not match:
            continue
        month = match.group("m")
        month_no = int(month) if month.isdigit() else MONTHS[month.lower()]
        try:
            return dt.date(int(match.group("y")), month_no, int(match.group("d"))), True
        except ValueError:
            return None, True
    return None, False


def detect_language(text: str) -> str:
    """'ru' where Cyrillic letters outnumber Latin ones, else 'en'."""
    sample = text[:20000]
    return "ru" if len(CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)) else "en"


def _strip_chrome(lines: list[str]) -> tuple[list[str], str | None]:
    """Cut the translator line and the site chrome after the article; return lines and translator."""
    translator = None
    for i, line in enumerate(lines):
        match = _TRANSLATOR_LINE.match(line.strip())
        if match and i > 0:
            translator = match.group("name").strip()
            return lines[:i], translator
    while lines and (not lines[-1].strip() or _CHROME.match(lines[-1].strip())):
        lines = lines[:-1]
    return lines, translator


def short_title(text: str, limit: int = TITLE_CHARS) -> str:
    """Text cut at a word boundary to about `limit` characters, with "…" where something was cut."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:–—-") + "…"


def _is_title_line(first: str, more: bool) -> bool:
    """Whether an article's first paragraph is its title line rather than the start of its text.

    A title is followed by more text, is short, and is no sentence: it does not end with a full stop
    and has no sentence end inside. Untitled texts (the first paragraph is a long or complete sentence)
    get a title from their first sentence instead.
    """
    return more and len(first) <= TITLE_LINE_CHARS and not _ends_with_full_stop(first) and not _SENTENCE_END.search(first)


def _ends_with_full_stop(text: str) -> bool:
    return text.endswith(".") and not text.endswith("..")


def _first_sentence(text: str) -> str:
    """The first sentence of a paragraph, without its full stop."""
    match = _SENTENCE_END.search(text[: TITLE_CHARS * 4])
    sentence = text[: match.start()].strip() if match else text[: TITLE_CHARS * 4].strip()
    return sentence[:-1] if _ends_with_full_stop(sentence) else sentence


def _parse_article(text: str, known: _Fields) -> dict:
    """Apply the article-layout heuristics to text; fields in `known` win over what is found."""
    lines, translator = _strip_chrome(text.splitlines())
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in lines]
    paragraphs = [p for p in paragraphs if p]
    notes: list[str] = []
    untitled = False
    if known.title:
        title, rest = short_title(known.title, MAX_TITLE_CHARS), paragraphs
    elif paragraphs and _is_title_line(paragraphs[0], len(paragraphs) > 1):
        title, rest = paragraphs[0], paragraphs[1:]
    else:  # untitled: the title is the first sentence, and the text keeps it
        title, rest = (short_title(_first_sentence(paragraphs[0])) if paragraphs else ""), paragraphs
        untitled = True

    date, summary_lines = None, []
    for i, line in enumerate(rest[:6]):
        date, shaped = read_date(line)
        if shaped:
            if date is None:
                notes.append(f"unreadable date “{line[:40]}”")
            summary_lines, rest = rest[:i], rest[i + 1:]
            break

    source = original = None
    headline_lines: list[str] = []
    for i, line in enumerate(rest[:4]):
        match = _SOURCE_LINE.match(line)
        if match:
            source = match.group("source") or None
            original = (match.group("orig") or "").strip() or None
            headline_lines, rest = rest[:i], rest[i + 1:]
            break
    if not date and not notes and not source:
        summary_lines = []
    return {
        "title": title,
        "date": known.date or date,
        "source": known.source or source,
        "original_source": known.original_source or original,
        "translator": known.translator or translator,
        "summary": " ".join(summary_lines),
        "headline": " ".join(headline_lines),
        "body": "\n\n".join(rest),
        "notes": notes,
        "untitled": untitled,
    }


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text: `date: 2021-02-31` is then an unreadable date to
    report, not an exception from the YAML library."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _split_front_matter(text: str) -> tuple[dict, str]:
    match = re.match(r"^---\s*\n(.*?)\n(?:---|\.\.\.)\s*(?:\n|$)", text, re.S)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError):
        return {}, text
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def _tags(meta: dict) -> dict[str, list[str]]:
    """Facet values from front matter: a list of names, or one comma-separated string, per facet."""
    tags = {}
    for facet in ("persons", "organizations", "cities"):
        value = meta.get(facet)
        names = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
        names = [str(n).strip() for n in names if str(n).strip()]
        if names:
            tags[facet] = names
    return tags


def _markdown_to_text(text: str) -> str:
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"<[^>]+>", "", text)
    return text


class _HTMLText(HTMLParser):
    """Visible text of an HTML page, one line per block, plus its title and date metadata."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
              "header", "footer", "blockquote", "pre", "hr", "time", "figcaption", "dd", "dt"}
    HIDDEN = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.in_title = False
        self.in_h1 = False
        self.title = ""
        self.h1 = ""
        self.lang: str | None = None
        self.date: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"][:2].lower()
        elif tag == "meta":
            key = (a.get("name") or a.get("property") or "").lower()
            if key in ("date", "article:published_time", "dc.date", "pubdate") and not self.date:
                self.date = a.get("content")
        elif tag == "time" and a.get("datetime") and not self.date:
            self.date = a["datetime"]
        if tag == "title":
            self.in_title = True
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "h1":
            self.in_h1 = True
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.hidden:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(data)

    def text(self) -> str:
        lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), or UTF-16/32 where a byte-order mark says so."""
    for bom, encoding in _UNICODE_BOMS:  # UTF-32 first: its little-endian mark starts like UTF-16's
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ValueError(f"not valid {encoding.upper()} (byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None


def read_document(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | Skipped:
    """Read one corpus file. Never raises for a bad file: returns :class:`Skipped` with the reason."""
    doc_id = path.relative_to(root).as_posix()
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return Skipped(doc_id, str(path), f"unsupported file type {path.suffix or '(none)'}")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Skipped(doc_id, str(path), "not a regular file")
        size = info.st_size
        if size > max_bytes:
            return Skipped(doc_id, str(path), f"larger than the limit ({size} > {max_bytes} bytes)")
        data = path.read_bytes()
        text = _decode(data)
    except (OSError, ValueError) as exc:
        return Skipped(doc_id, str(path), str(exc) if isinstance(exc, ValueError) else exc.strerror or str(exc))
    if not text.strip():
        return Skipped(doc_id, str(path), "empty file")

    known = _Fields()
    meta: dict = {}
    if kind in ("markdown", "text"):
        meta, text = _split_front_matter(text)
        known = _Fields(
            title=str(meta["title"]).strip() if meta.get("title") else None,
            date=parse_date(meta.get("date")) if meta.get("date") else None,
            lang=str(meta["lang"]).strip().lower()[:2] if meta.get("lang") else None,
            source=str(meta["source"]).strip() if meta.get("source") else None,
            original_source=str(meta["original_source"]).strip() if meta.get("original_source") else None,
            translator=str(meta["translator"]).strip() if meta.get("translator") else None,
        )
        if kind == "markdown":
            text = _markdown_to_text(text)
    elif kind == "html":
        parser = _HTMLText()
        parser.feed(text)
        parser.close()
        title = (parser.h1 or parser.title).strip() or None
        text = parser.text()
        if title and text.startswith(title):
            text = text[len(title):]
        known = _Fields(title=title, date=parse_date((parser.date or "")[:10]), lang=parser.lang)

    fields = _parse_article(text, known)
    # A date the file states (front matter, or a page's metadata) that is no date is reported.
    stated, where = (meta.get("date"), "front matter") if kind != "html" else (parser.date, "page's metadata")
    if stated and not known.date:
        fields["notes"].append(f"unreadable date “{str(stated)[:40]}” in the {where}")
    if not fields["title"] and not fields["body"]:
        return Skipped(doc_id, str(path), "no text content")
    lang = known.lang if known.lang in ("en", "ru") else detect_language(fields["title"] + "\n" + fields["body"])
    return Document(
        id=doc_id,
        lang=lang,
        fingerprint=hashlib.sha1(data).hexdigest(),
        path=str(path),
        tags=_tags(meta),
        **fields,
    )


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
    """The content hash the index stores to tell changed files from unchanged ones."""
    return hashlib.sha1(path.read_bytes()).hexdigest()
