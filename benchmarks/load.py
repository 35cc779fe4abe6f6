"""Load test: the app under gunicorn on loopback, a realistic mix of requests from concurrent clients.

    python -m benchmarks.load [--docs 10000] [--clients 20] [--seconds 300] [--work DIR] [--data DIR]

1. Builds (once; reused from --work on later runs) an archive of --docs articles recombined from
   ../shared/data by benchmarks/make_corpus.py, indexed with the entity models.
2. Starts `gunicorn -w 2 'searchapp.web:create_app()'` on a free loopback port.
3. Runs --clients concurrent clients for --seconds: half searches (one- and two-word queries in both
   languages), a quarter facet clicks (a search narrowed by a person, city or year from its own
   facets), a quarter document views.
4. Prints requests/s, latency p50/p95/p99, errors, and the servers' memory (RSS) before and after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from benchmarks.common import QUERIES, free_port, rss_mib
from benchmarks.make_corpus import DEFAULT_DATA, make_corpus


class Client(threading.Thread):
    def __init__(self, port: int, until: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.port, self.until, self.rng = port, until, random.Random(seed)
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def get(self, conn: http.client.HTTPConnection, path: str) -> dict | None:
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.errors.append(f"{path}: {exc}")
            conn.close()
            return None
        self.latencies.append(time.perf_counter() - started)
        if response.status != 200:
            self.errors.append(f"{path}: HTTP {response.status}")
            return None
        return json.loads(body) if path.startswith("/api/") else {}

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        last: dict | None = None
        while time.monotonic() < self.until:
            roll = self.rng.random()
            if roll < 0.5 or not last:
                last = self.get(conn, "/api/search?" + urlencode({"q": self.rng.choice(QUERIES)}))
            elif roll < 0.75:
                facets = [(name, v["value"]) for name in ("person", "city", "date") for v in last["facets"][name][:5]]
                if facets:
                    name, value = self.rng.choice(facets)
                    param = {"person": "person", "city": "city", "date": "date"}[name]
                    path = "/?" if self.rng.random() < 0.5 else "/api/search?"
                    result = self.get(conn, path + urlencode({"q": last["query"], param: value}))
                    last = result if path.startswith("/api/") else last
            elif last["results"]:
                self.get(conn, "/doc/" + quote(self.rng.choice(last["results"])["id"]))
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--work", type=Path, default=Path("/tmp/searchapp-load"))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()

    corpus, index_dir = args.work / "corpus", args.work / "index"
    make_corpus(args.docs, corpus, args.data)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "searchapp.cli", "index", "--corpus", str(corpus), "--index", str(index_dir),
                    "--quiet"], check=True)
    print(f"index of {args.docs} articles ready in {time.monotonic() - started:.0f} s", flush=True)

    port = free_port()
    env = dict(os.environ, SEARCHAPP_INDEX=str(index_dir))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "4", "-b",
                               f"127.0.0.1:{port}", "--log-level", "warning", "searchapp.web:create_app()"], env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/api/search?q=warmup")
                break
            except OSError:
                time.sleep(0.2)
        warm = Client(port, time.monotonic() + 10, seed=0)  # first queries load names, facets, gazetteer
        warm.run()
        before = rss_mib(server.pid)
        until = time.monotonic() + args.seconds
        clients = [Client(port, until, seed=i + 1) for i in range(args.clients)]
        for client in clients:
            client.start()
        samples = []
        while any(c.is_alive() for c in clients):
            time.sleep(min(30, args.seconds / 10))
            samples.append(rss_mib(server.pid))
        for client in clients:
            client.join()
        after = rss_mib(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    latencies = sorted(x for c in clients for x in c.latencies)
    errors = [e for c in clients for e in c.errors]
    q = statistics.quantiles(latencies, n=100)
    print(f"{len(latencies)} requests in {args.seconds} s from {args.clients} clients: "
          f"{len(latencies) / args.seconds:.1f} requests/s")
    print(f"latency p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms")
    print(f"errors: {len(errors)}" + (f" (first: {errors[:3]})" if errors else ""))
    print(f"server memory (RSS, gunicorn master + 2 workers): {before:.0f} MiB before, {after:.0f} MiB after; "
          f"samples during the run: {', '.join(f'{s:.0f}' for s in samples)} MiB")


if __name__ == "__main__":
    main()
