"""Time essaykit against pandoc on the same inputs, and write RESULTS.md.

    python benchmarks/run.py                    # every case, 5 timed runs each
    python benchmarks/run.py --quick            # 1 timed run, no warm-up
    python benchmarks/run.py --only 'book-*' --repeat 3
    python benchmarks/run.py --list             # the cases and what they mean

Each case runs both tools as separate processes, alternating (essaykit,
pandoc, essaykit, ...), after one untimed warm-up of each. Wall time is
``time.perf_counter`` around spawn-to-reap; peak memory is the child's
``ru_maxrss`` from ``os.wait4``, which on Linux is the largest resident set of
the child *or any of its descendants* (so pandoc's ``weasyprint`` child
counts). When a side is several processes (pandoc's three calls, or one call
per file in a batch) its time is their sum and its peak the largest of them.

pandoc is taken from the ``pypandoc-binary`` wheel (``pip install -e
'.[bench]'``) or from PATH; WeasyPrint's CLI, which ``pandoc
--pdf-engine=weasyprint`` runs, is looked up beside the essaykit script first.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import fnmatch
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

BATCH_SIZE = 40


# --- finding the tools -------------------------------------------------------


def find_essaykit(explicit: str | None) -> list[str]:
    if explicit:
        return explicit.split()
    for candidate in (
        Path(sys.executable).parent / "essaykit",
        REPO / ".venv" / "bin" / "essaykit",
    ):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("essaykit")
    if found:
        return [found]
    return [sys.executable, "-m", "essaykit"]


def find_pandoc(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    with contextlib.suppress(Exception):
        import pypandoc  # type: ignore[import-not-found]

        path = pypandoc.get_pandoc_path()
        if path and Path(path).exists():
            return str(path)
    # pypandoc may live in the project's venv while this script runs elsewhere.
    for site in sorted(
        (REPO / ".venv" / "lib").glob("python*/site-packages/pypandoc/files/pandoc")
    ):
        return str(site)
    return shutil.which("pandoc")


def tool_env(essaykit_cmd: list[str]) -> dict[str, str]:
    """The environment both tools run in: the essaykit script's folder (the
    venv's bin, where ``weasyprint`` lives) first on PATH, and Python allowed
    to cache bytecode."""
    env = dict(os.environ)
    # An installed essaykit has its bytecode cached, as pip compiles it; a
    # session that forbids writing .pyc files would make every run compile
    # all of essaykit from source again (about 0.2 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    dirs = [str(Path(essaykit_cmd[0]).parent)] if os.sep in essaykit_cmd[0] else []
    dirs.append(str(Path(sys.executable).parent))
    env["PATH"] = os.pathsep.join([*dirs, env.get("PATH", "")])
    return env


def version_of(argv: list[str], env: dict[str, str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc.__class__.__name__})"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0].strip() if text and out.returncode == 0 else "unavailable"


# --- the machine -------------------------------------------------------------


def machine(env: dict[str, str], essaykit_cmd: list[str], pandoc: str | None) -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cores = str(os.cpu_count())
    with contextlib.suppress(AttributeError):
        usable = len(os.sched_getaffinity(0))
        if str(usable) != cores:
            cores += f" ({usable} usable)"
    load = ""
    with contextlib.suppress(OSError, AttributeError):
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = "?"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(REPO),
                "status",
                "--porcelain",
                "--",
                "essaykit",
                "themes",
                "pyproject.toml",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        commit = head + (" + uncommitted changes to essaykit/ or themes/" if dirty else "")
    return {
        "essaykit commit": commit,
        "CPU": cpu,
        "cores": cores,
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "essaykit": version_of([*essaykit_cmd, "--version"], env),
        "pandoc": version_of([pandoc, "--version"], env) if pandoc else "not found",
        "weasyprint (CLI)": version_of(["weasyprint", "--version"], env),
        "load average at start (1/5/15 min)": load,
        # A child's peak includes the moment between fork and exec, when it
        # is a copy of this process: peaks below this figure read as it.
        "harness RSS (floor of the peak column)": f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
    }


# --- running one process -----------------------------------------------------


@dataclass
class Cmd:
    argv: list[str]
    outputs: list[Path]


@dataclass
class Sample:
    seconds: float
    peak_kib: int  # largest single process of the tree (wait4's ru_maxrss)
    cpu: float = 0.0  # user + system seconds of the child and its descendants
    tree_kib: int = 0  # largest sum of RSS over the live process tree (sampled)


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4
SAMPLE_EVERY = 0.05


class TreeSampler(threading.Thread):
    """Polls the RSS of a process and all its descendants every 50 ms and
    keeps the largest sum: what the machine needed at once, worker pools and
    pandoc's ``weasyprint`` child included. Linux only (``/proc``); elsewhere
    it reports 0 and the table falls back to wait4's figure."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def _children(self, pid: int) -> list[int]:
        kids: list[int] = []
        with contextlib.suppress(OSError):
            for tid in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{tid}/children") as fh:
                    kids.extend(int(k) for k in fh.read().split())
        return kids

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                return int(fh.read().split()[1]) * PAGE_KIB
        except (OSError, ValueError, IndexError):
            return 0

    def run(self) -> None:
        if not os.path.exists(f"/proc/{self.pid}/task"):
            return
        while not self.done.wait(SAMPLE_EVERY):
            total, todo, seen = 0, [self.pid], set()
            while todo:
                pid = todo.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                total += self._rss(pid)
                todo.extend(self._children(pid))
            self.peak = max(self.peak, total)


