"""Index stage: documents and their entities go into a Whoosh index; full and incremental builds.

Layout of the index directory::

    index/
      CURRENT          name of the generation that serves searches
      gen-<stamp>/     one complete Whoosh index, with meta.json and names.json
        texts/         the whole text of long articles (see STORED_BODY_CHARS), one gzip file each
      .build.lock      held while a build runs

A full build writes a fresh generation and then replaces CURRENT atomically, so a reader never sees
a half-built index and an interrupted build leaves the previous one serving. An incremental run
updates the current generation in one Whoosh commit, which is atomic too.

Whoosh is imported only here and in :mod:`searchapp.search`.
"""

from __future__ import annotations

import fcntl
import gzip
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

import numpy as np
from whoosh import index as whoosh_index
from whoosh.analysis import Tokenizer
from whoosh.analysis.acore import Token as WhooshToken
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from . import analysis
from .config import DEFAULT_SPACY_MODEL
from .corpus import DEFAULT_MAX_BYTES, Document, Skipped, fingerprint, listing, read_document
from .entities import Curated, Entities, EntityExtractor
from .facets import FACETS, PLURALS
from .matching import NO_DATE, date_seconds
from .names import transliterate

# Bump when the schema, the analysis or the entity extraction changes: the next `index` run then
# rebuilds in full instead of mixing old and new documents.
SCHEMA_VERSION = 9
ENTITIES_FILE = "entities.toml"
IN_FLIGHT_PER_WORKER = 32
# The body is indexed whole, but Whoosh stores only its first STORED_BODY_CHARS characters with the
# other fields: every shown hit reads its stored fields, and a 5 MB article would cost each search that
# shows it tens of milliseconds to decompress. The whole text of a longer article is kept beside the
# index (texts/), read only for its document page.
STORED_BODY_CHARS = 20_000
TEXTS = "texts"


class _WordTokenizer(Tokenizer):
    """Whoosh face of :func:`searchapp.analysis.analyze`: each word's terms, all at the word's position."""

    def terms(self, text: str, word: analysis.Token) -> tuple[str, ...]:
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for word in analysis.analyze(value):
            for term in self.terms(value, word):
                token.text = term
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = value[word.start:word.end]
                if positions:
                    token.pos = start_pos + word.position
                if chars:
                    token.startchar = start_char + word.start
                    token.endchar = start_char + word.end
                yield token


class LemmaTokenizer(_WordTokenizer):
    """A word's folded form and all its lemmas."""

    def terms(self, text: str, word: analysis.Token) -> tuple[str, ...]:
        return word.terms


class NameKeyTokenizer(_WordTokenizer):
    """Names as script-independent keys (see :func:`searchapp.analysis.name_keys`)."""

    def terms(self, text: str, word: analysis.Token) -> tuple[str, ...]:
        return analysis.name_keys(text[word.start:word.end])


def make_schema() -> Schema:
    lemmas = LemmaTokenizer()
    return Schema(
        id=ID(stored=True, unique=True),
        fingerprint=STORED(),
        title=TEXT(analyzer=lemmas, stored=True, field_boost=3.0),
        lead=TEXT(analyzer=lemmas, field_boost=1.5),
        names=TEXT(analyzer=NameKeyTokenizer(), phrase=False, field_boost=0.5),
        body=TEXT(analyzer=lemmas, stored=True),
        body_chars=STORED(),
        summary=STORED(),
        headline=STORED(),
        date=DATETIME(stored=True, sortable=True),
        year=ID(stored=False, sortable=True),
        month=ID(stored=False, sortable=True),
        lang=ID(stored=True),
        source=ID(stored=True),
        original_source=STORED(),
        translator=STORED(),
        entities=STORED(),
        **{facet.key: KEYWORD(commas=True, scorable=True) for facet in FACETS},
    )


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


class IndexMissing(RuntimeError):
    """No index has been built in the directory yet (or, as IndexDamaged, it cannot be read)."""


class IndexDamaged(IndexMissing):
    """The directory has an index that cannot be read; `searchapp index` rebuilds it in full."""


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


class TextStore:
    """The whole bodies of long articles, beside one generation, named by the file's content hash.

    Written before the Whoosh commit that refers to them; texts no version refers to any more are removed
    by the next build (not at once, so that a search still running on the version before finds them).
    """

    def __init__(self, generation: Path) -> None:
        self.folder = generation / TEXTS

    def _path(self, fingerprint: str) -> Path:
        return self.folder / f"{fingerprint}.txt.gz"

    def put(self, fingerprint: str, body: str) -> None:
        self.folder.mkdir(exist_ok=True)
        path = self._path(fingerprint)
        if not path.exists():
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=5))
            os.replace(tmp, path)

    def get(self, fingerprint: str) -> str | None:
        try:
            return gzip.decompress(self._path(fingerprint).read_bytes()).decode("utf-8")
        except (OSError, ValueError, EOFError):
            return None

    def keep_only(self, fingerprints: set[str]) -> None:
        """Remove the texts of every other fingerprint."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name.split(".", 1)[0] not in fingerprints:
                    path.unlink(missing_ok=True)


def document_text(index_dir: Path, stored: dict) -> str:
    """An article's whole body: the stored one, or the long text kept beside the index (the stored
    part where that cannot be read)."""
    body = stored.get("body") or ""
    if (stored.get("body_chars") or 0) <= len(body):
        return body
    generation = current_generation(index_dir)
    text = TextStore(generation).get(stored.get("fingerprint", "")) if generation else None
    return text if text is not None else body


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


def current_generation(index_dir: Path) -> Path | None:
    """The generation directory that serves searches, or None before the first build."""
    try:
        name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = index_dir / name
    # A generation with a table of contents counts, even a damaged one: opening it says what is wrong.
    return path if name and path.is_dir() and any(path.glob("_MAIN_*.toc")) else None


def open_index(index_dir: Path) -> whoosh_index.Index:
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissing(f"no index in {index_dir}: run `searchapp index` first")
    try:
        return whoosh_index.open_dir(str(generation))
    except Exception as exc:  # whoosh raises many kinds of error on damaged files
        raise IndexDamaged(f"the index in {index_dir} cannot be read ({type(exc).__name__}: {exc}); "
                           "rebuild it with `searchapp index --full`") from exc


def _read_json(index_dir: Path, name: str) -> dict:
    generation = current_generation(index_dir)
    if generation is None:
        return {}
    try:
        return json.loads((generation / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_meta(index_dir: Path) -> dict:
    """What the current generation was built with (schema version, corpus, model, time)."""
    return _read_json(index_dir, "meta.json")


def entity_names(index_dir: Path) -> dict[str, dict[str, str]]:
    """Display names per facet value id: {"": most frequent name, "en": ..., "ru": ...}."""
    return _read_json(index_dir, "names.json")


def entity_aliases(index_dir: Path) -> dict[str, list[str]]:
    """The forms each facet value was found as in the texts, most frequent first."""
    return _read_json(index_dir, "aliases.json")


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
        undated = 0
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            live = np.array([not reader.is_deleted(n) for n in range(reader.doc_count_all())], dtype=bool) \
                if reader.has_deletions() else True
            undated += int(((date_seconds(reader) == NO_DATE) & live).sum())
        report.total = searcher.doc_count()
        report.undated = undated
