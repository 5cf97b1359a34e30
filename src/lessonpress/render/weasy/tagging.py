"""The language of each passage in the tagged PDF, for screen readers.

WeasyPrint's PDF/UA tagging writes the document's language (``/Lang`` in the catalog)
but not that of an element with a ``lang`` attribute of its own. A handout in English
quoting a Russian document, or in Armenian quoting an Azerbaijani one, would then be
read aloud with the wrong voice. :func:`install` wraps WeasyPrint's builder of the
structure tree so that the structure element of every element with a ``lang``
attribute gets ``/Lang`` (ISO 32000-1, 14.9.2).

This reaches into WeasyPrint's tagging code, which is not a public API. If the names
it wraps are missing, nothing is changed (the PDF is still tagged, with the document's
language only), and a test that reads ``/Lang`` from a built handout fails, so a
WeasyPrint change is noticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_MARK = "_lessonpress_languages"


def install() -> bool:
    """Wrap WeasyPrint's structure-tree builder (once per process); whether it could."""
    try:
        import pydyf  # noqa: PLC0415 - only when rendering
        from weasyprint.pdf import tags  # noqa: PLC0415
    except ImportError:
        return False
    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        return False
    if getattr(original, _MARK, False):
        return True

    def build(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        lang = _own_language(box)
        for element in original(box, parent, *args):
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    setattr(build, _MARK, True)
    tags._build_box_tree = build  # its recursive calls look the name up: all levels
    return True


def _own_language(box: Any) -> str | None:
    """The ``lang`` attribute of the element a box was made for, if it has one."""
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    if element is None or tag in ("html", "body") or not hasattr(element, "get"):
        return None
    lang = element.get("lang")
    return str(lang) if lang else None
