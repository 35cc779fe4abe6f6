"""Facet quality on the gold entity sets in ../shared/data, scored by ../shared/tools/entity_score.py.

Runs `searchapp extract --json` over factru-dev, pud-dev/en and pud-dev/ru, prints precision, recall
and F1 per facet for each, then the share of parallel pud texts whose two versions give the same ids.
Usage: python benchmarks/entity_quality.py [SHARED_DIR]
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared"
SETS = {"factru-dev": "factru-dev", "pud-dev/en": "pud-dev/en", "pud-dev/ru": "pud-dev/ru"}


def extract(folder: Path, out: Path) -> float:
    files = sorted(str(p) for p in folder.glob("*.txt"))
    started = time.monotonic()
    with out.open("w") as handle:
        subprocess.run([sys.executable, "-m", "searchapp.cli", "extract", "--json", *files], stdout=handle, check=True)
    return len(files) / (time.monotonic() - started)


def main() -> None:
    data, score = SHARED / "data", SHARED / "tools" / "entity_score.py"
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {}
        for name, folder in SETS.items():
            out = Path(tmp) / (name.replace("/", "_") + ".jsonl")
            rate = extract(data / folder, out)
            outputs[name] = out
            print(f"{name} ({rate:.1f} docs/s including model loading):", flush=True)
            subprocess.run([sys.executable, str(score), str(out), str(data / folder / "gold.jsonl")], check=True)
        print("parallel agreement pud-dev en/ru:", flush=True)
        subprocess.run([sys.executable, str(score), "--parallel", str(outputs["pud-dev/en"]),
                        str(outputs["pud-dev/ru"])], check=True)


if __name__ == "__main__":
    main()
