"""A long book's PDF laid out in chunks in several processes, then merged into one file."""
