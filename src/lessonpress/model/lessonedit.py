"""Writing a document into a lesson file the way a careful teacher would: nothing else moves.

The studio puts a quote made by selection under "Document A/B of part N" (or a new part).
The lesson file is the teacher's: it keeps its comments, key order, quoting and line
breaks. So the file is edited with a round-trip YAML library (ruamel.yaml), and only
when that library gives back the very same text for the file unedited (its indentation
is guessed from a few common styles); otherwise nothing is written and the teacher is
told to paste the quote by hand.

Nothing a teacher typed is lost:

- the file must be byte for byte the one the studio showed (its SHA-256 ``digest``);
  otherwise :class:`~lessonpress.errors.EditConflict` and nothing is written. The bytes
  are compared again just before the new file replaces the old one;
- the new text must read back, with the loader every command uses, as the old lesson
  with exactly this document changed, keeping every comment line;
- it is written to a temporary file beside the lesson, flushed to disk, and moved over
  the lesson in one step (``os.replace``), keeping the file's permissions.

A replaced document keeps its other fields (perspective, translation ...): the result
names them, for the teacher to review against the new quote. The source's paragraphs go
into a comment after ``source:`` (``# paragraphs 5-6``), unless the teacher wrote their
own comment there.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import os
import re
import secrets
import stat
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RoundTripError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from lessonpress.confine import read_inside
from lessonpress.errors import EditConflict, InputError, Refused, display_path
from lessonpress.model import yamlnodes
from lessonpress.model.yamlnodes import Mapping, Node, Scalar, Sequence

LETTERS = ("A", "B")
#: Indentation styles tried, as ruamel.yaml's (mapping, sequence, offset).
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 0))
_QUOTE_WIDTH = 76  # characters of quote per line (the lines sit 10 spaces in)
_OUR_NOTE = re.compile(r"^\s*#\s*paragraphs?\s+[\d,\s-]+$")
#: Fields of a replaced document that described the old quote: named for review.
_REVIEW = ("perspective", "language", "adapted", "adaptation_note", "translation")


@dataclass(frozen=True)
class LessonText:
    """A lesson file as read: its text and the digest of its bytes."""

    path: Path
    text: str
    digest: str


@dataclass(frozen=True)
class NewDocument:
    """What goes under a document: a source id, a verified quote and its paragraphs."""

    source: str
    quote: str
    paragraphs: list[int]


@dataclass(frozen=True)
class DocumentWritten:
    """A document written into a lesson file."""

    path: Path
    digest: str  # of the new file
    part: int  # 1-based
    letter: str
    replaced: bool  # a document was there before
    review: list[str]  # fields of the replaced document kept: check they fit the new quote


@dataclass(frozen=True)
class DocumentOutline:
    """A document of a lesson as the studio lists it: its source and the quote's start."""

    letter: str
    source: str | None
    opening: str  # the first words of its quote


@dataclass(frozen=True)
class PartOutline:
    """A part (pair) of a lesson: its number, title and documents."""

    number: int
    title: str
    documents: list[DocumentOutline]


def outline(text: str, path: Path) -> list[PartOutline] | None:
    """The parts of a lesson's text and what their documents quote, read as every command
    reads it; ``None`` if it does not read as YAML."""
    try:
        node = yamlnodes.parse(text, path)
    except InputError:
        return None
    pairs = node.entries.get("pairs") if isinstance(node, Mapping) else None
    items = pairs.items if isinstance(pairs, Sequence) else []
    return [_part_outline(number, pair) for number, pair in enumerate(items, start=1)]


def _part_outline(number: int, pair: Node) -> PartOutline:
    fields = pair.entries if isinstance(pair, Mapping) else {}
    documents = fields.get("documents")
    items = documents.items if isinstance(documents, Sequence) else []
    return PartOutline(
        number,
        _text(fields.get("title")) or f"Part {number}",
        [_document_outline(letter, item) for letter, item in zip(LETTERS, items, strict=False)],
    )


def _document_outline(letter: str, document: Node) -> DocumentOutline:
    fields = document.entries if isinstance(document, Mapping) else {}
    words = (_text(fields.get("quote")) or "").split()
    opening = " ".join(words[:8]) + (" ..." if len(words) > 8 else "")
    return DocumentOutline(letter, _text(fields.get("source")), opening)


