"""Importing WeasyPrint: plainly, or with the speed-ups on, without 26 ``find_library`` subprocesses.

cffi asks :func:`ctypes.util.find_library` for each spelling of Pango's, HarfBuzz's...
names, and on Linux each call runs ``ldconfig -p``, then ``gcc``/``ld``. With the speed-ups
on, only while WeasyPrint is imported, it is answered from the linker cache (read once), the
same answer as the real function's first step; then the real function is put back.
Figures: ``benchmarks/FINDINGS.md``.
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
    """``weasyprint``, imported once: with the speed-ups on (:mod:`essaykit.speedups`), the
    library lookup answered from the cache and unused modules stood in for
    (:mod:`.weasy_defer`)."""
    if "weasyprint" not in sys.modules:
        _import()
    return sys.modules["weasyprint"]


def _import() -> None:
    import ctypes.util

    from .switch import enabled
    from .versions import tested

    if not enabled() or not tested("weasyprint"):
        import weasyprint  # noqa: F401

        return
    from . import weasy_defer

    weasy_defer.install()  # modules WeasyPrint imports and we never use: see there
    if not enabled("libraries") or _sonames() is None:
        import weasyprint  # noqa: F401

        return
    real = ctypes.util.find_library
    ctypes.util.find_library = cached_find_library
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = real


def warm_up(pending: Callable[[], bool] | None = None) -> None:
    """Everything a PDF render does once per process, done ahead of it (in the
    prewarmed process, :mod:`essaykit.prewarm`, while another reads the essay):
    import WeasyPrint and the renderer, and lay out one line so that Pango,
    fontconfig and cffi set themselves up. The line is skipped when ``pending()``
    says a document is already waiting: it would only delay that document."""
    import_weasyprint()
    from . import install_pdf

    install_pdf()
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
