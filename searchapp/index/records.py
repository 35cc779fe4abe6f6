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
    an incremental build hashes only the files whose size or time changed."""

    FILE = "files.json"

    def __init__(self, files: dict[str, list]) -> None:
        self.files = files

    @classmethod
    def load(cls, generation: Path, ix: whoosh_index.Index) -> Manifest:
        try:
            return cls(json.loads((generation / cls.FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError):  # a missing or damaged file: the hashes stored in the index
            with ix.searcher() as searcher:
                return cls({f["id"]: [-1, -1, f.get("fingerprint", "")] for f in searcher.reader().all_stored_fields()})

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

    def save(self, generation: Path) -> None:
        atomic_write(generation / self.FILE, json.dumps(self.files))


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
