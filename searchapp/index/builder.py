"""Full and incremental builds (see the package's docstring)."""

from __future__ import annotations

import fcntl
import json
import secrets
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index

from .. import lexicon, postings, relations
from ..corpus import Skipped, listing
from ..entities import Curated
from ..matching import NO_DATE, Arrays
from ..store import SCHEMA_VERSION, IndexMissing, TextStore, current_generation, make_schema, open_index, read_meta
from .fields import entity_dicts
from .plan import Plan
from .records import EntityStats, Manifest, atomic_write
from .settings import IndexBusy, Report, Settings
from .workers import process_all


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
                or meta.get("spacy_model") != _meta(settings)["spacy_model"]
                or not (generation / relations.FOLDER).is_dir()):  # built before relations were kept
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


def _add(writer, plan: Plan, settings: Settings, report: Report, stats: EntityStats, manifest: Manifest,
         texts: TextStore, words: dict, features: dict, searcher=None) -> None:
    """Index what the plan streams; with the searcher of an existing index, as replacements of their old
    versions. Collects their words' analysis in `words` (see :mod:`searchapp.lexicon`) and their relation
    features in `features` (see :mod:`searchapp.relations`)."""
    for result in _progress(process_all(plan.items(), settings), plan.total, settings.progress):
        if isinstance(result, Skipped):
            report.skipped.append(result)
            continue
        doc, entities, stat, fields = result.doc, result.entities, result.stat, result.fields
        words.update(result.words)
        features[doc.id] = result.features
        if len(fields["_stored_body"]) < len(doc.body):
            texts.put(doc.fingerprint, doc.body)
        if searcher is None:
            writer.add_document(**fields)
        else:
            stats.add_stored(searcher.document(id=doc.id), sign=-1)
            writer.update_document(**fields)
        stats.add(doc.lang, entity_dicts(entities))
        if doc.part_of:
            manifest.parts.setdefault(doc.part_of, {})[doc.id] = doc.fingerprint
        else:
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
    stats, manifest, words, features = EntityStats(), Manifest({}), {}, {}
    found = listing(settings.corpus)
    report.skipped += found.skipped
    try:
        _add(writer, Plan(settings, found, manifest, report), settings, report, stats, manifest,
             TextStore(generation), words, features)
    except BaseException:
        writer.cancel()
        shutil.rmtree(generation, ignore_errors=True)
        raise
    try:
        writer.commit()
        postings.write_missing(generation, ix)
        lexicon.add_words(generation, words)
        relations.save(generation, features, relations.relate(features))
        stats.save(generation)
        manifest.save(generation)
    except BaseException:  # the generation is not CURRENT yet: the previous index goes on serving
        shutil.rmtree(generation, ignore_errors=True)
        raise
    atomic_write(generation / "meta.json", json.dumps(_meta(settings), indent=2))
    atomic_write(index_dir / "CURRENT", generation.name)
    _count_dates(ix, report)
    return report


def _build_incremental(settings: Settings, generation: Path) -> Report:
    report = Report(full=False)
    ix = whoosh_index.open_dir(str(generation))
    manifest = Manifest.load(generation, ix)
    found = listing(settings.corpus)
    report.skipped += found.skipped
    before = manifest.fingerprints()
    plan = Plan(settings, found, manifest, report)
    if not plan.changed and not plan.removed:
        postings.write_missing(generation, ix)  # what an earlier version's arrays lack
        _count_dates(ix, report)
        return report
    stats = EntityStats.load(generation, ix)
    texts = TextStore(generation)
    writer = _writer(ix)
    words: dict = {}
    features = relations.saved_features(generation)
    try:
        with ix.searcher() as searcher:
            # Removed after the adding: reading a changed export is what tells which of its posts are gone.
            _add(writer, plan, settings, report, stats, manifest, texts, words, features, searcher)
            for doc_id in plan.removed:
                stats.add_stored(searcher.document(id=doc_id), sign=-1)
                writer.delete_by_term("id", doc_id)
                features.pop(doc_id, None)
            report.removed = len(plan.removed)
        # Before the commit, so that no search sees the new articles with the old relations.
        relations.save(generation, features, relations.relate(features))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    # After the commit: a crash here leaves statistics a little off until the next full build, never
    # an index that disagrees with its files. Segments without posting arrays are read through Whoosh.
    postings.write_missing(generation, ix)
    lexicon.add_words(generation, words)
    stats.save(generation)
    manifest.save(generation)
    texts.keep_only(before | manifest.fingerprints())
    atomic_write(generation / "meta.json", json.dumps(_meta(settings), indent=2))
    _count_dates(ix, report)
    return report


def _count_dates(ix: whoosh_index.Index, report: Report) -> None:
    """How many articles the index holds after the build, and how many of them have no date."""
    with ix.searcher() as searcher:
        arrays = Arrays(searcher)
        report.total = searcher.doc_count()
        report.undated = int(((arrays.dates() == NO_DATE) & arrays.live).sum())


def _progress(items: Iterable, total: int | None, enabled: bool) -> Iterable:
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
