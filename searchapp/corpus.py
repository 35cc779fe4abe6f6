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

import datetime as dt
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import yaml

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

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
_CYRILLIC = re.compile(r"[а-яё]", re.I)
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
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern in _DATE_LINE:
        match = pattern.match(text)
        if not match:
            continue
        month = match.group("m")
        month_no = int(month) if month.isdigit() else MONTHS[month.lower()]
        try:
            return dt.date(int(match.group("y")), month_no, int(match.group("d")))
        except ValueError:
            return None
    return None


def detect_language(text: str) -> str:
    """'ru' where Cyrillic letters outnumber Latin ones, else 'en'."""
    sample = text[:20000]
    return "ru" if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)) else "en"


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


def _parse_article(text: str, known: _Fields) -> dict:
    """Apply the article-layout heuristics to text; fields in `known` win over what is found."""
    lines, translator = _strip_chrome(text.splitlines())
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in lines]
    paragraphs = [p for p in paragraphs if p]
    title = known.title or (paragraphs[0] if paragraphs else "")
    rest = paragraphs[1:] if not known.title and paragraphs else paragraphs

    date, summary_lines = None, []
    for i, line in enumerate(rest[:6]):
        date = parse_date(line)
        if date:
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
    if not date and not source:
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
    }


def _split_front_matter(text: str) -> tuple[dict, str]:
    match = re.match(r"^---\s*\n(.*?)\n(?:---|\.\.\.)\s*(?:\n|$)", text, re.S)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
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


def _decode(data: bytes) -> str:
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
    return (root / doc_id for doc_id in listing(root))


def listing(root: Path) -> list[str]:
    """The document ids (paths relative to root, with "/") of every corpus file below root, sorted.

    Plain strings and os.walk rather than pathlib: an update of a 100,000-article corpus starts by
    listing it, and pathlib's globbing and path objects took seconds of that.
    """
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in files:
            if (not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES
                    and name.lower() != "readme.md"):
                found.append(prefix + name)
    found.sort()
    return found


def fingerprint(path: Path) -> str:
    """The content hash the index stores to tell changed files from unchanged ones."""
    return hashlib.sha1(path.read_bytes()).hexdigest()
