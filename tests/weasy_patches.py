"""Shared set-up of the tests that compare an essaykit patch of WeasyPrint
with WeasyPrint's own code, byte for byte."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from essaykit import speedups
from essaykit.speedups import subset as pdf_subset
from essaykit.speedups.weasy_import import import_weasyprint


def render(html: str) -> bytes:
    """``html`` as a PDF by WeasyPrint alone (no essaykit stylesheet)."""
    from weasyprint import HTML as Page

    return bytes(Page(string=html).render().write_pdf())


def install_fresh(monkeypatch: pytest.MonkeyPatch, patch: ModuleType, owner: Any, name: str) -> None:
    """Install ``patch`` (which replaces ``owner.name``) as if for the first
    time; ``monkeypatch`` puts WeasyPrint's own ``owner.name`` back after the
    test. Installing twice must be harmless."""
    pytest.importorskip("uharfbuzz")
    speedups.enable()  # off again after the test (conftest)
    import_weasyprint()
    pdf_subset.install()  # fontTools would stamp each subset with the time
    monkeypatch.setattr(owner, name, getattr(owner, name))
    monkeypatch.setattr(patch, "_installed", False)
    assert patch.install() and patch.install()
