"""A news site as its editors have it: saved web pages, the WordPress export, feeds (issue 16)."""

import datetime as dt
import json
import re
import subprocess
import sys
import time

import pytest
from pages import ATOM, RSS, empty_page, export, pages, polylang_group, wxr, wxr_post

from searchapp import index
from searchapp.cli import main
from searchapp.corpus import Document, Skipped, read_document, read_entries, read_entry
from searchapp.search import SearchEngine


def build(corpus, index_dir, full=False):
    """Without the entity models: these tests are about reading the files."""
    return index.build(index.Settings(corpus=corpus, index=index_dir, workers=1, progress=False, models=False),
                       full=full)


def documents(path, root, max_bytes=5_000_000):
    return [e if isinstance(e, Skipped) else read_entry(e) for e in read_entries(path, root, max_bytes)]


def ids(engine, text=""):
    return sorted(h.id for h in engine.search(text, page_size=100, fold=False).results)


# Web pages --------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", range(4))
def test_a_saved_page_gives_its_article_and_nothing_of_its_chrome(tmp_path, n):
    page = pages()[n]
    path = tmp_path / "page.html"
    path.write_text(page.html, encoding="utf-8")
    doc = read_document(path, tmp_path)
    assert isinstance(doc, Document)
    assert (doc.title, str(doc.date), doc.author, doc.lang) == (page.title, page.date, page.author, page.lang)
    assert doc.source_url == page.url
    indexed = f"{doc.title}\n{doc.text}"
    for phrase in page.chrome:
        assert phrase not in indexed, phrase
    for unwanted in ("gtag", "dataLayer", "display:flex", "querySelectorAll", "cookie"):
        assert unwanted not in indexed
    body = [p for p in page.paragraphs if not p.startswith(("Source:", "Источник:", "Translated by", "‘"))]
    for paragraph in body:
        assert paragraph in doc.body
    # The archive's layout rules apply after the extraction: source line and translator become fields.
    assert "Source:" not in doc.text and "Источник:" not in doc.text and "Translated by" not in doc.text
    if page.lang == "ru":
        assert doc.source == "Правозащитный монитор Сибири"


def test_the_layout_lines_of_an_english_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(pages()[0].html, encoding="utf-8")
    doc = read_document(path, tmp_path)
    assert (doc.source, doc.original_source, doc.translator) == (
        "Rights Monitor Siberia", "Chita Evening News", "Olga Baranova")
    assert doc.headline == "‘The monitors were not allowed to see three of the prisoners’"


def test_a_page_without_an_article_is_skipped_with_the_reason(tmp_path):
    path = tmp_path / "tag-prisons.html"
    path.write_text(empty_page(), encoding="utf-8")
    result = read_document(path, tmp_path)
    assert isinstance(result, Skipped) and result.reason == "no article could be extracted from the page"


# WordPress exports ------------------------------------------------------------------------------

