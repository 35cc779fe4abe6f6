"""Document relations, found after extraction over the whole index at the end of each build:
translations (an article and its translation in the other language, :mod:`.translations`) and
reprints (the same text published by several sources or indexed under several names, :mod:`.reprints`).

A build keeps every article's :class:`Features` beside the index generation and saves what
:func:`relate` finds as :class:`Relations`, which search reads (:func:`load`) to show one hit for each
group of related articles. A translation an article declares (`translation_of:` in its front matter,
or what a reader of another format records there) wins over any found one.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from . import reprints, translations
from .features import Features, features
from .features import load as load_features
from .features import save as save_features

FOLDER = "relations"
LINKS = "links.json"


@dataclass
class Relations:
    """Which articles are translations of each other and which are copies of one text."""

    translations: dict[str, list[str]] = field(default_factory=dict)  # id -> ids of its translations
    reprints: dict[str, list[str]] = field(default_factory=dict)  # id -> ids of the other copies
    groups: list[list[str]] = field(default_factory=list)  # what search folds into one hit
    articles: dict[str, dict] = field(default_factory=dict)  # id -> lang, title, source, original_source

    def related(self, doc_id: str) -> dict[str, list[dict]]:
        """An article's translations and copies, each {"id", "lang", "title", "source", "original_source"}."""
        return {kind: [{"id": other, **self.articles.get(other, {})} for other in links.get(doc_id, [])]
                for kind, links in (("translations", self.translations), ("copies", self.reprints))}


def relate(docs: dict[str, Features]) -> Relations:
    """The relations of every article of the archive."""
    declared = _declared(docs)
    undeclared = [d for d in docs.values() if d.id not in declared]
    pairs = [(a, b) for a, b, _ in translations.pair(undeclared)]
    pairs += sorted({tuple(sorted((a, b))) for a, b in declared.items()})
    copies = [(a, b) for a, b, _ in reprints.pairs(docs.values())]
    relations = Relations()
    for a, b in pairs:
        relations.translations.setdefault(a, []).append(b)
        relations.translations.setdefault(b, []).append(a)
    copied = reprints.copies(copies, {d.id: d.shingles for d in docs.values()})
    for group in copied:
        for doc_id in group:
            relations.reprints[doc_id] = [other for other in group if other != doc_id]
    # A group's copies and their translations fold into one hit.
    relations.groups = reprints.groups([*pairs, *((g[0], other) for g in copied for other in g[1:])])
    for doc_id in (d for group in relations.groups for d in group):
        doc = docs[doc_id]
        relations.articles[doc_id] = {"lang": doc.lang, "title": doc.title, "source": doc.source,
                                      "original_source": doc.original_source}
    return relations


def _declared(docs: dict[str, Features]) -> dict[str, str]:
    """Declared translations, both ways: the id as written, or as a path from the declaring file's folder."""
    links = {}
    for doc in docs.values():
        target = doc.translation_of
        if not target:
            continue
        relative = posixpath.normpath(posixpath.join(posixpath.dirname(doc.id), target))
        other = target if target in docs else relative if relative in docs else None
        if other and other != doc.id:
            links[doc.id] = other
            links.setdefault(other, doc.id)
    return links


def save(generation: Path, docs: dict[str, Features], relations: Relations) -> None:
    folder = generation / FOLDER
    save_features(folder, docs)
    tmp = folder / (LINKS + ".tmp")
    tmp.write_text(json.dumps({"translations": relations.translations, "reprints": relations.reprints,
                               "groups": relations.groups, "articles": relations.articles},
                              ensure_ascii=False), encoding="utf-8")
    tmp.replace(folder / LINKS)


def load(generation: Path) -> Relations:
    """The relations saved with a generation; none for one built without them."""
    try:
        data = json.loads((generation / FOLDER / LINKS).read_text(encoding="utf-8"))
        return Relations(**data)
    except (OSError, ValueError, TypeError):
        return Relations()


def saved_features(generation: Path) -> dict[str, Features]:
    return load_features(generation / FOLDER)


__all__ = ["Features", "Relations", "features", "load", "relate", "save", "saved_features"]
