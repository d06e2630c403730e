"""Images of static sites: root-relative paths (``/assets/x.png``) found in
the site the post belongs to and in ``--resource-path`` folders, embedded in
all three formats; reads stay inside those folders."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

import essaykit
from essaykit.errors import Warning_
from essaykit.resources import ResourceError, ResourcePolicy
from essaykit.siteroot import find_site


def png(path: Path, colour: tuple[int, int, int] = (200, 80, 40), size: tuple[int, int] = (120, 80)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def jekyll_site(root: Path) -> Path:
    (root / "_config.yml").write_text("title: Seed Notes\nbaseurl: /blog\n", encoding="utf-8")
    png(root / "assets" / "trays.png")
    post = root / "_posts" / "2024-03-04-trays.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        "---\nlayout: post\ntitle: Seed Trays\ndate: 03/04/2024\n---\n\n"
        "The trays went on the sill in March, one row for each kind of seed.\n\n"
        "![Seed trays on the sill]({{ '/assets/trays.png' | relative_url }})\n\n"
        "## Watering\n\nA little water every morning, never in the evening.\n",
        encoding="utf-8",
    )
    return post


def hugo_site(root: Path) -> Path:
    (root / "hugo.toml").write_text('title = "Creek"\n', encoding="utf-8")
    png(root / "static" / "img" / "gauge.png", (40, 90, 160))
    post = root / "content" / "posts" / "gauge.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        '+++\ntitle = "Reading the Gauge"\ndate = "27 Jan 2025"\n+++\n\n'
        "We walked to the creek at dawn and read the painted board.\n\n"
        '{{< figure src="/img/gauge.png" caption="The gauge at low water" >}}\n\n'
        "## Notes\n\nThe water was lower than last year.\n",
        encoding="utf-8",
    )
    return post


def export_all(post: Path, out: Path, **options: object) -> tuple[dict[str, bytes], list[Warning_]]:
    said: list[Warning_] = []
    doc = essaykit.load(post, warn=said.append)
    doc = essaykit.prepare(doc)
    data = {fmt: essaykit.render(doc, fmt, prepared=True, warn=said.append, **options)
            for fmt in ("pdf", "epub", "pptx")}
    for fmt, blob in data.items():
        (out / f"post.{fmt}").write_bytes(blob)
    return data, said


def embedded(data: dict[str, bytes]) -> dict[str, int]:
    """How many pictures each format holds."""
    import pypdf
    from pptx import Presentation

    pdf = sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(data["pdf"])).pages)
    with zipfile.ZipFile(io.BytesIO(data["epub"])) as z:
        epub = sum(1 for n in z.namelist() if n.lower().endswith((".png", ".jpg", ".jpeg"))
                   and "cover" not in n.lower())
    prs = Presentation(io.BytesIO(data["pptx"]))
    pptx = sum(1 for s in prs.slides for sh in s.shapes if sh.shape_type == 13)
    return {"pdf": pdf, "epub": epub, "pptx": pptx}


@pytest.mark.parametrize("make", [jekyll_site, hugo_site], ids=["jekyll", "hugo"])
def test_site_image_is_embedded_in_all_three_formats(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "site"
    site.mkdir()
    post = make(site)
    data, said = export_all(post, tmp_path)
    assert not [w for w in said if "image" in w.message.lower() or "refused" in w.message], said
    counts = embedded(data)
    assert counts["pdf"] >= 1 and counts["epub"] >= 1 and counts["pptx"] >= 1, counts


def test_site_roots_are_found_and_served_folders_mapped(tmp_path: Path) -> None:
    jekyll = tmp_path / "j"
    jekyll.mkdir()
    site = find_site(jekyll_site(jekyll).parent)
    assert site is not None and (site.kind, site.root) == ("jekyll", jekyll.resolve())
    hugo = tmp_path / "h"
    hugo.mkdir()
    site = find_site(hugo_site(hugo).parent)
    assert site is not None and site.kind == "hugo"
    assert site.mounts[0] == ("/", (hugo / "static").resolve())
    assert find_site(tmp_path) is None


def test_generic_config_name_alone_is_no_site(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    assert find_site(tmp_path / "notes") is None


def test_root_relative_path_stays_inside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    post = hugo_site(site)
    secret = png(tmp_path / "secret.png")
    (site / "static" / "leak.png").symlink_to(secret)
    found = find_site(post.parent)
    assert found is not None
    policy = ResourcePolicy.for_essay(post.parent, site_root=found.root, site_mounts=found.mounts)
    assert policy.read("/img/gauge.png").media_type == "image/png"
    for url in ("/leak.png", "/../secret.png", "/img/../../../secret.png", str(secret), "/etc/passwd"):
        with pytest.raises(ResourceError):
            policy.read(url)


def test_resource_path_option_finds_relative_and_root_relative_images(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from essaykit.cli import main

    pics = tmp_path / "pics"
    png(pics / "a.png")
    png(pics / "figures" / "b.png", (10, 120, 30))
    essay = tmp_path / "essays" / "post.md"
    essay.parent.mkdir()
    essay.write_text(
        "---\ntitle: Two Pictures\n---\n\nA field in June, seen from the hill.\n\n"
        "![a](a.png)\n\nThe same field in October, after the harvest.\n\n![b](/figures/b.png)\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(essay), "-o", str(out), "--resource-path", str(pics),
                                       "--strict"])
    assert result.exit_code == 0, result.stderr
    data = {fmt: (out / f"post.{fmt}").read_bytes() for fmt in ("pdf", "epub", "pptx")}
    counts = embedded(data)
    assert counts["pdf"] == 2 and counts["epub"] == 2 and counts["pptx"] == 2, counts
    # without the option, both are refused, and nothing else opens up
    result = CliRunner().invoke(main, ["export", str(essay), "-o", str(out), "-t", "epub"])
    assert result.exit_code == 0
    assert "--resource-path" in result.stderr


def test_resource_path_option_names_a_folder(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from essaykit.cli import main

    essay = tmp_path / "post.md"
    essay.write_text("# T\n\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(essay), "--resource-path", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_front_matter_resource_path_inside_the_essay_folder_only(tmp_path: Path) -> None:
    png(tmp_path / "post" / "media" / "c.png")
    png(tmp_path / "elsewhere" / "d.png")
    essay = tmp_path / "post" / "post.md"
    essay.write_text(
        "---\ntitle: Media\nresource-path: [media, ../elsewhere]\n---\n\n"
        "A picture kept in the media folder.\n\n![c](c.png)\n\n![d](d.png)\n",
        encoding="utf-8",
    )
    said: list[Warning_] = []
    doc = essaykit.load(essay, warn=said.append)
    assert [(w.line, "../elsewhere" in w.message) for w in said] == [(3, True)]
    data = essaykit.render(doc, "epub", warn=said.append)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sum(n.endswith(".png") and "cover" not in n for n in z.namelist()) == 1
    assert any("d.png" in w.message for w in said)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_walk_up_stops_at_a_repository_top(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: outer\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "posts").mkdir()
    assert find_site(repo / "posts") is None
