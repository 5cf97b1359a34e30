"""Dates as documents write them, read as ``YYYY-MM-DD`` (only whole, unambiguous ones)."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan январь января янв հունվար հունվարի yanvar",
            "february feb февраль февраля фев փետրվար փետրվարի fevral",
            "march mar март марта մարտ մարտի mart",
            "april apr апрель апреля апр ապրիլ ապրիլի aprel",
            "may май мая մայիս մայիսի may",
            "june jun июнь июня հունիս հունիսի iyun",
            "july jul июль июля հուլիս հուլիսի iyul",
            "august aug август августа авг օգոստոս օգոստոսի avqust",
            "september sep sept сентябрь сентября сен սեպտեմբեր սեպտեմբերի sentyabr",
            "october oct октябрь октября окт հոկտեմբեր հոկտեմբերի oktyabr",
            "november nov ноябрь ноября ноя նոյեմբեր նոյեմբերի noyabr",
            "december dec декабрь декабря дек դեկտեմբեր դեկտեմբերի dekabr",
        ],
        start=1,
    )
    for name in names.split()
}
_NUMERIC = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?:\s*(?:г\.?|թ\.?))?$")
_MONTH_DAY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def date_of(text: str) -> str | None:
    """``text`` read as a date (``19.01.2024``, ``2024-01-19``, ``19 January 2024``,
    ``January 19, 2024``), as ``YYYY-MM-DD``; ``None`` if it is not just a date."""
    text = " ".join(text.split()).strip().lower()
    if match := _ISO.match(text):
        year, month, day = match.groups()
    elif match := _NUMERIC.match(text):
        day, month, year = match.groups()
    elif match := _DAY_MONTH.match(text):
        day, month, year = match.group(1), str(_MONTHS.get(match.group(2), 0)), match.group(3)
    elif match := _MONTH_DAY.match(text):
        month, day, year = str(_MONTHS.get(match.group(1), 0)), match.group(2), match.group(3)
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
