"""Worker processes: each loads the models once, then reads and analyses the files it is handed."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import analysis, relations
from ..corpus import Document, Skipped, read_document
from ..entities import Entities, EntityExtractor
from ..facets import PLURALS
from ..store import make_schema
from .fields import to_fields
from .records import file_stat
from .settings import Settings

IN_FLIGHT_PER_WORKER = 32

_worker: dict = {}


def _init_worker(root: str, spacy_model: str, max_bytes: int, entities_file: str, models: bool) -> None:
    _worker.update(root=Path(root), extractor=EntityExtractor(spacy_model, Path(entities_file)), max_bytes=max_bytes,
                   models=models, schema=make_schema(), words=set())


@dataclass
class Processed:
    """One article read and analysed by a worker."""

    doc: Document
    entities: Entities
    stat: list[int]  # of the file, when it was read (see records.file_stat)
    fields: dict  # the Whoosh document (:func:`to_fields`)
    words: dict[str, analysis.KnownWord]  # the words this worker had not met before, analysed
    features: relations.Features  # what its translations and copies are found by


def _process(path: str) -> Processed | Skipped:
    root = _worker["root"]
    try:
        # Taken before reading, so a file changed while it is read is seen as changed next time.
        stat = file_stat(path)
    except OSError:
        stat = [-1, -1]
    doc = read_document(Path(path), root, _worker["max_bytes"])
    if isinstance(doc, Skipped):
        return doc
    try:
        entities = _worker["extractor"].extract(doc, models=_worker["models"])
    except Exception as exc:  # a model failing on one text must not stop the build
        return Skipped(doc.id, path, f"entity extraction failed: {type(exc).__name__}: {exc}")
    fields = to_fields(doc, entities, _worker["schema"])
    seen = _worker["words"]
    words = {word: known for text in (doc.title, fields["lead"], doc.body)
             for word, known in analysis.vocabulary(text, seen).items()}
    seen.update(words)
    ids = [e.id for facet in PLURALS for e in getattr(entities, facet)]
    return Processed(doc, entities, stat, fields, words, relations.features(doc, ids, fields["names"]))


def process_all(paths: list[Path], settings: Settings) -> Iterator[Processed | Skipped]:
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
