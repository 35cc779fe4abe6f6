"""Worker processes: each loads the models once, then reads and analyses the files it is handed."""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import analysis, relations
from ..corpus import Document, Entry, Skipped, read_document, read_entry
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


def _process(item: str | Entry) -> Processed | Skipped:
    """A file of one article (its path), or one post of an export or feed, read and analysed."""
    stat = [-1, -1]  # a post's file is recorded by the build's plan
    if isinstance(item, Entry):
        doc = read_entry(item, _worker["max_bytes"])
    else:
        # Taken before reading, so a file changed while it is read is seen as changed next time.
        with contextlib.suppress(OSError):
            stat = file_stat(item)
        doc = read_document(Path(item), _worker["root"], _worker["max_bytes"])
    if isinstance(doc, Skipped):
        return doc
    try:
        entities = _worker["extractor"].extract(doc, models=_worker["models"])
    except Exception as exc:  # a model failing on one text must not stop the build
        return Skipped(doc.id, doc.path, f"entity extraction failed: {type(exc).__name__}: {exc}")
    fields = to_fields(doc, entities, _worker["schema"])
    seen = _worker["words"]
    words = {word: known for text in (doc.title, fields["lead"], doc.body)
             for word, known in analysis.vocabulary(text, seen).items()}
    seen.update(words)
    ids = [e.id for facet in PLURALS for e in getattr(entities, facet)]
    return Processed(doc, entities, stat, fields, words, relations.features(doc, ids, fields["names"]))


def process_all(items: Iterable[str | Entry], settings: Settings) -> Iterator[Processed | Skipped]:
    """The items read and analysed, in their order: in this process with one worker (or one item), else
    in a pool of worker processes."""
    args = (str(settings.corpus), settings.spacy_model, settings.max_bytes, str(settings.entities_file), settings.models)
    items = iter(items)
    first = list(itertools.islice(items, 2))
    if settings.workers <= 1 or len(first) <= 1:
        _init_worker(*args)
        yield from map(_process, itertools.chain(first, items))
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(settings.workers, initializer=_init_worker, initargs=args) as pool:
        # A bounded window of files in flight, not Pool.imap: when the workers outpace the writer
        # (a build without the models), imap would queue every parsed document in memory.
        pending: deque = deque()
        for item in itertools.chain(first, items):
            pending.append(pool.apply_async(_process, (item,)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * settings.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
