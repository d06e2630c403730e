"""What every renderer is: a name, a suffix, and ``render(doc, ctx) -> bytes``.

Renderers walk the tree with ``visit_<NodeType>`` methods (docutils' idea):
a node type without a method is an error, never silently dropped, and a test
checks that every node type has a method in every renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import EssayError, WarnFn, Warning_, log_warning
from ..resources import ResourceError, ResourcePolicy

if TYPE_CHECKING:
    from ..model import Document, Node
    from ..theme import Theme


def image_unavailable(reason: str) -> str:
    """The one warning for an image no format could include (``reason``
    starts with its source): worded the same by every renderer, so that an
    export of three formats says it once (the CLI drops repeats)."""
    return f"image {reason}; its alt text is shown instead"


@dataclass
class RenderContext:
    """Everything a renderer may use besides the document.

    ``base_dir`` is the essay's folder: the only place (with the theme's
    folder) that images and other resources may be read from unless
    ``allow_remote``/``allow_outside`` say otherwise. ``extra_roots`` are
    more folders that may be read (a book's chapters live in folders of
    their own); an ``extra_roots`` entry in ``options`` (how the book
    builder passes it through the API) is moved here, and so is a
    ``resource_path`` entry (``--resource-path``: folders where images are
    looked for, relative and root-relative paths alike). The site the essay
    belongs to (:mod:`essaykit.siteroot`) is readable too: its served
    folders are where ``/assets/x.png`` is looked for.
    """

    theme: Theme
    options: dict[str, Any] = field(default_factory=dict)
    base_dir: Path | None = None
    source: str | None = None
    allow_remote: bool = False
    strict: bool = False
    warn_fn: WarnFn = log_warning
    extra_roots: tuple[Path, ...] = ()
    resource_path: tuple[Path, ...] = ()
    _policy: ResourcePolicy | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        roots = self.options.pop("extra_roots", None)
        if roots:
            self.extra_roots = tuple(dict.fromkeys([*self.extra_roots, *(Path(r) for r in roots)]))
        search = self.options.pop("resource_path", None)
        if search:
            if isinstance(search, (str, Path)):
                search = [search]
            self.resource_path = tuple(dict.fromkeys([*self.resource_path, *(Path(r) for r in search)]))

    def warn(self, message: str, line: int | None = None, kind: str = "other") -> None:
        """Report a problem that does not stop the render (an error under
        ``strict``). ``kind`` is a key of :data:`essaykit.errors.KINDS`."""
        w = Warning_(message, self.source, line, kind)
        if self.strict:
            raise EssayError(message, path=self.source, line=line)
        self.warn_fn(w)

    def warn_resource(self, exc: ResourceError, line: int | None = None) -> None:
        """An image that cannot be used, worded the same in every format
        (:func:`image_unavailable`), of the kind the refusal says."""
        self.warn(image_unavailable(exc.message), line, exc.kind)

    @property
    def policy(self) -> ResourcePolicy:
        """What this render may read: the essay's folder, the theme's folders,
        the extra roots, the essay's site, the resource path, ``data:`` URIs,
        and the network only if allowed."""
        if self._policy is None:
            from ..siteroot import find_site

            site = find_site(self.base_dir) if self.base_dir else None
            self._policy = ResourcePolicy.for_essay(
                self.base_dir, [*self.theme.folders(), *self.extra_roots], self.allow_remote,
                site_root=site.root if site else None,
                site_mounts=site.mounts if site else (),
                resource_path=self.resource_path,
            )
        return self._policy

    def option(self, name: str, default: Any = None) -> Any:
        value = self.options.get(name)
        return default if value is None else value


@runtime_checkable
class Renderer(Protocol):
    """What every renderer has. Optional, looked up with ``getattr``:
    ``warm(pending=None)`` (what it does once per process: run ahead of
    time in a prewarmed child, see :mod:`essaykit.prewarm`; ``pending()``
    says whether a document is already waiting), and ``prepare_job(doc,
    ctx)`` with ``render_job(job, ctx)`` (``render`` split in two, the first
    part where the document is, the picklable job sent to the child)."""

    name: str
    suffix: str
    binary: bool

    def render(self, doc: Document, ctx: RenderContext) -> bytes: ...


class Visitor:
    """Dispatch on node type name: ``visit_Paragraph(node)`` and so on."""

    def visit(self, node: Node) -> Any:
        method: Callable[[Any], Any] | None = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise NotImplementedError(f"{type(self).__name__} has no visit_{type(node).__name__}")
        return method(node)

    def visit_all(self, nodes: tuple[Node, ...]) -> list[Any]:
        return [self.visit(n) for n in nodes]
