"""The batch export (:mod:`essaykit.batch`) on any executor: here, a local
Dask cluster of worker processes, a process pool (``essaykit export
--jobs``) and none. Every input gets its result in input order; a bad essay
is one error line and nothing written, the others are exported."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner

import essaykit
from essaykit import cli
from essaykit.errors import Warning_

pypdf = pytest.importorskip("pypdf")

GOOD = {
    "margins.md": "---\ntitle: On Margins\nauthor: Ines Okafor\n---\n\n"
                  "# Why margins\n\nA page needs room to breathe, and so does its reader.\n\n"
                  "# Where they go\n\nThe inner margin is the narrow one.[^1]\n\n"
                  "![A figure that is not there](missing.png)\n\n"
                  "[^1]: Two pages face each other across the gutter.\n",
    "drafts.md": "---\ntitle: Second Drafts\nauthor: Jonah Reyes\n---\n\n"
                 "The second draft is where the essay finds out what it meant.\n\n"
                 "> Cut what you love last.\n",
    "notes.txt": "Field Notes\n\nA plain-text essay, with no markup at all.\n\n"
                 "It still has paragraphs, and a title on its first line.\n",
}
#: Front matter that does not parse: an error on line 2, nothing written.
BAD = ("broken.md", "---\ntitle: [never closed\n---\n\nText.\n")


def essays(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for name, text in [*GOOD.items(), BAD]:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    # The bad essay among the good ones: the batch goes on past it.
    return [paths[0], paths[3], paths[1], paths[2]]


def check(results: list[essaykit.ExportResult], inputs: list[Path], out: Path, fmts: tuple[str, ...]) -> None:
    assert [r.source for r in results] == inputs  # input order, whatever finished first
    bad = results[1]
    assert not bad.ok and bad.outputs == ()
    assert bad.error is not None and bad.error.startswith(f"{inputs[1]}:2:"), bad.error
    assert not list(out.glob("broken.*"))
    for result in (results[0], *results[2:]):
        assert result.ok, result.error
        assert [p.suffix for p in result.outputs] == [f".{f}" for f in fmts]
        assert all(p.parent == out and p.stem == result.source.stem for p in result.outputs)
    # Warnings come back with their essay (the missing image, once per format).
    assert [w.path for w in results[0].warnings] == [str(inputs[0])] * len(fmts)
    assert all("missing.png" in w.message for w in results[0].warnings)
    titles = {"margins": "On Margins", "drafts": "Second Drafts", "notes": "Field Notes"}
    for stem, title in titles.items():
        if "epub" in fmts:
            with zipfile.ZipFile(out / f"{stem}.epub") as epub:
                opf = next(n for n in epub.namelist() if n.endswith(".opf"))
                assert title in epub.read(opf).decode()
        if "pdf" in fmts:
            reader = pypdf.PdfReader(BytesIO((out / f"{stem}.pdf").read_bytes()))
            assert reader.metadata["/Title"] == title
            assert title in "".join(p.extract_text() for p in reader.pages)


#: The Dask run, in a process of its own: a cluster leaves threads behind in
#: the process that made it (its client's event loop), so that a later test
#: that forks only where no other thread runs would not fork, and importing
#: distributed adds import hooks that turn essaykit's entry-point cache off.
DASK_RUN = """
import json, sys

import distributed

import essaykit

if __name__ == "__main__":
    inputs, out = json.loads(sys.argv[1]), sys.argv[2]
    seen = []
    with (distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None) as cluster,
          distributed.Client(cluster) as client):
        results = essaykit.export_many(inputs, out, formats=("pdf", "epub"),
                                       executor=client.get_executor(),
                                       on_result=lambda r: seen.append(str(r.source)))
    print(json.dumps({"seen": seen, "results": [
        {"source": str(r.source), "outputs": [str(p) for p in r.outputs], "error": r.error,
         "warnings": [[w.message, w.path, w.line] for w in r.warnings]} for r in results]}))
"""


def test_a_batch_on_a_local_dask_cluster(tmp_path: Path) -> None:
    import importlib.util
    import json
    import subprocess
    import sys

    # Not imported here: it adds finders to sys.meta_path for good.
    if importlib.util.find_spec("distributed") is None:
        pytest.skip("dask[distributed] not installed (the dev extra has it)")
    inputs = essays(tmp_path / "posts")
    out = tmp_path / "out"
    script = tmp_path / "run_dask.py"
    script.write_text(DASK_RUN, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), json.dumps([str(p) for p in inputs]), str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["seen"] == [str(p) for p in inputs]
    results = [essaykit.ExportResult(Path(r["source"]), tuple(Path(p) for p in r["outputs"]), r["error"],
                                     tuple(Warning_(*w) for w in r["warnings"])) for r in got["results"]]
    check(results, inputs, out, ("pdf", "epub"))


def test_a_batch_here_gives_the_same_results(tmp_path: Path) -> None:
    inputs = essays(tmp_path / "posts")
    out = tmp_path / "out"
    results = essaykit.export_many(inputs, out, formats=("epub",))
    check(results, inputs, out, ("epub",))


def test_a_worker_lost_is_that_input_s_error(tmp_path: Path) -> None:
    """What the executor raises (a task it could not run) is the input's
    error line; the other inputs are exported."""
    from concurrent.futures import Executor, Future

    class Flaky(Executor):
        def __init__(self) -> None:
            self.calls = 0

        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
            self.calls += 1
            future: Future[object] = Future()
            if self.calls == 1:
                future.set_exception(RuntimeError("worker lost"))
            else:
                future.set_result(fn(*args, **kwargs))
            return future

    inputs = essays(tmp_path / "posts")
    results = essaykit.export_many(inputs, tmp_path / "out", formats=("epub",), executor=Flaky())
    assert results[0].error == f"{inputs[0]}: RuntimeError: worker lost"
    assert [r.ok for r in results] == [False, False, True, True]


def test_export_jobs_uses_a_local_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from essaykit import batch

    pools: list[object] = []
    original = batch.export_many

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        pools.append(kwargs["executor"])
        return original(*args, **kwargs)

    monkeypatch.setattr(batch, "export_many", spy)
    inputs = essays(tmp_path / "posts")
    # What the command finds for each essay goes with it to the pool.
    (tmp_path / "posts" / "essaykit.toml").write_text('[metadata]\nrights = "CC BY 4.0"\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["export", *map(str, inputs), "-t", "epub", "-o", str(out),
                                           "--jobs", "2", "-v"])
    assert result.exit_code == 1, result.output
    assert type(pools[0]).__name__ == "ProcessPoolExecutor"
    assert f"{inputs[1]}:2:" in result.output and "1 of 4 inputs failed" in result.output
    assert result.output.index("margins.md →") < result.output.index("drafts.md →")
    assert "missing.png" in result.output  # the workers' warnings, told here
    assert sorted(p.name for p in out.iterdir()) == ["drafts.epub", "margins.epub", "notes.epub"]
    for epub in out.iterdir():
        with zipfile.ZipFile(epub) as z:
            opf = next(n for n in z.namelist() if n.endswith(".opf"))
            assert "CC BY 4.0" in z.read(opf).decode(), epub.name
