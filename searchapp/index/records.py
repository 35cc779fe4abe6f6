"""What a generation keeps beside the Whoosh index to update it cheaply: the entity statistics (and
the display names and aliases written from them) and the manifest of indexed files."""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from pathlib import Path

from whoosh import index as whoosh_index

from ..corpus import fingerprint
from ..names import transliterate


def file_stat(path: Path | str) -> list[int]:
    """(size, modification time in ns): what tells an unchanged file without reading it."""
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


class EntityStats:
    """How often each entity id is named how, per language, and the forms found in the texts.

    Kept with the generation (entity_stats.json) so that an incremental build adjusts it for the
    documents it changes instead of rereading the whole index; names.json and aliases.json are
    written from it.
    """

    FILE = "entity_stats.json"

    def __init__(self, data: dict | None = None) -> None:
        data = data or {}
        self.by_lang: dict[str, Counter] = defaultdict(Counter, {k: Counter(v) for k, v in data.get("by_lang", {}).items()})
        self.aliases: dict[str, Counter] = defaultdict(Counter, {k: Counter(v) for k, v in data.get("aliases", {}).items()})
        self.known: dict[str, dict[str, str]] = data.get("known", {})

    @classmethod
    def load(cls, generation: Path, ix: whoosh_index.Index) -> EntityStats:
        try:
            return cls(json.loads((generation / cls.FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError):  # a missing or damaged file: counted again from the stored documents
            stats = cls()
            with ix.searcher() as searcher:
                for stored in searcher.reader().all_stored_fields():
                    stats.add_stored(stored)
            return stats

    def add_stored(self, stored: dict | None, sign: int = 1) -> None:
        """Count a document in or out as the index stores it (None: a document it does not have)."""
        if stored is not None:
            self.add(stored.get("lang", ""), json.loads(stored.get("entities") or "{}"), sign)

    def add(self, lang: str, entities: dict[str, list[dict]], sign: int = 1) -> None:
        """Count one document's entities in (sign 1) or out (sign -1)."""
        for values in entities.values():
            for value in values:
                eid = value["id"]
                self.by_lang[eid][f"{lang}\t{value['name']}"] += sign
                if value.get("names"):
                    self.known[eid] = value["names"]
                self.aliases[eid].update({text: sign for text in value.get("mentions", [])})

    def save(self, generation: Path) -> None:
        """Write the statistics and, from them, the display names and aliases the search engine reads.

        One display name per entity id across the whole index: the most frequent, overall and per
        language. Where an entity is named in one language only, the other language gets the
        gazetteer's name (cities) or, in English, the transliteration of the Russian name (persons).
        """
        by_lang = {eid: +counts for eid, counts in self.by_lang.items() if +counts}
        aliases = {eid: +counts for eid, counts in self.aliases.items() if eid in by_lang and +counts}
        names: dict[str, dict[str, str]] = {}
        for eid, counts in by_lang.items():
            overall: Counter = Counter()
            entry: dict[str, str] = {}
            for key, count in counts.most_common():
                lang, name = key.split("\t", 1)
                overall[name] += count
                entry.setdefault(lang, name)
            entry[""] = overall.most_common(1)[0][0]
            for lang, name in self.known.get(eid, {}).items():
                entry.setdefault(lang, name)
            if eid.startswith("person:") and "en" not in entry and "ru" in entry:
                entry["en"] = transliterate(entry["ru"])
            names[eid] = entry
        atomic_write(generation / self.FILE, json.dumps(
            {"by_lang": by_lang, "aliases": aliases, "known": {k: v for k, v in self.known.items() if k in by_lang}},
            ensure_ascii=False))
        atomic_write(generation / "names.json", json.dumps(names, ensure_ascii=False, sort_keys=True))
        atomic_write(generation / "aliases.json", json.dumps(
            {eid: [text for text, _ in found.most_common(20)] for eid, found in aliases.items()},
            ensure_ascii=False, sort_keys=True))


class Manifest:
    """Size, modification time and content hash of every indexed file (files.json in the generation):
    an incremental build hashes only the files whose size or time changed. For a file of many articles
    (an export, a feed), `parts` holds the fingerprint of each of its documents, so that a changed file
    updates only the posts that changed."""

    FILE = "files.json"

    def __init__(self, files: dict[str, list], parts: dict[str, dict[str, str]] | None = None) -> None:
        self.files = files
        self.parts = parts or {}

    @classmethod
    def load(cls, generation: Path, ix: whoosh_index.Index) -> Manifest:
        try:
            data = json.loads((generation / cls.FILE).read_text(encoding="utf-8"))
            return cls(data["files"], data["parts"])
        except (OSError, ValueError, KeyError, TypeError):  # a missing or damaged file: from the stored fields
            manifest = cls({})
            with ix.searcher() as searcher:
                for stored in searcher.reader().all_stored_fields():
                    if stored.get("part_of"):
                        manifest.files[stored["part_of"]] = [-1, -1, ""]
                        manifest.parts.setdefault(stored["part_of"], {})[stored["id"]] = stored.get("fingerprint", "")
                    else:
                        manifest.files[stored["id"]] = [-1, -1, stored.get("fingerprint", "")]
            return manifest

    def unchanged(self, doc_id: str, path: str) -> bool:
        known = self.files.get(doc_id)
        if known is None:
            return False
        try:
            stat = file_stat(path)
            if stat == known[:2]:
                return True
            same = fingerprint(Path(path)) == known[2]
        except OSError:
            return False
        if same:
            self.files[doc_id] = [*stat, known[2]]
        return same

    def document_ids(self, file_id: str) -> list[str]:
        """The ids of the documents a file gave: its own, or its posts'."""
        return list(self.parts[file_id]) if file_id in self.parts else [file_id]

    def fingerprints(self) -> set[str]:
        """The content hashes of every indexed document (what the long texts beside the index are named by)."""
        return {entry[2] for file_id, entry in self.files.items() if file_id not in self.parts} | {
            fp for posts in self.parts.values() for fp in posts.values()}

    def save(self, generation: Path) -> None:
        atomic_write(generation / self.FILE, json.dumps({"files": self.files, "parts": self.parts}))


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
