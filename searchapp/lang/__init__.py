"""Word lists as data, one folder per language (`en`, `ru`; `xx` for lists that hold for any), as
spaCy keeps its `lang/xx` and natasha its dictionaries: an editor adds a word without reading code."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def words(lang: str, name: str) -> frozenset[str]:
    """The words of `lang/<lang>/<name>.txt`: separated by white space, lines starting with # left out."""
    text = (_HERE / lang / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split())


@cache
def lines(lang: str, name: str, separator: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The lines of `lang/<lang>/<name>.txt` as tuples of their words (or of their parts between
    `separator`s), without blank lines and those starting with #: lists whose lines group words."""
    text = (_HERE / lang / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(tuple(part.strip() for part in line.split(separator) if part.strip())
                 for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
