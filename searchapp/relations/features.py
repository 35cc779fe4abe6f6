"""What is kept of each article for finding its relations, and how it is kept beside the index.

The features of every article are saved with the index generation, so that an incremental build,
which reads only the changed files, can recompute the relations over the whole archive.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import signals

FEATURES = "features.json"
SIGNATURES = "signatures.npy"


@dataclass
class Features:
    id: str
    lang: str
    title: str
    source: str | None = None
    original_source: str | None = None
    date: str | None = None  # YYYY-MM-DD
    chars: int = 0  # of the body
    entities: list[str] = field(default_factory=list)  # facet value ids
    names: list[str] = field(default_factory=list)  # name keys
    numbers: list[str] = field(default_factory=list)
    translation_of: str | None = None  # the id of the article this one declares itself a translation of
    shingles: int = 0  # distinct word shingles of the body
    signature: np.ndarray | None = field(default=None, repr=False, compare=False)


def features(doc, entity_ids: list[str], names_text: str) -> Features:
    """An article's features: `doc` a :class:`searchapp.corpus.Document`, `entity_ids` its facet value
    ids, `names_text` its name words (the index's `names` field)."""
    text = "\n\n".join(p for p in (doc.title, doc.text) if p)
    hashes = signals.shingles(doc.body)
    return Features(
        id=doc.id, lang=doc.lang, title=doc.title, source=doc.source, original_source=doc.original_source,
        date=doc.date.isoformat() if doc.date else None, chars=len(doc.body),
        entities=sorted(set(entity_ids)), names=sorted(signals.name_keys(names_text)),
        numbers=sorted(signals.numbers(text)), translation_of=getattr(doc, "translation_of", None),
        shingles=len(hashes), signature=signals.signature(hashes),
    )


def save(folder: Path, docs: dict[str, Features]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    items = sorted(docs.values(), key=lambda f: f.id)
    rows = np.zeros((len(items), signals.PERMUTATIONS), dtype=np.uint32)
    records = []
    for row, item in enumerate(items):
        record = {name: value for name, value in vars(item).items() if name != "signature"}  # asdict deep-copies
        record["signed"] = item.signature is not None
        if item.signature is not None:
            rows[row] = item.signature
        records.append(record)
    _replace(folder / FEATURES, lambda tmp: tmp.write(json.dumps(records, ensure_ascii=False).encode("utf-8")))
    _replace(folder / SIGNATURES, lambda tmp: np.save(tmp, rows, allow_pickle=False))


def load(folder: Path) -> dict[str, Features]:
    """The saved features, or none where there are none (or they cannot be read)."""
    try:
        records = json.loads((folder / FEATURES).read_text(encoding="utf-8"))
        rows = np.load(folder / SIGNATURES, allow_pickle=False)
    except (OSError, ValueError):
        return {}
    if len(rows) != len(records):
        return {}
    docs = {}
    for record, row in zip(records, rows, strict=True):
        signed = record.pop("signed", False)
        docs[record["id"]] = Features(**record, signature=row if signed else None)
    return docs


def _replace(path: Path, write) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        write(handle)
    os.replace(tmp, path)
