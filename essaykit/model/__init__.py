"""The essaykit document model: plain, frozen data that every stage shares.

:mod:`.nodes` holds the node types and :class:`~.nodes.Metadata`, :mod:`.document` the
:class:`Document`, :mod:`.jsonform` its versioned JSON form; :mod:`.walk` and
:mod:`.outline` traverse it.
"""

from .document import Document
from .nodes import *  # noqa: F403
from .nodes import __all__ as _nodes_all

__all__ = ["Document", *_nodes_all]