def _text(node: Node | None) -> str | None:
    return node.text if isinstance(node, Scalar) and not node.is_null else None


def _shown(path: Path, roots: list[Path]) -> str:
    """``path`` as the teacher knows it: relative to the workspace (the first root)."""
    return display_path(path, roots[0] if roots else None)


def file_digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, in hex: what the studio last saw of it."""
    return hashlib.sha256(data).hexdigest()


def read_lesson_text(path: Path, roots: list[Path]) -> LessonText:
    """A lesson file's text and digest; :class:`InputError` or :class:`Refused` if unreadable."""
    data = read_inside(path, roots, yamlnodes.MAX_BYTES, shown=_shown(path, roots))
    return LessonText(path, yamlnodes.decode(data, path), file_digest(data))


def write_document(
    path: Path,
    roots: list[Path],
    *,
    expected_digest: str,
    part: int | None,
    letter: str,
    document: NewDocument,
) -> DocumentWritten:
    """Write ``document`` as Document ``letter`` of part ``part`` (1-based; ``None``: a new
    part at the end) of the lesson at ``path``, if its bytes are still ``expected_digest``.

    Raises :class:`EditConflict` if the file changed, :class:`InputError` if it has a
    YAML error, :class:`Refused` if the part or letter do not fit the lesson or the file
    cannot be edited without changing its formatting.
    """
    data = _read_unchanged(path, roots, expected_digest)
    text, crlf = _plain_newlines(yamlnodes.decode(data, path))
    old = yamlnodes.parse(text, path)  # the loader of every command: its refusals stand
    yaml, tree = _round_trip(text, path, roots)
    number, replaced, review = _place(tree, part, letter, document)
    new_text = _dump(yaml, tree)
    _verify((old, text), new_text, (path, roots), (number, letter, document))
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    new_data = (codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b"") + new_text.encode()
    _replace(path, new_data, expected_digest, _shown(path, roots))
    return DocumentWritten(path, file_digest(new_data), number, letter, replaced, review)


def _read_unchanged(path: Path, roots: list[Path], expected_digest: str) -> bytes:
    """The lesson's bytes, if it is a file of the workspace itself that did not change."""
    if path.is_symlink():
        raise Refused(
            f"{_shown(path, roots)} is a link; the studio writes only into files of the "
            "workspace itself",
            "edit the file the link leads to in your editor",
        )
    data = read_inside(path, roots, yamlnodes.MAX_BYTES, shown=_shown(path, roots))
    if file_digest(data) != expected_digest:
        raise EditConflict(
            f"{_shown(path, roots)} changed on disk since the studio showed it "
            "(saved from your editor?); nothing was written",
            "look at the lesson as it is now, then add the quote again",
        )
    return data


def _plain_newlines(text: str) -> tuple[str, bool]:
    """The text with ``\\n`` line ends, and whether it had ``\\r\\n`` ones."""
    return (text.replace("\r\n", "\n"), True) if "\r\n" in text else (text, False)


def _round_trip(text: str, path: Path, roots: list[Path]) -> tuple[YAML, Any]:
    """A round-trip loader that writes ``text`` back unchanged, and the loaded tree."""
    for mapping, sequence, offset in _STYLES:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096  # never re-wrap the teacher's long lines
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        try:
            tree = yaml.load(text)
            if _dump(yaml, tree) == text:
                return yaml, tree
        except RoundTripError:
            break
    raise Refused(
        f"the studio cannot add to {_shown(path, roots)} without changing how the rest of "
        "it is written; nothing was written",
        "copy the quote from the studio and paste it under the document in your editor",
    )


