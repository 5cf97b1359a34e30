"""Extract the printed labels from the built-in templates and update every language's catalog.

    .venv/bin/python scripts/messages.py            # update the catalogs
    .venv/bin/python scripts/messages.py --check    # say what is missing, change nothing

A new message arrives in each catalog untranslated (``msgstr ""``, printed in English
until a translator fills it in); a message no template uses any more is dropped. The
tests call :func:`missing` and fail while any catalog lacks a translation.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "lessonpress"
LOCALES = PACKAGE / "locales"
DOMAIN = "lessonpress"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}


def template_messages() -> Catalog:
    """Every message the built-in templates print, as a catalog template."""
    template = Catalog(project="lessonpress", domain=DOMAIN, fuzzy=False)
    method_map = [("**.html", "jinja2")]
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
    found = extract_from_dir(
        str(PACKAGE / "templates"), method_map, options, keywords=KEYWORDS, strip_comment_tags=True
    )
    for filename, lineno, message, _comments, context in found:
        template.add(message, None, [(f"templates/{filename}", lineno)], context=context)
    return template


def read_catalog(language: str) -> Catalog:
    """The catalog of ``language`` as it is on disk."""
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def languages() -> list[str]:
    """The languages that have a catalog."""
    return sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def missing(template: Catalog, language: str) -> list[str]:
    """The template's messages that ``language``'s catalog does not translate."""
    catalog = read_catalog(language)
    gaps = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found is not None and not found.fuzzy else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def update(template: Catalog, language: str) -> None:
    """Merge the template into ``language``'s catalog and write it back."""
    catalog = read_catalog(language)
    before, created = _keys(catalog), catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    if _keys(catalog) == before:  # nothing new: leave the file as it was
        catalog.creation_date = created
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, ignore_obsolete=True, sort_output=False)
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    path.write_bytes(out.getvalue())
    print(f"updated {path.relative_to(ROOT)}")


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(message.id, message.context) for message in catalog if message.id}


def main() -> int:
    """Update the catalogs, or with --check report the gaps; exit 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args()
    template = template_messages()
    status = 0
    for language in languages():
        if not args.check:
            update(template, language)
        for gap in missing(template, language):
            print(f"{language}: no translation of {gap!r}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
