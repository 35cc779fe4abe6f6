"""A document's text as HTML: escaped, entities linked, the query's words marked."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from ..facets import BY_PLURAL
from ..search import Highlight


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    facet: str = ""  # "" for a query match
    value: str = ""
    name: str = ""


class EntityPattern:
    """Where the entities' mentions stand in a text: one regular expression for all mentions of a
    document, longest first, compiled once per document page (one per mention and paragraph took
    seconds on an article with a thousand mentions)."""

    def __init__(self, entities: dict) -> None:
        self.spans: dict[str, tuple[str, str, str]] = {}
        for key, values in entities.items():
            facet = BY_PLURAL.get(key)
            if facet is None:
                continue
            for value in values:
                for mention in value.get("mentions") or [value["name"]]:
                    self.spans.setdefault(mention.strip(), (facet.key, value["id"], value["name"]))
        self.spans.pop("", None)
        names = sorted(self.spans, key=len, reverse=True)
        self.pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names))})(?!\w)") if names else None

    def find(self, text: str) -> list[Span]:
        if self.pattern is None:
            return []
        return [Span(m.start(), m.end(), *self.spans[m.group()]) for m in self.pattern.finditer(text)]


def _marked(text: str, highlight: Highlight) -> list[Span]:
    return [Span(start, end) for start, end in highlight.marks(text)]


def mark(text: str, entities: EntityPattern, highlight: Highlight, link) -> Markup:
    """Escape text; wrap entity mentions in links made by `link(facet, value)`, query matches in <mark>."""
    spans = entities.find(text)
    if highlight:
        spans += _marked(text, highlight)
    spans.sort(key=lambda s: (s.start, -(s.end - s.start), s.facet == ""))
    out, pos = [], 0
    for span in spans:
        if span.start < pos:
            continue
        out.append(html.escape(text[pos:span.start]))
        inner = html.escape(text[span.start:span.end])
        if span.facet:
            hit = bool(highlight) and bool(_marked(text[span.start:span.end], highlight))
            inner = f"<mark>{inner}</mark>" if hit else inner
            out.append(f'<a class="entity entity-{span.facet}" href="{html.escape(link(span.facet, span.value))}" '
                       f'title="{html.escape(span.name)}">{inner}</a>')
        else:
            out.append(f"<mark>{inner}</mark>")
        pos = span.end
    out.append(html.escape(text[pos:]))
    return Markup("".join(out))