def _dump(yaml: YAML, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _place(
    tree: Any, part: int | None, letter: str, document: NewDocument
) -> tuple[int, bool, list[str]]:
    """Put the document into the tree: its part's number, whether it replaced one, and the
    fields to review."""
    if letter not in LETTERS:
        raise Refused(f"there is no Document {letter}", "choose Document A or Document B")
    if not isinstance(tree, CommentedMap):
        raise Refused("the lesson file is not a mapping of fields", "start it with title:")
    pairs = tree.get("pairs")
    if part is None:
        return _new_part(tree, pairs, letter, document)
    count = len(pairs) if isinstance(pairs, CommentedSeq) else 0
    if not 1 <= part <= count:
        raise Refused(
            f"the lesson has no part {part} (it has {count})",
            "choose one of its parts, or a new part",
        )
    pair = pairs[part - 1]
    if not isinstance(pair, CommentedMap):
        raise Refused(f"part {part} is not a mapping of fields", "give it title: and documents:")
    replaced, review = _into_pair(pair, part, letter, document)
    return part, replaced, review


def _new_part(
    tree: CommentedMap, pairs: Any, letter: str, document: NewDocument
) -> tuple[int, bool, list[str]]:
    if letter != "A":
        raise Refused("a new part starts with Document A", "choose Document A of a new part")
    if pairs is None:
        pairs = tree["pairs"] = CommentedSeq()
    if not isinstance(pairs, CommentedSeq):
        raise Refused("pairs: is not a list", "write each part as an item starting with -")
    pair = CommentedMap()
    pair["title"] = f"Part {len(pairs) + 1}"
    pair["documents"] = CommentedSeq([_new_document(document, _flow(pairs))])
    if _flow(pairs):
        pair.fa.set_flow_style()
        pair["documents"].fa.set_flow_style()
    pairs.append(pair)
    return len(pairs), False, []


def _into_pair(
    pair: CommentedMap, part: int, letter: str, document: NewDocument
) -> tuple[bool, list[str]]:
    documents = pair.get("documents")
    if documents is None:
        documents = pair["documents"] = CommentedSeq()
    if not isinstance(documents, CommentedSeq):
        raise Refused(f"documents: of part {part} is not a list", "write each document with -")
    index = LETTERS.index(letter)
    if index > len(documents):
        raise Refused(
            f"part {part} has no Document A yet", "put the first quote of a part in Document A"
        )
    if index == len(documents):
        documents.append(_new_document(document, _flow(documents)))
        return False, []
    old = documents[index]
    if not isinstance(old, CommentedMap):
        raise Refused(
            f"Document {letter} of part {part} is not a mapping of fields",
            "write it as source: and quote:",
        )
    old["source"] = _like(old.get("source"), document.source)
    old["quote"] = _quoted(document.quote) if _flow(old) else _folded(document.quote)
    if not _flow(old):
        _note_paragraphs(old, document.paragraphs)
    return True, [key for key in _REVIEW if key in old]


def _new_document(document: NewDocument, flow: bool) -> CommentedMap:
    """A new document, written as the list it joins is: in blocks (with the paragraphs in a
    comment), or inline (``{source: ..., quote: "..."}``, where a comment cannot go)."""
    mapping = CommentedMap()
    mapping["source"] = document.source
    if flow:
        mapping["quote"] = _quoted(document.quote)
        mapping.fa.set_flow_style()
        return mapping
    mapping["quote"] = _folded(document.quote)
    if document.paragraphs:
        mapping.yaml_add_eol_comment(f"# {paragraph_note(document.paragraphs)}", "source")
    return mapping


def _flow(node: Any) -> bool:
    """Whether a list or mapping of the file is written inline (``[...]``, ``{...}``)."""
    return bool(node.fa.flow_style()) if hasattr(node, "fa") else False


def _quoted(quote: str) -> Any:
    """The quote on one line in double quotes, for a document written inline."""
    return DoubleQuotedScalarString(" ".join(quote.split()))


def _like(old: Any, value: str) -> Any:
    """``value`` quoted the way the old value was (a quoted string stays quoted)."""
    return type(old)(value) if isinstance(old, str) and type(old) is not str else value


def _folded(quote: str) -> Any:
    """The quote as a folded block (``quote: >``), broken at spaces into short lines."""
    text = " ".join(quote.split())
    lines = textwrap.wrap(text, _QUOTE_WIDTH, break_long_words=False, break_on_hyphens=False)
    folded = FoldedScalarString(" ".join(lines) + "\n")
    breaks, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        breaks.append(at)
        at += 1
    folded.fold_pos = breaks  # read by ruamel's emitter
    return folded


def paragraph_note(paragraphs: list[int]) -> str:
    """``paragraph 5``, ``paragraphs 5-7``, ``paragraphs 2, 5-6``."""
    runs: list[list[int]] = []
    for number in sorted(set(paragraphs)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    shown = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
    return f"paragraph{'s' if len(paragraphs) > 1 else ''} {shown}"


def _note_paragraphs(mapping: CommentedMap, paragraphs: list[int]) -> None:
    """Say which paragraphs the quote comes from after ``source:``, replacing an earlier
    note of the studio's but never a comment of the teacher's."""
    if not paragraphs:
        return
    note = f"# {paragraph_note(paragraphs)}"
    entry = mapping.ca.items.get("source")
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        mapping.yaml_add_eol_comment(note, "source")
        return
    first, newline, rest = token.value.partition("\n")
    if first.strip() and not _OUR_NOTE.match(first):
        return  # the teacher's own comment stays as it is
    token.value = f" {note}{newline}{rest}" if newline else f" {note}"


def _verify(
    before: tuple[Node | None, str],
    new_text: str,
    where: tuple[Path, list[Path]],
    edit: tuple[int, str, NewDocument],
) -> None:
    """Refuse a new text that does not read back as the old lesson with this one document
    changed, or that lost a comment line."""
    old, old_text = before
    path, roots = where
    try:
        new = yamlnodes.parse(new_text, path)
    except InputError:
        new = None
    number, letter, document = edit
    expected = _plain(old)
    changed = _plain(new)
    try:
        _apply(expected, number, letter, document)
        same = changed == expected
    except (KeyError, IndexError, TypeError):
        same = False
    if not same or not _comments_kept(old_text, new_text):
        raise Refused(
            f"the studio could not add the document to {_shown(path, roots)} without "
            "changing other lines; nothing was written",
            "copy the quote from the studio and paste it under the document in your editor",
        )


def _plain(node: Node | None) -> Any:
    """The node tree as plain values (positions left out), quotes' spaces folded."""
    if isinstance(node, Mapping):
        return {key: _plain(value) for key, value in node.entries.items()}
    if isinstance(node, Sequence):
        return [_plain(item) for item in node.items]
    if isinstance(node, Scalar):
        return None if node.is_null else node.text
    return None


def _apply(tree: Any, number: int, letter: str, document: NewDocument) -> None:
    """What the edit does, done on plain values."""
    plain = {"source": document.source, "quote": _Words(document.quote)}
    if tree.get("pairs") is None:
        tree["pairs"] = []
    pairs = tree["pairs"]
    if number > len(pairs):
        pairs.append({"title": f"Part {number}", "documents": [plain]})
        return
    pair = pairs[number - 1]
    if pair.get("documents") is None:
        pair["documents"] = []
    documents, index = pair["documents"], LETTERS.index(letter)
    if index == len(documents):
        documents.append(plain)
    else:
        documents[index] = {**documents[index], **plain}


class _Words(str):
    """A quote as the check compares it: equal to any text with the same words (a folded
    block ends with a line break, a quoted one does not)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.split() == other.split()

    def __hash__(self) -> int:
        return hash(tuple(self.split()))


def _comments_kept(old_text: str, new_text: str) -> bool:
    """Whether every comment line of the old text is still in the new one."""
    old = Counter(line.strip() for line in old_text.splitlines() if line.lstrip().startswith("#"))
    new = Counter(line.strip() for line in new_text.splitlines() if line.lstrip().startswith("#"))
    return not old - new


def _replace(path: Path, data: bytes, expected_digest: str, shown: str) -> None:
    """Write ``data`` beside ``path`` and move it over ``path``, if ``path`` is still
    ``expected_digest``; the file's permissions are kept."""
    mode = stat.S_IMODE(path.stat().st_mode)
    temp = path.with_name(f".lessonpress-{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if file_digest(path.read_bytes()) != expected_digest:  # saved meanwhile
            raise EditConflict(
                f"{shown} was saved from elsewhere while the studio wrote it; nothing was written",
                "look at the lesson as it is now, then add the quote again",
            )
        temp.replace(path)
    except OSError as exc:
        raise Refused(
            f"cannot write {shown}: {exc.strerror or exc}",
            "is the file or its folder read-only?",
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
