"""Posts as real sites hold them, end to end through the command line (issue 18).

Each kind a new user brings — a Jekyll post inside its site, a Hugo page with
shortcodes and a static/ folder, a Franklin page, a maths post, a post with
dozens of footnotes written loosely, a Persian post, a French post dated
day-first, a post whose sections are ``###`` — is written here (not copied
from any site), exported to every format by ``essaykit export``, and checked
the way an author would: exit 0, every EPUB clean under epubcheck, no
template, TeX or footnote syntax in any PDF, slide or EPUB text outside code,
the site's root-relative images in all three formats.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.wildkit import LEAKS, check_every_epub, export_kinds
from tests.wildkit import epub_text as _epub_text
from tests.wildkit import outputs as _outputs
from tests.wildkit import pdf_text as _pdf_text
from tests.wildkit import png as _png
from tests.wildkit import slide_texts as _slide_texts


def _jekyll(root: Path) -> Path:
    site = root / "jekyll"
    (site / "_config.yml").parent.mkdir(parents=True)
    (site / "_config.yml").write_text("title: Field Notes\nbaseurl: /notes\n", encoding="utf-8")
    _png(site / "assets" / "img" / "loom.png", "steelblue")
    post = site / "_posts" / "2025-01-27-weaving.md"
    post.parent.mkdir()
    post.write_text("""---
layout: post
title: "What a loom taught me about software"
date: 01/27/2025
categories: [craft, code]
---

My grandmother kept a floor loom in the room where I slept, and the clatter of
the shuttle was the sound of every winter morning. Years later I understood
that the loom had been teaching me about programs all along.

![The loom, warped for a runner]({{ '/assets/img/loom.png' | relative_url }})
{: .wide}

A warp is set up once and woven many times. Read the [setup notes]({{ site.baseurl }}/setup/)
before you start, or see {% link _posts/2024-11-02-warp.md %} for the long version.

{% highlight ruby %}
threads = warp.each_slice(4).map { |group| group.sum }
puts "#{threads.size} groups"
{% endhighlight %}

{% raw %}Template tags such as {{ page.title }} are written literally here.{% endraw %}

The cloth shows every mistake you made at the loom, and none you made in your head.
{% include note.html text="Looms and compilers forgive nothing." %}
""", encoding="utf-8")
    return post


def _hugo(root: Path) -> Path:
    site = root / "hugo"
    site.mkdir()
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Harbour"\n', encoding="utf-8")
    _png(site / "static" / "img" / "harbour.jpg", "seagreen")
    page = site / "content" / "posts" / "harbour.md"
    page.parent.mkdir(parents=True)
    page.write_text("""+++
title = "Mornings at the harbour"
date = 2023-05-04T10:00:00+02:00
tags = ["travel"]
+++

The fishing boats come in before six, and by seven the market is loud with
prices. I went every morning for a month and wrote down what I saw.

{{< figure src="/img/harbour.jpg" caption="The harbour at dawn" >}}

{{< highlight go >}}
for _, boat := range boats {
    fmt.Println(boat.Name)
}
{{< /highlight >}}

A talk about the harbour's history is {{< youtube dQw4w9WgXcQ >}} worth an hour.

{{% notice tip %}}
Arrive early: the best fish are gone by eight.
{{% /notice %}}

Nobody at the market ever hurried, and nobody ever missed a sale.
""", encoding="utf-8")
    return page


def _franklin(root: Path) -> Path:
    site = root / "franklin"
    site.mkdir()
    (site / "config.md").write_text('@def author = "A. Writer"\n', encoding="utf-8")
    page = site / "notes.md"
    page.write_text("""+++
title = "Least squares by hand"
date = Date(2017, 7, 30)
+++

# {{ title }}

Fitting a line to points is the first thing a statistics course teaches and
the last thing most of us understand. Here it is by hand.

The line $y = a x + b$ minimises the sum of squared residuals:

$$ S(a, b) = \\sum_{i=1}^{n} \\left(y_i - a x_i - b\\right)^2 $$

Setting both partial derivatives to zero gives $a = \\frac{\\sum x_i y_i - n \\bar x \\bar y}{\\sum x_i^2 - n \\bar x^2}$,
and $b = \\bar y - a \\bar x$ follows at once.
""", encoding="utf-8")
    return page


def _maths(root: Path) -> Path:
    post = root / "maths.md"
    post.write_text("""---
title: Two identities
date: 27 Jan 2025
---

Euler's identity $e^{i\\pi} + 1 = 0$ ties five constants together, and the
sum of the first $n$ integers is a two-line proof:

$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$

If $\\mathbf{x} \\cdot \\mathbf{y} = 0$ then $\\mathbf{x} \\perp \\mathbf{y}$, which $\\implies$ the
Pythagorean theorem $\\|\\mathbf{x} + \\mathbf{y}\\|^2 = \\|\\mathbf{x}\\|^2 + \\|\\mathbf{y}\\|^2$.
""", encoding="utf-8")
    return post


def _footnotes(root: Path) -> Path:
    paras = []
    notes = []
    for n in range(1, 56):
        paras.append(f"Claim number {n} rests on a source, as every claim should.[^{n}]")
        sep = "" if n % 3 == 0 else " "  # GitHub and pandoc take [^n]:text too
        notes.append(f"[^{n}]:{sep}https://example.org/source/{n}")
    post = root / "footnotes.md"
    post.write_text("---\ntitle: Sources\ndate: 2024\n---\n\n" + "\n\n".join(paras) + "\n\n"
                    + "\n".join(notes) + "\n", encoding="utf-8")
    return post


def _persian(root: Path) -> Path:
    post = root / "fa.md"
    post.write_text("""---
