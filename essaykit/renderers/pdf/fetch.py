"""The only door through which WeasyPrint may read anything.

WeasyPrint's default fetcher opens any URL it is given: ``file:///etc/passwd``
in an essay's image would end up inside the PDF. Ours answers from memory for
what the renderer prepared itself (fonts, images it already checked), reads
files only through the essay's :class:`~essaykit.resources.ResourcePolicy`
(essay folder, theme folders, font-package folders), decodes ``data:`` URIs,
and reaches the network only when the user allowed it. Everything else is
refused, and the refusal is remembered so the renderer can warn once: as
``"<kind> <url>: <reason>"``, its kind (:data:`essaykit.errors.KINDS`) first.

Kept free of a WeasyPrint import at module level: the class is built on
first use, inside ``render``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from essaykit.resources import ResourceError, ResourcePolicy

#: Scheme of resources held in memory (prepared fonts, checked images).
MEMORY_SCHEME = "essaykit-mem"


class MemoryStore:
    """Bytes the renderer prepared, each under an ``essaykit-mem:`` URL."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[bytes, str]] = {}

    def add(self, name: str, data: bytes, media_type: str) -> str:
        url = f"{MEMORY_SCHEME}:{len(self.items)}/{name}"
        self.items[url] = (data, media_type)
        return url

    def get(self, url: str) -> tuple[bytes, str] | None:
        return self.items.get(url)


def make_fetcher(policy: ResourcePolicy, store: MemoryStore, refused: list[str]) -> Any:
    """A ``weasyprint.URLFetcher`` that obeys ``policy``; refusals are
    appended to ``refused`` (kind, URL and reason) instead of being read."""
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class PolicyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            held = store.get(url)
            if held is not None:
                data, media_type = held
                return URLFetcherResponse(url, data, {"Content-Type": media_type})
            try:
                resource = policy.read(url)
                data, media_type = resource.data, resource.media_type
                if media_type.startswith("image/"):  # a CSS background: checked like any image
                    from essaykit.images import check_image

                    checked = check_image(data, url, keep_webp=True)
                    data, media_type = checked.data, checked.media_type
            except ResourceError as exc:
                refused.append(f"{exc.kind} {exc}")
                raise
            return URLFetcherResponse(url, data, {"Content-Type": media_type})

    return PolicyFetcher(timeout=10, allow_redirects=False)


def policy_with(policy: ResourcePolicy, extra_roots: tuple[Path, ...]) -> ResourcePolicy:
    """``policy`` that may also read ``extra_roots`` (the font packages)."""
    roots = tuple(dict.fromkeys(policy.roots + tuple(p.resolve() for p in extra_roots)))
    return dataclasses.replace(policy, roots=roots)
