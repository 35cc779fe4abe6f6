"""Shared fixtures: the bundled corpus indexed once per session, and ../shared/data where present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searchapp import index
from searchapp.search import SearchEngine

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED = SHARED / "seed" / "000_06cc7c1f357f947f.txt"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (../shared/data is not part of a clone)")


def build(corpus: Path, index_dir: Path, full: bool = False) -> index.Report:
    return index.build(index.Settings(corpus=corpus, index=index_dir, workers=1, progress=False), full=full)


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory) -> Path:
    """The bundled corpus, plus the seed article where ../shared is present."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "corpus", folder, dirs_exist_ok=True)
    if SEED.exists():
        shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture(scope="session")
def engine(corpus_copy, tmp_path_factory) -> SearchEngine:
    index_dir = tmp_path_factory.mktemp("index")
    build(corpus_copy, index_dir)
    return SearchEngine(index_dir)
