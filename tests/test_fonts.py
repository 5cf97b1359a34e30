"""The region's scripts print in lessonpress's own fonts, and the text copies back out."""

from __future__ import annotations

from pypdf import PdfReader

from conftest import MakeWorkspace, embedded_fonts

#: Made up for the test: one line of each script (and Azerbaijani's own letters).
LINES = {
    "Latin": "Documents from both sides, side by side.",
    "Azerbaijani": "Əlifba: ə, ğ, ı, ö, ü, ç, ş, İ, Ə, Ğ.",
    "Cyrillic": "Воспоминания и документы, ёлка, Ё.",
    "Armenian": "Հայերեն տեքստ, Ձ, ու, և։",
}

SOURCE = """\
---
title: "Four scripts: Հայերեն, Воспоминания, Əlifba"
publisher: lessonpress tests
published: null
accessed: 2026-12-01
type: other
perspective: A test text in four scripts
language: en
offline: "Written for lessonpress's tests."
license: CC0
---
{lines}
"""


def test_every_glyph_comes_from_a_bundled_font_and_the_text_round_trips(
    make_workspace: MakeWorkspace,
) -> None:
    text = "\n\n".join(LINES.values())
    ws = make_workspace({"content/sources/scripts.md": SOURCE.format(lines=text)})
    ws.edit(
        "lessons/demo.yaml",
        '      - source: wiki\n        perspective: "Human-rights activist"\n        quote: >\n'
        "          [...] Andrei Sakharov, in Massachusetts during the unrest, said he had received "
        "reports\n          [...]\n",
        "      - source: scripts\n        quote: |\n"
        + "".join(f"          {line} [...]\n" for line in LINES.values()).removesuffix(" [...]\n")
        + "\n",
    )
    ws.edit("lessons/demo.yaml", 'title: "Counting the Dead"', 'title: "Ձայներ: Голоса, Səslər"')
    run = ws.run("build", "--only", "student")
    assert run.code == 0, run.err
    pdf = ws.root / "build/demo/demo-student.pdf"

    # Every font in the PDF is one of ours, loaded under the handout.css family names "LP
    # Serif" and "LP Sans" (a system font standing in for a missing glyph would show here
    # under its own name, DejaVuSans say).
    embedded = embedded_fonts(pdf)
    assert embedded, "no embedded fonts found"
    assert all(name.startswith(("LP-Serif", "LP-Sans")) for name in embedded), embedded
    assert {"LP-Serif", "LP-Serif-Armenian"} <= embedded

    # Each line comes back out as it went in: nothing lost to a missing glyph.
    extracted = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    for script, line in LINES.items():
        assert line in extracted, script
    assert "Ձայներ: Голоса, Səslər" in extracted
