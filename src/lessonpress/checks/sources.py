"""Source completeness: LP401 (a source says where a reader can find it).

The fields every source must give (title, publisher, date, licence, perspective; null
for an explicit unknown) are required by the source format itself
(:mod:`lessonpress.model.sources`); this check asks for a ``url`` or an ``offline`` note.
"""

from __future__ import annotations

from lessonpress.checks.subject import Subject
from lessonpress.errors import Problems
from lessonpress.model.sources import Source


def check(subject: Subject, problems: Problems) -> None:
    """LP401 on each source the lesson quotes."""
    for source in subject.sources:
        check_source(source, problems)


def check_source(source: Source, problems: Problems) -> None:
    """LP401 on one source (``lessonpress check`` runs it on every source of the library)."""
    if source.info.url is None and source.info.offline is None:
        problems.warning(
            source.path,
            source.info.at.pos,
            None,
            "the source has neither a url nor an offline note",
            "add 'url: https://...', or 'offline:' saying where a reader can find it",
            code="LP401",
        )
