"""The article layout (see the README): how a text's title, date, source line and translator are found,
whatever format the text came in."""

from __future__ import annotations

import datetime as dt
import re

from ..names import CYRILLIC
from .documents import Metadata

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


def parse_article(text: str, known: Metadata) -> dict:
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
        "translation_of": known.translation_of,
        "summary": " ".join(summary_lines),
        "headline": " ".join(headline_lines),
        "body": "\n\n".join(rest),
        "notes": notes,
        "untitled": untitled,
    }
