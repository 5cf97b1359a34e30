"""The types a record's fields are written in, beyond Python's own.

``str``, ``int``, ``bool``, ``datetime.date``, ``Literal[...]``, ``list[...]``, nested
dataclasses and ``X | None`` need nothing here; these say more about their value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NewType

#: Text that is rendered as CommonMark (no raw HTML).
Markdown = NewType("Markdown", str)
#: A language tag such as ``en``, ``hy`` or ``az-Latn``.
LanguageTag = NewType("LanguageTag", str)
#: An ``http://`` or ``https://`` address.
WebUrl = NewType("WebUrl", str)
#: A colour for CSS, ``#rgb`` or ``#rrggbb`` (so it is safe to write into a stylesheet).
CssColor = NewType("CssColor", str)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (``1996``, ``1988-11``, ``1988-11-26``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        """Print as people write dates: ``26 November 1988``, ``November 1988``, ``1996``."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def iso(self) -> str:
        """The form it was written in: ``1988-11-26``, ``1988-11`` or ``1988``."""
        parts = [f"{self.year:04d}"]
        parts += [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)
