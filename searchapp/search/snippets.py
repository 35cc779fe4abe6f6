"""Snippets and highlighting: where a query's words (and names in the other script) stand in a text."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, replace

from .. import analysis
from ..names import transliterate
from .results import Hit, iso_date

# A snippet looks for matches in windows of this many characters, from the start of the stored text,
# and stops at the first window with any: its cost does not grow with the article.
SNIPPET_SCAN_CHARS = 4_000


MAX_SNIPPET_MATCHES = 200


SNIPPET_CHARS = 240


def filter_words(names: list[str]) -> str:
    """What a facet's filter box matches a value against: every name of it, folded, in both scripts."""
    return " ".join(sorted({analysis.fold(variant) for name in names for variant in (name, transliterate(name))}))


@dataclass(frozen=True)
class Highlight:
    """What a query marks in a text: its words' forms, and the keys of the names it looks for in either
    script, so that "Gorelov" also marks "Горелова" in the Russian article it found."""

    terms: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.terms or self.keys)

    def marks(self, text: str) -> list[tuple[int, int]]:
        """Where in text the words this highlight marks stand, (start, end) each, every word analysed:
        for the document page, where a snippet's shortcut (:func:`snippet`) would miss forms."""
        if not self:
            return []
        spans = [(t.start, t.end) for t in analysis.analyze(text) if self.terms.intersection(t.terms)]
        return spans + [(t.start, t.end) for t in analysis.name_matches(text, self.keys)]

    def finds(self, text: str) -> bool:
        """Whether the text has a query word this highlight marks (names in the other script aside).

        A plain search for the words' first letters rules most texts out first: it is many times
        faster than finding and analysing candidate words, which matters on a 5 MB article."""
        prefixes = {analysis.fold(analysis.plain(t))[:3] for t in self.terms if t}
        if not prefixes or not _prefix_pattern(frozenset(prefixes)).search(text):
            return False
        return bool(analysis.matching_words(text, self.terms))


@functools.lru_cache(maxsize=256)
def _prefix_pattern(prefixes: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(p).replace("е", "[её]") for p in sorted(prefixes)), re.IGNORECASE)


def snippet(text: str, highlight: Highlight, size: int = SNIPPET_CHARS) -> str:
    """The passage of text with the most distinct matched words, escaped, matches in <mark>.

    A word matches when any of its forms is a query term, so "arrest" marks "arrested", or when it is a
    name the query names in the other script.
    """
    terms = highlight.terms
    matches = _first_matches(text, highlight) if highlight else []
    if not matches:
        end = text.rfind(" ", 0, size) if len(text) > size else len(text)
        return html.escape(text[: end if end > 0 else size]) + ("…" if len(text) > size else "")
    best, best_score = 0, -1
    for i, first in enumerate(matches):
        window = [m for m in matches[i:] if m.end - first.start <= size]
        score = len({frozenset(terms.intersection(m.terms)) or m.terms for m in window}) * 10 + len(window)
        if score > best_score:
            best, best_score = i, score
    anchor = matches[best]
    start = max(0, anchor.start - size // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < anchor.start else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", anchor.end, end)
        end = space if space > 0 else end
    out, pos = [], start
    for m in matches:
        if m.start < start or m.end > end:
            continue
        out.append(html.escape(text[pos:m.start]))
        out.append(f"<mark>{html.escape(text[m.start:m.end])}</mark>")
        pos = m.end
    out.append(html.escape(text[pos:end]))
    return ("…" if start else "") + "".join(out).replace("\n\n", " ¶ ") + ("…" if end < len(text) else "")


def _first_matches(text: str, highlight: Highlight) -> list[analysis.Token]:
    """The matched words of the first window of text that has any (at most MAX_SNIPPET_MATCHES); where
    no window has a query word, the names of the first window that the query names in the other script."""
    start = 0
    while highlight.terms and start < len(text):
        end = len(text) if len(text) - start <= SNIPPET_SCAN_CHARS else text.find(" ", start + SNIPPET_SCAN_CHARS)
        end = len(text) if end < 0 else end
        found = analysis.matching_words(text[start:end], highlight.terms)
        if found:
            found = found[:MAX_SNIPPET_MATCHES]
            return [replace(t, start=t.start + start, end=t.end + start) for t in found] if start else found
        start = end
    return analysis.name_matches(text[:SNIPPET_SCAN_CHARS], highlight.keys)[:MAX_SNIPPET_MATCHES]


def make_hit(stored: dict, highlight: Highlight, missing: list[str] | None = None) -> Hit:
    """A result from an article's stored fields: the snippet comes from the body, or from the standfirst
    and headline where only they match."""
    marked = snippet(stored.get("body") or "", highlight)
    lead = " ".join(p for p in (stored.get("summary"), stored.get("headline")) if p)
    if highlight and lead and "<mark>" not in marked:
        from_lead = snippet(lead, highlight)
        marked = from_lead if "<mark>" in from_lead else marked
    return Hit(
        id=stored["id"],
        title=stored.get("title") or stored["id"],
        date=iso_date(stored.get("date")),
        lang=stored.get("lang", ""),
        source=stored.get("source"),
        snippet=marked,
        missing=missing or [],
    )
