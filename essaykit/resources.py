"""Reading what an essay refers to (images, fonts, stylesheets), safely.

An essay may name any path or URL. essaykit reads only:
  * files inside the essay's own folder (after resolving symlinks),
  * files inside the theme's folders,
  * files inside the site the essay belongs to (:mod:`essaykit.siteroot`),
    where root-relative paths (``/assets/x.png``) are looked for, and inside
    the folders named with ``--resource-path``,
  * ``data:`` URIs,
and reaches the network only when the user allowed it (``--allow-remote``),
with a timeout and a size limit. Every renderer goes through this module, so
the rule holds for WeasyPrint's URL fetcher, EPUB image embedding and deck
images alike.
"""

from __future__ import annotations

import base64
import errno
import mimetypes
import os
import stat
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import EssayError

#: Largest resource read from disk or network.
MAX_BYTES = 50 * 1024 * 1024
REMOTE_TIMEOUT = 10.0

_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


class ResourceError(EssayError):
    """A resource that may not or cannot be read; renderers usually warn.
    ``kind`` is the kind of warning it makes (:data:`essaykit.errors.KINDS`):
    every renderer words the same problem the same way, so a report can say
    it once for all formats."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 kind: str = "image-unreadable"):
        super().__init__(message, path=path, line=line)
        self.kind = kind

    def located(self, path: str | None = None, line: int | None = None) -> ResourceError:
        return type(self)(self.message, path=self.path or path, line=self.line or line, kind=self.kind)


def within(path: Path, root: Path) -> bool:
    """Whether ``path`` is ``root`` or below it (both already resolved)."""
    return path == root or root in path.parents


def confine(path: Path, roots: Iterable[Path], what: str = "") -> Path:
    """``path`` resolved (symlinks followed), if that lies inside one of
    ``roots``; otherwise ResourceError. The one rule for every file essaykit
    reads: where a file really is decides, not how it was named."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError) as exc:
        raise ResourceError(f"{what or path}: {exc}") from None
    if not any(within(resolved, Path(root).resolve()) for root in roots):
        raise ResourceError(f"{what or path}: refused: outside the folders essaykit may read")
    return resolved


#: Seconds a pipe (a FIFO, ``<(...)``) may keep essaykit waiting for its
#: first bytes, or for more: a FIFO nobody writes to would block for ever.
PIPE_WAIT = 60.0


def read_limited(path: str | Path, limit: int, what: str = "", *, regular: bool = False) -> bytes:
    """At most ``limit`` bytes of ``path``, read in pieces: a FIFO, a
    ``<(...)`` or a file that grows reports no size to ``stat``, so the limit
    is kept while reading. ResourceError when there is more. ``regular``:
    only a regular file (what a theme or a font is), checked on the opened
    file. The open never blocks (a FIFO nobody writes to would hang it); a
    pipe that sends nothing for :data:`PIPE_WAIT` seconds is TimeoutError."""
    chunks: list[bytes] = []
    got = 0
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(fd).st_mode
    if regular and not stat.S_ISREG(mode):
        os.close(fd)
        raise ResourceError(f"{what or path}: {not_regular(mode)}; not read")
    with open(fd, "rb", buffering=0) as fh:
        while got <= limit:
            if not stat.S_ISREG(mode) and not _readable(fd):
                raise TimeoutError(errno.ETIMEDOUT, f"nothing to read for {PIPE_WAIT:g} s (a pipe nobody writes to?)")
            try:
                piece = fh.read(min(1 << 20, limit + 1 - got))
            except BlockingIOError:
                continue
            if piece is None:  # nothing yet, though the pipe said there was
                continue
            if not piece:
                break
            chunks.append(piece)
            got += len(piece)
    if got > limit:
        raise ResourceError(f"{what or path}: larger than {_size(limit)}; not read")
    return b"".join(chunks)


def not_regular(mode: int) -> str:
    """What a file that is not a regular one is, for a message."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    what = next((name for test, name in kinds if test(mode)), "a special file")
    return f"{what}, not a regular file"


def _readable(fd: int) -> bool:
    """Whether ``fd`` has bytes, or its writer has gone, within :data:`PIPE_WAIT`."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(PIPE_WAIT * 1000))


def _size(n: int) -> str:
    return f"{n // 2**20} MB" if n >= 2**20 else f"{n // 1024} KB"


@dataclass(frozen=True)
class Resource:
    data: bytes
    media_type: str
    #: Where it came from, for messages and file names.
    name: str


