"""Facet quality on the gold entity sets in ../shared/data, and cross-script search on parallel texts.

    python -m benchmarks.entities [SHARED_DIR]

1. Runs `searchapp extract --json` over factru-dev, pud-dev/en and pud-dev/ru and scores it with
   ../shared/tools/entity_score.py: precision, recall and F1 per facet, then the share of parallel pud
   texts whose English and Russian versions give the same facet ids.
2. Indexes pud-dev/en and pud-dev/ru together and, for every gold person and city of each parallel
   text, searches its name in one language and checks that the other language's version is found.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from searchapp import index
from searchapp.gazetteer import gazetteer
from searchapp.search import SearchEngine

SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared"
SETS = ("factru-dev", "pud-dev/en", "pud-dev/ru")


def extract(folder: Path, out: Path) -> float:
    files = sorted(str(p) for p in folder.glob("*.txt"))
    started = time.monotonic()
    with out.open("w") as handle:
        subprocess.run([sys.executable, "-m", "searchapp.cli", "extract", "--json", *files], stdout=handle, check=True)
    return len(files) / (time.monotonic() - started)


def score(*args: str) -> dict:
    tool = SHARED / "tools" / "entity_score.py"
    done = subprocess.run([sys.executable, str(tool), *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cross_script(tmp: Path) -> dict[str, tuple[int, int]]:
    corpus = tmp / "pud"
    for lang in ("en", "ru"):
        (corpus / lang).mkdir(parents=True)
        for path in (SHARED / "data" / "pud-dev" / lang).glob("*.txt"):
            (corpus / lang / path.name).write_bytes(path.read_bytes())
    index.build(index.Settings(corpus=corpus, index=tmp / "pud-index", workers=2, progress=False))
    engine = SearchEngine(tmp / "pud-index")
    found: dict[str, list[int]] = {"person": [0, 0], "city": [0, 0]}
    cities = {"locations": "city"}
    for lang, other in (("en", "ru"), ("ru", "en")):
        gold = [json.loads(line) for line in (SHARED / "data" / "pud-dev" / lang / "gold.jsonl").open()]
        for record in gold:
            target = f"{other}/{record['doc']}"
            for key, facet in (("persons", "person"), *cities.items()):
                for entity in record.get(key, []):
                    name = entity["names"][0]
                    if facet == "city" and gazetteer().lookup(name) is None:
                        continue  # a region, country or street: the city facet makes no claim about it
                    hits = {h.id for h in engine.search(name, page_size=100).results}
                    found[facet][1] += 1
                    found[facet][0] += target in hits
    return {facet: (hit, total) for facet, (hit, total) in found.items()}


def main() -> None:
    data = SHARED / "data"
    print(f"measured {date.today().isoformat()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        outputs = {}
        for name in SETS:
            out = tmp / (name.replace("/", "_") + ".jsonl")
            rate = extract(data / name, out)
            outputs[name] = out
            result = score(str(out), str(data / name / "gold.jsonl"))
            figures = ", ".join(f"{facet} P {v['p']:.2f} R {v['r']:.2f} F1 {v['f1']:.2f}" for facet, v in result.items())
            print(f"{name:11s} ({rate:5.1f} docs/s): {figures}", flush=True)
        agreement = score("--parallel", str(outputs["pud-dev/en"]), str(outputs["pud-dev/ru"]))
        print("parallel agreement pud-dev en/ru: "
              + ", ".join(f"{facet} {v['agree']:.2f} ({v['docs']} texts)" for facet, v in agreement.items()), flush=True)
        for facet, (hit, total) in cross_script(tmp).items():
            print(f"cross-script search, {facet}: {hit}/{total} = {hit / max(total, 1):.2f} of names find the other "
                  "language's version", flush=True)


if __name__ == "__main__":
    main()
