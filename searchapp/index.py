"""Index stage: documents and their entities go into a Whoosh index; full and incremental builds.

The schema and the layout on disk are :mod:`searchapp.store`'s. A full build writes a fresh generation and then replaces CURRENT atomically, so a reader never sees
a half-built index and an interrupted build leaves the previous one serving. An incremental run
updates the current generation in one Whoosh commit, which is atomic too.
"""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import re
import secrets
import shutil
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index

from . import analysis
from .config import DEFAULT_SPACY_MODEL
from .corpus import DEFAULT_MAX_BYTES, Document, Skipped, fingerprint, listing, read_document
from .entities import Curated, Entities, EntityExtractor
from .facets import FACETS, PLURALS
from .matching import NO_DATE, Arrays
from .names import transliterate

# Re-exported: the build's callers read the layout through this module, and Whoosh pickles the schema
# with its tokenizers' module path, so indexes built before store.py existed open through these names.
from .store import (  # noqa: F401
    SCHEMA_VERSION,
    STORED_BODY_CHARS,
    TEXTS,
    IndexDamaged,
    IndexMissing,
    LemmaTokenizer,
    NameKeyTokenizer,
    TextStore,
    current_generation,
    entity_aliases,
    entity_names,
    make_schema,
    open_index,
    read_meta,
)

ENTITIES_FILE = "entities.toml"
IN_FLIGHT_PER_WORKER = 32


@dataclass
class Settings:
    """What a build needs to know; the CLI fills it from options and the environment."""

    corpus: Path
    index: Path
    workers: int = 1
    spacy_model: str = DEFAULT_SPACY_MODEL
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: bool = True
    # False: facet values only from front matter and the entities file, no models (benchmarks at scale).
    models: bool = True

    @property
    def entities_file(self) -> Path:
        """The editors' entities file; a change to it makes the next build a full one."""
        return self.corpus / ENTITIES_FILE

    def entities_fingerprint(self) -> str:
        try:
            return fingerprint(self.entities_file)
        except OSError:
            return ""


@dataclass
class Report:
    """What a build did: the summary the CLI prints."""

    full: bool = False
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Files that were indexed but have something the editor should know (an unreadable date line).
    notes: list[Skipped] = field(default_factory=list)
    # Articles of the whole index after the build, and how many of them have no date.
    total: int = 0
    undated: int = 0
    kept: list[str] = field(default_factory=list)  # folders that could not be read: their articles stay
    seconds: float = 0.0

    def summary(self) -> str:
        kind = "full rebuild" if self.full else "incremental update"
        rate = self.indexed / self.seconds if self.seconds else 0.0
        lines = [
            f"{kind}: {self.indexed} indexed, {self.unchanged} unchanged, {self.removed} removed, "
            f"{len(self.skipped)} skipped in {self.seconds:.1f}s ({rate:.1f} docs/s); "
            f"{self.total} articles in the index, {self.undated} without a date"
        ]
        lines += [f"  skipped {s.path}: {s.reason}" for s in self.skipped]
        lines += [f"  kept the articles of {folder} as they were" for folder in self.kept]
        lines += [f"  note {n.path}: {n.reason}" for n in self.notes]
        return "\n".join(lines)


class IndexBusy(RuntimeError):
    """Another build holds the index directory."""


def to_fields(doc: Document, entities: Entities) -> dict:
    """The Whoosh document for one article."""
    fields = {
        "id": doc.id,
        "fingerprint": doc.fingerprint,
        "title": doc.title,
        "lead": "\n".join(p for p in (doc.summary, doc.headline) if p),
        "names": _names_text(doc, entities),
        "body": doc.body,
        "_stored_body": stored_part(doc.body),
        "body_chars": len(doc.body),
        "summary": doc.summary,
        "headline": doc.headline,
        "lang": doc.lang,
        "original_source": doc.original_source,
        "translator": doc.translator,
        "entities": json.dumps(_entity_dicts(entities), ensure_ascii=False),
    }
    if doc.source:
        fields["source"] = doc.source
    if doc.date:
        fields["date"] = datetime(doc.date.year, doc.date.month, doc.date.day)
        fields["year"] = f"{doc.date.year:04d}"
        fields["month"] = f"{doc.date.year:04d}-{doc.date.month:02d}"
    for facet in FACETS:
        ids = [e.id for e in getattr(entities, facet.plural)]
        if ids:
            fields[facet.key] = ",".join(ids)
    return fields


