"""Long essays for the talk planner's tests, generated (deterministic, our
own words): a 6,000-word history post with a heading per year and missing
images, and a book-length essay. Real posts never enter the project."""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


_NOUNS = _words(
    "team roadmap release customer engineer budget meeting prototype market metric feature "
    "platform partner contract manager designer deadline experiment survey report product "
    "server outage migration backlog strategy decision"
)
_VERBS = _words(
    "shipped delayed rewrote measured promised questioned funded cancelled simplified tested "
    "replaced reviewed doubled halved explained"
)
_ADJS = _words(
    "small late careful noisy quiet expensive cheap fragile sturdy early honest vague clear "
    "urgent patient"
)


def _sentence(rng: random.Random) -> str:
    n1, n2, n3 = rng.sample(_NOUNS, 3)
    v = rng.choice(_VERBS)
    a, b = rng.sample(_ADJS, 2)
    forms = [
        f"The {a} {n1} {v} the {n2} before the {b} {n3} was ready.",
        f"Nobody expected that the {n1} would be {a}, but the {n2} {v} it anyway.",
        f"When the {n1} {v} the {n2}, the {b} {n3} had to wait another month.",
        f"Our {n1} {v} every {n2}, e.g. the {b} one we built for the {n3}.",
        f"In the end, a {n1} that nobody reads is just a {a} list of {n2}s with dates.",
        f"The {n1} is a {a} promise, because the {n2} {v} what the {n3} needed.",
    ]
    return rng.choice(forms)


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def history_post(years: int = 30, words: int = 6000) -> str:
    """A history post: a heading per year, each with prose, a picture that
    is not there and its source line, now and then a quotation or a bold
    point. About ``words`` words."""
    rng = random.Random(1990)
    per_year = words // years
    out = [
        "---\ntitle: Thirty Years of Shipping Software\nauthor: A. Historian\n---\n",
        _paragraph(rng, 4) + "\n",
    ]
    for k in range(years):
        year = 1990 + k
        out.append(f"## {year}\n")
        out.append(f"![The office in {year}](images/office-{year}.jpg)\n")
        out.append(f"Source for image: http://example.com/archive/{year}.jpg\n")
        written = 0
        n = 0
        while written < per_year - 20:
            sentences = rng.randint(3, 6)
            para = _paragraph(rng, sentences)
            if n == 1 and k % 3 == 0:
                para += f" **The year {year} taught us that every promise has a price.**"
            out.append(para + "\n")
            written += len(para.split())
            n += 1
        if k % 5 == 2:
            out.append(
                "> We did not plan the release. We planned the meeting about the release. "
                "Then the release happened anyway, and it was the best thing we ever did.\n"
                ">\n> — An engineer\n"
            )
    return "\n".join(out)


def long_essay(chapters: int = 30, words: int = 90000) -> str:
    """A book-length essay: chapters with subsections, code, quotations."""
    rng = random.Random(2024)
    per = words // chapters
    out = ["---\ntitle: On Building Things\nauthor: B. Writer\n---\n"]
    for c in range(chapters):
        out.append(f"## Chapter {c + 1}: The {rng.choice(_ADJS)} {rng.choice(_NOUNS)}\n")
        written = 0
        sub = 0
        while written < per:
            if written > sub * per / 4:
                sub += 1
                out.append(f"### Part {sub} of the {rng.choice(_NOUNS)}\n")
            para = _paragraph(rng, rng.randint(4, 8))
            out.append(para + "\n")
            written += len(para.split())
            if rng.random() < 0.04:
                out.append("This function looks like this:\n")
                out.append("```python\n" + "\n".join(
                    f"def step_{i}(x):\n    return x + {i}" for i in range(12)) + "\n```\n")
            if rng.random() < 0.03:
                out.append("> " + _paragraph(rng, 3) + "\n")
    return "\n".join(out)
