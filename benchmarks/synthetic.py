"""Deterministic synthetic essays and books for the benchmarks.

The text is recombined from the project's own example essay
(``examples/essay.md``) and from sentences written for this file; never from
the seeds or the corpus. The same ``seed`` and the same ``examples/essay.md``
give byte-identical output on every machine and Python version (only
``random.Random(int)`` with ``choice``/``randint``/``shuffle`` is used).

    python benchmarks/synthetic.py book  -o /tmp/book.md      # ~90,000 words
    python benchmarks/synthetic.py essay -o /tmp/essay.md --words 3000

The book has one ``##`` heading per chapter and ``###`` sections inside, with
footnotes, pull quotes (``> [!PULLQUOTE]`` blocks and ``==marked==``
sentences), bulleted and numbered lists, fenced code blocks, block quotes and
a small table per chapter: the mix a long essay collection really has.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "essay.md"

BOOK_WORDS = 90_000
BOOK_SEED = 2026

# --- our own text -----------------------------------------------------------

OWN_SENTENCES = """\
A draft is a conversation with a reader who has not arrived yet.
The first sentence of an essay makes a promise that the last one has to keep.
Most writing advice reduces to one instruction: find out what you mean, then say it.
An argument that survives being read aloud will usually survive being printed.
Editors rarely add anything; their gift is knowing what to take away.
The paragraph is the unit of thought, and the sentence is the unit of breath.
A good title tells the reader what kind of attention the text expects.
We revise not because the first version was wrong but because it was ours alone.
Readers forgive a plain style much sooner than they forgive a confusing one.
The footnote is where a careful writer keeps the doubts that matter.
Every long essay has a quiet middle where the real work happens.
A list invites the eye to skim, which is sometimes exactly what we want.
Quotations lend a voice to the page, but they should never do the arguing.
The reader's time is the only currency a writer is ever paid in.
Short words carry long ideas further than long words carry short ones.
An example is worth a paragraph of abstraction, and often worth two.
Writing for print teaches patience; writing for the screen teaches restraint.
The structure of an essay should be visible only to those who look for it.
A heading is a signpost, not a summary, and it should be short enough to read at a glance.
The best endings return to the beginning and find it changed.
Clarity is not simplicity; it is complexity that has been put in order.
Rhythm matters in prose as much as in verse, only it is harder to hear.
A sentence that needs a second reading has usually asked for too much.
Typesetting is the last act of editing, and the one that readers notice least.
Good tools disappear into the work, the way a good pen disappears into the hand.
The history of the book is a history of people trying to make reading easier.
Nobody reads a manual for pleasure, yet a good manual can be a pleasure to read.
A talk is an essay that has to survive being heard only once.
The audience remembers the story long after it has forgotten the statistics.
Each slide should carry one idea, and the speaker should carry the rest.
Scholars once copied books by hand, and their mistakes became a kind of history.
A margin note is a reader talking back, and a book that invites it is generous.
Fast software is a form of respect for the person waiting on it.
A benchmark measures what it measures, and nothing else, however we wish otherwise.
Every optimisation starts with a measurement and ends with a smaller measurement.
The cost of a slow tool is paid in small interruptions that nobody writes down.
When a program starts instantly, people begin to use it in new ways.
A careful author checks the numbers twice and the quotations three times.
The index of a book is a second table of contents written for the curious.
Writers borrow structure from music, architecture and, more rarely, from law.
A chapter should end with a reason to turn the page, not with a summary of it.
Plain language is a courtesy to readers who are tired, busy or far from home.
An essay can hold a single idea and turn it slowly in the light.
The reader brings half of the meaning, and the writer should leave room for it.
Typography that calls attention to itself has usually forgotten its job.
A well-made page looks calm even when the argument on it is not.
Revision is where an essay stops being a diary and becomes a letter.
Good prose hides its effort in the same way a good bridge hides its calculations.
People skim the middle of long paragraphs, so the middle must earn its place.
The shortest essays are often the hardest to write, because nothing can hide.
Citation is a way of showing the reader where the ground is firm.
Conversations with editors are rarely about commas and always about trust.
The first reader of any text is the writer, and the least reliable one.
A book of essays is a room with many windows and a single door.
Long documents need landmarks: headings, numbers and the occasional picture.
Ebooks reflow their text, so the writer cannot rely on where a line will break.
A printed page is fixed, and that permanence changes how carefully we write.
A lecture hall forgives a slow start but not a confusing slide.
Some ideas need a diagram, and no amount of prose will replace it.
Notes made in the margin are the oldest form of social reading.
The habit of writing every morning matters more than any single morning's writing.
A deadline is an editor that never sleeps and never negotiates.
Accuracy is cheap at the start of a project and very expensive at the end.
Readers trust a text that admits what it does not know.
Each generation rediscovers that the essay is the most flexible form in prose.
The word essay means an attempt, and the best ones still feel like attempts.
""".strip().splitlines()

OWN_QUOTES = """\
A page is finished when there is nothing left to remove.
Write the sentence you would want to underline.
The margin is a promise that the reader will have time to think.
Speed is a feature that every other feature depends on.
Every essay is an experiment whose result is the reader's attention.
Say one thing per slide and let the silence say the rest.
Good structure is invisible until it is missing.
The best tool is the one that gets out of the way.
Revision is the place where writing becomes thinking.
Measure first, then argue about the numbers.
""".strip().splitlines()

AUTHORS = ["Ines Okafor", "Tomas Lindqvist", "Amara Osei", "Priya Natarajan", "Jonas Weber"]

TOPIC_WORDS = [
    "Margins",
    "Leading",
    "Drafts",
    "Readers",
    "Footnotes",
    "Headings",
    "Silence",
    "Rhythm",
    "Revision",
    "Printing",
    "Paper",
    "Screens",
    "Slides",
    "Lists",
    "Quotations",
    "Examples",
    "Notes",
    "Chapters",
    "Pages",
    "Measures",
    "Titles",
    "Endings",
    "Beginnings",
    "Editors",
    "Deadlines",
    "Libraries",
    "Archives",
    "Tools",
    "Structure",
    "Clarity",
    "Attention",
    "Patience",
    "Habits",
    "Indexes",
    "Landmarks",
    "Citations",
]

TOPIC_FRAMES = [
    "On {a}",
    "{a} and {b}",
    "The Case for {a}",
    "What {a} Teach Us",
    "Against Careless {a}",
    "{a}, Briefly",
    "A Short History of {a}",
    "Why {a} Matter",
    "{a} Without {b}",
    "Notes on {a}",
]

LIST_ITEMS = """\
Read the draft aloud before sending it anywhere.
Cut the first paragraph and see whether anything was lost.
Check every number against its source.
Keep a list of words you overuse and search for them.
Give each section a heading a stranger could understand.
Move the strongest example to the start of the section.
Replace abstract nouns with the verbs they are hiding.
Leave a day between writing and revising.
Ask one reader what they remember a week later.
Mark every sentence that begins with "there is".
Print the essay once, even if nobody else ever will.
Time the talk with a stopwatch, not with optimism.
""".strip().splitlines()

CODE_BLOCKS = [
    (
        "python",
        '''def reading_time(words: int, wpm: int = 230) -> float:
    """Minutes an average adult needs to read ``words``."""
    return words / wpm


def slide_budget(minutes: float, seconds_per_slide: int = 90) -> int:
    return max(1, round(minutes * 60 / seconds_per_slide))''',
    ),
    (
        "python",
        """from collections import Counter

