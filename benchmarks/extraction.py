"""Article extraction from saved news pages: what the index gets of the article and of the chrome.

    python -m benchmarks.extraction

Over the pages of tests/pages.py (WordPress theme chrome: menu, cookie banner, sidebar, related posts,
share buttons, a comment thread, footer, scripts; two English and two Russian articles), each read
with `searchapp.corpus.read_document` and, in the same run, with the stock baseline: every visible text
of the page (lxml, scripts and styles removed), which is what a reader without article extraction
indexes. For each: how many of the article's words (its layout lines, source and translator, aside)
are not indexed, how many of the chrome's
phrases are, and whether title, date and author are right. Prints a table, then one JSON line.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pages import pages  # noqa: E402

from searchapp.corpus import read_document  # noqa: E402

WORD = re.compile(r"[^\W_]+")
# The archive's layout lines: they become fields (source, translator), their labels are no text.
LAYOUT_LINE = re.compile(r"^(Source|Источник|Translated by)\b")


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def visible_text(html: str) -> str:
    tree = lxml.html.fromstring(html)
    for element in tree.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    return "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())


def score(indexed: str, page) -> dict:
    have = set(_words(indexed))
    article = [w for p in page.paragraphs if not LAYOUT_LINE.match(p) for w in _words(p)]
    lost = sum(1 for w in article if w not in have)
    flat = " ".join(_words(indexed))
    leaked = [c for c in page.chrome if " ".join(_words(c)) and " ".join(_words(c)) in flat]
    return {"article_words": len(article), "lost": lost, "chrome_phrases": len(page.chrome), "leaked": len(leaked)}


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n, page in enumerate(pages()):
            path = Path(folder) / f"page-{n}.html"
            path.write_text(page.html, encoding="utf-8")
            doc = read_document(path, Path(folder))
            fields = " ".join(x or "" for x in (doc.title, doc.text, doc.source, doc.original_source, doc.translator))
            ours = score(fields, page)
            ours.update(title=doc.title == page.title, date=str(doc.date) == page.date, author=doc.author == page.author)
            rows.append({"page": n, "lang": page.lang, "searchapp": ours, "baseline": score(visible_text(page.html), page)})
    print("| page | lang | article words | lost: searchapp / visible text | chrome phrases leaked: searchapp / visible "
          "text | title, date, author right |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        ours, base = row["searchapp"], row["baseline"]
        print(f"| {row['page']} | {row['lang']} | {ours['article_words']} | {ours['lost']} / {base['lost']} | "
              f"{ours['leaked']} / {base['leaked']} of {ours['chrome_phrases']} | "
              f"{ours['title']}, {ours['date']}, {ours['author']} |")
    total = {side: {k: sum(r[side][k] for r in rows) for k in ("article_words", "lost", "chrome_phrases", "leaked")}
             for side in ("searchapp", "baseline")}
    print(json.dumps(total))


if __name__ == "__main__":
    main()
