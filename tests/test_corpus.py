import datetime as dt
from pathlib import Path

from conftest import SEED, SHARED, needs_shared

from searchapp.corpus import Document, Skipped, detect_language, parse_date, read_document, scan

ARTICLE_EN = """Anna Petrova: “We will keep going to court”
Anna Petrova, a lawyer in Tomsk

5 May 2020

‘The fine was imposed on 3 March 2019’

Source: Test Desk [original source: Tomsk Daily]


The court in Tomsk fined the activist on 3 March 2019 for a picket.

Petrova said the decision would be appealed.

Translated by Ivan Smith

Leave a Reply
"""

ARTICLE_RU = """Анна Петрова: «Мы продолжим ходить в суд»
Анна Петрова, адвокат из Томска

1 марта 2021

Источник: Томские новости

Суд в Томске оштрафовал активиста 7 февраля за пикет.
"""


def write(folder: Path, name: str, content, mode="w") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_article_layout(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", ARTICLE_EN), tmp_path)
    assert isinstance(doc, Document)
    assert doc.id == "a.txt"
    assert doc.title == "Anna Petrova: “We will keep going to court”"
    assert doc.summary == "Anna Petrova, a lawyer in Tomsk"
    assert doc.date == dt.date(2020, 5, 5)  # the date line, not the dates in the body
    assert doc.headline == "‘The fine was imposed on 3 March 2019’"
    assert (doc.source, doc.original_source, doc.translator) == ("Test Desk", "Tomsk Daily", "Ivan Smith")
    assert doc.lang == "en"
    assert doc.body.startswith("The court in Tomsk")
    assert "Translated by" not in doc.body and "Leave a Reply" not in doc.body


def test_russian_article(tmp_path):
    doc = read_document(write(tmp_path, "ru/b.txt", ARTICLE_RU), tmp_path)
    assert doc.id == "ru/b.txt"
    assert doc.lang == "ru"
    assert doc.date == dt.date(2021, 3, 1)
    assert doc.source == "Томские новости"
    assert doc.translator is None


def test_dates():
    assert parse_date("1 March 2021") == dt.date(2021, 3, 1)
    assert parse_date("1 марта 2021") == dt.date(2021, 3, 1)
    assert parse_date("1 марта 2021 г.") == dt.date(2021, 3, 1)
    assert parse_date("2021-03-01") == dt.date(2021, 3, 1)
    assert parse_date("March 1, 2021") == dt.date(2021, 3, 1)
    assert parse_date("31 February 2021") is None
    assert parse_date("on 1 March 2021 he said") is None


def test_language_detection():
    assert detect_language("Правозащитники сообщили о задержании") == "ru"
    assert detect_language("Human rights defenders reported a detention") == "en"


def test_plain_text_without_date(tmp_path):
    doc = read_document(write(tmp_path, "bbc.txt", "Ad sales boost profit\n\nProfits jumped 76% in the quarter.\n"), tmp_path)
    assert doc.title == "Ad sales boost profit"
    assert doc.date is None
    assert doc.body == "Profits jumped 76% in the quarter."


def test_markdown_front_matter_wins(tmp_path):
    text = "---\ntitle: Explicit title\ndate: 2019-12-31\nlang: ru\nsource: Front Matter\n---\n" \
           "# Heading in the text\n\n1 May 2018\n\nSome **bold** text with a [link](http://x.example).\n"
    doc = read_document(write(tmp_path, "m.md", text), tmp_path)
    assert doc.title == "Explicit title"
    assert doc.date == dt.date(2019, 12, 31)
    assert doc.lang == "ru"
    assert doc.source == "Front Matter"
    assert "bold text with a link" in doc.text and "**" not in doc.text and "http" not in doc.text


def test_html_text_only(tmp_path):
    text = """<html lang="en"><head><title>Page title</title><script>var x = "hidden";</script>
    <style>p { color: red }</style></head><body><h1>Article heading</h1>
    <p>12 June 2022</p><p>The <b>court</b> in Irkutsk &amp; elsewhere.</p>
    <script>alert("no")</script><noscript>no script text</noscript></body></html>"""
    doc = read_document(write(tmp_path, "h.html", text), tmp_path)
    assert doc.title == "Article heading"
    assert doc.date == dt.date(2022, 6, 12)
    assert "The court in Irkutsk & elsewhere." in doc.body
    for hidden in ("hidden", "alert", "color", "no script text", "<"):
        assert hidden not in doc.text


def test_unreadable_files_are_skipped_with_reason(tmp_path):
    cases = {
        "empty.txt": ("", "empty"),
        "blank.txt": ("  \n\n ", "empty"),
        "binary.txt": (b"\x00\x01\x02PNG", "binary"),
        "latin1.txt": ("Café olé".encode("latin-1"), "UTF-8"),
        "big.txt": ("word " * 1000, "larger than the limit"),
    }
    for name, (content, reason) in cases.items():
        result = read_document(write(tmp_path, name, content), tmp_path, max_bytes=2000)
        assert isinstance(result, Skipped), name
        assert reason in result.reason and result.path.endswith(name)


def test_scan_ignores_hidden_and_other_files(tmp_path):
    for name in ("a.txt", "b.md", "c.html", ".hidden.txt", ".git/x.txt", "d.pdf", "README.md", "sub/e.txt"):
        write(tmp_path, name, "x")
    assert [p.relative_to(tmp_path).as_posix() for p in scan(tmp_path)] == ["a.txt", "b.md", "c.html", "sub/e.txt"]


@needs_shared(SEED)
def test_seed_article():
    doc = read_document(SEED, SEED.parent)
    assert doc.title.startswith("Valery Borshchev: Repressive measures a sign the authorities")
    assert doc.date == dt.date(2021, 3, 1)
    assert doc.source == "Moscow Helsinki Group"
    assert doc.original_source == "News.ru"
    assert doc.translator == "Graham Jones"
    assert doc.lang == "en"
    assert doc.headline == "‘Criminal prosecutions of human rights activists have become more frequent’"
    assert doc.body.startswith("Dmitry Kamynin and Vladimir Taranenko")
    assert doc.body.rstrip().endswith("“rigged to varying degrees.”")
    assert "Leave a Reply" not in doc.text and "Graham Jones" not in doc.text


@needs_shared(SHARED / "bbc")
def test_bbc_articles_have_no_date():
    path = SHARED / "bbc" / "business" / "001.txt"
    doc = read_document(path, SHARED / "bbc")
    assert doc.id == "business/001.txt" and doc.date is None and doc.title


def test_a_named_pipe_is_skipped_not_read(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text("Title\n\nText.\n")
    results = [read_document(p, tmp_path) for p in scan(tmp_path)]
    assert [type(r).__name__ for r in results] == ["Document", "Skipped"]
    assert results[1].reason == "not a regular file"
