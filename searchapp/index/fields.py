"""One article as a Whoosh document: the fields of :func:`searchapp.store.make_schema`."""

from __future__ import annotations

import json
import re
from datetime import datetime

from .. import analysis
from ..corpus import Document
from ..entities import Entities
from ..facets import FACETS, PLURALS
from ..store import STORED_BODY_CHARS, Text, prepare


def to_fields(doc: Document, entities: Entities, schema=None) -> dict:
    """The Whoosh document for one article; given the index's schema, with the postings of its text fields
    computed (:func:`searchapp.store.prepare`) and the texts Whoosh stores kept plain."""
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
        "entities": json.dumps(entity_dicts(entities), ensure_ascii=False),
    }
    for name in ("source", "author", "source_url", "translation_of", "part_of"):
        if getattr(doc, name):
            fields[name] = getattr(doc, name)
    if doc.labels:
        fields["labels"] = json.dumps(doc.labels, ensure_ascii=False)
    for kind in analysis.LABEL_KINDS:
        if doc.labels.get(kind):
            fields[kind] = ",".join(dict.fromkeys(analysis.label_key(name) for name in doc.labels[kind]))
    if doc.date:
        fields["date"] = datetime(doc.date.year, doc.date.month, doc.date.day)
        fields["year"] = f"{doc.date.year:04d}"
        fields["month"] = f"{doc.date.year:04d}-{doc.date.month:02d}"
    for facet in FACETS:
        ids = [e.id for e in getattr(entities, facet.plural)]
        if ids:
            fields[facet.key] = ",".join(ids)
    if schema is not None:
        fields["_stored_title"] = doc.title
        for name, field in schema.items():
            if isinstance(field, Text) and fields.get(name):
                fields[name] = prepare(field, fields[name])
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


def entity_dicts(entities: Entities) -> dict[str, list[dict]]:
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
