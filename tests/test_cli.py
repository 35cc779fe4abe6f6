import csv
import io
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SEED, needs_shared

from searchapp.cli import main


@pytest.fixture(scope="module")
def built(corpus_copy, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("cli-index")
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir), "--workers", "1", "--quiet"]) == 0
    return index_dir


def test_index_prints_a_summary(corpus_copy, built, capsys):
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(built), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "incremental update: 0 indexed" in out and "unchanged" in out


def test_search_json(built, capsys):
    assert main(["search", "правозащитники", "--index", str(built), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "правозащитники" and data["total"] >= 3
    assert all(r["lang"] == "ru" for r in data["results"])
    assert data["facets"]["person"] and all({"value", "count"} <= set(v) for v in data["facets"]["person"])


@needs_shared(SEED)
def test_search_with_city_filter_text_output(built, capsys):
    assert main(["search", "defenders", "--city", "Kemerovo", "--index", str(built)]) == 0
    out = capsys.readouterr().out
    assert SEED.name in out and "[defender" in out and "Valery Borshchev (1)" in out


def test_a_question_shows_what_each_hit_lacks(built, capsys):
    assert main(["search", "Why were the lawyers detained in Kemerovo yesterday?", "--index", str(built)]) == 0
    out = capsys.readouterr().out
    assert "No article has all the words; showing those with most of them." in out
    assert "missing: yesterday" in out and "kemerovo-lawyers" in out.split("missing:")[0]


def test_browse_with_filters_and_dates(built, capsys):
    assert main(["search", "--person", "Yelena Vasnetsova", "--from", "2020", "--to", "2020-12",
                 "--index", str(built), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and data["results"][0]["date"] == "2020-12-04"


def test_bad_date_is_a_usage_error(built):
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--from", "yesterday", "--index", str(built)])
    assert exit_info.value.code == 2


def test_search_without_index(tmp_path, capsys):
    assert main(["search", "x", "--index", str(tmp_path / "none")]) == 2
    assert "searchapp index" in capsys.readouterr().err


@needs_shared(SEED)
def test_extract_json_on_the_seed(capsys):
    assert main(["extract", "--json", str(SEED)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["date"] == "2021-03-01" and record["lang"] == "en" and record["source"] == "Moscow Helsinki Group"
    assert {"Valery Borshchev", "Dmitry Kamynin", "Vladimir Taranenko", "Yevgeny Khasoev"} == \
        {p["name"] for p in record["persons"]}
    assert {"Moscow Helsinki Group", "Siberian Justice", "Public Verdict"} <= {o["name"] for o in record["organizations"]}
    assert {c["name"] for c in record["cities"]} == {"Kemerovo", "Irkutsk"}
    assert all(set(v) == {"id", "name"} for facet in ("persons", "organizations", "cities") for v in record[facet])


def test_extract_reports_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00")
    assert main(["extract", "--json", str(bad)]) == 1
    assert "binary" in capsys.readouterr().err


def test_console_script_entry_point(tmp_path):
    env = dict(os.environ, SEARCHAPP_INDEX=str(tmp_path / "none"))
    done = subprocess.run([sys.executable, "-m", "searchapp.cli", "search", "x"], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    assert done.returncode == 2 and "no index" in done.stderr


def test_entities_listing(built, capsys):
    assert main(["entities", "--index", str(built), "--facet", "person", "--min-docs", "3"]) == 0
    out = capsys.readouterr().out
    assert "Andrei Gorelov  [person:grlv-an]" in out and "also: Андрей Горелов" in out
    assert "Daria Melnikova" not in out  # in one document only
    assert main(["entities", "--index", str(built), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kemerovo = next(v for v in data["city"] if v["id"] == "city:1503901")
    assert set(kemerovo["names"]) == {"Kemerovo", "Кемерово"} and kemerovo["count"] >= 4


def test_search_exports_every_match_as_csv_or_jsonl(built, capsys):
    assert main(["search", "--index", str(built), "--json", "--size", "1"]) == 0
    total = json.loads(capsys.readouterr().out)["articles"]  # an export lists every article, folded or not
    assert main(["search", "--index", str(built), "--format", "csv", "--base-url", "https://archive.example/"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffid,title,date,language,source,translator,url,persons,organizations,cities,snippet")
    rows = list(csv.DictReader(io.StringIO(out[1:])))
    assert len(rows) == total and all(r["url"].startswith("https://archive.example/doc/") for r in rows)
    assert main(["search", "суд", "--city", "Irkutsk", "--index", str(built), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and all("city:2023469" in {v["value"] for v in r["facets"]["city"]} for r in records)


def test_batch_looks_up_a_file_of_names(built, tmp_path, capsys):
    names = tmp_path / "names.txt"
    names.write_text("Горелов\nKemerovo\n\nNo Such Person\n", encoding="cp1251")
    assert main(["batch", str(names), "--index", str(built)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "person:grlv-an" in lines[0] and "city:1503901" in lines[1] and "no entity" in lines[2]
    assert main(["batch", str(names), "--index", str(built), "--json"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["name"] == "Горелов" and first["articles"] >= 5 and first["entities"][0]["value"] == "person:grlv-an"
    assert main(["batch", str(tmp_path / "missing.txt"), "--index", str(built)]) == 2


def test_extract_counts_a_surname_alone_as_the_full_name_the_other_files_give(tmp_path, capsys):
    """The files given are one archive, as the index is: "Corbyn" of one is the Jeremy Corbyn of another."""
    (tmp_path / "a.txt").write_text("Labour\n\nJeremy Corbyn spoke to the party conference in Liverpool.\n")
    (tmp_path / "b.txt").write_text("Vote\n\nThe vote was postponed, Mr Corbyn said on Tuesday.\n")
    paths = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert main(["extract", "--json", *paths]) == 0
    folded = [json.loads(line)["persons"] for line in capsys.readouterr().out.splitlines()]
    assert folded[0] == folded[1] == [{"id": folded[0][0]["id"], "name": "Jeremy Corbyn"}]
    assert main(["extract", "--json", "--per-document", *paths]) == 0
    alone = [json.loads(line)["persons"] for line in capsys.readouterr().out.splitlines()]
    assert alone[1] == [{"id": alone[1][0]["id"], "name": "Corbyn"}] and alone[1][0]["id"] != folded[0][0]["id"]
