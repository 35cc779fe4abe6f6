"""A document's text as HTML: escaped, entities linked, the query's words marked."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from .. import analysis
from ..search import Highlight

FACET_OF = {"persons": "person", "organizations": "organization", "cities": "city"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    facet: str = ""  # "" for a query match
    value: str = ""
    name: str = ""


def entity_spans(text: str, entities: dict) -> list[Span]:
    """Where the entities' mentions stand in text, longest mention first where two overlap."""
    spans = []
    for key, values in entities.items():
        facet = FACET_OF.get(key)
        if facet is None:
            continue
        for value in values:
            for mention in sorted(set(value.get("mentions") or [value["name"]]), key=len, reverse=True):
                pattern = rf"(?<!\w){re.escape(mention.strip())}(?!\w)"
                for match in re.finditer(pattern, text):
                    spans.append(Span(match.start(), match.end(), facet, value["id"], value["name"]))
    return spans


def _marked(text: str, highlight: Highlight) -> list[Span]:
    spans = [Span(t.start, t.end) for t in analysis.analyze(text) if highlight.terms.intersection(t.terms)]
    return spans + [Span(t.start, t.end) for t in analysis.name_matches(text, highlight.keys)]


def mark(text: str, entities: dict, highlight: Highlight, link) -> Markup:
    """Escape text; wrap entity mentions in links made by `link(facet, value)`, query matches in <mark>."""
    spans = entity_spans(text, entities)
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
