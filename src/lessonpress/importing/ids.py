"""A source id from a title: ASCII letters, digits and hyphens, the first words of it.

Armenian and Cyrillic titles are transliterated (a plain scheme, for a file name only;
the title itself is written as the document has it).
"""

from __future__ import annotations

import re
import unicodedata

#: Ids are file names: kept short.
MAX_LENGTH = 60
_TABLE = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdezijklmnoprstufhcye", strict=True)),
        "ё": "e",
        "ж": "zh",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ь": "",
        "ю": "yu",
        "я": "ya",
        "і": "i",
        "ї": "i",
        "є": "e",
        "ґ": "g",
        "ə": "e",
        "ı": "i",
        **dict(
            zip(
                "աբգդեզէըթիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
                "abgdezeetilxckhdxjmynsocpjrsvtrcwpkof",
                strict=True,
            )
        ),
        "ժ": "zh",
        "և": "ev",
    }
)


def source_id(title: str) -> str:
    """``title`` as an id: lower case, transliterated, words joined by ``-``, at most
    :data:`MAX_LENGTH` characters, cut at a word; empty if nothing is left."""
    text = unicodedata.normalize("NFKD", title.lower().replace("ու", "u").translate(_TABLE))
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_LENGTH:
            break
        slug = longer
    return slug or (words[0][:MAX_LENGTH] if words else "")
