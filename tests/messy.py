"""A corpus folder as real archives are: dated and undated articles, titled and untitled ones, a huge
one-line file and a long article, odd and undecodable file names, links inside and outside the
folder, and every supported format and encoding: text, Markdown, a bare HTML page, a saved WordPress
page with all its chrome, a WordPress export and an RSS feed (see tests/pages.py). The tests build it;
nothing here is copied from ../shared."""

from __future__ import annotations

import os
from pathlib import Path

from pages import RSS, export, pages

DATED = """Court fines Tomsk activist for a single picket
A lawyer says the fine will be appealed

12 June 2024

Source: Test Desk

The district court in Tomsk fined the activist Anna Petrova for a single-person picket.

Her lawyer said the decision would be appealed in the regional court.
"""

UNDATED = """Lawyers describe searches of their offices

Lawyers in Tomsk described searches of their offices by the police.

The searches lasted several hours and the police took computers.
"""

UNTITLED_RU = (
    "В понедельник в Томске суд арестовал правозащитника Ивана Сидорова по делу о клевете, сообщили его "
    "адвокаты, которые намерены обжаловать решение в областном суде в ближайшие дни. Сидоров провёл в "
    "заключении две недели ещё до приговора. Его коллеги говорят, что дело сфабриковано и связано с "
    "публикациями о пытках в местном изоляторе, а сам он отказывается признавать вину.\n"
)

FEBRUARY = """Report with an impossible date

31 February 2021

The monitors visited the detention centre in Tomsk and spoke with the prisoners.
"""

FRONT_MATTER = """---
title: Monitors visit the Tomsk detention centre
date: 2022-03-15
cities: [Tomsk]
persons: [Anna Petrova]
---
The public monitors visited the detention centre in **Tomsk** on Tuesday.
"""

BAD_FRONT_MATTER_DATE = """---
title: A front matter date that is no date
date: 2021-02-31
---
The text of an article whose front matter gives an impossible date.
"""

HTML = """<!doctype html><html lang="en"><head><title>Page title</title></head><body>
<h1>Hunger strike in the Tomsk detention centre</h1><time datetime="2023-05-02">2 May 2023</time>
<p>A prisoner in Tomsk has been on hunger strike for ten days, his lawyer said.</p></body></html>
"""

# A phrase that stands only near the end of the long article, far past what the index stores with it.
LATE_PHRASE = "xylophone orchestra"


def long_article(paragraphs: int = 3000) -> str:
    """About 400 KB in paragraphs; LATE_PHRASE only in its last paragraph."""
    body = "\n\n".join(
        f"Paragraph {i}: the court in Tomsk heard the lawyers of the human rights defenders again today."
        for i in range(paragraphs))
    return f"A very long court transcript\n\n{body}\n\nAt the end a {LATE_PHRASE} played outside the court.\n"


def one_line_file(size: int = 1_500_000) -> str:
    """One line of text of about `size` characters: no title line, no paragraphs."""
    sentence = "Lawyers in Tomsk said the court had again refused to hear the defence witnesses. "
    return sentence * (size // len(sentence))


def make(folder: Path, outside: Path) -> dict[str, str]:
    """Write the messy corpus into `folder` (links point into `outside` too); returns what each
    tricky file's document id is."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text("Secret\n\nroot:x:0:0:this must never be indexed\n", encoding="utf-8")
    files = {
        "dated.txt": DATED,
        "undated.txt": UNDATED,
        "ru/untitled.txt": UNTITLED_RU,
        "february.txt": FEBRUARY,
        "front-matter.md": FRONT_MATTER,
        "bad-front-matter-date.md": BAD_FRONT_MATTER_DATE,
        "page.html": HTML,
        "site/saved-page.html": pages()[2].html,
        "site/export.xml": export(),
        "site/feed.xml": RSS,
        "long.txt": long_article(),
        "one-line.txt": one_line_file(),
        "name with space?and#hash%percent.txt": DATED.replace("Tomsk activist", "Omsk activist"),
        "new\nline.txt": UNDATED.replace("Lawyers describe", "Newline lawyers describe"),
    }
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "utf16.txt").write_bytes(
        "Report written in UTF-16\n\nThe court in Tomsk heard the UTF-16 witnesses.\n".encode("utf-16"))
    (folder / "utf8-bom.txt").write_bytes("\ufeffReport with a byte-order mark\n\nThe court heard it.\n".encode())
    with open(os.fsencode(folder) + b"/bad\xffname.txt", "wb") as handle:  # a name that is not UTF-8
        handle.write(b"Undecodable name\n\nThe court in Tomsk.\n")
    os.symlink(outside / "secret.txt", folder / "passwd.txt")  # a file outside the corpus
    os.symlink(outside, folder / "elsewhere")  # a folder outside the corpus
    os.symlink(folder / "dated.txt", folder / "linked-inside.txt")  # a file inside: followed
    os.symlink(folder, folder / "ru" / "loop")  # a folder back up the tree: no loop
    return {
        "untitled": "ru/untitled.txt", "long": "long.txt", "one_line": "one-line.txt",
        "odd": "name with space?and#hash%percent.txt", "newline": "new\nline.txt", "utf16": "utf16.txt",
        "linked": "linked-inside.txt", "saved_page": "site/saved-page.html", "post": "site/export.xml#post-14",
    }
