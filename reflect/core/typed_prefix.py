"""A word half typed, matched against a search index that keeps only word stems.

The index stems every word (Porter's stemmer): "conference" is kept as
"confer", "attendance" as "attend", "planning" as "plan". A search matches
the last word typed as the start of a stem, so while someone types
"conference" the letters "conferen" matched nothing ("confer" does not
start with them), and the screen said "Nothing matches" until the word was
finished. About one prefix in 18 of the sample's words missed its own word
that way (tests/unit/test_typed_prefix.py counts them).

So the half-typed word also matches from each place where an English ending
could have begun: "conferen" is "confer" + the start of "-ence", so it
matches words starting "confer" too. A doubled consonant before the ending
("plann|ing") counts as part of it. Stems shorter than three letters are
not tried: they would match most of a journal for the sake of a few words.
"""

from __future__ import annotations

# Endings Porter's stemmer takes off a word, in full; what was typed after a
# stem must be the start of one of them.
ENDINGS = (
    "able", "al", "ally", "ance", "ances", "ancy", "ant", "ants", "ation", "ations", "e",
    "ed", "ement", "ements", "ence", "ences", "ency", "ent", "ently", "ents", "er", "ers",
    "es", "ful", "ible", "ic", "ical", "ied", "ies", "ily", "iness", "ing", "ings", "ion",
    "ions", "ise", "ised", "ish", "ism", "ist", "ity", "ive", "ize", "ized", "ly", "ment",
    "ments", "ness", "ous", "s", "y",
)  # fmt: skip
SHORTEST_STEM = 3


def _could_end(rest: str) -> bool:
    return any(ending.startswith(rest) for ending in ENDINGS)


def stem_starts(word: str) -> list[str]:
    """The shorter starts of ``word`` its stem may be, if it is half typed; longest first.

    Only for a word of letters ("CF-1234" is several index words already).
    Each start is at least `SHORTEST_STEM` letters, and what follows it in
    ``word`` is the beginning of an ending (after a doubled consonant, if any).
    """
    if not word.isalpha():
        return []
    lowered = word.lower()
    starts = []
    for cut in range(len(lowered) - 1, SHORTEST_STEM - 1, -1):
        stem, rest = lowered[:cut], lowered[cut:]
        doubled = rest[0] == stem[-1] and (len(rest) == 1 or _could_end(rest[1:]))
        if _could_end(rest) or doubled:
            starts.append(stem)
    return starts