@pytest.fixture
def site(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.xml").write_text(export(), encoding="utf-8")
    return corpus, tmp_path / "index"


def test_an_export_is_read_as_its_published_posts_and_pages(site):
    corpus, _ = site
    found = documents(corpus / "export.xml", corpus)
    docs = {d.id: d for d in found if isinstance(d, Document)}
    assert sorted(docs) == ["export.xml#post-12", "export.xml#post-14", "export.xml#post-20"]
    en = docs["export.xml#post-14"]
    assert en.title == "Monitors find prisoners held too long in Chita punishment cells"
    assert en.date == dt.date(2024, 11, 19) and en.lang == "en"
    assert en.author == "Olga Baranova"  # the display name of dc:creator's login
    assert en.labels == {"category": ["Prisons"], "tag": ["Chita", "Human rights"]}
    assert en.source_url == "https://monitor.example/?p=14" and en.part_of == "export.xml"
    assert (en.source, en.original_source, en.translator) == ("Rights Monitor Siberia", "Chita Evening News",
                                                              "Olga Baranova")
    assert en.headline == "‘Seven prisoners were kept in punishment cells beyond the legal limit’"
    assert "punishment cell for longer" in en.body and "<strong>" not in en.body
    assert "[caption" not in en.body and "flamingo" not in en.body  # shortcodes and comments are no text
    ru = docs["export.xml#post-12"]
    assert ru.lang == "ru" and ru.date == dt.date(2024, 11, 18) and ru.source == "Правозащитный монитор Сибири"
    # Polylang's group: the later post is the translation of the earlier one.
    assert en.translation_of == "export.xml#post-12" and ru.translation_of is None
    left_out = sorted(s.reason for s in found if isinstance(s, Skipped))
    assert left_out == ["attachment", "draft", "menu item", "revision"]


def test_wpml_duplicate_metadata_sets_the_translation_link(tmp_path):
    posts = [wxr_post(5, "Original", "The original text of the report about the colony."),
             wxr_post(6, "Перевод", "Текст перевода доклада о колонии.", meta={"_icl_lang_duplicate_of": "5"})]
    (tmp_path / "wpml.xml").write_text(wxr(posts), encoding="utf-8")
    docs = documents(tmp_path / "wpml.xml", tmp_path)
    assert [d.translation_of for d in docs] == [None, "wpml.xml#post-5"]


def test_an_export_in_the_index(site):
    corpus, index_dir = site
    report = build(corpus, index_dir)
    assert report.indexed == 3 and report.skipped == []
    assert report.left_out == {"export.xml": {"attachment": 1, "draft": 1, "menu item": 1, "revision": 1}}
    assert "left out of export.xml: 1 attachment, 1 draft, 1 menu item, 1 revision" in report.summary()
    engine = SearchEngine(index_dir)
    assert ids(engine, "tag:chita") == ids(engine, 'tag:"Human rights"') == ["export.xml#post-14"]
    assert ids(engine, "tag:human-rights") == ["export.xml#post-14"]  # the slug finds it too
    assert ids(engine, "category:Тюрьмы") == ["export.xml#post-12"]
    assert ids(engine, "category:prisons punishment") == ["export.xml#post-14"]
    assert ids(engine, "quokka") == ids(engine, "giraffe") == ids(engine, "flamingo") == []  # draft, revision, comment
    stored = engine.document("export.xml#post-14")
    assert stored["translation_of"] == "export.xml#post-12" and stored["author"] == "Olga Baranova"
    assert stored["labels"]["tag"] == ["Chita", "Human rights"]


def test_an_update_reads_a_changed_export_and_updates_only_the_changed_posts(site):
    corpus, index_dir = site
    build(corpus, index_dir)
    assert build(corpus, index_dir).unchanged == 3  # the file unchanged: nothing read
    text = export(extra_items=(wxr_post(30, "Lawyer barred from the Chita remand centre",
                                        "The lawyer was not allowed to see his client in the remand centre."),))
    text = text.replace("The monitors have asked the prosecutor", "The monitors have asked the ombudsman")
    text = text.replace("2024-11-18 10:00:00", "2024-11-17 10:00:00")  # the Russian post's date
    start = text.index("<item>\n<title><![CDATA[About the monitor")
    text = text[:start] + text[text.index("</item>", start) + len("</item>\n"):]  # the page is deleted
    (corpus / "export.xml").write_text(text, encoding="utf-8")
    report = build(corpus, index_dir)
    assert (report.full, report.indexed, report.unchanged, report.removed) == (False, 3, 0, 1)
    engine = SearchEngine(index_dir)
    assert ids(engine) == ["export.xml#post-12", "export.xml#post-14", "export.xml#post-30"]
    assert ids(engine, "ombudsman") == ["export.xml#post-14"] and ids(engine, "prosecutor") == []
    assert engine.document("export.xml#post-12")["date"] == "2024-11-17"
    (corpus / "export.xml").write_text(text.replace("ombudsman", "ombudsman again"), encoding="utf-8")
    report = build(corpus, index_dir)
    assert (report.indexed, report.unchanged, report.removed) == (1, 2, 0)
    (corpus / "export.xml").unlink()
    assert build(corpus, index_dir).removed == 3 and ids(SearchEngine(index_dir)) == []


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
"""


@pytest.mark.parametrize("kind", ["billion laughs", "external entity", "export", "feed"])
def test_a_hostile_file_is_a_reported_skip_not_a_hang_or_a_file_read(tmp_path, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:never indexed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = export() if kind != "feed" else RSS
    head, rest = body.split("\n", 1)
    if kind == "billion laughs":
        text = BILLION_LAUGHS + rest.replace("Monitors find prisoners", "&h; Monitors find prisoners")
    else:
        text = (f'{head}\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n'
                + rest.replace("<title><![CDATA[Monitors", "<title>&x;<![CDATA[Monitors")
                .replace("<title>Appeal", "<title>&x; Appeal"))
    (corpus / "hostile.xml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    report = build(corpus, tmp_path / "index")
    assert time.monotonic() - started < 10
    assert report.indexed == 0 and [s.id for s in report.skipped] == ["hostile.xml"]
    assert "declares XML entities" in report.skipped[0].reason
    assert ids(SearchEngine(tmp_path / "index"), "never") == []


def test_a_broken_export_keeps_what_it_gave_before(site):
    corpus, index_dir = site
    build(corpus, index_dir)
    text = export()
    (corpus / "export.xml").write_text(text[: len(text) // 2], encoding="utf-8")  # cut off mid-way
    report = build(corpus, index_dir)
    assert [s.id for s in report.skipped] == ["export.xml"] and "malformed XML" in report.skipped[0].reason
    assert report.removed == 0 and len(ids(SearchEngine(index_dir))) == 3
    (corpus / "neither.xml").write_text("<?xml version='1.0'?><sitemap><url/></sitemap>")
    assert "neither a WordPress export nor a feed" in build(corpus, index_dir).skipped[-1].reason


STREAM_CHECK = """
import resource, sys
from pathlib import Path
from searchapp.corpus import Skipped, read_entries
path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = sum(1 for e in read_entries(path, path.parent, 5_000_000) if not isinstance(e, Skipped))
print(count, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_an_export_of_tens_of_mb_is_streamed(tmp_path):
    paragraph = "The monitors visited the colony and spoke with the prisoners about their conditions. " * 20
    posts = [wxr_post(i, f"Report {i}", "\n\n".join([paragraph] * 8)) for i in range(1, 2001)]
    path = tmp_path / "big.xml"
    path.write_text(wxr(posts), encoding="utf-8")
    size_mib = path.stat().st_size // 2**20
    assert size_mib >= 25  # over the 5 MB limit for files of one article: an export is read whatever its size
    out = subprocess.run([sys.executable, "-c", STREAM_CHECK, str(path)], capture_output=True, text=True, check=True)
    count, grown_mib = map(int, out.stdout.split())
    assert count == 2000 and grown_mib < size_mib / 3, (grown_mib, size_mib)


# Feeds ------------------------------------------------------------------------------------------

def test_rss_and_atom_feeds_are_read_as_their_items(tmp_path):
    (tmp_path / "feed.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "atom.xml").write_text(ATOM, encoding="utf-8")
    rss = documents(tmp_path / "feed.rss", tmp_path)
    assert [d.title for d in rss] == ["Адвоката не пустили к подзащитному в Чите",
                                      "Appeal court upholds fine for Barnaul picket"]
    assert [d.lang for d in rss] == ["ru", "en"]  # each item's own language, whatever the channel says
    assert [d.date for d in rss] == [dt.date(2024, 12, 2), dt.date(2024, 12, 4)]  # in UTC
    assert rss[0].author == "Ольга Баранова" and rss[0].labels == {"category": ["Тюрьмы"]}
    assert rss[0].source == "Rights Monitor Siberia"  # the channel: the text names no source
    assert rss[0].source_url == "https://monitor.example/ru/2024/12/advokat/"
    assert rss[0].body == ("Адвоката Дениса Кравца не пустили к подзащитному в читинском СИЗО, сообщил сам "
                           "адвокат.\n\nАдминистрация изолятора сослалась на карантин.")
    assert rss[1].body.startswith("The regional court in Barnaul upheld")  # an item with a summary only
    assert rss[0].id.startswith("feed.rss#item-") and rss[0].id != rss[1].id
    [atom] = documents(tmp_path / "atom.xml", tmp_path)
    assert (atom.title, atom.date, atom.author, atom.lang) == (
        "Monitors visit the Chita remand centre", dt.date(2024, 12, 5), "Olga Baranova", "en")
    assert atom.body == "The monitors visited the remand centre in Chita and spoke with eleven prisoners."
    assert atom.labels == {"category": ["Prisons"]} and "alert" not in atom.text
    # Ids are stable: the same file read again gives the same ids.
    assert [d.id for d in documents(tmp_path / "feed.rss", tmp_path)] == [d.id for d in rss]


def test_index_feed_fetches_a_feed_into_the_corpus_folder(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "atom.xml").write_text(ATOM, encoding="utf-8")
    assert main(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--workers", "1", "--quiet",
                 "--no-models", "--feed", (tmp_path / "atom.xml").as_uri()]) == 0
    assert len(list((corpus / "feeds").glob("*.xml"))) == 1
    assert "1 indexed" in capsys.readouterr().out
    (tmp_path / "page.html").write_text(empty_page())
    assert main(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet",
                 "--feed", (tmp_path / "page.html").as_uri()]) == 2
    assert "not an RSS or Atom feed" in capsys.readouterr().err


# Around it --------------------------------------------------------------------------------------

def test_extract_shows_each_post_and_item(tmp_path, capsys):
    (tmp_path / "export.xml").write_text(export(), encoding="utf-8")
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    assert main(["extract", "--json", str(tmp_path / "export.xml"), str(tmp_path / "feed.xml")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in lines[:3]] == ["export.xml#post-12", "export.xml#post-14", "export.xml#post-20"]
    assert len(lines) == 5 and lines[3]["source_url"] == "https://monitor.example/ru/2024/12/advokat/"
    assert lines[1]["author"] == "Olga Baranova" and lines[1]["date"] == "2024-11-19"


def test_the_document_page_links_the_original_and_shows_the_labels(site):
    from searchapp.web import create_app

    corpus, index_dir = site
    (corpus / "feed.xml").write_text(RSS.replace("https://monitor.example/2024/12/barnaul/", "javascript:alert(1)"),
                                     encoding="utf-8")
    build(corpus, index_dir)
    client = create_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
    html = client.get("/doc/export.xml%23post-14").get_data(as_text=True)
    assert '<a class="source-url" href="https://monitor.example/?p=14"' in html
    assert "Olga Baranova" in html and "/?q=tag%3A%22Human+rights%22" in html and ">Prisons</a>" in html
    barnaul = next(h.id for h in SearchEngine(index_dir).search("Barnaul").results)
    assert "javascript:" not in client.get("/doc/" + barnaul.replace("#", "%23")).get_data(as_text=True)
    data = client.get("/api/doc/export.xml%23post-14").get_json()
    assert data["source_url"] == "https://monitor.example/?p=14" and data["translation_of"] == "export.xml#post-12"
    assert data["labels"] == {"category": ["Prisons"], "tag": ["Chita", "Human rights"]}


def test_polylang_groups_of_three_languages_point_at_the_first_post(tmp_path):
    posts = [wxr_post(i, f"Post {i}", f"The text of post number {i} about the colony.", translations="pll_x")
             for i in (7, 3, 9)]
    (tmp_path / "three.xml").write_text(wxr(posts, polylang_group("pll_x", {"en": 7, "ru": 3, "de": 9})))
    assert [d.translation_of for d in documents(tmp_path / "three.xml", tmp_path)] == [
        "three.xml#post-3", None, "three.xml#post-3"]


def test_the_bundled_corpus_shows_every_format(engine):
    found = ids(engine)
    export_posts = [i for i in found if i.startswith("wordpress/open-court-export.xml#")]
    feed_items = [i for i in found if i.startswith("feeds/perm-observer.xml#item-")]
    assert export_posts == [f"wordpress/open-court-export.xml#post-{n}" for n in (101, 103, 105)]
    assert len(feed_items) == 2 and any(i.startswith("en/") for i in found) and any(i.startswith("ru/") for i in found)
    english = engine.document("wordpress/open-court-export.xml#post-103")
    assert english["translation_of"] == "wordpress/open-court-export.xml#post-101"
    assert english["translator"] == "Marina Zorina" and english["source"] == "Open Court Foundation"
    assert ids(engine, "tag:novosibirsk") == ["wordpress/open-court-export.xml#post-103"]
    assert ids(engine, "Савченко") == ["wordpress/open-court-export.xml#post-101",
                                       "wordpress/open-court-export.xml#post-103"]  # the name in either script


def test_the_readme_examples_are_read_as_it_says(tmp_path):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"\n\n((?:      .*\n|\n(?=      ))+)", readme) if "<rss" in b]
    assert len(blocks) == 2  # the export, the feed
    for n, block in enumerate(blocks):
        (tmp_path / f"{n}.xml").write_text("\n".join(line[6:] for line in block.splitlines()), encoding="utf-8")
        [doc] = documents(tmp_path / f"{n}.xml", tmp_path)
        assert (doc.title, doc.date, doc.body) == ("Court fines activist", dt.date(2024, 6, 12),
                                                   "The court in Tomsk fined the activist.")
