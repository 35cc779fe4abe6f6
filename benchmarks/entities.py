"""Facet quality on the gold entity sets in ../shared/data, and cross-script search on parallel texts.

    python -m benchmarks.entities [SHARED_DIR]

1. Runs `searchapp extract --json` over factru-dev, pud-dev/en and pud-dev/ru and scores it with
   ../shared/tools/entity_score.py: precision, recall and F1 per facet, then the share of parallel pud
   texts whose English and Russian versions give the same facet ids.
2. Scores the gold itself less what the facets never show (bare first names as persons, countries and
   regions as cities): the ceiling an extractor that obeys the facet rules can reach on each set; and
   the facets against that gold, where showing a country as a town (Япония for Sado, Japan) counts
   as the error it is, which the tool's own scoring credits wherever a town has the country's name.
3. Indexes pud-dev/en and pud-dev/ru together and, for every gold person and city of each parallel
   text, searches its name in one language and checks that the other language's version is found.
4. The same on ntrex-dev (real news and their translations, no gold): for every person and city the
   index gives an article, its name as the article writes it is searched, and the translation should
   be among the hits, both ways: as results show them (a linked translation is folded into its
   original's hit) and unfolded (the name itself must match the translation).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from searchapp import index
from searchapp.entities import is_first_name
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


def _scorer():
    """The scoring tool as a module, for its notion of a city and of a name's normal form."""
    spec = importlib.util.spec_from_file_location("entity_score", SHARED / "tools" / "entity_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ceiling(gold_file: Path, out: Path, rules_gold: Path) -> tuple[dict, str]:
    """Scores of the gold entities that the facet rules allow, and what the rules refuse of the gold;
    `rules_gold` is written as the gold without what they refuse, to score the facets against."""
    tool = _scorer()
    first_names = refused_places = 0
    with out.open("w") as handle, rules_gold.open("w") as allowed:
        for record in map(json.loads, gold_file.open()):
            persons = [e for e in record.get("persons", [])
                       if not (len(e["names"][0].split()) == 1 and not e.get("last")
                               and is_first_name(e["names"][0], english=True))]
            places = [e for e in record.get("locations", []) if any(map(tool.is_city, e["names"]))]
            cities = [e for e in places if not gazetteer().is_country_or_region(" ".join(tool.key(e["names"][0])))]
            first_names += len(record.get("persons", [])) - len(persons)
            refused_places += len(places) - len(cities)
            organizations = [e["names"][0] for e in record.get("organizations", [])]
            handle.write(json.dumps({"doc": record["doc"], "persons": [e["names"][0] for e in persons],
                                     "cities": [e["names"][0] for e in cities], "organizations": organizations},
                                    ensure_ascii=False) + "\n")
            allowed.write(json.dumps(record | {"persons": persons, "locations": cities}, ensure_ascii=False) + "\n")
    return score(str(out), str(gold_file)), f"refused: {first_names} bare first names, {refused_places} countries or regions"


def _parallel_index(tmp: Path, name: str) -> SearchEngine:
    """A parallel set's English and Russian texts (`en/…`, `ru/…`) indexed together, with the models."""
    corpus = tmp / name
    for lang in ("en", "ru"):
        (corpus / lang).mkdir(parents=True)
        for path in (SHARED / "data" / name / lang).glob("*.txt"):
            (corpus / lang / path.name).write_bytes(path.read_bytes())
    index.build(index.Settings(corpus=corpus, index=tmp / f"{name}-index", workers=2, progress=False))
    return SearchEngine(tmp / f"{name}-index")


def cross_script(tmp: Path) -> dict[str, tuple[int, int]]:
    engine = _parallel_index(tmp, "pud-dev")
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
                    hits = _found(engine.search(name, page_size=100))
                    found[facet][1] += 1
                    found[facet][0] += target in hits
    return {facet: (hit, total) for facet, (hit, total) in found.items()}


def _found(result) -> set[str]:
    """The articles a result shows: each hit and the translations folded into it ("Also in Russian")."""
    return {doc_id for h in result.results for doc_id in (h.id, *(t["id"] for t in h.translations))}


def translations_found(tmp: Path) -> dict[str, tuple[int, int, int]]:
    """Per direction (en→ru, ru→en): of the person and city names of ntrex-dev's articles, how many
    find the article's translation among the hits, as results show them (a translation the archive
    links folded into its hit) and unfolded (the name itself matching the translation), and of how many."""
    engine = _parallel_index(tmp, "ntrex-dev")
    found: dict[str, tuple[int, int, int]] = {}
    for lang, other in (("en", "ru"), ("ru", "en")):
        shown = matched = total = 0
        for path in sorted((SHARED / "data" / "ntrex-dev" / lang).glob("*.txt")):
            doc = engine.document(f"{lang}/{path.name}")
            target = f"{other}/{path.name}"
            for facet in ("persons", "cities"):
                for entity in doc["entities"].get(facet, []):
                    total += 1
                    shown += target in _found(engine.search(entity["name"], page_size=100))
                    matched += target in {h.id for h in engine.search(entity["name"], page_size=100, fold=False).results}
        found[f"{lang}→{other}"] = (shown, matched, total)
    return found


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
            best, note = ceiling(data / name / "gold.jsonl", tmp / "ceiling.jsonl", tmp / "rules_gold.jsonl")
            print(f"{'':11s} ceiling under the facet rules: "
                  + ", ".join(f"{facet} F1 {v['f1']:.2f}" for facet, v in best.items()) + f" ({note})", flush=True)
            allowed = score(str(out), str(tmp / "rules_gold.jsonl"))
            print(f"{'':11s} against the gold the facet rules allow (refused values left out): "
                  + ", ".join(f"{facet} P {allowed[facet]['p']:.3f} R {allowed[facet]['r']:.3f} F1 {allowed[facet]['f1']:.3f}"
                              for facet in ("persons", "cities")), flush=True)
        agreement = score("--parallel", str(outputs["pud-dev/en"]), str(outputs["pud-dev/ru"]))
        print("parallel agreement pud-dev en/ru: "
              + ", ".join(f"{facet} {v['agree']:.2f} ({v['docs']} texts)" for facet, v in agreement.items()), flush=True)
        for facet, (hit, total) in cross_script(tmp).items():
            print(f"cross-script search, {facet}: {hit}/{total} = {hit / max(total, 1):.2f} of names find the other "
                  "language's version, as results show them (linked translations folded in)", flush=True)
        for direction, (shown, matched, total) in translations_found(tmp).items():
            print(f"ntrex-dev, a person's or city's name finds the translation, {direction}: {shown}/{total} = "
                  f"{shown / max(total, 1):.2f} as results show it (linked translations folded in), "
                  f"{matched}/{total} = {matched / max(total, 1):.2f} by the name itself (unfolded)", flush=True)


if __name__ == "__main__":
    main()