def overused(text: str, limit: int = 12) -> list[tuple[str, int]]:
    words = [w.strip(".,;:!?").lower() for w in text.split()]
    common = Counter(w for w in words if len(w) > 5)
    return common.most_common(limit)""",
    ),
    (
        "bash",
        """# export every essay in the folder to three formats
for f in essays/*.md; do
  essaykit export "$f" -t pdf,epub,pptx -o out/
done""",
    ),
    (
        "toml",
        """[book]
title = "Collected Essays"
language = "en"
chapters = ["margins.md", "leading.md", "silence.md"]""",
    ),
    (
        "javascript",
        """function wordsPerLine(measure, averageWordLength = 5.5) {
  // a measure in characters, spaces included
  return Math.floor(measure / (averageWordLength + 1));
}""",
    ),
]

FOOTNOTES = """\
The figure is an average over many studies and varies widely between readers.
An earlier version of this argument appeared as a talk, with fewer caveats.
This is a simplification; the full history is more tangled and more interesting.
Printers' manuals of the period disagree on this point, sometimes within one volume.
The numbers here are rounded; the original measurements are in the appendix.
Several readers of a draft objected to this claim, and they may be right.
""".strip().splitlines()


def _strip_markdown(text: str) -> str:
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"</?[a-z]+>", "", text)
    text = re.sub(r"[*_`]|==", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.split())


def example_sentences(path: Path = EXAMPLE) -> list[str]:
    """Prose sentences of the example essay (front matter, headings, lists,
    tables, code, quotes and footnote definitions left out)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end != -1 else text
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block or block[0] in "#>|<-0123456789[" or block.startswith("    "):
            continue
        prose = _strip_markdown(block)
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", prose):
            s = s.strip()
            if len(s.split()) >= 6 and s[-1] in ".!?":
                sentences.append(s)
    return sentences


class _Writer:
    """Builds Markdown block by block and counts words as it goes."""

    def __init__(self, rng: random.Random, sentences: list[str], fn_prefix: str = "n"):
        self.rng = rng
        self.sentences = sentences
        self.blocks: list[str] = []
        self.footnotes: list[str] = []
        self.words = 0
        self.fn_prefix = fn_prefix
        self.fn_count = 0

    def add(self, block: str) -> None:
        self.blocks.append(block)
        self.words += len(block.split())

    def sentence(self) -> str:
        return self.rng.choice(self.sentences)

    def decorate(self, s: str) -> str:
        """Sometimes emphasise a word or two, or add a link."""
        rng = self.rng
        roll = rng.randint(0, 19)
        words = s.split(" ")
        if roll < 3 and len(words) > 4:
            i = rng.randint(1, len(words) - 2)
            if words[i].isalpha():
                words[i] = f"*{words[i]}*"
        elif roll == 3 and len(words) > 5:
            i = rng.randint(1, len(words) - 3)
            if words[i].isalpha() and words[i + 1].isalpha():
                words[i] = f"**{words[i]}"
                words[i + 1] = f"{words[i + 1]}**"
        elif roll == 4 and len(words) > 4:
            i = rng.randint(1, len(words) - 2)
            if words[i].isalpha():
                words[i] = f"[{words[i]}](https://example.org/{words[i].lower()})"
        elif roll == 5 and len(words) > 4:
            i = rng.randint(1, len(words) - 2)
            if words[i].isalpha():
                words[i] = f"`{words[i].lower()}`"
        return " ".join(words)

    def paragraph(self, marked: bool = False, footnote: bool = False) -> None:
        rng = self.rng
        n = rng.randint(3, 7)
        parts = [self.decorate(self.sentence()) for _ in range(n)]
        if marked:
            i = rng.randint(0, n - 1)
            parts[i] = f"=={rng.choice(OWN_QUOTES)}=="
        if footnote:
            self.fn_count += 1
            label = f"{self.fn_prefix}{self.fn_count}"
            i = rng.randint(0, n - 1)
            parts[i] = parts[i] + f"[^{label}]"
            self.footnotes.append(f"[^{label}]: {rng.choice(FOOTNOTES)}")
        self.add(_wrap(" ".join(parts)))

    def pullquote(self) -> None:
        self.add(f"> [!PULLQUOTE]\n> {self.rng.choice(OWN_QUOTES)}\n> — {self.rng.choice(AUTHORS)}")

    def blockquote(self) -> None:
        lines = " ".join(self.sentence() for _ in range(2))
        self.add("\n".join("> " + line for line in _wrap(lines).splitlines()))

    def bullet_list(self) -> None:
        items = list(LIST_ITEMS)
        self.rng.shuffle(items)
        ordered = self.rng.randint(0, 1) == 1
        n = self.rng.randint(3, 6)
        self.add(
            "\n".join(
                (f"{i}. " if ordered else "- ") + item for i, item in enumerate(items[:n], start=1)
            )
        )

    def code(self) -> None:
        lang, body = self.rng.choice(CODE_BLOCKS)
        self.add(f"```{lang}\n{body}\n```")

    def table(self) -> None:
        rows = ["| Setting | Before | After |", "|:--------|-------:|------:|"]
        for _ in range(self.rng.randint(3, 5)):
            rows.append(
                f"| {self.rng.choice(TOPIC_WORDS)} | {self.rng.randint(10, 99)} | {self.rng.randint(10, 99)} |"
            )
        self.add("\n".join(rows))

    def section_body(self, budget: int) -> None:
        """Paragraphs with the occasional list, quote, code block or table."""
        rng = self.rng
        start = self.words
        while self.words - start < budget:
            roll = rng.randint(0, 29)
            if roll == 0:
                self.pullquote()
            elif roll == 1:
                self.bullet_list()
            elif roll == 2:
                self.code()
            elif roll == 3:
                self.blockquote()
            self.paragraph(marked=roll == 4, footnote=roll in (5, 6))


def _wrap(text: str, width: int = 78) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _title(rng: random.Random) -> str:
    a, b = rng.sample(TOPIC_WORDS, 2)
    return rng.choice(TOPIC_FRAMES).format(a=a, b=b)


def _front_matter(title: str, author: str, extra: str = "") -> str:
    return f'---\ntitle: "{title}"\nauthor: "{author}"\ndate: 2026-01-15\nlang: en\n{extra}---'


def _pool() -> list[str]:
    return example_sentences() + OWN_SENTENCES


def make_book(words: int = BOOK_WORDS, seed: int = BOOK_SEED, chapters: int = 18) -> str:
    """A book-length essay collection as one Markdown file, about ``words``
    words long (whitespace-separated tokens of the Markdown source)."""
    # Footnote definitions and headings come on top of the body budget: build
    # once, then again with the overshoot taken off (both passes deterministic).
    first = _book(words, seed, chapters)
    over = word_count(first) - words
    return _book(words - over, seed, chapters) if over > 0 else first


def _book(words: int, seed: int, chapters: int) -> str:
    rng = random.Random(seed)
    w = _Writer(rng, _pool(), fn_prefix="b")
    w.add(
        _front_matter(
            "Collected Essays on the Page",
            "Ines Okafor",
            'subtitle: "A synthetic book for benchmarks"\n'
            'description: "Deterministic text generated by benchmarks/synthetic.py."\n',
        )
    )
    per_chapter = max(200, (words - 40) // chapters)
    for ch in range(1, chapters + 1):
        target = min(words, w.words + per_chapter) if ch < chapters else words
        w.add(f"## {ch}. {_title(rng)}")
        w.paragraph()
        w.paragraph(footnote=True)
        w.pullquote()
        w.table()
        sections = rng.randint(4, 6)
        remaining = target - w.words
        for s in range(1, sections + 1):
            w.add(f"### {ch}.{s} {_title(rng)}")
            budget = (target - w.words) // (sections - s + 1) if s < sections else target - w.words
            w.section_body(max(budget, 60) if remaining > 0 else 60)
    # Footnote definitions at the end, as most long Markdown documents do.
    for fn in w.footnotes:
        w.add(fn)
    return "\n\n".join(w.blocks) + "\n"


def make_essay(words: int = 3000, seed: int = 7, title: str | None = None) -> str:
    """An essay of about ``words`` words with a few ``##`` sections, pull
    quotes, a list, a code block and footnotes."""
    rng = random.Random(seed)
    w = _Writer(rng, _pool(), fn_prefix="e")
    w.add(_front_matter(title or _title(rng), rng.choice(AUTHORS)))
    w.paragraph()
    w.paragraph(marked=True)
    sections = max(1, min(8, words // 500))
    for s in range(1, sections + 1):
        w.add(f"## {_title(rng)}")
        if s == 1:
            w.pullquote()
        if s == 2:
            w.bullet_list()
        if s == 3:
            w.code()
        budget = (words - w.words - 40 * len(w.footnotes)) // (sections - s + 1)
        w.section_body(max(budget, 40))
        if s % 2 == 0:
            w.paragraph(footnote=True)
    for fn in w.footnotes:
        w.add(fn)
    return "\n\n".join(w.blocks) + "\n"


def word_count(text: str) -> int:
    return len(text.split())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=["book", "essay"])
    ap.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    ap.add_argument("--words", type=int, default=None)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args(argv)
    if args.kind == "book":
        text = make_book(args.words or BOOK_WORDS, BOOK_SEED if args.seed is None else args.seed)
    else:
        text = make_essay(args.words or 3000, 7 if args.seed is None else args.seed)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"{args.output}: {word_count(text)} words, sha256 {digest(text)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
