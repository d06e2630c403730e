"""Options the ``export`` and ``book`` commands share, defined once so the
two commands cannot drift apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

#: The pull-quote modes (see essaykit.transform.pullquotes); every command
#: that prepares a document offers the same choice.
PULLQUOTE_MODES = click.Choice(["default", "auto", "marked", "none"])


def pullquotes_option(help: str = "default: the author's marked pull quotes, else automatic ones."):  # type: ignore[no-untyped-def]
    return click.option("--pullquotes", type=PULLQUOTE_MODES, default="default", show_default=True, help=help)


def resource_path_option():  # type: ignore[no-untyped-def]
    """``--resource-path DIR``, repeatable as in pandoc (where pandoc also
    takes ``a:b`` in one value, so do we)."""
    return click.option(
        "--resource-path", "resource_path", multiple=True, metavar="DIR",
        help="A folder where images are looked for (repeatable): relative paths not beside "
             "the essay, and root-relative ones (/img/x.png). Reads stay inside these folders.",
    )


def resource_dirs(values: tuple[str, ...]) -> list[str]:
    """The folders ``--resource-path`` names; one that is not a folder is a usage error."""
    import os

    dirs: list[str] = []
    for value in values:
        for part in value.split(os.pathsep):
            if not part.strip():
                continue
            if not Path(part).is_dir():
                raise click.BadParameter(f"{part!r} is not a folder", param_hint="'--resource-path'")
            dirs.append(part)
    return dirs


def render_options(
    page_size: str | None,
    pdf_variant: str | None,
    aspect: str | None,
    template: Path | None,
    allow_remote: bool,
    strict: bool,
    resource_path: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The renderer options the export and book commands share."""
    return {
        "page_size": page_size,
        "pdf_variant": pdf_variant,
        "aspect": aspect,
        "template": str(template) if template else None,
        "allow_remote": allow_remote,
        "strict": strict,
        "resource_path": resource_dirs(resource_path),
    }


def parse_formats(values: tuple[str, ...]) -> list[str]:
    from ..renderers.registry import renderer_names

    names: list[str] = []
    for value in values or ("pdf,epub,pptx",):
        for part in value.split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in renderer_names():
                raise click.BadParameter(
                    f"unknown format {part!r} (known: {', '.join(renderer_names())})",
                    param_hint="'-t'",
                )
            if part not in names:
                names.append(part)
    return names
