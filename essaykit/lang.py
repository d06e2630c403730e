"""Languages: normalising tags, telling direction, and detecting from text.

Detection uses py3langid (a maintained fork of langid.py: a small bundled
model, no network, 97 languages, tells French from English and Persian from
Arabic). Its model takes about a second to load, so it is imported only when
front matter and file name have not already said the language.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ku-arab"})

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def normalize_tag(value: str) -> str | None:
    """``ja_JP.UTF-8`` → ``ja-JP``; ``EN`` → ``en``; junk → None."""
    value = value.strip().split(".", 1)[0].split("@", 1)[0].replace("_", "-")
    if not value or not _TAG.match(value):
        return None
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    tag = "-".join(out)
    if tag in {"c", "posix"}:
        return None
    return tag


def primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def direction(tag: str) -> str:
    """``"rtl"`` or ``"ltr"`` for a BCP 47 tag (a script subtag wins)."""
    parts = tag.lower().split("-")
    if "arab" in parts or "hebr" in parts:
        return "rtl"
    if "latn" in parts or "cyrl" in parts:
        return "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def is_cjk(tag: str) -> bool:
    return primary(tag) in {"ja", "zh", "ko"}


#: File-name suffixes blogs use for translations: ``post.fr.md``.
_SUFFIX = re.compile(r"\.([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")


def from_filename(stem: str) -> str | None:
    m = _SUFFIX.search(stem)
    if not m:
        return None
    tag = normalize_tag(m.group(1))
    if tag is None:
        return None
    # Only accept tags that name a real language, not ``notes.old``.
    if primary(tag) not in _KNOWN:
        return None
    return tag


def _script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    # Count each distinct character once (C speed), then name its script once.
    for ch, n in Counter(text).items():
        key = _script_of(ch)
        if key is not None:
            counts[key] = counts.get(key, 0) + n
    return counts


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    cp = ord(ch)
    if cp < 0x80:
        return "latin"  # ASCII letters: no Unicode name look-up
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
        return "kana"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
        return "han"
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF:
        return "hangul"
    try:
        return unicodedata.name(ch).split(" ", 1)[0].lower()
    except ValueError:
        return "other"


def detect(text: str) -> str | None:
    """The language of ``text`` or None when there is too little to tell.

    Scripts that belong to one language decide without a model (kana means
    Japanese, hangul Korean); Latin-script prose that is plainly English,
    French, German, Spanish, Italian, Portuguese or Dutch by its function
    words decides without a model too; the rest go to py3langid, restricted
    to the languages of the dominant script so a short Persian essay is
    never called Urdu-or-English by accident.
    """
    sample = text[:20000]
    counts = _script_counts(sample)
    letters = sum(counts.values())
    if letters < 20:
        return None
    top = max(counts, key=lambda k: counts[k])
    # URLs, code and English loanwords inflate Latin in non-Latin essays.
    others = {k: v for k, v in counts.items() if k != "latin"}
    if others:
        second = max(others, key=lambda k: others[k])
        if others[second] >= letters * 0.3:
            top = second
    if counts.get("kana", 0) > letters * 0.05:
        return "ja"
    if counts.get("hangul", 0) > letters * 0.2:
        return "ko"
    if top == "han":
        return "zh"
    if top == "latin":
        quick = _function_word_guess(sample)
        if quick is not None:
            return quick
    identifier = _identifier()
    candidates = _SCRIPT_LANGS.get(top)
    if not candidates:
        lang = str(identifier.classify(sample)[0])
        return _MACRO.get(lang, lang)
    ranked = identifier.rank(sample)
    for lang, _score in ranked:
        lang = _MACRO.get(lang, lang)
        if lang in candidates:
            return str(lang)
    return str(ranked[0][0])


# -- Latin script without the model -------------------------------------------
#
# In running prose the commonest function words of a language make up a
# quarter to a third of its words. The lists below hold words that are
# frequent in one language and rare in the others listed, including close
# neighbours (Catalan, Galician, Afrikaans, the Scandinavian languages,
# Romanian, Latin, Luxembourgish) that are listed only so that they can win
# and send the text on to the model. A language is answered only when its
# words are plentiful and far ahead of every other list; anything less
# certain goes to py3langid as before.

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is that it was for with this are have be not but which you "
              "they from what would there their been has were can will about an if by "
              "we or its he she his her our who when",
        "fr": "le les des est une et du dans pour pas qui sur avec au ce nous vous sont "
              "mais ou cette aux être été il elle je ne leur plus par comme on tout fait "
              "très aussi sa ses son",
        "de": "der die das und ist nicht ein eine zu den mit sich auf für dem auch es von "
              "wir ich sie wie aber oder wird sind bei nach noch nur einen einem wenn "
              "hat kann schon dass über",
        "es": "el los las y del por con una para es se lo como más pero sus está muy "
              "también fue son hay su cuando porque este esta sobre sin todo",
        "it": "il di che è per non sono della con gli anche come più ma questo nel alla "
              "delle dei degli ha si una un le da cui essere stato molto",
        "pt": "os não uma com para é do da em no na mais dos das como mas ao são foi se "
              "seu sua também um pelo pela isso muito está",
        "nl": "het een en van is dat niet op te zijn met voor ook er maar om die wordt aan "
              "hij we ik je zich bij nog naar kan heeft dit deze",
        # Neighbours: listed only to take the lead away from the languages above.
        "ca": "els les amb per és això aquest aquesta més però hi ha seu seva i del una "
              "com què també molt quan són fer",
        "gl": "unha non da do en con para é os as que o a e máis pero tamén moi polo pola "
              "coma isto",
        "af": "die en van is het nie dit vir om met op wat ek sy ons hulle was word kan "
              "ook maar",
        "da": "og i det er at en til som på de med af ikke den for har jeg var der han "
              "sig kan vil også",
        "sv": "och i det är att en som på de med för inte den har jag var till av om så "
              "han sig kan också",
        "no": "og i det er at en til som på de med av ikke den for har jeg var om så "
              "han seg kan også",
        "ro": "și în de la cu este nu pe care o un că pentru mai din se sunt ce fost "
              "acest această",
        "la": "et in est non ad cum quod sed ut qui quae esse enim autem etiam sunt "
              "atque neque",
        "lb": "an ass net mat vun den dat et hien si mir och ginn gëtt sinn huet kënnen",
        "oc": "e los las es amb per que son una del dins pas mai tanben",
    }.items()
}

#: The languages this shortcut may answer.
_CERTAIN = frozenset({"en", "fr", "de", "es", "it", "pt", "nl"})

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _function_word_guess(sample: str) -> str | None:
    """The language of Latin-script prose when its function words leave no
    doubt, else None (the caller asks the model)."""
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 40:
        return None
    tokens = Counter(words)
    # French and Italian elisions (l'écriture, dell'arte) count their article.
    for word, n in list(tokens.items()):
        head, sep, _tail = word.replace("’", "'").partition("'")
        if sep and head:
            tokens[head] += n
    hits = {
        lang: [n for word, n in tokens.items() if word in vocab]
        for lang, vocab in _FUNCTION_WORDS.items()
    }
    ranked = sorted(hits.items(), key=lambda item: sum(item[1]), reverse=True)
    (best, found), (_runner, runner_found) = ranked[0], ranked[1]
    score = sum(found)
    if best not in _CERTAIN:
        return None
    if score < 0.2 * len(words) or score < 2.5 * sum(runner_found):
        return None
    # Prose uses many of them; a list of names repeats one ("al", "de").
    if len(found) < 8 or max(found) > 0.5 * score:
        return None
    return best


# -- The model, cached decompressed on disk -----------------------------------

_MODEL: Any = None


def _identifier() -> Any:
    """py3langid's identifier, loaded once per process.

    The bundled model is LZMA-compressed: decompressing it costs most of a
    second on every run. A decompressed copy is kept in the user's cache
    folder (``$XDG_CACHE_HOME/essaykit`` or ``~/.cache/essaykit``), keyed by
    py3langid's version and the model file's size and time, written
    atomically; when that is impossible py3langid loads its own file
    (through a temporary file), and with no room for that either (a full
    cache folder and ``$TMPDIR``) it is decompressed in memory.
    """
    global _MODEL
    if _MODEL is None:
        from py3langid import langid  # deferred: numpy and the model

        try:
            loaded = _load_cached_model(langid)
        except Exception:  # any trouble with the cache: the library's own way
            loaded = None
        if loaded is not None:
            langid.IDENTIFIER = loaded
        try:
            _MODEL = langid._get_identifier()
        except OSError:
            langid.IDENTIFIER = _model_in_memory(langid)
            _MODEL = langid._get_identifier()
    return _MODEL


def _model_in_memory(langid: Any) -> Any:
    """The model decompressed into memory (66 MB for py3langid 0.4, let go
    once the arrays are made): no file written."""
    import io
    import lzma

    import numpy as np
    from py3langid import modelio

    raw = io.BytesIO(lzma.decompress((Path(langid.MODEL_DIR) / langid.MODEL_FILE).read_bytes()))
    with np.load(raw, allow_pickle=False) as data:
        arrays = {name: data[name] for name in _ARRAYS}
    del raw
    to_array = modelio._to_array
    return langid.LanguageIdentifier(
        arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), to_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(), tk_row=to_array(arrays["nextmove_row"]),
    )


def _model_cache_dir(langid: Any) -> Path | None:
    import py3langid

    version = getattr(py3langid, "__version__", None)
    if not version:
        from importlib.metadata import version as dist_version

        version = dist_version("py3langid")
    source = Path(langid.MODEL_DIR) / langid.MODEL_FILE
    stat = source.stat()
    from .cache import cache_root

    key = f"py3langid-{version}-{stat.st_size}-{int(stat.st_mtime)}"
    return cache_root() / key


_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _load_cached_model(langid: Any) -> Any:
    import numpy as np
    from py3langid import modelio

    folder = _model_cache_dir(langid)
    if folder is None:
        return None
    if not (folder / "out_feat.npy").exists():
        _write_model_cache(langid, folder)
    data = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in _ARRAYS}
    to_array = modelio._to_array
    return langid.LanguageIdentifier(
        data["ptc"], np.asarray(data["pc"]), data["classes"].tolist(),
        to_array(data["nextmove"]), np.asarray(data["out_feat"]).tolist(),
        tk_row=to_array(data["nextmove_row"]),
    )


def _write_model_cache(langid: Any, folder: Path) -> None:
    """Decompress the bundled model into ``folder`` (one ``.npy`` per array)."""
    import lzma
    import shutil
    import tempfile

    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        with tempfile.TemporaryFile(suffix=".npz", dir=tmp) as raw:  # the cache's disk, not $TMPDIR's
            with lzma.open(Path(langid.MODEL_DIR) / langid.MODEL_FILE) as src:
                shutil.copyfileobj(src, raw, length=1 << 20)
            raw.seek(0)
            with np.load(raw, allow_pickle=False) as npz:
                for name in _ARRAYS:
                    np.save(tmp / f"{name}.npy", npz[name], allow_pickle=False)
        try:
            os.rename(tmp, folder)  # atomic; fails if another run got there first
        except OSError:
            if not (folder / "out_feat.npy").exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


#: Regional varieties py3langid may answer, folded into the language tag a
#: reader or font fallback knows.
_MACRO = {"ary": "ar", "arz": "ar", "apc": "ar", "acm": "ar", "afb": "ar", "ajp": "ar",
          "pes": "fa", "prs": "fa", "zsm": "ms", "cmn": "zh", "yue": "zh"}

_SCRIPT_LANGS: dict[str, frozenset[str]] = {
    "arabic": frozenset({"ar", "fa", "ur", "ps", "ug", "ku"}),
    "hebrew": frozenset({"he", "yi"}),
    "cyrillic": frozenset({"ru", "uk", "bg", "sr", "mk", "be", "kk", "mn", "ky"}),
}

#: Primary language subtags accepted from file-name suffixes.
_KNOWN = frozenset(
    {
        "af", "am", "an", "ar", "as", "az", "be", "bg", "bn", "br", "bs", "ca", "cs", "cy",
        "da", "de", "dz", "el", "en", "eo", "es", "et", "eu", "fa", "fi", "fo", "fr", "ga",
        "gl", "gu", "he", "hi", "hr", "ht", "hu", "hy", "id", "is", "it", "ja", "jv", "ka",
        "kk", "km", "kn", "ko", "ku", "ky", "la", "lb", "lo", "lt", "lv", "mg", "mk", "ml",
        "mn", "mr", "ms", "mt", "nb", "ne", "nl", "nn", "no", "oc", "or", "pa", "pl", "ps",
        "pt", "qu", "ro", "ru", "rw", "se", "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta",
        "te", "th", "tl", "tr", "ug", "uk", "ur", "vi", "vo", "wa", "xh", "zh", "zu",
    }
)
