"""The benchmark harness stays runnable: the synthetic inputs are
deterministic and the scripts start. Nothing here is timed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _synthetic():
    spec = importlib.util.spec_from_file_location("bench_synthetic", BENCH / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_book_is_deterministic_and_book_sized() -> None:
    syn = _synthetic()
    book = syn.make_book()
    assert book == syn.make_book()
    assert 88_000 <= syn.word_count(book) <= 92_000
    assert book.count("\n## ") == 18
    assert "\n### " in book and "> [!PULLQUOTE]" in book and "==" in book
    assert "[^b1]: " in book and "```python" in book and "\n- " in book


def test_synthetic_essay_is_deterministic() -> None:
    syn = _synthetic()
    essay = syn.make_essay(words=3000, seed=7)
    assert essay == syn.make_essay(words=3000, seed=7)
    assert essay != syn.make_essay(words=3000, seed=8)
    assert 2_700 <= syn.word_count(essay) <= 3_300
    assert essay.startswith("---\ntitle: ")


def test_scripts_show_help() -> None:
    for script in ("run.py", "profile.py", "synthetic.py"):
        out = subprocess.run(
            [sys.executable, str(BENCH / script), "--help"],
            capture_output=True,
            text=True,
            timeout=600,  # a hang only
        )
        assert out.returncode == 0, out.stderr
        assert "usage:" in out.stdout