@dataclass(frozen=True)
class ResourcePolicy:
    roots: tuple[Path, ...]
    allow_remote: bool = False
    #: (URL prefix, folder) pairs where a root-relative path (``/img/x.png``)
    #: is looked for: the site's served folders, then the resource path.
    mounts: tuple[tuple[str, Path], ...] = ()
    #: Folders where a relative path not beside the essay is looked for
    #: (pandoc's ``--resource-path``).
    search: tuple[Path, ...] = ()

    @classmethod
    def for_essay(
        cls,
        base_dir: Path | None,
        extra_roots: Iterable[Path] = (),
        allow_remote: bool = False,
        *,
        site_root: Path | None = None,
        site_mounts: Iterable[tuple[str, Path]] = (),
        resource_path: Iterable[Path] = (),
    ) -> ResourcePolicy:
        """The policy for an essay in ``base_dir``: the site root and every
        resource-path folder become roots too (reads stay inside them)."""
        search = tuple(dict.fromkeys(p.resolve() for p in resource_path))
        extra = [*extra_roots, *([site_root] if site_root else []), *search]
        roots = [p.resolve() for p in ([base_dir] if base_dir else []) + extra]
        mounts = tuple((prefix, folder.resolve()) for prefix, folder in site_mounts)
        mounts += tuple(("/", folder) for folder in search)
        return cls(tuple(dict.fromkeys(roots)), allow_remote, mounts, search)

    def _inside(self, path: Path) -> bool:
        return any(within(path, root) for root in self.roots)

    def _found(self, candidates: Iterable[Path]) -> Path | None:
        """The first candidate that is a file inside a root, symlinks resolved."""
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except (OSError, RuntimeError):
                continue
            if self._inside(resolved) and resolved.is_file():
                return resolved
        return None

    def is_remote(self, url: str) -> bool:
        return urllib.parse.urlsplit(url).scheme.lower() in {"http", "https", "ftp"}

    def local_path(self, url: str, base_dir: Path | None = None) -> Path:
        """The file a relative or ``file:`` URL names, if it lies inside a
        root; otherwise ResourceError (never read)."""
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "file":
            raw = urllib.parse.unquote(parts.path)
            candidate = Path(raw)
        elif scheme and len(scheme) > 1:
            raise ResourceError(f"{url}: unsupported URL scheme {scheme!r}", kind="image-refused")
        else:
            raw = urllib.parse.unquote(parts.path if not scheme else url)
            candidate = Path(raw)
            if not candidate.is_absolute():
                base = base_dir or (self.roots[0] if self.roots else Path.cwd())
                found = self._found([base / candidate]) or self._found(d / raw for d in self.search)
                candidate = found or base / candidate
            elif raw.startswith("/") and self.mounts:
                # A root-relative path: the site's served folders (a real
                # absolute path inside a root is taken as it is).
                relative = [
                    folder / raw[len(prefix):].lstrip("/")
                    for prefix, folder in self.mounts
                    if raw.startswith(prefix)
                ]
                found = self._found([candidate]) or self._found(relative)
                if found is not None:
                    return found
                if not self._inside(candidate):
                    raise ResourceError(f"{url}: file not found in the site's folders", kind="image-missing")
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError) as exc:
            raise ResourceError(f"{url}: {exc}") from None
        if not self._inside(resolved):
            hint = ""
            if not scheme and raw.startswith("/") and not self.mounts:
                hint = " (a path from a site's root? name the site's folder with --resource-path)"
            raise ResourceError(f"{url}: refused: outside the essay's folder{hint}", kind="image-refused")
        return resolved

    def read(self, url: str, base_dir: Path | None = None) -> Resource:
        url = url.strip()
        if url.lower().startswith("data:"):
            return _data_uri(url)
        if self.is_remote(url):
            if not self.allow_remote:
                raise ResourceError(f"{url}: remote resource not fetched (use --allow-remote)", kind="image-remote")
            return _fetch_remote(url)
        path = self.local_path(url, base_dir)
        try:
            info = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise ResourceError(f"{url}: file not found", kind="image-missing") from None
        except OSError as exc:
            raise ResourceError(f"{url}: cannot read: {exc.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            # Said for what it is, and never opened: a FIFO nobody writes to would block.
            raise ResourceError(f"{url}: {not_regular(info.st_mode)}")
        if info.st_size > MAX_BYTES:
            raise ResourceError(f"{url}: larger than {MAX_BYTES // 2**20} MB")
        try:
            data = read_limited(path, MAX_BYTES, url, regular=True)
        except OSError as exc:
            raise ResourceError(f"{url}: cannot read: {exc.strerror}") from None
        return Resource(data, guess_type(path.name, data), path.name)


def readable_image(data: bytes) -> bool:
    """Whether ``data`` is an image some output can show: a type known by
    its first bytes, else one Pillow opens (BMP, TIFF...). A "photo.png"
    that is a saved HTML error page is not."""
    if sniff_image(data):
        return True
    import io

    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            im.verify()
        return True
    except Exception:  # Pillow raises many kinds for a bad file
        return False


def guess_type(name: str, data: bytes = b"") -> str:
    sniffed = sniff_image(data)
    if sniffed:
        return sniffed
    suffix = Path(name).suffix.lower()
    return _IMAGE_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def sniff_image(data: bytes) -> str | None:
    """The image type from its first bytes; file names lie more often."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return None


def _data_uri(url: str) -> Resource:
    header, sep, payload = url[5:].partition(",")
    if not sep:
        raise ResourceError("data: URI without a comma")
    media_type = header.split(";", 1)[0] or "text/plain"
    try:
        data = (
            base64.b64decode(payload, validate=False)
            if header.endswith(";base64")
            else urllib.parse.unquote_to_bytes(payload)
        )
    except ValueError as exc:
        raise ResourceError(f"data: URI: {exc}") from None
    return Resource(data, sniff_image(data) or media_type, "data")


def _fetch_remote(url: str) -> Resource:
    import urllib.request

    req = urllib.request.Request(url, headers={"User-Agent": "essaykit"})
    try:
        with urllib.request.urlopen(req, timeout=REMOTE_TIMEOUT) as resp:  # noqa: S310
            data = resp.read(MAX_BYTES + 1)
            ctype = resp.headers.get_content_type()
    except OSError as exc:
        raise ResourceError(f"{url}: cannot fetch: {exc}") from None
    if len(data) > MAX_BYTES:
        raise ResourceError(f"{url}: larger than {MAX_BYTES // 2**20} MB")
    name = Path(urllib.parse.urlsplit(url).path).name or "remote"
    return Resource(data, sniff_image(data) or ctype, name)
