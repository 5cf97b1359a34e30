"""``lessonpress import``: saved pages, PDFs, Word files and text, made here, and the seed
pages no one here made.

For each document: every sentence of the article is found by ``find`` in the imported
source, no line of the page around it (menu, share buttons, caption, comments, footer) is
in it, and the metadata is what the document states.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import lessonpress
from conftest import REPO, MakeWorkspace, Workspace
from importdocs import ENGLISH, RUSSIAN, Article, web_page, write_docx, write_pdf
from lessonpress.importing.markdown import blocks_of

SEEDS = REPO.parent / "shared" / "seeds"
_SENTENCE = re.compile(r"(?<=[.!?»”])\s+(?=[«“A-ZА-Я0-9])")


def imported(ws: Workspace, source_id: str) -> tuple[dict[str, object], str]:
    """The front matter and the body of an imported source."""
    text = (ws.root / "content" / "sources" / f"{source_id}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def fill_in(ws: Workspace, source_id: str) -> None:
    """What the teacher does after an import: each field left empty, filled in."""
    path = ws.root / "content" / "sources" / f"{source_id}.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^published: ""', "published: null", text, flags=re.MULTILINE)
    text = re.sub(r'^(\w+): ""', r'\1: "Filled in by the teacher"', text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def assert_article_found(ws: Workspace, source_id: str, article: Article) -> None:
    """Every sentence of the article is found, as written, by the API's find."""
    fill_in(ws, source_id)
    workspace = lessonpress.open_workspace(ws.root)
    for paragraph in article.body:
        for sentence in _SENTENCE.split(paragraph):
            found = workspace.find(source_id, sentence)
            assert found.exact and found.passages, sentence
            assert any(" ".join(sentence.split()) in p.text for p in found.passages), sentence


def assert_no_furniture(body: str, article: Article) -> None:
    text = " ".join(blocks_of(body))
    for line in article.furniture:
        assert line not in text, line


@pytest.mark.parametrize("article", [ENGLISH, RUSSIAN], ids=["en", "ru"])
def test_a_saved_page_gives_its_article_and_metadata(
    make_workspace: MakeWorkspace, tmp_path: Path, article: Article
) -> None:
    ws = make_workspace()
    page = tmp_path / "page.html"
    page.write_text(web_page(article), encoding="utf-8")
    run = ws.run("import", str(page), "--id", "ferry")
    assert run.code == 0, run.err
    front, body = imported(ws, "ferry")
    assert front["title"] == article.title
    assert front["author"] == article.author
    assert front["publisher"] == article.site
    assert str(front["published"]) == article.date
    assert front["url"] == article.url
    assert front["language"] == article.lang
    assert front["perspective"] == "" and front["license"] == ""
    assert_no_furniture(body, article)
    assert blocks_of(body) == article.body
    assert_article_found(ws, "ferry", article)


