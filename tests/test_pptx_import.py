"""python-pptx is imported without urllib.request, which stays usable."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def _run(code: str, **env: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, check=True, env={**os.environ, **env},
    )
    return out.stdout.strip()


def test_pptx_without_the_web_client_until_it_is_used() -> None:
    out = _run("""
        import sys
        from essaykit.speedups.pptx_import import import_pptx
        import_pptx()
        print("http.client" in sys.modules)
        from urllib.request import urlopen          # first use: the real module
        import urllib.request
        from xml.sax import saxutils
        print("http.client" in sys.modules, urllib.request.urlopen is urlopen,
              sys.modules["urllib.request"] is urllib.request,
              type(urllib.request).__name__, saxutils.urllib.request.url2pathname("a%20b"))
    """)
    assert out.splitlines() == ["False", "True True True module a b"]


def test_a_name_read_through_the_stand_in_is_the_real_modules() -> None:
    out = _run("""
        import sys
        from essaykit.speedups.pptx_import import import_pptx
        import_pptx()
        stand_in = sys.modules["urllib.request"]
        opener = stand_in.build_opener                  # loads the real module
        import urllib.request
        print(opener is urllib.request.build_opener, stand_in is not urllib.request)
    """)
    assert out == "True True"


def test_a_name_set_through_the_stand_in_is_set_on_the_real_module() -> None:
    out = _run("""
        import sys, urllib
        from essaykit.speedups.pptx_import import import_pptx
        import_pptx()
        urllib.request.urlopen = "fake"                  # as a test's monkeypatch does
        from urllib.request import urlopen
        print(urlopen, sys.modules["urllib.request"].urlopen, type(urllib.request).__name__)
    """)
    assert out == "fake fake module"


def test_eager_imports_on_request() -> None:
    out = _run("""
        import sys
        from essaykit.speedups.pptx_import import import_pptx
        import_pptx()
        print("http.client" in sys.modules)
    """, ESSAYKIT_EAGER_IMPORTS="1")
    assert out == "True"
