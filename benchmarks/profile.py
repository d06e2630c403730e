"""Profile one benchmark case in-process and show where the time goes.

    .venv/bin/python benchmarks/profile.py book-epub
    .venv/bin/python benchmarks/profile.py book-pdf --limit 40 --sort tottime
    .venv/bin/python benchmarks/profile.py batch40-epub
    .venv/bin/python benchmarks/profile.py import          # start-up: -X importtime
    .venv/bin/python benchmarks/profile.py FILE.md --to epub,pdf

A case runs the real command (``essaykit export ...`` through the click
entry point, in this process) under cProfile, or under pyinstrument with
``--pyinstrument`` when it is installed, and prints the top functions by
cumulative time. Then it times the stages separately on warm imports (load,
prepare, render per format) and says which heavy libraries were imported.
``--save FILE`` keeps the raw cProfile data (for snakeviz, ``pstats``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
# This file is called profile.py: cProfile imports the stdlib's ``profile``,
# so benchmarks/ must not come first on sys.path when it does.
if sys.path and Path(sys.path[0] or ".").resolve() == HERE:
    sys.path.pop(0)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

sys.path.append(str(HERE))
import synthetic  # noqa: E402

HEAVY = (
    "weasyprint",
    "pptx",
    "ebooklib",
    "lxml",
    "PIL",
    "pygments",
    "fontTools",
    "pyphen",
    "py3langid",
    "yaml",
)
CASES = {
    "book-epub": "the ~90,000-word synthetic book to EPUB",
    "book-pdf": "the synthetic book to PDF",
    "book-pptx": "the synthetic book to a deck",
    "batch40-epub": "40 essays (corpus cycled, else generated) to EPUB in one call",
    "essay3k-pptx": "a 3,000-word essay to PPTX",
    "essay3k-all": "a 3,000-word essay to PDF, EPUB and PPTX in one call",
    "example-all": "examples/essay.md to PDF, EPUB and PPTX",
    "import": "start-up: python -X importtime of `essaykit --help`, and the heavy modules it loads",
}


def make_inputs(case: str, work: Path) -> tuple[list[Path], list[str]]:
    if case.startswith("book-"):
        book = work / "book.md"
        book.write_text(synthetic.make_book(), encoding="utf-8")
        return [book], [case.split("-", 1)[1]]
    if case.startswith("essay3k-"):
        essay = work / "essay3k.md"
        essay.write_text(synthetic.make_essay(words=3000, seed=7), encoding="utf-8")
        fmt = case.split("-", 1)[1]
        return [essay], ["pdf", "epub", "pptx"] if fmt == "all" else [fmt]
    if case == "example-all":
        return [REPO / "examples" / "essay.md"], ["pdf", "epub", "pptx"]
    if case == "batch40-epub":
        corpus = sorted((SHARED / "corpus").glob("*.md"))
        files = []
        for i in range(40):
            dst = work / f"essay-{i:02d}.md"
            if corpus:
                shutil.copyfile(corpus[i % len(corpus)], dst)
            else:
                dst.write_text(synthetic.make_essay(words=900, seed=100 + i), encoding="utf-8")
            files.append(dst)
        return files, ["epub"]
    raise SystemExit(f"unknown case {case!r}; known: {', '.join(CASES)} or a file with --to")


def run_cli(inputs: list[Path], fmts: list[str], out: Path) -> None:
    from essaykit.cli import main

    argv = ["export", *map(str, inputs), "-t", ",".join(fmts), "-o", str(out), "-q"]
    try:
        main.main(args=argv, prog_name="essaykit", standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise SystemExit(f"essaykit export failed (exit {exc.code})") from None


def run_api(inputs: list[Path], fmts: list[str], out: Path, options: dict[str, object]) -> None:
    """The library path (load, prepare, render, write) with renderer options
    the command line does not expose, e.g. ``jobs=1`` for a single-process PDF."""
    import essaykit
    from essaykit import api

    for src in inputs:
        doc = api.prepare(api.load(src))
        for fmt in fmts:
            data = essaykit.render(doc, fmt, prepared=True, warn=lambda w: None, **options)
            api.write_atomic(out / f"{src.stem}.{fmt}", data)


def parse_options(items: list[str]) -> dict[str, object]:
    options: dict[str, object] = {}
    for item in items:
        key, _, value = item.partition("=")
        options[key.strip().replace("-", "_")] = int(value) if value.strip().isdigit() else value
    return options


def print_stats(prof: cProfile.Profile, sort: str, limit: int, strip: bool) -> None:
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    if strip:
        stats.strip_dirs()
    stats.sort_stats(sort).print_stats(limit)
    text = buf.getvalue()
    # Shorten site-packages paths so lines stay readable.
    text = re.sub(r"/\S*/site-packages/", "", text)
    text = text.replace(str(REPO) + "/", "")
    print(text)


def stage_times(
    inputs: list[Path], fmts: list[str], runs: int, options: dict[str, object] | None = None
) -> None:
    """Load, prepare and render each format separately, imports already warm."""
    import essaykit
    from essaykit import api

    print(f"Stages (warm imports, median of {runs}; first input only: {inputs[0].name}):")
    src = inputs[0]
    timings: dict[str, list[float]] = {}
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = api.load(src)
        t1 = time.perf_counter()
        doc = api.prepare(doc)
        t2 = time.perf_counter()
        timings.setdefault("load (read + parse)", []).append(t1 - t0)
        timings.setdefault("prepare (passes)", []).append(t2 - t1)
        for fmt in fmts:
            t3 = time.perf_counter()
            data = essaykit.render(doc, fmt, prepared=True, warn=lambda w: None, **(options or {}))
            timings.setdefault(f"render {fmt} ({len(data) / 1024:.0f} KiB)", []).append(
                time.perf_counter() - t3
            )
    for name, values in timings.items():
        print(f"  {name:32} {statistics.median(values):8.3f} s")


def profile_import(limit: int) -> None:
    """Where `essaykit --help` spends its start-up, module by module."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    code = (
        "import sys\n"
        "from essaykit.cli import main\n"
        "try:\n    main.main(args=['--help'], prog_name='essaykit')\n"
        "except SystemExit:\n    pass\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "print('HEAVY', ','.join(heavy), file=sys.stderr)\n"
    )
    walls = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=False)
        walls.append(time.perf_counter() - t0)
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    rows = []
    heavy = ""
    for line in out.stderr.splitlines():
        if line.startswith("HEAVY"):
            heavy = line[6:]
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), len(m.group(3)) - 1, m.group(4)))
    t0 = time.perf_counter()
    for _ in range(5):
        subprocess.run([sys.executable, "-c", "pass"], check=False)
    bare = (time.perf_counter() - t0) / 5
    print(
        f"`essaykit --help` in a fresh interpreter: median {statistics.median(walls):.3f} s "
        f"(bare `python -c pass`: {bare:.3f} s)"
    )
    print(f"heavy modules loaded by --help: {heavy or 'none'}")
    total = sum(r[0] for r in rows if r[2] == 0)
    print(f"\nImports by cumulative time, any depth (total {total / 1e6:.3f} s; indent = nesting):")
    for cum, _self, depth, name in sorted(rows, reverse=True)[:limit]:
        print(f"  {cum / 1e6:8.3f} s  {'  ' * depth}{name}")
    print(f"\nAll modules by self time (top {limit}):")
    for _cum, self_us, depth, name in sorted(rows, key=lambda r: r[1], reverse=True)[:limit]:
        print(f"  {self_us / 1e6:8.3f} s  {'  ' * depth}{name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Profile one essaykit case in-process.")
    ap.add_argument("case", help=f"one of {', '.join(CASES)}, or a file to export (with --to)")
    ap.add_argument("--to", default="epub", help="formats for a FILE case (comma-separated)")
    ap.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime", "ncalls"])
    ap.add_argument("--limit", type=int, default=35, help="rows to print")
    ap.add_argument("--full-paths", action="store_true", help="keep directories in function names")
    ap.add_argument("--save", type=Path, help="write the raw cProfile data here")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="renderer option (e.g. jobs=1 for a single-process PDF); runs the library path, not the CLI",
    )
    ap.add_argument("--pyinstrument", action="store_true", help="use pyinstrument (if installed)")
    ap.add_argument(
        "--stages", type=int, default=1, help="runs for the per-stage timings (0 to skip)"
    )
    args = ap.parse_args(argv)

    if args.case == "import":
        profile_import(args.limit)
        return 0

    with tempfile.TemporaryDirectory(prefix="essaykit-profile-") as tmp:
        work = Path(tmp)
        if Path(args.case).is_file():
            inputs, fmts = [Path(args.case)], [f.strip() for f in args.to.split(",") if f.strip()]
        else:
            inputs, fmts = make_inputs(args.case, work)
        out = work / "out"
        out.mkdir()
        words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in inputs)
        print(f"case {args.case}: {len(inputs)} input(s), {words:,} words -> {', '.join(fmts)}\n")
        options = parse_options(args.set)

        def run(inputs: list[Path], fmts: list[str], out: Path) -> None:
            if options:
                run_api(inputs, fmts, out, options)
            else:
                run_cli(inputs, fmts, out)

        before = set(sys.modules)
        t0 = time.perf_counter()
        if args.pyinstrument:
            try:
                from pyinstrument import Profiler  # type: ignore[import-not-found]
            except ImportError:
                raise SystemExit(
                    "pyinstrument is not installed; drop --pyinstrument for cProfile"
                ) from None
            profiler = Profiler()
            profiler.start()
            run(inputs, fmts, out)
            profiler.stop()
            wall = time.perf_counter() - t0
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        else:
            prof = cProfile.Profile()
            prof.enable()
            run(inputs, fmts, out)
            prof.disable()
            wall = time.perf_counter() - t0
            if args.save:
                prof.dump_stats(str(args.save))
            print_stats(prof, args.sort, args.limit, not args.full_paths)
        loaded = sorted(m for m in HEAVY if m in sys.modules and m not in before)
        print(f"wall time of the export, cold imports, under the profiler: {wall:.3f} s")
        print(f"heavy libraries imported by it: {', '.join(loaded) or 'none'}")
        print(
            "(work done in child processes, e.g. a PDF book's parallel layout, is not in this "
            "profile; --set jobs=1 keeps it in one process)\n"
        )
        if args.stages:
            stage_times(inputs, fmts, args.stages, options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
