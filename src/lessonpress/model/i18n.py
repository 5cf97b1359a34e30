"""Printed labels in the lesson's language: message catalogs and dates.

Every word the built-in templates print of their own ("Name", "Document A", "Source",
"Page 1 of 3", and the quotation marks around a source's title) is a message in a
gettext catalog, one per language: ``locales/<language>/LC_MESSAGES/lessonpress.po``.
English is the source language and needs no catalog. The catalogs are read with Babel
when a lesson first needs them (no compile step, nothing binary in the repository);
``scripts/messages.py`` extracts the messages from the templates and updates every
catalog, and a test fails when a catalog misses one.

Dates are written with Babel's CLDR data, in the form each language uses.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from gettext import NullTranslations

from lessonpress.confine import PACKAGE_DIR
from lessonpress.model.fieldtypes import PartialDate

LOCALES_DIR = PACKAGE_DIR / "locales"
DOMAIN = "lessonpress"
#: The language the templates are written in.
SOURCE_LANGUAGE = "en"


def base_language(tag: str) -> str:
    """``hy`` for ``hy-AM``: the part of a language tag that picks a catalog."""
    return tag.split("-", maxsplit=1)[0].lower()


@functools.cache
def catalog_languages() -> list[str]:
    """The languages lessonpress prints labels in: English and every catalog's."""
    found = {p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted({SOURCE_LANGUAGE, *found})


def has_labels(tag: str) -> bool:
    """Whether labels can be printed in the language of ``tag``."""
    return base_language(tag) in catalog_languages()


@functools.cache
def translations(language: str) -> NullTranslations:
    """The catalog of ``language`` (a base language); English (no catalog) for the rest."""
    path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    # Babel is imported here, not above: checking lessons and --help never need it.
    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415
    from babel.support import Translations  # noqa: PLC0415

    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def format_date(date: PartialDate, language: str) -> str:
    """A date as ``language`` writes it, to the day, month or year the source gives.

    English keeps lessonpress's own form (``26 November 1988``); other languages take
    CLDR's long form (``26 ноября 1988 г.``, ``1988 թ. նոյեմբերի 26``).
    """
    if base_language(language) == SOURCE_LANGUAGE or date.month is None:
        return str(date)
    from babel.core import Locale, UnknownLocaleError  # noqa: PLC0415
    from babel.dates import format_date as cldr_date  # noqa: PLC0415
    from babel.dates import format_skeleton  # noqa: PLC0415

    try:
        locale = Locale.parse(base_language(language))
    except (UnknownLocaleError, ValueError):
        return str(date)
    if date.day is None:
        return format_skeleton("yMMMM", dt.date(date.year, date.month, 1), locale=locale)
    return cldr_date(dt.date(date.year, date.month, date.day), "long", locale=locale)


def one_full_stop(text: str) -> str:
    """``text`` without the second of two full stops at its end (``1988 г..``)."""
    if text.endswith("..") and not text.endswith("..."):
        return text[:-1]
    return text
