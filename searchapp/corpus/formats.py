"""Formats: plain text and Markdown (each with optional YAML front matter), HTML pages, and the posts
and items of WordPress exports and feeds (:mod:`.containers`), read into the article layout; bytes
decoded as UTF-8, or UTF-16/32 where a byte-order mark says so."""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
from pathlib import Path

import yaml

from . import webpage
from .documents import Document, Entry, Metadata, Skipped
from .layout import detect_language, parse_article, parse_date

# "xml": a file of many articles, a WordPress export or a feed (see :mod:`.containers`).
SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".xml": "xml", ".rss": "xml", ".atom": "xml"}
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
    page = None
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
        page = webpage.extract(text)
        if page is None:
            return Skipped(doc_id, str(path), "no article could be extracted from the page")
        title = (page.title or "").strip() or None
        text = page.text
        if title and text.startswith(title):
            text = text[len(title):]
        known = Metadata(title=title, date=parse_date((page.date or "")[:10]), lang=page.lang)
    else:
        return Skipped(doc_id, str(path), "a file of many articles (an export or a feed): read by its entries")

    fields = parse_article(text, known)
    # A date the front matter states that is no date is reported.
    if meta.get("date") and not known.date:
        fields["notes"].append(f"unreadable date “{str(meta['date'])[:40]}” in the front matter")
    if not fields["title"] and not fields["body"]:
        return Skipped(doc_id, str(path), "no text content")
    if page is not None:
        fields.update(source=fields["source"] or page.site, author=page.author, source_url=page.url, labels=page.labels)
    return _document(doc_id, fields, known.lang, hashlib.sha1(data).hexdigest(), str(path), tags=_tags(meta))


def read_entry(entry: Entry, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | Skipped:
    """One post of an export or item of a feed as a document: its HTML through the same extraction and
    layout rules as a page's; what the file states (title, date, author, link) wins."""
    if len(entry.html) > max_bytes:
        return Skipped(entry.id, entry.path, f"larger than the limit ({len(entry.html)} > {max_bytes} characters)")
    page = webpage.extract(entry.html, fragment=True) if entry.html.strip() else None
    fields = parse_article(page.text if page else "", Metadata(title=entry.title or None, date=entry.date))
    if not fields["body"]:
        return Skipped(entry.id, entry.path, "no text content")
    fields.update(source=fields["source"] or entry.site, author=entry.author, source_url=entry.source_url, labels=entry.labels, translation_of=entry.translation_of,
                  part_of=entry.part_of)
    return _document(entry.id, fields, entry.lang, entry.fingerprint, entry.path)


def _document(doc_id: str, fields: dict, lang: str | None, fingerprint: str, path: str, **more) -> Document:
    if lang not in ("en", "ru"):
        lang = detect_language(fields["title"] + "\n" + fields["body"])
    return Document(id=doc_id, lang=lang, fingerprint=fingerprint, path=path, **fields, **more)
