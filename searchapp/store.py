"""The index on disk: its schema and layout, read by the build (:mod:`searchapp.index`) and by search.

Layout of the index directory::

    index/
      CURRENT          name of the generation that serves searches
      gen-<stamp>/     one complete Whoosh index, with meta.json, names.json, aliases.json
        texts/         the whole text of long articles (see STORED_BODY_CHARS), one gzip file each
        relations/     translations and reprints, and what they were found by (searchapp.relations)
      .build.lock      held while a build runs

Search imports this module, not the build pipeline, so that searching never loads the entity models.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import Tokenizer
from whoosh.analysis.acore import Token as WhooshToken
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from . import analysis
from .facets import FACETS

# Bump when the schema, the analysis or the entity extraction changes: the next `index` run then
# rebuilds in full instead of mixing old and new documents.
SCHEMA_VERSION = 29
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
    """A word's folded form, all its lemmas and its exact-form term (:func:`searchapp.analysis.terms_for`)."""

    def terms(self, text: str, word: analysis.Token) -> tuple[str, ...]:
        return word.terms


class NameKeyTokenizer(_WordTokenizer):
    """Names as script-independent keys (see :func:`searchapp.analysis.name_keys`)."""

    def terms(self, text: str, word: analysis.Token) -> tuple[str, ...]:
        return analysis.name_keys(text[word.start:word.end])


class PreparedText(str):
    """A field's text with its postings already computed (:func:`prepare`), by the worker process that read
    the article: analysis is most of a build's work without the models, and the one writer process that
    adds every document would otherwise do all of it."""

    postings: list


def prepare(field: TEXT, text: str) -> PreparedText:
    prepared = PreparedText(text)
    prepared.postings = list(field.index(text))
    return prepared


class Text(TEXT):
    """Whoosh's TEXT field that takes the postings of a :class:`PreparedText` as they are."""

    def index(self, value, **kwargs):
        postings = getattr(value, "postings", None)
        return iter(postings) if postings is not None else super().index(value, **kwargs)


def make_schema() -> Schema:
    lemmas = LemmaTokenizer()
    return Schema(
        id=ID(stored=True, unique=True),
        fingerprint=STORED(),
        title=Text(analyzer=lemmas, stored=True, field_boost=3.0),
        lead=Text(analyzer=lemmas, field_boost=1.5),
        names=Text(analyzer=NameKeyTokenizer(), phrase=False, field_boost=0.5),
        body=Text(analyzer=lemmas, stored=True),
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
        author=STORED(),
        source_url=STORED(),
        labels=STORED(),  # JSON: {"category": [names], "tag": [names]}
        **{kind: KEYWORD(commas=True) for kind in analysis.LABEL_KINDS},  # analysis.label_key terms
        translation_of=ID(stored=True),  # the id of the document this one translates (see Document)
        part_of=ID(stored=True),  # the export or feed the document is a post of
        **{facet.key: KEYWORD(commas=True, scorable=True) for facet in FACETS},
    )


class IndexMissing(RuntimeError):
    """No index has been built in the directory yet (or, as IndexDamaged, it cannot be read)."""


class IndexDamaged(IndexMissing):
    """The directory has an index that cannot be read; `searchapp index` rebuilds it in full."""


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


def document_text(generation: Path, stored: dict) -> str:
    """An article's whole body: the stored one, or the long text kept beside its generation (the stored
    part where that cannot be read)."""
    body = stored.get("body") or ""
    if (stored.get("body_chars") or 0) <= len(body):
        return body
    text = TextStore(generation).get(stored.get("fingerprint", ""))
    return text if text is not None else body


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


