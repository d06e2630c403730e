"""Shared fixtures: where ../shared is, and the example essay."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Locally hypothesis explores new examples on every run; CI uses a fixed
# seed so a submission is judged on the same examples it was tested with
# (failures found locally are fixed, not hidden: see tests/README).
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when that folder is absent
    (a clone used outside this workplace)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only beside the project checkout)")
    return path


def corpus_files() -> list[Path]:
    folder = SHARED / "corpus"
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def seed_files() -> list[Path]:
    folder = SHARED / "seeds"
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


@pytest.fixture(autouse=True)
def _library_defaults() -> Iterator[None]:
    """Every test ends as it began: speed-ups off, dependencies' own code back, one process
    per call (an in-process CLI test switches them on), whatever order tests run in."""
    yield
    from essaykit import forked, speedups

    speedups.disable()
    forked.set_default_jobs(1)


@pytest.fixture
def speedups_on() -> Iterator[None]:
    """The speed-ups switched on for this test, and off again before fixtures set up
    earlier (a ``monkeypatch`` requested first) put their things back."""
    from essaykit import speedups

    speedups.enable()
    yield
    speedups.disable()


@pytest.fixture
def example_essay() -> Path:
    return EXAMPLES / "essay.md"
