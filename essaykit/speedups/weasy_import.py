"""Importing WeasyPrint without 26 ``ctypes.util.find_library`` subprocesses.

Why: WeasyPrint loads Pango, HarfBuzz and friends through cffi, trying
several spellings of each library name (``libgobject-2.0-0``,
``gobject-2.0-0``, ``gobject-2.0`` ...). For every spelling ``dlopen``
cannot take directly, cffi calls :func:`ctypes.util.find_library`, which on
Linux runs ``ldconfig -p`` and then ``gcc``/``ld`` as child processes: 26
calls, 0.4 s of wall time on a quiet machine and 0.5–2 s under load, plus
about 90 MiB of short-lived child processes. Every PDF pays it, essays
most visibly (it is a sixth of an essay's export).

What this does: only while :func:`import_weasyprint` imports WeasyPrint,
``ctypes.util.find_library`` is answered from the dynamic linker's cache
(``ldconfig -p``, read once) and the folders of ``LD_LIBRARY_PATH``,
with the same answer the real function's first step gives (the soname of
``lib<name>.so*`` for this machine's ABI). Afterwards the real function is
put back. Off Linux, or when ``ldconfig`` cannot be read, nothing is
replaced. Set ``ESSAYKIT_REAL_FIND_LIBRARY=1`` to bypass the shim.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

#: ``ldconfig -p`` ABI tags, as :mod:`ctypes.util` maps them.
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64", "aarch64-64": "libc6,AArch64"}
_LINE = re.compile(r"^\s*(lib\S+?\.so\S*)\s+\(([^)]*)\)")


@lru_cache(maxsize=1)
def _sonames() -> tuple[str, ...] | None:
    """Sonames in the linker cache for this machine's ABI; None if unknown."""
    if not sys.platform.startswith("linux"):
        return None
    import struct

    machine = os.uname().machine + ("-64" if struct.calcsize("P") == 8 else "-32")
    abi = _ABI.get(machine, "libc6")
    for exe in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run([exe, "-p"], capture_output=True, text=True, check=False,
                                 env={"LC_ALL": "C", "LANG": "C"}, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        names: list[str] = []
        for line in out.splitlines():
            m = _LINE.match(line)
            if m and m.group(2).split(",")[:2] == abi.split(",")[:2]:
                names.append(m.group(1))
        if names:
            return tuple(names)
    return None


def _extra_dirs() -> list[Path]:
    return [Path(d) for d in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if d]


def cached_find_library(name: str) -> str | None:
    """What ``find_library(name)`` answers from the linker cache: the first
    ``lib<name>.<...>`` soname, or a file in ``LD_LIBRARY_PATH``; None when
    neither has it (the real function would then only ask gcc and ld,
    which know the same folders)."""
    sonames = _sonames() or ()
    prefix = f"lib{name}."
    for soname in sonames:
        if soname.startswith(prefix) and ".so" in soname[len(prefix) - 1:]:
            return soname
    for folder in _extra_dirs():
        for path in sorted(folder.glob(f"lib{name}.so*")):
            return str(path)
    return None


def import_weasyprint() -> ModuleType:
    """``import weasyprint`` with the library lookup answered from the cache,
    and Pyphen's dictionaries read from the cache folder
    (:mod:`essaykit.speedups.hyphen`).

    Idempotent and cheap once WeasyPrint is imported. Any other thread that
    calls ``find_library`` during the import gets the cached answer too,
    which is the same one for any library in the cache."""
    if "weasyprint" not in sys.modules:
        _import()
    from . import hyphen as pdf_hyphen

    pdf_hyphen.install()
    return sys.modules["weasyprint"]


def _import() -> None:
    import ctypes.util

    from . import weasy_defer as pdf_defer

    pdf_defer.install()  # modules WeasyPrint imports and we never use: see there
    real = ctypes.util.find_library
    if os.environ.get("ESSAYKIT_REAL_FIND_LIBRARY") or _sonames() is None:
        import weasyprint  # noqa: F401

        return
    ctypes.util.find_library = cached_find_library
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = real


def warm_up(pending: Callable[[], bool] | None = None) -> None:
    """Everything a PDF render does once per process, done ahead of it.

    Why: a process started to lay out a PDF (:mod:`essaykit.cli.prewarm`) can
    do this while another reads and prepares the essay: import WeasyPrint
    and the layout and subsetting code the renderer uses, let
    Pango and fontconfig build their font maps and cffi parse its C types
    (0.1 s on the first document), by laying out one line. What it costs
    is not lost when the real document is small, since the same work would
    otherwise come first in it.

    The warm-up line is skipped when ``pending()`` says a document is
    already waiting: then it would only delay that document (by 0.1 s, more
    than the same set-up costs inside its layout)."""
    import_weasyprint()
    from . import pagerefs as pdf_pagerefs
    from . import subset as pdf_subset

    pdf_subset.install()
    pdf_pagerefs.install()
    import contextlib
    import importlib

    # What every document needs (the renderer, the subsetter), then, only
    # while idle, what a long book's workers need and the warm-up line.
    for names in (("essaykit.renderers.pdf.renderer", "essaykit.api", "uharfbuzz"),
                  ("essaykit.renderers.pdf.parallel.run", "essaykit.renderers.pdf.parallel.merge", "fontTools.ttLib")):
        for name in names:
            with contextlib.suppress(ImportError):  # an optional speed-up missing: the render says so
                importlib.import_module(name)
        if pending is not None and pending():
            return
    import logging

    from weasyprint import HTML
    from weasyprint.logger import LOGGER

    quiet = LOGGER.level
    LOGGER.setLevel(logging.CRITICAL)
    try:
        HTML(string='<html lang="en"><p style="hyphens: auto">Warm up.</p></html>').render().write_pdf()
    except Exception:  # only a warm-up: the real render reports what is wrong
        pass
    finally:
        LOGGER.setLevel(quiet)
