"""WordPress exports (WXR: RSS with the `wp:`, `content:`, `excerpt:` and `dc:` namespaces) as their posts.

The file is streamed with lxml's iterparse, each <item> cleared once read, so an export of tens of MB
is never held whole; it refuses entity declarations (see :func:`.containers.unsafe_prolog`) and is
parsed without DTDs, entity resolution or network access, so a hostile export is a reported skip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator

from lxml import etree

from .documents import Entry, Skipped

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# What a post of another type or status is called in a build's summary; published posts and pages are read.
_LEFT_OUT_TYPES = {"attachment": "attachment", "revision": "revision", "nav_menu_item": "menu item"}
_LABEL_DOMAINS = {"category": "category", "post_tag": "tag"}
# Polylang's translation groups: a serialized PHP array of language => post id.
_PHP_PAIR = re.compile(r's:\d+:"([^"]*)";i:(\d+);')


class ExportError(ValueError):
    """The export cannot be read (malformed XML, declared entities)."""


def read_export(path: str, file_id: str) -> Iterator[Entry | Skipped]:
    """The published posts and pages of an export, in file order; the others as left-out skips.

    Raises :class:`ExportError` where the XML breaks off; the entries before it were yielded.
    """
    groups: dict[str, str] = {}  # Polylang: post id -> the id of the post it is a translation of
    authors: dict[str, str] = {}  # login (what dc:creator gives) -> display name
    site: list[str] = []  # the channel's title, once read
    wp = "{http://wordpress.org/export/1.2/}"
    parser = etree.iterparse(path, events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        for event, element in parser:
            if event == "start":
                if element.getparent() is None:
                    if _declares_entities(element):
                        raise ExportError("the export declares XML entities (refused: they can expand without "
                                          "bound or read other files)")
                    wp = "{" + element.nsmap.get("wp", wp[1:-1]) + "}"  # 1.0, 1.1 and 1.2 differ only in it
                continue
            if element.tag == wp + "term":
                groups.update(_polylang_group(element, wp))
                element.clear()
            elif element.tag == wp + "author" and element.getparent() is not None and element.getparent().tag == "channel":
                authors[_text(element, wp + "author_login")] = _text(element, wp + "author_display_name")
            elif element.tag == "title" and element.getparent() is not None and element.getparent().tag == "channel":
                site.append((element.text or "").strip())
            elif element.tag == "item":
                yield _item(element, wp, file_id, path, groups, authors, site[0] if site else None)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ExportError(f"malformed XML: {exc}") from None


def _declares_entities(root) -> bool:
    dtd = root.getroottree().docinfo.internalDTD
    return dtd is not None and any(True for _ in dtd.iterentities())


def _text(element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _polylang_group(term, wp: str) -> dict[str, str]:
    """{post id: id of its original} for one `post_translations` term: the group's earliest post (the
    lowest id: WordPress numbers posts as they are made) is the original."""
    if _text(term, wp + "term_taxonomy") != "post_translations":
        return {}
    ids = sorted({int(post) for _, post in _PHP_PAIR.findall(_text(term, wp + "term_description"))})
    return {str(post): str(ids[0]) for post in ids[1:]}


def _date(element, wp: str) -> dt.date | None:
    for tag in ("post_date_gmt", "post_date"):
        value = _text(element, wp + tag)
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:  # "0000-00-00 00:00:00": never published
            continue
    return None


def _item(item, wp: str, file_id: str, path: str, groups: dict[str, str], authors: dict[str, str],
          site: str | None) -> Entry | Skipped:
    post_id = _text(item, wp + "post_id")
    doc_id = f"{file_id}#post-{post_id}"
    post_type, status = _text(item, wp + "post_type") or "post", _text(item, wp + "status") or "publish"
    if post_type in _LEFT_OUT_TYPES:
        return Skipped(doc_id, path, _LEFT_OUT_TYPES[post_type], left_out=True)
    if post_type not in ("post", "page"):
        return Skipped(doc_id, path, f"post type {post_type}", left_out=True)
    if status != "publish":
        return Skipped(doc_id, path, {"auto-draft": "draft"}.get(status, status), left_out=True)
    labels: dict[str, list[str]] = {}
    lang = None
    for category in item.iterfind("category"):
        domain, name = category.get("domain", ""), (category.text or "").strip()
        if domain in _LABEL_DOMAINS and name:
            labels.setdefault(_LABEL_DOMAINS[domain], []).append(name)
        elif domain == "language":  # Polylang
            lang = (category.get("nicename") or name)[:2].lower()
    meta = {_text(m, wp + "meta_key"): _text(m, wp + "meta_value") for m in item.iterfind(wp + "postmeta")}
    lang = lang or (meta.get("_wpml_language") or meta.get("_icl_lang") or "")[:2].lower() or None
    original = groups.get(post_id) or meta.get("_icl_lang_duplicate_of") or meta.get("_icl_translation_of")
    login = _text(item, CREATOR)
    entry = Entry(id=doc_id, part_of=file_id, path=path, title=_text(item, "title"),
                  html=_text(item, CONTENT), date=_date(item, wp), author=authors.get(login) or login or None,
                  source_url=_text(item, "link") or None, lang=lang, labels=labels,
                  translation_of=f"{file_id}#post-{original}" if original and original != post_id else None,
                  site=site or None)
    entry.fingerprint = fingerprint(entry)
    return entry


def fingerprint(entry: Entry) -> str:
    """A hash of everything an entry says: what tells a changed post from an unchanged one."""
    fields = [entry.title, entry.html, entry.date.isoformat() if entry.date else None, entry.author, entry.source_url,
              entry.lang, entry.labels, entry.translation_of, entry.site]
    return hashlib.sha1(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
