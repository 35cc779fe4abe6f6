"""Web pages and the HTML of posts: the article's text and metadata, by trafilatura.

A saved news page is mostly chrome (menus, sidebars, related posts, share buttons, comments); trafilatura
finds the article in it and reads the page's metadata (title from Open Graph or <title>, the date by
htmldate from JSON-LD, article:published_time or <time datetime>, the author, the canonical URL, the
site's name). The archive's own layout rules (source line, translator, chrome lines) are applied to its
text afterwards, by :mod:`.layout`, as to any other format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The HTML of a WordPress post as exported is not yet split into paragraphs (WordPress does that when
# it renders the page, "wpautop"): a blank line ends a paragraph, unless it stands in a block element.
_BLOCK = re.compile(r"^<(p|div|h[1-6]|ul|ol|li|blockquote|table|pre|figure|hr)\b", re.I)
# WordPress's shortcodes as they stand in an export ("[caption id=…]…[/caption]"): the tags go, their text stays.
_SHORTCODE = re.compile(r"\[/?(?:caption|wp_caption|gallery|embed|audio|video|playlist|vc_\w+|et_pb_\w+)\b[^\]]*\]")


@dataclass
class PageText:
    """What trafilatura found: the article's text (one paragraph a line) and the page's metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    site: str | None = None
    lang: str | None = None
    labels: dict[str, list[str]] = field(default_factory=dict)


def paragraphs_of(html: str) -> str:
    """A post's HTML as WordPress shows it: shortcodes out, each blank-line paragraph that is not a block
    element already a <p>."""
    parts = [part.strip() for part in re.split(r"\n\s*\n", _SHORTCODE.sub("", html)) if part.strip()]
    return "".join(part if _BLOCK.match(part) else f"<p>{part}</p>" for part in parts)


def extract(html: str, fragment: bool = False) -> PageText | None:
    """The article of a page, or of a post's HTML (`fragment`: no page around it, so no metadata and
    everything kept that is text); None where no article can be found."""
    import trafilatura  # here: it takes a second to import, and only reading pages and posts needs it

    if fragment:
        html = f"<html><body><article>{paragraphs_of(html)}</article></body></html>"
    found = trafilatura.bare_extraction(
        html, with_metadata=not fragment, include_comments=False, include_tables=True, include_images=False,
        include_links=False, include_formatting=False, deduplicate=False,
        favor_precision=not fragment, favor_recall=fragment,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if found is None or not (found.text or "").strip():
        return None
    if fragment:
        return PageText(found.text)
    labels = {kind: values for kind, values in (("category", found.categories), ("tag", found.tags)) if values}
    return PageText(found.text, title=found.title, date=found.date, author=found.author, url=found.url,
                    site=found.sitename, lang=_lang_of(html), labels=labels)


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2})", re.I)


def _lang_of(html: str) -> str | None:
    """The language the page's <html lang> states."""
    match = _HTML_LANG.search(html[:5000])
    return match.group(1).lower() if match else None
