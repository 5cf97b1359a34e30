"""Finding the renderer's system libraries without a subprocess per guess.

WeasyPrint loads Pango, HarfBuzz and fontconfig by trying several names for each
(``libpango-1.0-0``, ``pango-1.0-0``, ``pango-1.0``, ...). Every name that is not a file
name goes through :func:`ctypes.util.find_library`, which on Linux runs ``ldconfig -p``
and, for a name it does not know, ``gcc`` and ``ld`` as well: 22 lookups and more than
50 processes, about 0.2 s of the 0.65 s ``import weasyprint`` takes on our machines, paid
by every build that renders.

:func:`quick_lookup` answers those lookups from one reading of the linker's cache while
WeasyPrint is imported. A library the cache does not list is reported missing at once,
unless ``LD_LIBRARY_PATH`` is set (then the thorough lookup decides). If the import fails
all the same, the caller imports again without it, so the result is never worse than
WeasyPrint's own lookup, only faster.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator

_Lookup = Callable[[str], str | None]


def linker_cache() -> list[tuple[str, str]] | None:
    """``(file name, path)`` of every library in the linker's cache, or ``None``."""
    ldconfig = shutil.which("ldconfig") or shutil.which("ldconfig", path="/sbin:/usr/sbin")
    if sys.platform != "linux" or ldconfig is None:
        return None
    try:
        listing = subprocess.run(
            [ldconfig, "-p"],
            capture_output=True,
            text=True,
            check=True,
            timeout=5,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        ).stdout
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
    found = []
    for line in listing.splitlines()[1:]:  # the first line counts the entries
        name, _, path = line.strip().partition(" => ")
        if path:
            found.append((name.split(" (", 1)[0], path))
    return found


def cache_lookup(cache: list[tuple[str, str]], fallback: _Lookup | None) -> _Lookup:
    """A ``find_library`` answering from ``cache``: the path of the first listed
    ``lib<name>.so...`` this process can load, else ``fallback(name)`` (or ``None``)."""

    def find_library(name: str) -> str | None:
        for file_name, path in cache:
            if file_name == f"lib{name}.so" or file_name.startswith(f"lib{name}.so."):
                try:
                    ctypes.CDLL(path)  # skips a library built for another architecture
                except OSError:
                    continue
                return path
        return fallback(name) if fallback is not None else None

    return find_library


@contextlib.contextmanager
def quick_lookup() -> Iterator[None]:
    """Within the block, ``ctypes.util.find_library`` answers from the linker's cache."""
    cache = linker_cache()
    if cache is None:
        yield
        return
    original = ctypes.util.find_library
    fallback = original if os.environ.get("LD_LIBRARY_PATH") else None
    ctypes.util.find_library = cache_lookup(cache, fallback)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original
