"""Telling a verbless fragment from a sentence, cheaply and conservatively.

Essays are full of list-like fragments punctuated as sentences ("Regular
cross-functional syncs where execution gaps become visible to everyone, not
just the PM quietly fuming in the corner."): fine in their list, meaningless
set large on their own. Without a tagger we look for evidence of a finite
verb in the *main* clause; when the evidence is ambiguous the sentence is
kept, because losing a good quote to a false alarm costs more than a weaker
score elsewhere. Only English and French are checked; other languages are
never called fragments (Japanese, for one, ends sentences on nouns by
design).
"""

from __future__ import annotations

import re

from ..lang import primary
from .pullquote_words import (
    EN_DETERMINERS,
    EN_FINITE,
    EN_PREPOSITIONS,
    EN_RELATIVES,
    EN_SUBJECTS,
    FR_DETERMINERS,
    FR_FINITE,
    FR_SUBJECTS,
)

__all__ = ["is_fragment"]

_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*|\d[\d.,]*|[,;:—–()]")
_CLAUSE_END = frozenset(",;:—–()")
#: Adjective and noun endings: a word so ending before an ``-s`` word makes
#: that word a plural noun ("cross-functional syncs"), not a verb.
_ADJ_ENDINGS = ("al", "ive", "ous", "ful", "less", "ic", "able", "ible", "ary", "ory", "ent", "ant")
#: Openings that make a verbless sentence a noun phrase rather than an
#: imperative ("Write the tests first." has no finite verb either).
_NOUNISH_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ship", "ance", "ence")
#: French finite endings. "-ons"/"-ez" are left out: they follow "nous"/"vous"
#: (a subject, counted anyway) and are otherwise plural nouns ("réunions").
_FR_VERB_ENDINGS = ("ait", "aient", "ent", "era", "eront", "ra", "ront", "it", "ut")


def is_fragment(text: str, lang: str) -> bool:
    """Whether ``text`` is a noun phrase punctuated as a sentence: no finite
    verb in its main clause. False whenever unsure."""
    code = primary(lang)
    tokens = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    if len([t for t in tokens if t not in _CLAUSE_END]) < 4:
        return False  # too short to tell; the length rules deal with it
    if code == "en":
        return _english_fragment(tokens)
    if code == "fr":
        return _french_fragment(tokens)
    return False


def _en_verb(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is evidence of a finite English verb."""
    t = tokens[i]
    if t in _CLAUSE_END:
        return False
    if t in EN_FINITE or t.endswith(("'s", "'re", "'m", "'ve", "'ll", "'d", "n't")):
        return True
    prev = tokens[i - 1] if i else ""
    if prev in EN_SUBJECTS and t not in EN_PREPOSITIONS and t not in _CLAUSE_END:
        return True  # "they take", "I left": a subject pronoun, then its verb
    if len(t) > 4 and t.endswith("ed"):
        return True  # past tense (or a participle: counted, to be safe)
    if len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")):
        # "-s": a verb after a noun or adverb ("the PM fumes", "quietly fumes"),
        # a plural noun after a determiner or an adjective ("regular syncs").
        if not prev or prev in _CLAUSE_END:
            return False
        if prev in EN_DETERMINERS or prev in EN_PREPOSITIONS or prev[:1].isdigit():
            return False
        if "-" in prev or prev.endswith(_ADJ_ENDINGS):
            return False
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        return nxt not in EN_RELATIVES and nxt != "that"
    return False


def _english_fragment(tokens: list[str]) -> bool:
    n = len(tokens)
    evidence = [_en_verb(tokens, i) for i in range(n)]
    rel = next(
        (
            i
            for i, t in enumerate(tokens)
            if i > 0 and (t in EN_RELATIVES or (t == "that" and i <= 2))
        ),
        None,
    )
    if rel is not None:
        # "Syncs where gaps become visible, not just ...": a head noun phrase,
        # a relative clause, and after it only phrases that start with a
        # preposition (or "not"): the relative clause's verb is the only one.
        head = tokens[:rel]
        if head[0] in _SUBORDINATORS or any(evidence[:rel]):
            return False
        end = next((j for j in range(rel + 1, n) if tokens[j] in _CLAUSE_END), None)
        if end is None:
            return False  # the main verb may follow the relative clause
        segments: list[list[int]] = [[]]
        for j in range(end, n):
            if tokens[j] in _CLAUSE_END:
                if segments[-1]:
                    segments.append([])
            else:
                segments[-1].append(j)
        segments = [s for s in segments if s]
        if not segments:
            return False
        for seg in segments:
            if tokens[seg[0]] not in EN_PREPOSITIONS:
                return False
            # Inside a phrase that opens with a preposition, only a subject
            # pronoun and its verb start a clause ("in the end they win");
            # other verbs belong to nested clauses ("from having context
            # others don't have").
            if any(tokens[j - 1] in EN_SUBJECTS and evidence[j] for j in seg[1:]):
                return False
        return True
    if any(evidence):
        return False
    first = tokens[0]
    return first in EN_DETERMINERS or first.endswith(_NOUNISH_ENDINGS + _ADJ_ENDINGS)


_SUBORDINATORS = frozenset(
    [
        "when",
        "if",
        "because",
        "although",
        "though",
        "while",
        "since",
        "unless",
        "whereas",
        "as",
        "once",
        "after",
        "before",
    ]
)


def _french_fragment(tokens: list[str]) -> bool:
    """French: no common finite form, no subject pronoun, no verb ending, and
    an opening determiner ("Des réunions régulières où ..."). Rarely fires."""
    for i, t in enumerate(tokens):
        if t in FR_FINITE or t in FR_SUBJECTS or t.startswith(("j'", "c'", "n'", "s'", "qu'")):
            return False
        if i and len(t) > 4 and t.endswith(_FR_VERB_ENDINGS) and not t.endswith("ment"):
            return False
        if i and tokens[i - 1] in FR_SUBJECTS:
            return False
    return tokens[0] in FR_DETERMINERS