def stored_part(body: str) -> str:
    """What Whoosh stores of a body: all of it, or the first STORED_BODY_CHARS characters up to a paragraph
    (or word) boundary."""
    if len(body) <= STORED_BODY_CHARS:
        return body
    cut = body.rfind("\n\n", STORED_BODY_CHARS // 2, STORED_BODY_CHARS)
    if cut < 0:
        cut = body.rfind(" ", STORED_BODY_CHARS // 2, STORED_BODY_CHARS)
    return body[: cut if cut > 0 else STORED_BODY_CHARS]


def _entity_dicts(entities: Entities) -> dict[str, list[dict]]:
    """A document's entities as stored with it, per facet."""
    return {facet: [{"id": e.id, "name": e.name, "mentions": list(e.mentions),
                     **({"names": dict(e.names)} if e.names else {})}
                    for e in getattr(entities, facet)]
            for facet in PLURALS}


_CAPITALISED = re.compile(r"\b[A-ZА-ЯЁ][^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _names_text(doc: Document, entities: Entities) -> str:
    """What cross-script search matches: the entities' names in both languages, and every capitalised
    word of the article that is no ordinary word, so a name the models missed can still be found from
    the other script."""
    names = {n for facet in PLURALS for e in getattr(entities, facet) for n in (e.name, *(name for _, name in e.names))}
    names.update(w for w in _CAPITALISED.findall(f"{doc.title}\n{doc.text}") if not analysis.is_common_word(w))
    return "\n".join(sorted(names))


# Worker processes: each loads the models once, then reads and analyses files it is handed.
_worker: dict = {}


def _init_worker(root: str, spacy_model: str, max_bytes: int, entities_file: str, models: bool) -> None:
    _worker.update(root=Path(root), extractor=EntityExtractor(spacy_model, Path(entities_file)), max_bytes=max_bytes,
                   models=models)


def _process(path: str) -> tuple[Document, Entities, list[int]] | Skipped:
    root = _worker["root"]
    try:
        # Taken before reading, so a file changed while it is read is seen as changed next time.
        stat = _stat(path)
    except OSError:
        stat = [-1, -1]
    doc = read_document(Path(path), root, _worker["max_bytes"])
    if isinstance(doc, Skipped):
        return doc
    try:
        return doc, _worker["extractor"].extract(doc, models=_worker["models"]), stat
    except Exception as exc:  # a model failing on one text must not stop the build
        return Skipped(doc.id, path, f"entity extraction failed: {type(exc).__name__}: {exc}")


def _stat(path: Path | str) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns]


def _process_all(paths: list[Path], settings: Settings) -> Iterator[tuple[Document, Entities, list[int]] | Skipped]:
    args = (str(settings.corpus), settings.spacy_model, settings.max_bytes, str(settings.entities_file), settings.models)
    if settings.workers <= 1 or len(paths) <= 1:
        _init_worker(*args)
        yield from map(_process, map(str, paths))
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(settings.workers, initializer=_init_worker, initargs=args) as pool:
        # A bounded window of files in flight, not Pool.imap: when the workers outpace the writer
        # (a build without the models), imap would queue every parsed document in memory.
        pending: deque = deque()
        for path in paths:
            pending.append(pool.apply_async(_process, (str(path),)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * settings.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _progress(items: Iterable, total: int, enabled: bool) -> Iterable:
    if not enabled or total == 0:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="doc", desc="indexing", file=sys.stderr, dynamic_ncols=True)


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another build is running in {index_dir}") from None
        yield


class _EntityStats:
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
    def load(cls, generation: Path, ix: whoosh_index.Index) -> _EntityStats:
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
        _atomic_write(generation / self.FILE, json.dumps(
            {"by_lang": by_lang, "aliases": aliases, "known": {k: v for k, v in self.known.items() if k in by_lang}},
            ensure_ascii=False))
        _atomic_write(generation / "names.json", json.dumps(names, ensure_ascii=False, sort_keys=True))
        _atomic_write(generation / "aliases.json", json.dumps(
            {eid: [text for text, _ in found.most_common(20)] for eid, found in aliases.items()},
            ensure_ascii=False, sort_keys=True))


class _Manifest:
    """Size, modification time and content hash of every indexed file (files.json in the generation):
    an incremental build hashes only the files whose size or time changed."""

    FILE = "files.json"

    def __init__(self, files: dict[str, list]) -> None:
        self.files = files

    @classmethod
    def load(cls, generation: Path, ix: whoosh_index.Index) -> _Manifest:
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
            stat = _stat(path)
            if stat == known[:2]:
                return True
            same = fingerprint(Path(path)) == known[2]
        except OSError:
            return False
        if same:
            self.files[doc_id] = [*stat, known[2]]
        return same

    def save(self, generation: Path) -> None:
        _atomic_write(generation / self.FILE, json.dumps(self.files))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def build(settings: Settings, full: bool = False) -> Report:
    """Bring the index up to date with the corpus: incrementally, or in full when asked or needed."""
    started = time.monotonic()
    if not settings.corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {settings.corpus}")
    Curated.load(settings.entities_file)  # a broken entities file stops the build before anything changes
    with _build_lock(settings.index):
        generation = current_generation(settings.index)
        meta = read_meta(settings.index)
        if (generation is None or meta.get("schema_version") != SCHEMA_VERSION
                or meta.get("entities_file") != settings.entities_fingerprint()
                or meta.get("spacy_model") != _meta(settings)["spacy_model"]):
            full = True
        if not full:
            try:
                open_index(settings.index).doc_count()
            except IndexMissing:
                full = True  # a damaged index is rebuilt, not updated
        report = _build_full(settings) if full else _build_incremental(settings, generation)
    report.seconds = time.monotonic() - started
    return report


def _meta(settings: Settings) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "corpus": str(settings.corpus.resolve()),
        "spacy_model": settings.spacy_model if settings.models else None,
        "entities_file": settings.entities_fingerprint(),
        "built": datetime.now().isoformat(timespec="seconds"),
    }


def _add(writer, paths: list[Path], settings: Settings, report: Report, stats: _EntityStats, manifest: _Manifest,
         texts: TextStore, searcher=None) -> None:
    """Index the files; with the searcher of an existing index, as replacements of their old versions."""
    for result in _progress(_process_all(paths, settings), len(paths), settings.progress):
        if isinstance(result, Skipped):
            report.skipped.append(result)
            continue
        doc, entities, stat = result
        fields = to_fields(doc, entities)
        if len(fields["_stored_body"]) < len(doc.body):
            texts.put(doc.fingerprint, doc.body)
        if searcher is None:
            writer.add_document(**fields)
        else:
            stats.add_stored(searcher.document(id=doc.id), sign=-1)
            writer.update_document(**fields)
        stats.add(doc.lang, _entity_dicts(entities))
        manifest.files[doc.id] = [*stat, doc.fingerprint]
        report.indexed += 1
        report.notes += [Skipped(doc.id, doc.path, note) for note in doc.notes]


def _writer(ix: whoosh_index.Index):
    """A Whoosh writer that leaves each segment's files separate: Whoosh reads a compound segment file
    by copying each part into memory (1 GB at 100,000 articles), separate files through the page cache."""
    return ix.writer(limitmb=256, compound=False)


def _build_full(settings: Settings) -> Report:
    report = Report(full=True)
    index_dir = settings.index
    # Generations other than the current one: the previous build's (kept until now for searches still
    # running on it) and any left by an interrupted build.
    for stale in index_dir.glob("gen-*"):
        if stale != current_generation(index_dir):
            shutil.rmtree(stale, ignore_errors=True)
    generation = index_dir / f"gen-{datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    generation.mkdir(parents=True)
    ix = whoosh_index.create_in(str(generation), make_schema())
    writer = _writer(ix)
    stats, manifest = _EntityStats(), _Manifest({})
    found = listing(settings.corpus)
    report.skipped += found.skipped
    try:
        _add(writer, [settings.corpus / doc_id for doc_id in found.ids], settings, report, stats, manifest,
             TextStore(generation))
        writer.commit()
        stats.save(generation)
        manifest.save(generation)
    except BaseException:
        writer.cancel()
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _atomic_write(generation / "meta.json", json.dumps(_meta(settings), indent=2))
    _atomic_write(index_dir / "CURRENT", generation.name)
    _count_dates(ix, report)
    return report


def _build_incremental(settings: Settings, generation: Path) -> Report:
    report = Report(full=False)
    ix = whoosh_index.open_dir(str(generation))
    manifest = _Manifest.load(generation, ix)
    changed: list[Path] = []
    seen: set[str] = set()
    root = str(settings.corpus)
    found = listing(settings.corpus)
    report.skipped += found.skipped
    for doc_id in found.ids:
        seen.add(doc_id)
        path = os.path.join(root, doc_id)
        if manifest.unchanged(doc_id, path):
            report.unchanged += 1
        else:
            changed.append(Path(path))
    # A folder that cannot be read this time is not a folder whose files were deleted.
    kept = tuple(found.unreadable)
    removed = [doc_id for doc_id in manifest.files if doc_id not in seen and not doc_id.startswith(kept)]
    report.kept = [folder for folder in kept if any(doc_id.startswith(folder) for doc_id in manifest.files)]
    if not changed and not removed:
        _count_dates(ix, report)
        return report
    stats = _EntityStats.load(generation, ix)
    texts = TextStore(generation)
    before = {entry[2] for entry in manifest.files.values()}
    writer = _writer(ix)
    try:
        with ix.searcher() as searcher:
            for doc_id in removed:
                stats.add_stored(searcher.document(id=doc_id), sign=-1)
                writer.delete_by_term("id", doc_id)
                manifest.files.pop(doc_id)
            report.removed = len(removed)
            _add(writer, changed, settings, report, stats, manifest, texts, searcher)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    # After the commit: a crash here leaves statistics a little off until the next full build, never
    # an index that disagrees with its files.
    stats.save(generation)
    manifest.save(generation)
    texts.keep_only(before | {entry[2] for entry in manifest.files.values()})
    _atomic_write(generation / "meta.json", json.dumps(_meta(settings), indent=2))
    _count_dates(ix, report)
    return report


def _count_dates(ix: whoosh_index.Index, report: Report) -> None:
    """How many articles the index holds after the build, and how many of them have no date."""
    with ix.searcher() as searcher:
        arrays = Arrays(searcher)
        report.total = searcher.doc_count()
        report.undated = int(((arrays.dates() == NO_DATE) & arrays.live).sum())
