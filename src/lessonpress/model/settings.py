"""Settings: ``lessonpress.yaml`` for the workspace, ``settings:`` in a lesson for one lesson.

Every key is optional and has a documented default. A lesson's ``settings:``
overrides only the keys it writes (and, inside ``theme`` and ``sections``, only the
sub-keys it writes). This module describes and checks them; they reach the handouts
two ways: templates see them as ``settings``, and the visual ones become a stylesheet
(:mod:`lessonpress.render.settingscss`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, get_args

from lessonpress.codes import CHECKS, CheckCode, Levels
from lessonpress.errors import Problems
from lessonpress.model.fieldtypes import CssColor, LanguageTag, Markdown
from lessonpress.model.schema import Where, location_field, spec

Section = Literal[
    "header",
    "overview",
    "teacher_notes",
    "discussion_norms",
    "content_warning",
    "compelling_question",
    "background",
    "vocabulary",
    "pairs",
    "discussion",
    "figures",
    "sources",
]
STUDENT_SECTIONS: list[Section] = [
    "header",
    "content_warning",
    "compelling_question",
    "background",
    "vocabulary",
    "pairs",
    "discussion",
]
#: The teacher guide prints every section, in the order Section lists them.
TEACHER_SECTIONS: list[Section] = list(get_args(Section))
#: Sections that hold answers or notes, never printed on the student handout.
TEACHER_ONLY: frozenset[str] = frozenset({"teacher_notes", "discussion_norms", "figures"})


@dataclass(frozen=True, kw_only=True)
class Theme:
    """Colours of the handouts (printed on school copiers: keep them dark)."""

    accent: CssColor = spec(
        "Colour of the title and heading rules, as #rrggbb.", default=CssColor("#1f4e79")
    )
    muted: CssColor = spec(
        "Colour of secondary text (labels, footers), as #rrggbb.",
        default=CssColor("#555555"),
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Sections:
    """Which sections each version prints, in order."""

    student: list[Section] = spec(
        "Sections of the student handout, in order. Default: " + ", ".join(STUDENT_SECTIONS) + ".",
        default_factory=lambda: list(STUDENT_SECTIONS),
        min_items=1,
    )
    teacher: list[Section] = spec(
        "Sections of the teacher guide, in order. Default: " + ", ".join(TEACHER_SECTIONS) + ".",
        default_factory=lambda: list(TEACHER_SECTIONS),
        min_items=1,
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Logo:
    """An image printed in the header."""

    file: str = spec(
        "The image (PNG, JPEG, GIF, WebP or SVG), relative to the workspace folder.",
        example="templates/logo.svg",
    )
    alt: str = spec("What the image shows, for screen readers.", example="School crest")
    at: Where = location_field()


#: Words that mark an excerpt as describing violence (LP801), matched as whole words.
VIOLENCE_WORDS = [
    "killed",
    "killing",
    "killings",
    "massacre",
    "pogrom",
    "murder",
    "murdered",
    "wounded",
    "violence",
    "beaten",
    "raped",
    "genocide",
    "death",
    "deaths",
    "dead",
    "died",
    "atrocities",
]
#: Licences under which quoting at length is allowed (LP501, LP502), matched by their start.
OPEN_LICENSES = ["CC BY", "CC0", "Public domain", "GFDL", "OGL"]
#: The smallest body text of a large-print handout, in points.
LARGE_PRINT_PT = 16


@dataclass(frozen=True, kw_only=True)
class Side:
    """One side of the conflict a lesson teaches, for the one-side check (LP203)."""

    name: str = spec("The side's name, as messages print it.", example="Armenian")
    words: list[str] = spec(
        "Words in a perspective label that place it on this side.",
        min_items=1,
        example="[Armenian, Armenia]",
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class CheckSettings:
    """Levels of the checks (see the list of checks) and their limits."""

    off: list[CheckCode] = spec("Checks not run.", default_factory=list)
    warnings: list[CheckCode] = spec("Checks reported as warnings.", default_factory=list)
    errors: list[CheckCode] = spec(
        "Checks reported as errors (a lesson with one is not built).", default_factory=list
    )
    fair_use_words: int = spec(
        "Longest excerpt, in words, from a source that is not openly licensed (LP501).",
        default=300,
        min=1,
        max=100_000,
    )
    fair_use_percent: int = spec(
        "Largest share of such a source one lesson may quote, in percent (LP502).",
        default=10,
        min=1,
        max=100,
    )
    open_licenses: list[str] = spec(
        "Licences exempt from LP501 and LP502, matched by their start. Default: "
        + ", ".join(OPEN_LICENSES)
        + ".",
        default_factory=lambda: list(OPEN_LICENSES),
    )
    violence_words: list[str] = spec(
        "Words that make a content warning necessary (LP801). Default: "
        + ", ".join(VIOLENCE_WORDS)
        + ".",
        default_factory=lambda: list(VIOLENCE_WORDS),
    )
    reading_margin: int = spec(
        "Grades an excerpt's reading level may lie above the top of the lesson's grade band "
        "before LP601 warns.",
        default=3,
        min=0,
        max=20,
    )
    sides: list[Side] = spec(
        "The sides of the conflict the lessons teach (LP203); none by default.",
        default_factory=list,
    )
    at: Where = location_field()


@dataclass(frozen=True, kw_only=True)
class Settings:
    """``lessonpress.yaml`` (and a lesson's ``settings:``): every key optional."""

    school: str | None = spec("School name, printed in the header.", default=None)
    teacher: str | None = spec("Teacher's name; the PDFs' author.", default=None)
    logo: Logo | None = spec("An image printed in the header, with its alt text.", default=None)
    paper: Literal["a4", "letter"] = spec("Paper size.", default="a4")
    language: LanguageTag = spec(
        "Language of lessons that do not set their own: their labels, dates and quotation "
        "marks (en, az, fr, hy or ru).",
        default=LanguageTag("en"),
    )
    theme: Theme = spec("Colours of titles, rules and secondary text.", default_factory=Theme)
    font_size: int = spec("Body text size in points.", default=11, min=11, max=20)
    hyphenate: bool = spec(
        "Break long words at line ends, by the rules of each passage's language (English, "
        "French, Russian; Armenian and Azerbaijani break between words only). Off by default: "
        "unbroken words are easier for struggling readers, and excerpts copy word for word.",
        default=False,
    )
    large_print: bool = spec(
        "Also make a large-print student handout (<id>-student-large-print.pdf): text of "
        f"{LARGE_PRINT_PT} pt or more, every pair one document above the other.",
        default=False,
    )
    sections: Sections = spec(
        "Which sections each version prints, in order.", default_factory=Sections
    )
    footer: str | None = spec(
        "Short text printed before the page number on every page.",
        default=None,
        example="Lincoln High School, History Department",
    )
    line_numbers: int = spec(
        "Number every Nth line of each excerpt; 0 for none.", default=5, min=0, max=20
    )
    source_qr: bool = spec(
        "Print beside each source note a small QR code of the source's web address (url), "
        "so students can open the source with a phone; none where a source has no url.",
        default=False,
    )
    discussion_norms: Markdown | None = spec(
        "The teacher guide's 'Running the discussion' section (Markdown), in place of the "
        "built-in norms for discussing a contested topic (setting the aim, opting out, family "
        "ties, attributing claims, a student who denies an event), which are printed in the "
        "lesson's language. Set it in a lesson's settings: for that lesson only.",
        default=None,
    )
    answer_lines: int = spec(
        "Ruled lines under a question that does not set its own answer_lines.",
        default=4,
        min=0,
        max=40,
    )
    checks: CheckSettings = spec(
        "Levels and limits of the source and pedagogy checks.", default_factory=CheckSettings
    )
    at: Where = location_field()


def merged(base: Any, override: Any) -> Any:
    """``base`` with the keys ``override`` wrote (recursively for nested records)."""
    if override is None:
        return base
    changes: dict[str, Any] = {}
    for name in override.at.fields:
        value = getattr(override, name)
        current = getattr(base, name)
        if dataclasses.is_dataclass(value) and dataclasses.is_dataclass(current):
            value = merged(current, value)
        changes[name] = value
    # Positions of what the override wrote, so its mistakes point into its own file.
    return dataclasses.replace(base, **changes, at=override.at)


def check_sections(settings: Settings, problems: Problems) -> None:
    """Sections listed twice, teacher-only sections on the student handout, and check
    levels that cannot be set."""
    check_settings(settings.checks, problems)
    for version in ("student", "teacher"):
        names: list[str] = getattr(settings.sections, version)
        file, pos, path = settings.sections.at.of(version)
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.error(
                file, pos, path, f"section '{name}' is listed twice", "list each section once"
            )
        if version == "student":
            for name in sorted(TEACHER_ONLY.intersection(names)):
                problems.error(
                    file,
                    pos,
                    path,
                    f"'{name}' is for the teacher guide only",
                    "remove it from the student sections",
                )


def check_settings(settings: CheckSettings, problems: Problems) -> None:
    """Levels asked for the fixed checks, or for one check twice."""
    seen: dict[str, str] = {}
    for field in ("off", "warnings", "errors"):
        codes: list[str] = getattr(settings, field)
        file, pos, path = settings.at.of(field)
        for code in codes:
            if CHECKS[code].fixed and field != "errors":
                problems.error(
                    file,
                    pos,
                    path,
                    f"{code} ({CHECKS[code].name}) cannot be turned down",
                    "it is a rule every handout keeps; remove it from this list",
                )
            if code in seen and seen[code] != field:
                problems.error(
                    file, pos, path, f"{code} is also listed under {seen[code]}", "list it once"
                )
            seen[code] = field


def levels(settings: Settings, skipped: list[str] | None = None) -> Levels:
    """The check levels ``settings`` choose, with the checks a lesson skips turned off."""
    checks = settings.checks
    return Levels.of(checks.off, checks.errors, checks.warnings, skipped or [])
