"""Faults and hostile input: rebuilds while serving, killed builds, concurrent builds, a damaged
index, random queries and parameters, paths outside the index, error pages."""

from __future__ import annotations

import fcntl
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp import index, store
from searchapp.search import SearchEngine
from searchapp.web import create_app


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def doc_ids(index_dir) -> list[str]:
    engine = SearchEngine(index_dir)
    try:
        return [h.id for h in engine.search("", page_size=100).results]
    finally:
        engine.close()


def test_rebuild_while_serving_answers_every_request(corpus, tmp_path):
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    client = create_app({"INDEX": str(index_dir)}).test_client()
    expected = client.get("/api/search?q=Gorelov").get_json()["total"]
    errors, answers = [], 0
    done = threading.Event()

    def rebuild():
        try:
            build(corpus, index_dir, full=True)
            build(corpus, index_dir, full=True)
        finally:
            done.set()

    thread = threading.Thread(target=rebuild)
    thread.start()
    while not done.is_set():
        for url in ("/api/search?q=Gorelov", "/?q=arrest&city=Irkutsk", "/doc/en/2019-04-kemerovo-lawyers.txt"):
            response = client.get(url)
            answers += 1
            if response.status_code != 200:
                errors.append((url, response.status_code))
        if client.get("/api/search?q=Gorelov").get_json()["total"] != expected:
            errors.append("a search saw a partial index")
    thread.join()
    assert answers > 10 and errors == []


def _run_index(corpus, index_dir, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "searchapp.cli", "index", "--corpus", str(corpus), "--index",
                             str(index_dir), "--workers", "1", "--quiet", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_builds_killed_at_random_points_lose_nothing(corpus, tmp_path):
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    everything = sorted(doc_ids(index_dir))
    rng = random.Random(7)
    for attempt in range(4):
        changed = corpus / "en" / "2017-03-perm-journalist-search.txt"
        text = changed.read_text(encoding="utf-8").replace("\nTranslated by", f"\nEdited {attempt}.\n\nTranslated by")
        changed.write_text(text, encoding="utf-8")
        process = _run_index(corpus, index_dir, *(["--full"] if attempt % 2 == 0 else []))
        time.sleep(rng.uniform(0.5, 5.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        # The last complete index still serves, whole and without duplicates.
        assert sorted(doc_ids(index_dir)) == everything
    # The next run recovers without help: no stale lock, no leftover generation in the way.
    report = build(corpus, index_dir)
    assert not report.skipped
    assert sorted(doc_ids(index_dir)) == everything
    assert len(list(index_dir.glob("gen-*"))) <= 2
    assert SearchEngine(index_dir).search('"Edited 3"').total == 1


def test_a_second_build_refuses_while_one_runs(corpus, tmp_path, capsys):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    with open(index_dir / ".build.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(index.IndexBusy, match="another build is running"):
            build(corpus, index_dir)
        from searchapp.cli import main

        assert main(["index", "--corpus", str(corpus), "--index", str(index_dir), "--quiet"]) == 2
        assert "another build is running" in capsys.readouterr().err
    assert build(corpus, index_dir).indexed == 19  # 14 text files, 3 posts of the export, 2 feed items


def test_damaged_index_is_reported_and_rebuilt(corpus, tmp_path):
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    generation = store.current_generation(index_dir)
    for toc in generation.glob("*.toc"):
        toc.write_bytes(b"\x00garbage")
    client = create_app({"INDEX": str(index_dir)}).test_client()
    for url in ("/", "/api/search?q=x"):
        response = client.get(url)
        assert response.status_code == 503
        assert "searchapp index --full" in response.get_data(as_text=True)
    assert "The index cannot be read." in client.get("/").get_data(as_text=True)
    report = build(corpus, index_dir)
    assert report.full and report.indexed == 19
    assert client.get("/").status_code == 200


def test_missing_index_page(tmp_path):
    response = create_app({"INDEX": str(tmp_path / "none")}).test_client().get("/")
    assert response.status_code == 503 and "searchapp index" in response.get_data(as_text=True)
    assert "The index is empty." in response.get_data(as_text=True)


SYNTAX = ['"', "(", ")", "[", "]", "{", "}", ":", "*", "?", "~", "^", "+", "-", "!", "\\", "/", "AND", "OR",
          "NOT", "ANDNOT", "title:", "person:", "org:", "city:", "nofield:", "date:", "*der", "de*", "\x00", "\n",
          "правозащитник", "Kemerovo", "Горелов", "arrest", "😀", "ё", "' OR 1=1 --", "<script>"]
queries = st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=12)), max_size=30).map(" ".join)


@pytest.fixture(scope="module")
def web(engine):
    return create_app({"INDEX": str(engine.index_dir)}).test_client()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries)
def test_random_queries_always_get_an_answer_quickly(engine, q):
    started = time.monotonic()
    result = engine.search(q)
    assert len(result.results) == min(result.total, 10) and result.page >= 1
    assert time.monotonic() - started < 3.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries, page=st.one_of(st.integers(), st.text(max_size=8)), date=st.text(max_size=12),
       person=st.text(max_size=20))
def test_random_parameters_never_fail(web, q, page, date, person):
    params = {"q": q, "page": str(page), "from": date, "to": date, "date": date, "person": person, "sort": date}
    for path in ("/", "/api/search"):
        assert web.get(path, query_string=params).status_code < 500
    assert web.get("/api/suggest", query_string={"q": q}).status_code == 200


def test_huge_queries_are_limited_with_a_message(engine):
    long = engine.search("arrest " * 2000)
    assert "too long" in long.message
    many = engine.search(" ".join(f"w{i}" for i in range(1000)))
    assert "first 32 words" in many.message
    leading = engine.search("*est")
    assert "wildcard" in leading.message


@pytest.mark.parametrize("path", [
    "/index/CURRENT", "/static/../index/CURRENT", "/static/%2e%2e/%2e%2e/index/CURRENT", "/doc//etc/passwd",
    "/doc/%2Fetc%2Fpasswd", "/doc/..%2F..%2Fpyproject.toml", "/api/doc/../../README.md", "/static/../../pyproject.toml",
])
def test_nothing_outside_the_index_is_served(web, path):
    response = web.get(path, follow_redirects=True)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "There is no article" in body or response.get_json()["error"] == "Not found"
    # None of the files asked for is in the answer: the index's pointer, /etc/passwd, the project's files.
    assert not any(text in body for text in ("gen-2", "root:x:", "[build-system]", "faceted browsing", "Traceback"))


def test_error_pages_hide_internals_and_keep_headers(engine, monkeypatch):
    app = create_app({"INDEX": str(engine.index_dir)})
    client = app.test_client()

    def boom(*args, **kwargs):
        raise RuntimeError("boom at /secret/path/to/index")

    monkeypatch.setattr(app.extensions["searchapp.engine"], "search", boom)
    for url in ("/", "/api/search"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "Traceback" not in body and "/secret/path" not in body and "boom" not in body
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"]


def test_headers_on_static_files_and_redirects(web):
    for url in ("/static/app.css", "/embed.js", "/opensearch.xml", "/nope"):
        response = web.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert "Content-Security-Policy" in response.headers, url


def test_one_engine_serves_many_threads(engine):
    """Whoosh searchers are not thread-safe; the engine gives each thread its own."""
    errors = []
    queries = ["arrest", "правозащитники", "Gorelov", "court", "Кемерово", ""]

    def work(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(25):
                result = engine.search(rng.choice(queries), page_size=5)
                for hit in result.results[:2]:
                    engine.similar(hit.id)
                    engine.document(hit.id)
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