class RunFailed(Exception):
    pass


def run_cmd(cmd: Cmd, env: dict[str, str], log: Path) -> Sample:
    for out in cmd.outputs:
        with contextlib.suppress(FileNotFoundError):
            out.unlink()
    with open(log, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    missing = [o for o in cmd.outputs if not o.exists() or o.stat().st_size == 0]
    if proc.returncode != 0 or missing:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        why = f"exit {proc.returncode}" if proc.returncode else f"no output {missing[0].name}"
        raise RunFailed(f"{why}: {' | '.join(tail)[:300]}" if tail else why)
    peak = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    # The tree held at least its largest process's peak at some moment.
    return Sample(seconds, peak, usage.ru_utime + usage.ru_stime, max(sampler.peak, peak))


def run_side(cmds: list[Cmd], env: dict[str, str], log: Path) -> Sample:
    """Several processes one after the other: total time, largest peak."""
    total, peak, cpu, tree = 0.0, 0, 0.0, 0
    for cmd in cmds:
        s = run_cmd(cmd, env, log)
        total += s.seconds
        peak = max(peak, s.peak_kib)
        cpu += s.cpu
        tree = max(tree, s.tree_kib)
    return Sample(total, peak, cpu, tree)


# --- the cases ---------------------------------------------------------------


@dataclass
class Case:
    name: str
    about: str
    essaykit: list[Cmd]
    pandoc: list[Cmd]
    inputs: str
    time_target: float | None = None  # ratio essaykit/pandoc
    mem_target: float | None = None  # ratio of peaks
    abs_target: float | None = None  # essaykit seconds
    heavy: bool = False  # a run takes tens of seconds: fewer repetitions by default
    results: dict[str, list[Sample]] = field(default_factory=lambda: {"essaykit": [], "pandoc": []})
    errors: dict[str, str] = field(default_factory=dict)


def has_yaml_title(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    return end != -1 and re.search(r"^title\s*:", text[:end], re.M) is not None


def guess_title(path: Path) -> str:
    """What pandoc gets as ``-M title=`` when the file has no YAML title: the
    first line of a plain-text file (what a reader would call the title), a
    TOML/Pelican ``title``, the first ``#`` heading, or the file name."""
    text = path.read_text(encoding="utf-8", errors="replace")
    m = re.search(r'^title\s*[=:]\s*["\']?(.+?)["\']?\s*$', text[:2000], re.M | re.I)
    if m:
        return m.group(1)
    m = re.search(r"^#\s+(.+)$", text, re.M)
    if m:
        return m.group(1).strip()
    if path.suffix == ".txt":
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        if first:
            return first[:200]
    return path.stem.replace("-", " ").replace("_", " ")


class Builder:
    """Makes the essaykit and pandoc commands for one input and format."""

    def __init__(self, essaykit_cmd: list[str], pandoc: str | None, work: Path):
        self.ek = essaykit_cmd
        self.pandoc = pandoc
        self.work = work

    def out_dir(self, case: str, tool: str) -> Path:
        d = self.work / "out" / case / tool
        d.mkdir(parents=True, exist_ok=True)
        return d

    def essaykit(self, case: str, inputs: list[Path], fmts: list[str]) -> list[Cmd]:
        out = self.out_dir(case, "essaykit")
        argv = [*self.ek, "export", *map(str, inputs), "-t", ",".join(fmts), "-o", str(out), "-q"]
        outputs = [out / f"{src.stem}.{fmt}" for src in inputs for fmt in fmts]
        return [Cmd(argv, outputs)]

    def pandoc_one(self, case: str, src: Path, fmt: str) -> Cmd:
        assert self.pandoc
        out = self.out_dir(case, "pandoc") / f"{src.stem}.{fmt}"
        argv = [self.pandoc, "-f", "markdown", "--standalone", "--quiet"]
        if not has_yaml_title(src):
            argv += ["-M", f"title={guess_title(src)}"]
        if fmt == "pdf":
            argv += ["-t", "html5", "--pdf-engine=weasyprint"]
        else:
            argv += ["-t", fmt]
        argv += ["-o", str(out), str(src)]
        return Cmd(argv, [out])

    def pandoc_cmds(self, case: str, inputs: list[Path], fmts: list[str]) -> list[Cmd]:
        return [self.pandoc_one(case, src, fmt) for src in inputs for fmt in fmts]


#: The book.toml case: chapters of a book about 300 pages long.
BOOK_CHAPTERS = 18
BOOK_WORDS_PER_CHAPTER = 5000


def words_of(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in paths)


def build_cases(b: Builder, work: Path) -> list[Case]:
    cases: list[Case] = []

    def add(name: str, about: str, inputs: list[Path], fmts: list[str], **targets: float) -> None:
        desc = (
            f"{inputs[0].name}, {words_of(inputs):,} words"
            if len(inputs) == 1
            else f"{len(inputs)} files, {words_of(inputs):,} words"
        )
        cases.append(
            Case(
                name,
                about,
                b.essaykit(name, inputs, fmts),
                b.pandoc_cmds(name, inputs, fmts) if b.pandoc else [],
                desc,
                **targets,
            )
        )

    three = ["pdf", "epub", "pptx"]
    # (1) each seed, and our own example essay, to EPUB, PDF and all three.
    essays = sorted((SHARED / "seeds").glob("*.txt"))
    example = REPO / "examples" / "essay.md"
    for src in [*essays, *([example] if example.exists() else [])]:
        tag = "example" if src == example else "seed-" + src.stem.split("_")[0]
        add(f"{tag}-epub", f"{src.name} to EPUB", [src], ["epub"])
        add(f"{tag}-pdf", f"{src.name} to PDF", [src], ["pdf"])
        add(
            f"{tag}-all",
            f"{src.name} to PDF, EPUB and PPTX: one essaykit call vs three pandoc calls",
            [src],
            three,
            time_target=1.0,
        )

    # (2) batches to EPUB: all corpus essays, and 40 files.
    corpus = sorted((SHARED / "corpus").glob("*.md"))
    if corpus:
        add(
            "corpus-epub",
            "every corpus essay to EPUB: one essaykit call vs one pandoc call per file",
            corpus,
            ["epub"],
        )
    batch_dir = work / "batch40"
    batch_dir.mkdir(exist_ok=True)
    pool = corpus or []
    batch: list[Path] = []
    for i in range(BATCH_SIZE):
        dst = batch_dir / f"essay-{i:02d}.md"
        if pool:
            shutil.copyfile(pool[i % len(pool)], dst)
        else:
            dst.write_text(synthetic.make_essay(words=900, seed=100 + i), encoding="utf-8")
        batch.append(dst)
    add(
        "batch40-epub",
        f"{BATCH_SIZE} essays ({'corpus, cycled' if pool else 'generated'}) to EPUB: one essaykit call vs {BATCH_SIZE} pandoc calls",
        batch,
        ["epub"],
        time_target=1.0,
    )

    # (3) the synthetic book.
    book = work / "book.md"
    book_text = synthetic.make_book()
    book.write_text(book_text, encoding="utf-8")
    add("book-epub", "synthetic ~90,000-word book to EPUB", [book], ["epub"], time_target=0.5)
    add(
        "book-pdf",
        "synthetic book to PDF (pandoc --pdf-engine=weasyprint)",
        [book],
        ["pdf"],
        time_target=0.6,
        mem_target=1.0,
        heavy=True,
    )

    # (3b) the same length as a real book: 18 essays as chapters of a
    # book.toml (``essaykit book``) vs pandoc given the chapter files in order.
    chapters_dir = work / "book300"
    chapters_dir.mkdir(exist_ok=True)
    chapter_files = []
    for i in range(BOOK_CHAPTERS):
        ch = chapters_dir / f"ch{i + 1:02d}.md"
        ch.write_text(
            synthetic.make_essay(words=BOOK_WORDS_PER_CHAPTER, seed=500 + i), encoding="utf-8"
        )
        chapter_files.append(ch)
    manifest = chapters_dir / "book.toml"
    manifest.write_text(
        '[book]\ntitle = "Collected Essays"\nauthors = ["Ines Okafor"]\nlanguage = "en"\n'
        'name = "collected"\nchapters = ["ch*.md"]\n',
        encoding="utf-8",
    )
    for fmt, extra in (("epub", {}), ("pdf", {"heavy": True})):
        out = b.out_dir(f"book300-{fmt}", "essaykit")
        ek = [Cmd([*b.ek, "book", str(manifest), "-t", fmt, "-o", str(out), "-q"], [out / f"collected.{fmt}"])]
        pd: list[Cmd] = []
        if b.pandoc:
            target = b.out_dir(f"book300-{fmt}", "pandoc") / f"collected.{fmt}"
            argv = [b.pandoc, "-f", "markdown", "--standalone", "--quiet", "-M", "title=Collected Essays"]
            argv += ["-t", "html5", "--pdf-engine=weasyprint"] if fmt == "pdf" else ["-t", fmt]
            pd = [Cmd([*argv, "-o", str(target), *map(str, chapter_files)], [target])]
        cases.append(
            Case(
                f"book300-{fmt}",
                f"a {BOOK_CHAPTERS}-chapter book.toml (~{BOOK_CHAPTERS * BOOK_WORDS_PER_CHAPTER:,} words) "
                f"to {fmt.upper()} with `essaykit book` vs pandoc on the chapter files",
                ek,
                pd,
                f"{BOOK_CHAPTERS} files, {words_of(chapter_files):,} words",
                **extra,  # type: ignore[arg-type]
            )
        )

    # (4) a 3,000-word essay to a deck.
    e3k = work / "essay3k.md"
    e3k.write_text(synthetic.make_essay(words=3000, seed=7), encoding="utf-8")
    add(
        "essay3k-pptx",
        "3,000-word essay to a PPTX deck (target: essaykit < 1 s)",
        [e3k],
        ["pptx"],
        abs_target=1.0,
    )

    # Start-up: what every call pays before reading a byte.
    cases.append(
        Case(
            "startup",
            "`essaykit --help` vs `pandoc --help`: interpreter and import cost",
            [Cmd([*b.ek, "--help"], [])],
            [Cmd([b.pandoc, "--help"], [])] if b.pandoc else [],
            "-",
        )
    )
    return cases


# --- running and reporting ---------------------------------------------------


def selected(cases: list[Case], only: list[str] | None) -> list[Case]:
    if not only:
        return cases
    pats = [p.strip() for item in only for p in item.split(",") if p.strip()]
    return [
        c for c in cases if any(fnmatch.fnmatch(c.name, p) or c.name.startswith(p) for p in pats)
    ]


def run_case(case: Case, env: dict[str, str], repeat: int, warmup: int, logdir: Path) -> None:
    sides = [("essaykit", case.essaykit), ("pandoc", case.pandoc)]
    sides = [(n, c) for n, c in sides if c]
    for rep in range(warmup + repeat):
        for tool, cmds in sides:
            if tool in case.errors:
                continue
            try:
                s = run_side(cmds, env, logdir / f"{case.name}.{tool}.log")
            except RunFailed as exc:
                case.errors[tool] = str(exc)
                print(f"  {case.name}: {tool} FAILED: {exc}", file=sys.stderr)
                continue
            if rep >= warmup:
                case.results[tool].append(s)
                print(
                    f"  {case.name} [{rep - warmup + 1}/{repeat}] {tool:8} {s.seconds:8.3f} s  cpu {s.cpu:8.3f} s  tree {s.tree_kib / 1024:7.1f} MiB  largest {s.peak_kib / 1024:7.1f} MiB",
                    file=sys.stderr,
                )


def med(samples: list[Sample]) -> float | None:
    return statistics.median(s.seconds for s in samples) if samples else None


def med_cpu(samples: list[Sample]) -> float | None:
    return statistics.median(s.cpu for s in samples) if samples else None


def peak(samples: list[Sample]) -> float | None:
    """Largest total RSS of the side's process tree over the runs, MiB."""
    return max(s.tree_kib for s in samples) / 1024 if samples else None


def largest(samples: list[Sample]) -> float | None:
    """Largest single process over the runs, MiB (wait4's ru_maxrss)."""
    return max(s.peak_kib for s in samples) / 1024 if samples else None


def fmt_s(x: float | None) -> str:
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.2f}")


def spread(samples: list[Sample]) -> str:
    if len(samples) < 2:
        return ""
    lo, hi = min(s.seconds for s in samples), max(s.seconds for s in samples)
    return f" ({fmt_s(lo)}–{fmt_s(hi)})"


def verdict(case: Case) -> tuple[str, str, str, str]:
    """(time ratio, memory ratio, target, PASS/FAIL)."""
    ek, pd = med(case.results["essaykit"]), med(case.results["pandoc"])
    ekm, pdm = peak(case.results["essaykit"]), peak(case.results["pandoc"])
    ratio = ek / pd if ek is not None and pd else None
    mratio = ekm / pdm if ekm is not None and pdm else None
    targets, ok = [], []
    if case.time_target is not None:
        targets.append(f"time ≤ {case.time_target:g}")
        ok.append(ratio is not None and ratio <= case.time_target)
    if case.mem_target is not None:
        targets.append(f"mem ≤ {case.mem_target:g}")
        ok.append(mratio is not None and mratio <= case.mem_target)
    if case.abs_target is not None:
        targets.append(f"essaykit < {case.abs_target:g} s")
        ok.append(ek is not None and ek < case.abs_target)
    if "essaykit" in case.errors:
        result = "FAIL (essaykit error)"
    elif not targets:
        result = ""
    else:
        result = "PASS" if all(ok) else "FAIL"
    return (
        "—" if ratio is None else f"{ratio:.2f}",
        "—" if mratio is None else f"{mratio:.2f}",
        ", ".join(targets),
        result,
    )


def table(cases: list[Case]) -> str:
    head = (
        "| case | essaykit s (min–max) | pandoc s (min–max) | ratio | CPU ratio "
        "| essaykit MiB | pandoc MiB | mem ratio | target | result |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
    )
    rows = [head]
    for c in cases:
        ratio, mratio, target, result = verdict(c)
        ek, pd = c.results["essaykit"], c.results["pandoc"]
        ek_s = "error" if "essaykit" in c.errors and not ek else fmt_s(med(ek)) + spread(ek)
        pd_s = "error" if "pandoc" in c.errors and not pd else fmt_s(med(pd)) + spread(pd)
        ekm, pdm = peak(ek), peak(pd)
        ekc, pdc = med_cpu(ek), med_cpu(pd)
        cratio = f"{ekc / pdc:.2f}" if ekc is not None and pdc else "—"

        def mib(tree: float | None, big: float | None) -> str:
            if tree is None or big is None:
                return "—"
            return f"{tree:.0f}" if round(tree) == round(big) else f"{tree:.0f} ({big:.0f})"

        rows.append(
            f"| {c.name} | {ek_s} | {pd_s} | {ratio} | {cratio} | {mib(ekm, largest(ek))} | "
            f"{mib(pdm, largest(pd))} | {mratio} | {target} | {result} |"
        )
    return "\n".join(rows)


def report(
    cases: list[Case],
    info: dict[str, str],
    args: argparse.Namespace,
    started: _dt.datetime,
    seconds: float,
) -> str:
    lines = [
        "# essaykit vs pandoc: benchmark results",
        "",
        f"Generated by `python benchmarks/run.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` "
        f"on {started:%Y-%m-%d %H:%M} UTC ({seconds / 60:.1f} min). "
        f"{args.repeat or '5 (3 for book-pdf)'} timed run(s) per tool per case after {args.warmup} warm-up "
        f"({'none for book-pdf, ' if args.explicit_warmup is None else ''}untimed), alternating essaykit and pandoc; "
        "median wall time in seconds (min–max), ratio = essaykit / pandoc (lower is better), "
        "CPU ratio = the same for median user+system CPU seconds (less sensitive to other load on the machine "
        "than wall time; targets are judged on wall time); "
        "peak MiB = the largest total RSS of the side's process tree, sampled every 50 ms "
        "(in brackets, when different, the largest single process, from `os.wait4`); mem ratio uses the total.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        "",
        "## Results",
        "",
        table(cases),
        "",
        "## Cases",
        "",
        "| case | what | inputs |",
        "|---|---|---|",
        *[f"| {c.name} | {c.about} | {c.inputs} |" for c in cases],
        "",
        f"The synthetic book is `benchmarks/synthetic.py` (seed {synthetic.BOOK_SEED}): "
        f"{synthetic.word_count(synthetic.make_book()):,} words, sha256 {synthetic.digest(synthetic.make_book())}.",
    ]
    errors = [(c.name, tool, msg) for c in cases for tool, msg in c.errors.items()]
    if errors:
        lines += ["", "## Failures", ""]
        lines += [f"- **{name}** ({tool}): {msg.replace('|', '/')}" for name, tool, msg in errors]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def workdir(keep: bool) -> Iterator[Path]:
    if keep:
        path = Path(tempfile.mkdtemp(prefix="essaykit-bench-"))
        print(f"work folder (kept): {path}", file=sys.stderr)
        yield path
    else:
        with tempfile.TemporaryDirectory(prefix="essaykit-bench-") as tmp:
            yield Path(tmp)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Time essaykit against pandoc on the same inputs (see benchmarks/README.md).",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="timed runs per tool per case (default 5; 3 for book-pdf)",
    )
    ap.add_argument(
        "--warmup",
        type=int,
        default=None,
        help="untimed runs of each tool first (default 1; 0 with --quick)",
    )
    ap.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="case name, prefix or glob (repeatable, comma-separated)",
    )
    ap.add_argument("--quick", action="store_true", help="one timed run per tool and no warm-up")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument(
        "--output",
        default=str(HERE / "RESULTS.md"),
        help="where to write the table ('-' for nowhere)",
    )
    ap.add_argument(
        "--essaykit", default=None, help="essaykit command (default: the venv's script)"
    )
    ap.add_argument(
        "--pandoc", default=None, help="pandoc binary (default: pypandoc-binary's, else PATH)"
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep the work folder with inputs, outputs and logs"
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat = 1
    args.explicit_warmup = args.warmup
    if args.warmup is None:
        args.warmup = 0 if args.quick else 1

    ek = find_essaykit(args.essaykit)
    pandoc = find_pandoc(args.pandoc)
    env = tool_env(ek)
    if pandoc is None:
        print(
            "pandoc not found: pip install -e '.[bench]' (pypandoc-binary); timing essaykit alone",
            file=sys.stderr,
        )

    with workdir(args.keep) as work:
        cases = build_cases(Builder(ek, pandoc, work), work)
        if args.list:
            for c in cases:
                print(f"{c.name:16} {c.about} [{c.inputs}]")
            return 0
        cases = selected(cases, args.only)
        if not cases:
            print("no case matches --only", file=sys.stderr)
            return 2
        if (
            pandoc
            and any(c.name.endswith(("-pdf", "-all")) for c in cases)
            and not shutil.which("weasyprint", path=env["PATH"])
        ):
            print("weasyprint CLI not on PATH: pandoc's PDF cases will fail", file=sys.stderr)
        info = machine(env, ek, pandoc)
        started = _dt.datetime.now(_dt.UTC)
        t0 = time.perf_counter()
        logdir = work / "logs"
        logdir.mkdir()
        for case in cases:
            print(f"{case.name}: {case.about}", file=sys.stderr)
            repeat = args.repeat or (3 if case.heavy else 5)
            # A heavy case's first run already warms caches enough; the cases
            # before it have loaded the same libraries.
            warmup = 0 if case.heavy and args.explicit_warmup is None else args.warmup
            run_case(case, env, repeat, warmup, logdir)
        elapsed = time.perf_counter() - t0
        text = report(cases, info, args, started, elapsed)
    print()
    print(table(cases))
    if args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"\nwritten to {args.output}", file=sys.stderr)
    return 1 if any("essaykit" in c.errors for c in cases) else 0


if __name__ == "__main__":
    sys.exit(main())