def test_the_report_says_what_was_found_left_out_and_to_fill_in(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    page = tmp_path / "page.html"
    page.write_text(web_page(ENGLISH), encoding="utf-8")
    run = ws.run("import", str(page))
    source_id = "ferry-to-krasnovodsk-the-last-armenian-families-leave-baku"
    assert run.out.splitlines()[0] == (
        f"wrote content/sources/{source_id}.md from {page} (a web page)"
    )
    assert "author 'Anna Petrosyan'" in run.out
    assert "kept: 5 paragraphs, 1 heading" in run.out
    assert "menu: 6 lines" in run.out
    assert "comments: 5 lines" in run.out
    assert "captions: 1 line" in run.out
    assert "share buttons: 1 line" in run.out
    assert "footer: 3 lines" in run.out
    assert "perspective (never guessed); license (never guessed)" in run.out


def test_check_names_what_an_import_left_to_fill_in(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    page = tmp_path / "page.html"
    page.write_text(web_page(ENGLISH).replace("1990-01-18", "unknown"), encoding="utf-8")
    ws.run("import", str(page), "--id", "ferry")
    run = ws.run("check")
    assert run.code == 1
    assert "content/sources/ferry.md:13:14: perspective: must not be empty" in run.err
    assert "content/sources/ferry.md:15:10: license: must not be empty" in run.err
    assert "content/sources/ferry.md:8:12: published:" in run.err


def test_a_two_column_pdf_is_read_in_order_without_heads_and_page_numbers(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    pdf = write_pdf(ENGLISH, tmp_path / "article.pdf")
    run = ws.run("import", str(pdf), "--id", "ferry")
    assert run.code == 0, run.err
    front, body = imported(ws, "ferry")
    assert front["title"] == ENGLISH.title
    assert front["language"] == "en"
    blocks = blocks_of(body)
    assert blocks == [ENGLISH.author, *ENGLISH.body]  # the byline is the PDF's own text
    assert "Caspian Courier" not in body  # the running head, on every page
    assert "running heads: 2 lines, page numbers: 2 lines" in run.out
    assert "rejoined" in run.out and "hyphenated at line ends" in run.out
    assert "7: pp. 1-2" in str(front["notes"])  # the last paragraph runs onto page 2
    assert_article_found(ws, "ferry", ENGLISH)


def test_a_word_file_gives_its_text_without_headers_and_footers(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    document = write_docx(ENGLISH, tmp_path / "article.docx")
    run = ws.run("import", str(document))
    assert run.code == 0, run.err
    source_id = "ferry-to-krasnovodsk-the-last-armenian-families-leave-baku"
    front, body = imported(ws, source_id)
    assert (front["title"], front["author"], front["language"]) == (
        ENGLISH.title,
        ENGLISH.author,
        "en",
    )
    assert blocks_of(body) == ENGLISH.body
    assert "page headers and footers: 2 lines" in run.out
    assert_article_found(ws, source_id, ENGLISH)


def test_markdown_keeps_its_words_where_markup_would_change_them(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace()
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Առաջին օրը\n\nԱյսօր՝ հունվարի 13-ին, լրանում է 30-րդ տարելիցը:\n\n"
        "1\\. Item *one* & &amp; [2] <b>\n\n- Azərbaycan dili: Xəbər\n",
        encoding="utf-8",
    )
    run = ws.run("import", str(notes), "--id", "notes")
    assert run.code == 0, run.err
    front, body = imported(ws, "notes")
    assert front["title"] == "Առաջին օրը"
    assert blocks_of(body) == [
        "Այսօր՝ հունվարի 13-ին, լրանում է 30-րդ տարելիցը:",
        "1. Item one & & [2] <b>",  # &amp; is Markdown for &
        "Azərbaycan dili: Xəbər",
    ]


# Seed pages: text saved from five real web pages this project's sources were made from.
# Each is checked against the paragraphs this project kept of it by hand.
SEED_SOURCES = {
    "000_c76902806acdf8ad.txt": "kirovabad-pogrom-wiki",
    "001_ac3a21ecbc476c56.txt": "asbarez-baku-pogroms",
    "002_4ba92e17ea98fef8.txt": "agmc-baku-pogroms",
    "003_a07b5e2aad4faa6d.txt": "mammadov-khojaly",
    "004_5b0f38fb0b722d3f.txt": "agmi-baku-massacres",
}
SEED_FURNITURE = {
    "000_c76902806acdf8ad.txt": ["Military Wiki", "Attack type"],
    "001_ac3a21ecbc476c56.txt": ["Discussion Policy", "andrew said:", "ISBN: 5-540-01700-5"],
    "002_4ba92e17ea98fef8.txt": [],
    "003_a07b5e2aad4faa6d.txt": ["Share This", "bloggers like this", "Ilgar Jafarov"],
    "004_5b0f38fb0b722d3f.txt": ["Mission statement", "DONATE", "AGMI BOOKSTORE", "Tel.:"],
}


def _words(text: str) -> str:
    """Text compared as words: footnote markers (which our sources dropped) aside."""
    return " ".join(re.sub(r"\[\d+\]", "", text).split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed pages are not beside the repo")
@pytest.mark.parametrize("seed", sorted(SEED_SOURCES))
def test_seed_pages_give_the_paragraphs_kept_by_hand_and_no_menus(
    make_workspace: MakeWorkspace, seed: str
) -> None:
    ws = make_workspace()
    run = ws.run("import", str(SEEDS / seed), "--id", "seed")
    assert run.code == 0, run.err
    _, body = imported(ws, "seed")
    text = _words(" ".join(blocks_of(body)))
    _, _, stored = (
        (REPO / "content" / "sources" / f"{SEED_SOURCES[seed]}.md")
        .read_text(encoding="utf-8")
        .split("---\n", 2)
    )
    kept = [_words(b) for b in blocks_of(stored) if b != "[...]"]
    assert [b for b in kept if b not in text] == []
    for line in SEED_FURNITURE[seed]:
        assert line not in text


def test_armenian_and_azerbaijani_letters_are_kept_as_the_page_has_them(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    armenian = (
        "Այսօր՝ հունվարի 13-ին, լրանում է Բաքվում իրականացված հայերի ջարդի 30-րդ տարելիցը: "
        "Այդ կապակցությամբ բարձրաստիճան պաշտոնյաներ այցելել են Ծիծեռնակաբերդի հուշահամալիր։"
    )
    second = (
        "Երեսուն տարի առաջ՝ 1990թ. հունվարի 13-19-ը Ադրբեջանի մայրաքաղաք Բաքվում դաժան սպանդի "
        "զոհ դարձան և բռնի տեղահանվեցին տասնյակ հազարավոր հայեր:"
    )
    azerbaijani = "XİN-in mətbuat xidmətinin rəhbəri Ermənistanın iddialarına cavab verib."
    page = tmp_path / "hy.html"
    page.write_text(
        f'<html lang="hy-AM"><head><meta charset="utf-8"><title>Հուշ</title></head><body>'
        f"<nav><a href='/'>Գլխավոր</a> <a href='/n'>Լուրեր</a></nav><article><h1>Հուշ</h1>"
        f"<p>{armenian}</p><p>{second}</p><blockquote><p>{azerbaijani}</p></blockquote>"
        f"</article><footer>© Ankakh</footer></body></html>",
        encoding="utf-8",
    )
    run = make_workspace().run("import", str(page))
    assert run.code == 0, run.err
    assert "wrote content/sources/hus.md" in run.out  # the id, transliterated
    front, body = imported(Workspace(tmp_path / "ws"), "hus")
    assert (front["title"], front["language"]) == ("Հուշ", "hy")
    assert blocks_of(body) == [armenian, second, azerbaijani]
