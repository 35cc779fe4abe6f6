"""Shared fixtures: the bundled corpus indexed once per session, and ../shared/data where present."""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
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


# Real-browser tests -----------------------------------------------------------------------------

try:
    from playwright.sync_api import sync_playwright
except ImportError as exc:  # pragma: no cover - depends on the environment
    sync_playwright = None
    PLAYWRIGHT_IMPORT_ERROR = exc
else:
    PLAYWRIGHT_IMPORT_ERROR = None

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path("/tmp/shots")
TIMEOUT_MS = 5_000



# Fixtures ---------------------------------------------------------------------------------------

@contextlib.contextmanager
def serving(config: dict) -> Iterator[str]:
    """The real app with `config`, served by werkzeug in a thread on a free port: its base URL."""
    from werkzeug.serving import make_server

    from searchapp.web import create_app

    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture(scope="module")
def live_server(engine):
    """The real app over the test index (a module may override this fixture with another app)."""
    with serving({"INDEX": str(engine.index_dir)}) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    """Headless Debian Chromium driven by Playwright; skips the tests when it cannot run."""
    if sync_playwright is None:
        pytest.skip(f"playwright cannot be imported: {PLAYWRIGHT_IMPORT_ERROR}")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} does not exist (install Debian's chromium package)")
    try:
        playwright = sync_playwright().start()
    except Exception as exc:  # noqa: BLE001 - any failure to start the driver means "cannot test"
        pytest.skip(f"playwright could not start: {exc}")
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001
        playwright.stop()
        pytest.skip(f"chromium at {CHROMIUM} failed to launch: {exc}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@dataclass
class Tab:
    """A page in its own browser context (fresh cookies and storage), with its errors collected."""

    page: object
    base: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"GET {path} -> {response and response.status}"
        return response

    def shot(self, name: str, full_page: bool = True) -> None:
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page, caret="initial")

    def check(self) -> None:
        assert not self.errors, "the page logged errors:\n" + "\n".join(self.errors)


@pytest.fixture
def open_tab(chromium, live_server):
    """`open_tab(**context_options)` -> a Tab; contexts are closed after the test."""
    contexts = []

    def open_tab(**options) -> Tab:
        context = chromium.new_context(locale="en-US", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page, live_server)
        page.on("console", lambda msg: tab.errors.append(f"console.{msg.type}: {msg.text} @ {msg.location}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: tab.errors.append(f"pageerror: {exc}"))
        return tab

    yield open_tab
    for context in contexts:
        context.close()