title: نوشتن هر روز
lang: fa
date: 1403
---

من هر روز صبح می‌نویسم، حتی وقتی چیزی برای گفتن ندارم. نوشتن مثل راه رفتن است:
هر قدم کوچک است، اما قدم‌ها با هم راه را می‌سازند. کتاب‌هایی که دوست دارم همه
با همین صبرِ آرام نوشته شده‌اند.

نویسنده‌ای که منتظر الهام می‌ماند، کمتر از آن‌که فکر می‌کند می‌نویسد.
""", encoding="utf-8")
    return post


def _french(root: Path) -> Path:
    post = root / "fr.md"
    post.write_text("""---
title: Couper sans regret
lang: fr
date: 27/01/2025
---

Chaque manuscrit que je reçois est trop long, et les miens le sont aussi. Le
travail d'édition commence presque toujours par une paire de ciseaux.

Un texte qu'on n'ose pas couper n'est jamais vraiment fini.
""", encoding="utf-8")
    return post


def _h3(root: Path) -> Path:
    post = root / "h3.md"
    post.write_text("""---
title: Three small habits
---

Some habits cost nothing and pay every day. Here are three of mine.

### Write it down

A thought not written down is a thought lent to a bad memory.

### Read it aloud

The ear finds the sentence the eye forgave.

### Sleep on it

Most emergencies are smaller in the morning.
""", encoding="utf-8")
    return post


KINDS = {"jekyll": _jekyll, "hugo": _hugo, "franklin": _franklin, "maths": _maths,
         "footnotes": _footnotes, "persian": _persian, "french": _french, "h3": _h3}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    """Every kind exported to all three formats by the command line, once."""
    return export_kinds(tmp_path_factory.mktemp("wild"), KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_nothing_leaks_into_any_format(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    _, folder, _ = exported[kind]
    files = _outputs(folder)
    assert {".pdf", ".epub", ".pptx"} <= set(files)
    for label, text in (("PDF", _pdf_text(files[".pdf"])), ("slides", _slide_texts(files[".pptx"])),
                        ("EPUB", _epub_text(files[".epub"]))):
        # Code is shown as written; elsewhere no template, TeX or note syntax.
        found = [m for m in LEAKS.findall(text)
                 if not (kind == "jekyll" and m in ("{{", "}}") and "page.title" in text)]
        assert not found, f"{kind} {label}: {found[:5]}"


def test_every_epub_is_clean(exported: dict[str, tuple[Path, Path, str]]) -> None:
    check_every_epub(exported)


@pytest.mark.parametrize("kind", ["jekyll", "hugo"])
def test_site_images_reach_all_three_formats(exported: dict[str, tuple[Path, Path, str]],
                                             kind: str) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    _, folder, output = exported[kind]
    assert "missing" not in output.lower()
    files = _outputs(folder)
    assert any(page.images for page in PdfReader(str(files[".pdf"])).pages)
    assert any(n.startswith(("EPUB/images", "OEBPS/images")) or n.endswith((".png", ".jpg", ".jpeg"))
               for n in zipfile.ZipFile(files[".epub"]).namelist())
    pictures = [s for slide in Presentation(str(files[".pptx"])).slides for s in slide.shapes
                if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert pictures
    assert Image.open(io.BytesIO(pictures[0].image.blob)).size[0] >= 100


def test_dates_are_read(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit

    for kind, day in (("jekyll", "2025-01-27"), ("franklin", "2017-07-30"), ("maths", "2025-01-27"),
                      ("french", "2025-01-27"), ("hugo", "2023-05-04")):
        doc = essaykit.load(exported[kind][0])
        assert doc.meta.date is not None and doc.meta.date.isoformat() == day, kind


def test_franklin_title_is_resolved_not_a_heading(exported: dict[str, tuple[Path, Path, str]]) -> None:
    import essaykit
    from essaykit.model import Heading, plain_text

    doc = essaykit.load(exported["franklin"][0])
    headings = [plain_text(b.children) for b in doc.blocks if isinstance(b, Heading)]
    assert "{{ title }}" not in headings


def test_persian_pdf_keeps_its_zero_width_non_joiners(exported: dict[str, tuple[Path, Path, str]]) -> None:
    text = _pdf_text(_outputs(exported["persian"][1])[".pdf"])
    assert "می\u200cنویسم" in text


def test_all_55_footnotes_are_notes(exported: dict[str, tuple[Path, Path, str]]) -> None:
    z = zipfile.ZipFile(_outputs(exported["footnotes"][1])[".epub"])
    html = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert html.count('epub:type="footnote"') >= 55 or html.count("example.org/source/") >= 55
    assert "[^" not in _epub_text(_outputs(exported["footnotes"][1])[".epub"])


def test_a_post_of_h3_sections_gets_sections(exported: dict[str, tuple[Path, Path, str]]) -> None:
    from pypdf import PdfReader

    outline = [o.title for o in PdfReader(str(_outputs(exported["h3"][1])[".pdf"])).outline
               if not isinstance(o, list)]
    assert {"Write it down", "Read it aloud", "Sleep on it"} <= set(outline)
