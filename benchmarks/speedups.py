"""What each speed-up saves, and what a library call costs against the CLI.

    python benchmarks/speedups.py                       # every variant on every case, 3 rounds
    python benchmarks/speedups.py --cases example-pdf --variants all,-glyphs --repeat 5
    python benchmarks/speedups.py --variants all,before --before "/path/to/old/essaykit"

Each variant runs ``essaykit export`` with the speed-ups named by ``-name`` left out
(``ESSAYKIT_SPEEDUPS_OFF``), the same export through the library (``library``: no
speed-ups, one process), or another essaykit command (``before``, see ``--before``). Variants alternate within each round, so load on the machine
falls on all of them alike. Wall and CPU (user + system of the whole process tree) are
medians; the CPU column is the one to read on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

LIBRARY = """
import sys, essaykit
from pathlib import Path
src, out, fmts = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
doc = essaykit.prepare(essaykit.load(src))
for fmt in fmts:
    data = essaykit.render(doc, fmt, prepared=True, warn=lambda w: None)
    essaykit.write_atomic(out / (src.stem + "." + fmt), data)
"""

VARIANTS = ("all", "-pango", "-subset", "-libraries", "-deferred", "none", "library")


def inputs(work: Path) -> dict[str, tuple[Path, str]]:
    book = work / "book.md"
    book.write_text(synthetic.make_book(), "utf-8")
    essay = work / "essay3k.md"
    essay.write_text(synthetic.make_essay(words=3000, seed=7), "utf-8")
    cases = {
        "example-pdf": (ROOT / "examples" / "essay.md", "pdf"),
        "example-all": (ROOT / "examples" / "essay.md", "pdf,epub,pptx"),
        "essay3k-pptx": (essay, "pptx"),
        "book-epub": (book, "epub"),
        "book-pdf": (book, "pdf"),
    }
    seed = ROOT.parent / "shared" / "seeds" / "000_a9fac70ff2a13f75.txt"
    if seed.exists():
        cases["seed-000-all"] = (seed, "pdf,epub,pptx")
    return cases


BEFORE: list[str] = []


def run(variant: str, src: Path, fmts: str, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one export."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    exe = Path(sys.executable)
    if variant == "library":
        argv = [str(exe), "-c", LIBRARY, str(src), str(out), fmts]
    elif variant == "before":
        argv = [*BEFORE, "export", str(src), "-t", fmts, "-o", str(out), "-q"]
    else:
        off = {"all": "", "none": "all"}.get(variant, variant.lstrip("-"))
        env["ESSAYKIT_SPEEDUPS_OFF"] = off
        argv = [str(exe.parent / "essaykit"), "export", str(src), "-t", fmts, "-o", str(out), "-q"]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{variant} {src.name}: exit {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default="example-pdf,seed-000-all,essay3k-pptx,book-epub,book-pdf")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", default="", help="another essaykit command, for the variant 'before'")
    args = ap.parse_args()
    BEFORE.extend(args.before.split())
    with tempfile.TemporaryDirectory(prefix="essaykit-speedups-") as tmp:
        work = Path(tmp)
        known = inputs(work)
        cases = [c for c in args.cases.split(",") if c in known]
        variants = args.variants.split(",")
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for case in cases:
            src, fmts = known[case]
            run("all", src, fmts, work / "warm")  # bytecode and caches written
            for n in range(args.repeat):
                for variant in variants:
                    wall, cpu = run(variant, src, fmts, work / "out")
                    times.setdefault((case, variant), []).append((wall, cpu))
                    print(f"{case} {variant} [{n + 1}] {wall:.2f} s, cpu {cpu:.2f} s", file=sys.stderr)
    print(f"| case | variant | wall s | CPU s | wall vs all | CPU vs all |  ({args.repeat} rounds, "
          f"load {os.getloadavg()[0]:.1f})")
    print("|---|---|---:|---:|---:|---:|")
    for case in cases:
        base = times[(case, "all")] if "all" in variants else None
        bw = statistics.median(t[0] for t in base) if base else None
        bc = statistics.median(t[1] for t in base) if base else None
        for variant in variants:
            w = statistics.median(t[0] for t in times[(case, variant)])
            c = statistics.median(t[1] for t in times[(case, variant)])
            rel = f"{w - bw:+.2f} | {c - bc:+.2f}" if bw is not None and bc is not None else "|"
            print(f"| {case} | {variant} | {w:.2f} | {c:.2f} | {rel} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
