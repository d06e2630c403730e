"""Modules WeasyPrint imports and our documents do not use, loaded on use (speed-ups on)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("weasyprint")


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


_START = (
    "import importlib, sys\n"
    "import essaykit.speedups; essaykit.speedups.enable()\n"
    "importlib.import_module('essaykit.speedups.weasy_import').import_weasyprint()\n"
    "kind = lambda n: type(sys.modules.get(n)).__name__\n"
)


def test_weasyprint_starts_without_them() -> None:
    out = _run(_START + "print(kind('fontTools.subset'), kind('fontTools.varLib.instancer'), kind('PIL.ImageCms'),"
               " 'fontTools.varLib' in sys.modules)")
    assert out == "Deferred Deferred Deferred False"


def test_any_use_gets_the_real_module() -> None:
    out = _run(_START + (
        "import fontTools.subset as s\n"
        "options = s.Options()\n"                      # an attribute: imported at once
        "print(kind('fontTools.subset'), type(options).__module__)\n"
        "from fontTools.varLib.instancer import instantiateVariableFont as f\n"
        "print(kind('fontTools.varLib.instancer'), f.__name__)\n"
        "from PIL import ImageCms\n"
        "ImageCms.getOpenProfile\n"                  # any other name: the real module
        "print(ImageCms.ImageCmsProfile.__module__, kind('PIL.ImageCms'))\n"
    ))
    assert out.splitlines() == [
        "module fontTools.subset",
        "Deferred instantiateVariableFont",  # a name WeasyPrint imports: loaded when called
        "PIL.ImageCms module",
    ]


def test_a_variable_font_is_still_pinned(tmp_path: object) -> None:
    # WeasyPrint pins a variable font given to it directly with
    # instantiateVariableFont: the stand-in must import and call it.
    from essaykit import fonts

    variable = next((f.path for fam in fonts.installed_families().values() for f in fam.files
                     if f.variable), None)
    if variable is None:
        pytest.skip("no variable font installed")
    out = _run(_START + (
        "import logging\n"
        "from weasyprint import HTML\n"
        "from weasyprint.logger import LOGGER\n"
        "seen = []\n"
        "LOGGER.addHandler(type('H', (logging.Handler,), {'emit': lambda self, r: seen.append(r.getMessage())})())\n"
        f"css = '@font-face {{ font-family: V; src: url(\"{variable.as_uri()}\"); }} p {{ font-family: V }}'\n"
        "pdf = HTML(string=f'<style>{css}</style><p>Variable</p>').write_pdf()\n"
        "print(kind('fontTools.varLib.instancer'), len(pdf) > 1000,"
        " [m for m in seen if 'variable font' in m])\n"
    ))
    assert out == "module True []"
