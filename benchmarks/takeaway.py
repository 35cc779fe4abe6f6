"""Issue 17's figures: exporting a whole search and looking up 1,000 names, through the HTTP API of a
server as deployed (one gunicorn worker), on the benchmark archive.

    python -m benchmarks.takeaway --docs N [--data ../shared/data] [--work DIR] [--names 1000]

1. Builds (once; reused from --work) the archive of `benchmarks.make_corpus` and its index without the
   entity models (facet values from front matter), as `benchmarks.query` does.
2. Starts one gunicorn worker on it and, after a warm-up search, downloads `/api/export` as CSV and as
   JSON Lines for the empty query (every article) and for a one-word query, reading the stream as a
   client would: seconds to the first row, rows per second, and the server's memory (RSS, sampled every
   20 ms) before and at its peak during the download.
3. Posts `--names` names to `/api/batch` (as text, one a line): entity names of the index in both
   scripts, some as a surname alone, and a tenth that name nothing, and times the answer (three runs,
   each on a fresh list of names, so nothing is cached between them).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from benchmarks.common import free_port, rss_mib
from benchmarks.make_corpus import DEFAULT_DATA
from benchmarks.query import DEFAULT_WORK, ensure_index
from searchapp.names import transliterate
from searchapp.search import SearchEngine


class Peak:
    """The largest RSS of a process while a `with` block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()

    def __enter__(self) -> Peak:
        def sample() -> None:
            while not self._stop.is_set():
                self.peak = max(self.peak, rss_mib(self.pid))
                time.sleep(0.02)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def download(url: str, pid: int) -> dict:
    """One export read as a client reads it; rows counted as CSV or JSON lines (a CSV field may hold a
    line break)."""
    before = rss_mib(pid)
    started = time.perf_counter()
    first = None
    rows = 0
    with Peak(pid) as peak, urllib.request.urlopen(url, timeout=3600) as response:
        text = io.TextIOWrapper(response, encoding="utf-8-sig", newline="")
        for _ in (csv.reader(text) if url.endswith("format=csv") else text):
            if first is None:
                first = time.perf_counter() - started
            rows += 1
    seconds = time.perf_counter() - started
    rows -= url.endswith("format=csv")  # the header
    return {"rows": rows, "seconds": seconds, "first_row_s": first, "rows_per_s": rows / seconds,
            "rss_before_mib": before, "rss_peak_mib": peak.peak}


def names_list(target: Path, count: int, rng: random.Random) -> list[str]:
    """`count` distinct names a researcher would paste: entity names of the index as written, in the other
    script, as a surname alone, and a tenth that are in no article."""
    engine = SearchEngine(target)
    known = [name for facet in ("person", "organization", "city") for v in engine.facet_values(facet)
             for name in v["names"]]
    engine.close()
    names: dict[str, None] = {}  # distinct, in order
    while len(names) < count:
        name = rng.choice(known)
        kind = rng.random()
        if kind < 0.1:
            name = "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).title() + " Qx"
        elif kind < 0.4:
            name = transliterate(name)
        elif kind < 0.55 and " " in name:
            name = name.split()[-1]
        names[name] = None
    return list(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--workers", type=int, default=2, help="indexing workers")
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--query", default="court")
    args = parser.parse_args()
    corpus, target = ensure_index(args.docs, args.data, args.work, args.workers)
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen([gunicorn, "-w", "1", "--timeout", "3600", "-b", f"127.0.0.1:{port}",
                               "searchapp.web:create_app()"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "SEARCHAPP_INDEX": str(target)})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(500):
            try:
                urllib.request.urlopen(base + "/api/search?q=court", timeout=60).read()
                break
            except OSError:
                time.sleep(0.05)
        worker = int(subprocess.check_output(["pgrep", "-P", str(server.pid)]).split()[0])
        time.sleep(5)  # the first answer starts loading the lemmatisers and the gazetteer in the background
        print(f"{args.docs} articles; one gunicorn worker (pid {worker})")
        for q in ("", args.query):
            for fmt in ("csv", "jsonl"):
                figures = download(f"{base}/api/export?q={quote(q)}&format={fmt}", worker)
                print(f"export q={q!r} {fmt}: " + json.dumps({k: round(v, 3) for k, v in figures.items()}))
        rng = random.Random(17)
        for run in range(3):
            names = names_list(target, args.names, rng)
            body = "\n".join(names).encode()
            request = urllib.request.Request(base + "/api/batch", data=body, headers={"Content-Type": "text/plain"})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=600) as response:
                answer = json.load(response)
            seconds = time.perf_counter() - started
            found = sum(1 for n in answer["names"] if n["entities"])
            print(f"batch run {run + 1}: {len(answer['names'])} distinct names of {len(names)} in {seconds:.2f} s "
                  f"({found} matched an entity); server RSS {rss_mib(worker):.0f} MiB")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
