"""The static site a post belongs to, and where its ``/...`` paths point.

Jekyll and Hugo posts name every image from the site's root
(``/assets/x.png``), which is not the post's folder. Walking up from the
post to the folder that holds the generator's configuration finds that root,
and each generator says which folders it serves at ``/`` (Hugo's and Zola's
``static/``, Franklin's ``_assets/`` at ``/assets/``). Only files under the
site root are ever read that way (the resource policy checks where a path
really leads); the walk stops at a repository's top, the home folder and the
file-system root, none of which is ever taken for a site.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Site", "find_site"]

#: How far above the post a site's root may be (``content/posts/2024/x/index.md``).
MAX_UP = 8


@dataclass(frozen=True, slots=True)
class Site:
    root: Path
    kind: str
    #: (URL prefix, folder): ``/`` paths under the prefix are looked for
    #: in the folder, in this order.
    mounts: tuple[tuple[str, Path], ...]
    config: Path | None = None


def _any(folder: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        path = folder / name
        if path.is_file():
            return path
    return None


def _site_in(folder: Path, inside: Path) -> Site | None:
    """The site whose root is ``folder``, if it is one. Generic names
    (``config.toml``) count only with the folders that generator makes."""
    r = folder
    config = _any(r, ("_config.yml", "_config.yaml"))
    if config and (r / "source").is_dir() and ((r / "source" / "_posts").is_dir() or (r / "scaffolds").is_dir()):
        # Hexo: source/ is served at / (a post's asset folder sits beside it).
        return Site(r, "hexo", (("/", r / "source"), ("/", r)), config)
    if config and _any(r, ("_toc.yml", "_toc.yaml")):
        # Jupyter Book: _config.yml with a _toc.yml beside it, no Liquid.
        return Site(r, "jupyterbook", (("/", r),), config)
    if config:
        return Site(r, "jekyll", (("/", r),), config)
    config = _any(r, ("config.toml", "zola.toml"))
    if config and (r / "content").is_dir() and _names_base_url(config):
        # Zola: static/ is served at /, a page's own files beside it in content/.
        return Site(r, "zola", (("/", r / "static"), ("/", r / "content"), ("/", r)), config)
    config = _any(r, ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"))
    generic = _any(r, ("config.toml", "config.yaml", "config.yml", "config.json"))
    if config or (generic and (r / "content").is_dir() and (_under(inside, r / "content") or (r / "static").is_dir())):
        return Site(r, "hugo", (("/", r / "static"), ("/", r)), config or generic)
    config = _any(r, ("_quarto.yml", "_quarto.yaml"))
    if config:
        return Site(r, "quarto", (("/", r),), config)
    config = _any(r, ("config.jl", "config.md"))
    if config and ((r / "_layout").is_dir() or (r / "_assets").is_dir()):
        return Site(r, "franklin", (("/assets/", r / "_assets"), ("/", r / "__site"), ("/", r)), config)
    config = _any(r, ("pelicanconf.py",))
    if config:
        # Pelican: {static}/x names a file in its content folder (the PATH setting).
        return Site(r, "pelican", (("/", _pelican_content(config)), ("/", r)), config)
    config = _any(r, ("mkdocs.yml", "mkdocs.yaml"))
    if config:
        return Site(r, "mkdocs", (("/", r / "docs"), ("/", r)), config)
    config = _any(r, ("gatsby-config.js", "gatsby-config.ts", "docusaurus.config.js", "docusaurus.config.ts"))
    if config:
        return Site(r, "gatsby", (("/", r / "static"), ("/", r)), config)
    config = _any(r, ("astro.config.mjs", "astro.config.ts"))
    if config:
        return Site(r, "astro", (("/", r / "public"), ("/", r)), config)
    for dot, kind in ((".vitepress", "vitepress"), (".vuepress", "vuepress")):
        config = _any(r / dot, ("config.ts", "config.mts", "config.js", "config.mjs"))
        if config:
            # VitePress serves <srcDir>/public at /, VuePress .vuepress/public.
            public = r / "public" if kind == "vitepress" else r / dot / "public"
            return Site(r, kind, (("/", public), ("/", r)), config)
    config = _any(r / "logseq", ("config.edn",))
    if config:
        # A Logseq graph: pages/ and journals/ link their pictures as ../assets/x.png.
        return Site(r, "logseq", (("/", r),), config)
    config = _any(r, ("conf.py",))
    if config and ((r / "posts").is_dir() or (r / "pages").is_dir()) and _mentions(config, rb"BLOG_TITLE|POSTS\s*="):
        # Nikola: files/ is served at /, images/ at /images/ (its defaults).
        return Site(r, "nikola", (("/", r / "files"), ("/", r)), config)
    config = _any(r, (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"))
    if config:
        # Eleventy serves its input folder (``dir: { input: "src" }``) at /.
        return Site(r, "eleventy", (*_eleventy_input(config), ("/", r)), config)
    return None


def _mentions(config: Path, pattern: bytes) -> bool:
    try:
        with config.open("rb") as f:
            return re.search(pattern, f.read(64_000)) is not None
    except OSError:
        return False


def _names_base_url(config: Path) -> bool:
    """Whether a ``config.toml`` is Zola's: it must set ``base_url`` (Hugo's is ``baseURL``)."""
    try:
        with config.open("rb") as f:
            head = f.read(64_000)
    except OSError:
        return False
    return re.search(rb"(?m)^\s*base_url\s*=", head) is not None


def _eleventy_input(config: Path) -> tuple[tuple[str, Path], ...]:
    try:
        with config.open("rb") as f:
            head = f.read(64_000).decode("utf-8", "replace")
    except OSError:
        return ()
    m = re.search(r"""\binput\s*:\s*["']([\w./-]+)["']""", head)
    if m is None or ".." in m.group(1):
        return ()
    folder = (config.parent / m.group(1)).resolve()
    return (("/", folder),) if folder.is_dir() and _under(folder, config.parent.resolve()) else ()


def _pelican_content(config: Path) -> Path:
    """Pelican's content folder: ``PATH = 'posts'`` in ``pelicanconf.py``
    (``content`` when unset), only ever inside the site's folder."""
    default = config.parent / "content"
    try:
        with config.open("rb") as f:
            head = f.read(64_000).decode("utf-8", "replace")
    except OSError:
        return default
    m = re.search(r"""^PATH\s*=\s*["']([\w./ -]*)["']\s*$""", head, re.M)
    if m is None or ".." in m.group(1) or m.group(1).startswith("/"):
        return default
    return config.parent / m.group(1).strip("/") if m.group(1).strip("/ .") else config.parent


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def find_site(start: Path | str | None) -> Site | None:
    """The site holding the folder ``start`` (a post's folder), or None."""
    if start is None:
        return None
    here = Path(start).resolve()
    home = Path(os.path.expanduser("~")).resolve()
    stops = {home, Path(here.anchor)}
    folder = here
    for _ in range(MAX_UP + 1):
        if folder in stops:
            return None
        try:
            site = _site_in(folder, here)
        except OSError:
            return None
        if site is not None:
            return site
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent
    return None


#: Front-matter keys that name folders to look for images in (pandoc's name first).
RESOURCE_PATH_KEYS = ("resource-path", "resource_path", "resource-paths", "resourcepath")


def front_matter_resource_path(source: str | Path | None, extra: dict[str, object]) -> tuple[list[Path], list[str]]:
    """The folders ``resource-path`` in front matter names (relative to the
    essay's folder), and those refused: an essay may widen its reads only
    within its own folder and its site, never to the rest of the disk (the
    command line's ``--resource-path`` may name any folder)."""
    value = next((extra[k] for k in RESOURCE_PATH_KEYS if k in extra), None)
    if value is None or source is None:
        return [], []
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    names = [part for item in items if isinstance(item, str) for part in item.split(os.pathsep) if part.strip()]
    base = Path(source).resolve().parent
    site = find_site(base)
    bounds = [base] + ([site.root] if site else [])
    ok: list[Path] = []
    refused: list[str] = []
    for name in names:
        folder = (base / name.strip()).resolve()
        if folder.is_dir() and any(folder == b or b in folder.parents for b in bounds):
            ok.append(folder)
        else:
            refused.append(name)
    return ok, refused
