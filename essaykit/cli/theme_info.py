"""Themes at the command line: ``--theme`` completed in shells, and
``essaykit themes --show NAME`` printing what a theme resolves to.

Why ``--show``: a child theme says only what it changes; what it ends up
with (its parents' values, the defaults, the derived colours) is what the
outputs are made of, and what a designer needs to see.
"""

from __future__ import annotations

from typing import Any

from click.shell_completion import CompletionItem


def complete_theme(ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
    """Theme names starting with ``incomplete`` (a folder path completes as
    a path, from the shell)."""
    from ..theme import list_themes

    try:
        found = list_themes()
    except Exception:  # completion must never fail loudly
        return []
    return [CompletionItem(t.name, help=t.description.split(":")[0])
            for t in found if t.name.startswith(incomplete)]


def show_theme(name: str) -> str:
    """The theme's lineage, its resolved settings as TOML-like lines and
    the CSS tokens its stylesheets are written with."""
    from ..theme import load_theme

    theme = load_theme(name)
    lines = [f"# {theme.name}: " + " → ".join(str(p) for p in theme.lineage)]
    if theme.description:
        lines.append(f"# {theme.description}")
    lines.append("")
    flat = dict(_flatten(theme.settings))
    flat.pop("name", None)
    flat.pop("description", None)
    palette = theme.palette()
    for key in palette:  # defaults and derived colours, as used
        flat.setdefault(f"colors.{key}", palette[key])
    for key in sorted(flat):
        lines.append(f"{key} = {_value(flat[key])}")
    lines += ["", "/* the CSS tokens (var(--name) in the theme's CSS) */", theme.tokens_css().rstrip()]
    return "\n".join(lines)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            out.extend(_flatten(value, f"{prefix}{key}."))
        else:
            out.append((prefix + key, value))
    return out


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
