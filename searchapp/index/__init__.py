"""Index stage: documents and their entities go into a Whoosh index; full and incremental builds.

The schema and the layout on disk are :mod:`searchapp.store`'s. A full build writes a fresh generation and then replaces CURRENT atomically, so a reader never sees
a half-built index and an interrupted build leaves the previous one serving. An incremental run
updates the current generation in one Whoosh commit, which is atomic too.
"""

# Whoosh pickles the schema with its tokenizers' module path: indexes built before store.py existed
# open through these names.
from ..store import LemmaTokenizer, NameKeyTokenizer  # noqa: F401
from .builder import build
from .fields import to_fields
from .settings import ENTITIES_FILE, IndexBusy, Report, Settings

__all__ = ["ENTITIES_FILE", "IndexBusy", "Report", "Settings", "build", "to_fields"]
