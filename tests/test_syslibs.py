"""Finding WeasyPrint's system libraries from the linker's cache."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

from lessonpress.render.weasy import syslibs

linux_only = pytest.mark.skipif(
    syslibs.linker_cache() is None, reason="needs Linux with ldconfig (the lookup is Linux-only)"
)


@linux_only
def test_the_cache_finds_what_ctypes_finds() -> None:
    cache = syslibs.linker_cache()
    assert cache is not None
    find = syslibs.cache_lookup(cache, None)
    for name in ["c", "m", "pango-1.0", "gobject-2.0", "harfbuzz", "fontconfig"]:
        slow = ctypes.util.find_library(name)
        quick = find(name)
        assert slow is not None, name  # the machine has WeasyPrint's libraries
        assert quick is not None and Path(quick).name == slow, name


@linux_only
def test_names_the_cache_lacks_are_missing_without_asking_again() -> None:
    cache = syslibs.linker_cache()
    assert cache is not None
    asked: list[str] = []

    def fallback(name: str) -> str | None:
        asked.append(name)
        return "/found/by/fallback.so"

    assert syslibs.cache_lookup(cache, None)("libpango-1.0-0") is None
    assert syslibs.cache_lookup(cache, fallback)("no-such-lib-x") == "/found/by/fallback.so"
    assert asked == ["no-such-lib-x"]


def test_a_listed_library_that_does_not_load_is_skipped(tmp_path: Path) -> None:
    broken = tmp_path / "libdemo.so.1"
    broken.write_bytes(b"not a shared library")
    cache = [("libdemo.so.1", str(broken)), ("libdemos.so.1", "/nowhere/libdemos.so.1")]
    assert syslibs.cache_lookup(cache, None)("demo") is None  # and "demos" is not "demo"


@linux_only
def test_quick_lookup_is_undone_after_the_block() -> None:
    original = ctypes.util.find_library
    with syslibs.quick_lookup():
        assert ctypes.util.find_library is not original
    assert ctypes.util.find_library is original


def test_the_renderer_loads_even_when_the_quick_lookup_fails() -> None:
    """A quick import that fails (here every library refuses to load within it) is
    followed by a thorough one; WeasyPrint's advice about missing libraries, printed by
    the failed attempt, is not shown."""
    code = (
        "import contextlib, cffi\n"
        "from lessonpress.render import pdf\n"
        "from lessonpress.render.weasy import syslibs\n"
        "@contextlib.contextmanager\n"
        "def failing():\n"
        "    def refuse(self, name, flags=0): raise OSError(f'cannot load {name}')\n"
        "    real, cffi.FFI.dlopen = cffi.FFI.dlopen, refuse\n"
        "    try: yield\n"
        "    finally: cffi.FFI.dlopen = real\n"
        "syslibs.quick_lookup = failing\n"
        "weasyprint = pdf.load_renderer()\n"
        "from weasyprint.text import ffi\n"
        "assert ffi.pango is not None\n"
        "print('loaded', weasyprint.__version__)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("loaded "), run.stdout
    assert "could not import some external libraries" not in run.stdout + run.stderr


@linux_only
def test_the_first_names_weasyprint_tries_are_missing_at_once() -> None:
    """The names that cost a subprocess each (about 15 ms) are answered from the cache."""
    cache = syslibs.linker_cache()
    assert cache is not None
    find = syslibs.cache_lookup(cache, None)
    assert find("libgobject-2.0-0") is None
    assert find("gobject-2.0") is not None
