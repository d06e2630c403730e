"""A long book's inline Markdown parsed in two processes at once.

mistune parses in two steps: the block structure of the whole text (fast,
one pass), then the inline text of each block, which is most of the time
and needs nothing from the other blocks but the link and footnote
definitions the first step collected. So once the blocks are known, a
forked child (:mod:`essaykit.forked`) parses the inline text of the second
half of the top-level blocks while this process parses the first half.

The child hands back plain tokens (marshal: dicts, lists and strings), not
model nodes, which would cost more to send than to build. The one thing the
inline step writes for later is the order in which footnotes are first
referenced; the child reports its order and it is appended here to this
process's, as one process would have found it, and the tail's references get
the numbers one process would have given them. The tokens are the same as a
serial parse's (``tests/test_inline_fork.py``); without fork, on a short
text, or if the child fails, the tail is parsed here as before.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, MutableMapping
from typing import Any

__all__ = ["render_inline", "FORK_CHARS"]

Token = dict[str, Any]

#: Below this many characters of Markdown the parse takes less time than
#: starting a child and sending its tokens back.
FORK_CHARS = 200_000

#: Share of the top-level blocks (by source line) parsed here: a little more
#: than the child's, since the child also has to send its tokens.
_HEAD_SHARE = 0.5


Render = Callable[[list[Token], "list[tuple[str, Token]] | None"], list[Token]]


def render_inline(render: Render, tokens: list[Token], env: MutableMapping[str, Any], src_len: int) -> list[Token]:
    """``render(tokens, None)`` (mistune's inline step over top-level tokens),
    the second half of a long text in a forked child. ``render`` collects
    the footnote references it makes, with their keys, in its second
    argument when that is a list."""
    cut = _cut(tokens) if src_len >= FORK_CHARS else None
    started = _start(render, tokens[cut:], env) if cut else None
    if started is None:
        return render(tokens, None)
    child, frozen = started
    try:
        head = render(tokens[:cut], None)
        tail = _finish(child, env)
    except BaseException:
        child.cancel()
        raise
    finally:
        _unfreeze(frozen)
    if tail is None:  # no tokens from the child: the tail here, as one process would
        return head + render(tokens[cut:], None)
    return head + tail


def _cut(tokens: list[Token]) -> int | None:
    """The index of the first token of the child's half: the top-level
    block nearest the middle of the source by line."""
    lines = [t.get("_line") for t in tokens]
    last = next((x for x in reversed(lines) if isinstance(x, int)), None)
    if not last:
        return None
    middle = last * _HEAD_SHARE
    for i, line in enumerate(lines):
        if isinstance(line, int) and line >= middle:
            return i if 0 < i < len(tokens) else None
    return None


def _freeze() -> bool:
    """Keep the garbage collector off the objects both processes share while
    both run (``gc.freeze``, as Python advises before a fork): a full
    collection would write to every one of them, copying all their memory
    pages. Only when nothing else froze objects (that stays as it was)."""
    import gc

    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def _unfreeze(frozen: bool) -> None:
    import gc

    if frozen:
        gc.unfreeze()


#: What the inline step may add to mistune's ``env``: the footnote order.
_SHARED = frozenset({"footnotes", "footnote_indexes"})


def _start(render: Render, tail: list[Token], env: MutableMapping[str, Any]) -> tuple[Any, bool] | None:
    """The child parsing ``tail``, and whether objects were frozen for it."""
    from ..forked import Forked, can_fork

    before = set(env)
    if before & _SHARED or not can_fork():
        return None  # (the inline step has run already: nothing to share safely)

    def work() -> bytes | None:
        refs: list[tuple[str, Token]] = []
        tokens = render(tail, refs)
        if set(env) - before - _SHARED:
            return None  # this mistune keeps more in env: parse serially
        # marshal keeps shared objects shared: ``refs`` holds the very
        # reference tokens inside ``tokens`` on the other side too.
        return marshal.dumps((tokens, refs, env.get("footnotes"), "footnote_indexes" in env))

    frozen = _freeze()
    try:
        return Forked(work), frozen
    except OSError:
        _unfreeze(frozen)
        return None


def _finish(child: Any, env: MutableMapping[str, Any]) -> list[Token] | None:
    """The child's tokens with its footnote order merged into ``env``; None
    when the child failed or declined."""
    try:
        payload = child.result()
        if payload is None:
            return None
        tokens, refs, notes, made = marshal.loads(payload)
    except Exception:  # the child died or hit a limit: the caller parses the tail
        return None
    if made:
        merged: list[str] = list(env.get("footnotes") or [])
        seen = set(merged)
        merged.extend(k for k in notes or () if k not in seen)
        indexes = {key: i for i, key in enumerate(merged)}
        env["footnotes"] = merged
        env["footnote_indexes"] = indexes
        for key, tok in refs:  # numbered as one process would have numbered them
            tok["attrs"]["index"] = indexes[key] + 1
    return list(tokens)
