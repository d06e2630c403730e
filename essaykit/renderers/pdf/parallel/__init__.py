"""A long book's PDF laid out in chunks in several processes, then merged into one file."""

#: PDF variants whose chunks :mod:`.merge` joins into one file (None: untagged;
#: PDF/UA-1: one structure tree from the chunks'); a book in any other is laid
#: out in one process.
MERGEABLE_VARIANTS = frozenset({None, "pdf/ua-1"})
