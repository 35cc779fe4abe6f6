"""Formats: plain text and Markdown (each with optional YAML front matter) and HTML, read into the
article layout; bytes decoded as UTF-8, or UTF-16/32 where a byte-order mark says so."""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .documents import Document, Metadata, Skipped
from .layout import detect_language, parse_article, parse_date

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


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

    known = Metadata()
    meta: dict = {}
    if kind in ("markdown", "text"):
        meta, text = _split_front_matter(text)
        known = Metadata(
            title=str(meta["title"]).strip() if meta.get("title") else None,
            date=parse_date(meta.get("date")) if meta.get("date") else None,
            lang=str(meta["lang"]).strip().lower()[:2] if meta.get("lang") else None,
            source=str(meta["source"]).strip() if meta.get("source") else None,
            original_source=str(meta["original_source"]).strip() if meta.get("original_source") else None,
            translator=str(meta["translator"]).strip() if meta.get("translator") else None,
            translation_of=str(meta["translation_of"]).strip() if meta.get("translation_of") else None,
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
        known = Metadata(title=title, date=parse_date((parser.date or "")[:10]), lang=parser.lang)

    fields = parse_article(text, known)
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
