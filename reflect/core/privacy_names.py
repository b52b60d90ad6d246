"""Finding people's names in a social worker's notes.

A capitalised word is a name when a list says so and the context agrees:

- A given name that is no everyday word ("Tyler", "Agnieszka") is a name
  wherever it stands, even first in a sentence.
- A given name that is also an everyday word ("Will", "Grace", "Rose") is a
  name inside a sentence when it stands alone (not in a Title Case phrase
  such as "Rose Court"), and anywhere when the context says name.
- A month or season that is also a name ("May", "Summer") and any other
  capitalised word not in the lists ("Oliwia") are names only when the
  context says so.
- Words in the never-a-name list ("Sure", "Start", "Team", "Gibbs") and in the
  worker's allow list are never names.

The context that says name: a family or role word before it ("his mum
Chantelle", "Nan Rose", "the baby, Hope"), an age in brackets after it
("Lily (7)"), a possessive before a family word ("Kayden's nan"), a word of
speech after it ("Grace said"), a title before it ("Mrs Khan"), or a place in
a list next to another name ("Tyler, Will and Ava"). A name followed by a
capitalised word takes it as a surname ("Jade Morgan").

The lists are data in reflect/data/, read on first use.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

# How a word counts (words never names are left out before this).
CALENDAR, UNKNOWN, COMMON, GIVEN = range(4)

_RELATIONS = (
    r"mum|mummy|mam|mom|mother|dad|daddy|father|step-?dad|step-?mum|step-?father|step-?mother"
    r"|nan|nana|nanna|nanny|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather"
    r"|brother|sister|son|daughter|baby|twins?|cousin|auntie|aunty|aunt|uncle|niece|nephew"
    r"|partner|ex-partner|ex|boyfriend|girlfriend|husband|wife|fianc[eé]e?|friend|carer"
    r"|child|children|kids|boy|girl|boys|girls|eldest|youngest|sibling|siblings|teacher"
    r"|named|called|calls (?:him|her|them)|known as|aka|name is|name's"
)
_RELATION_BEFORE = re.compile(rf"\b(?:{_RELATIONS})\s*,?\s*$", re.IGNORECASE)
_NAMING_BEFORE = re.compile(
    r"\b(?:named|called|baby|daughter|son|sister|brother|twins?|niece|nephew|cousin|auntie|aunt"
    r"|uncle|partner|girlfriend|boyfriend|wife|husband|friend)\s*,?\s*$",
    re.IGNORECASE,
)
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame")
_TITLE_BEFORE = re.compile(rf"\b(?:{'|'.join(_TITLES)})\.?\s+$")
_AGE_AFTER = re.compile(
    r"(?:['’]s)?\s*(?:\(\s*(?:aged?\s*)?\d{1,2}(?:\s*(?:yrs?|years?|months?|mths?|mos?|weeks?"
    r"|wks?|y|m|yo))?(?:\s*old)?\s*\)|,?\s+aged?\s+\d)",
    re.IGNORECASE,
)
_POSSESSIVE_RELATION = re.compile(rf"['’]s?\s+(?:{_RELATIONS})\b", re.IGNORECASE)
_SPEECH_AFTER = re.compile(
    r"\s+(?:said|says|told|tells|asked|asks|explained|shared|disclosed|cried|replied|answered"
    r"|laughed|smiled|shouted|screamed|whispered)\b"
)
_LIST_JOIN = re.compile(r"(?:['’]s)?(?:\s*,\s*|\s*,?\s+(?:and|&|or)\s+)")
_SENTENCE_END = frozenset('.!?:;\n"“”‘*•')

# A capitalised word: a capital letter, then letters, apostrophes or hyphens.
# (Whether it starts a word is checked on each match: a look-behind here
# would triple the time of the scanner's busiest pattern.)
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+")
_POSSESSIVE_END = re.compile(r"(?:['’]s|['’])$")

_CALENDAR_WORDS = (
    "january february march april may june july august september october november"
    " december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday"
    " wednesday thursday friday saturday sunday spring summer autumn winter"
)
_CALENDAR = frozenset(_CALENDAR_WORDS.split())


def _data_text(name: str) -> str:
    """A file in reflect/data, read straight from the disk when it is installed there.

    Importing what `importlib.resources.files` needs takes about 30 ms, a
    tenth of a term export's identifier check; it is the way only when the
    package is not plain files (a zip).
    """
    from reflect import data

    if data.__file__:
        path = Path(data.__file__).with_name(name)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    from importlib import resources

    return resources.files("reflect.data").joinpath(name).read_text(encoding="utf-8")


def _read_list(name: str) -> frozenset[str]:
    text = _data_text(name)
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(given names, given names that are everyday words, words never names), read once."""
    never = frozenset(w for w in _read_list("not_names.txt") if " " not in w)
    common = _read_list("common_word_names.txt") - never
    given = _read_list("given_names.txt") - never - common
    return given, common, never


@cache
def _never_phrases() -> re.Pattern[str] | None:
    """Phrases that hold a name-like word but name nobody ("Moses basket")."""
    phrases = sorted((w for w in _read_list("not_names.txt") if " " in w), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE
    )


class _Word(NamedTuple):  # a tuple: made for every candidate word, twice as fast as a dataclass
    start: int
    end: int  # the end of the name itself, without a possessive 's
    after: int  # the end with the possessive, where the text after the word starts
    kind: int
    starts_sentence: bool
    capital_before: bool  # another capitalised word just before it ("Red Cross")
    capital_after: bool  # another capitalised word just after it ("Rose Court")


@cache
def _never_or_allowed(allowed: frozenset[str]) -> frozenset[str]:
    return name_lists()[2] | allowed


def _kind(key: str) -> int:
    given, common, _never = name_lists()
    if key in _CALENDAR:
        return CALENDAR
    if key in given:
        return GIVEN
    if key in common:
        return COMMON
    first = key.split("-", 1)[0]
    if first != key and (first in given or first in common):
        return GIVEN  # "Ava-Rose", "Tommy-Lee", "Demi-Leigh"
    return UNKNOWN


# What one capitalised token is, whatever surrounds it: None when it cannot
# be a name, else (length without trailing "-'’", length of the bare name,
# kind). The same tokens come back in text after text ("Recording",
# "Sitting", the family's names), so each is worked out once per allow list:
# those that cannot be names go in a set, the others in a dict.
_TokenInfo = tuple[int, int, int] | None
_TOKEN_CACHE_LIMIT = 50_000


# A few allow lists at a time (each change to the list is a new one); a
# table dropped is only speed lost.
@lru_cache(maxsize=8)
def _token_tables(allowed: frozenset[str]) -> tuple[set[str], dict[str, tuple[int, int, int]]]:
    return set(), {}


def _token_info(token: str, never: frozenset[str]) -> _TokenInfo:
    """What ``token`` is, worked out from the token alone (see `_token_tables`)."""
    if token.lower() in never:
        return None  # most capitalised words
    bare = _POSSESSIVE_END.sub("", token.rstrip("-"))
    key = bare.lower()
    if len(bare) < 2 or bare.isupper() or key in never:
        return None
    if any(c.isdigit() or c == "_" for c in bare):
        return None
    return len(token.rstrip("-'’")), len(bare), _kind(key)


def _words(text: str, allowed: frozenset[str]) -> list[_Word]:
    """The capitalised words that could be names, with what surrounds them."""
    never_names, known = _token_tables(allowed)
    if len(never_names) + len(known) > _TOKEN_CACHE_LIMIT:
        never_names.clear()  # a bound on memory in a long session; only speed is lost
        known.clear()
    words: list[_Word] = []
    never = _never_or_allowed(allowed)
    size = len(text)
    for m in _CAPITALISED.finditer(text):
        token = m.group()
        if token in never_names:
            continue
        info = known.get(token)
        if info is None:
            info = _token_info(token, never)
            if info is None:
                never_names.add(token)
                continue
            known[token] = info
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_'’-"):
            continue  # inside a word ("iPhone")
        after = start + info[0]
        i = start - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        starts_sentence = i < 0 or text[i] in _SENTENCE_END
        capital_before = False
        if i == start - 2 and i >= 0 and text[i].isalpha():
            j = i
            while j > 0 and (text[j - 1].isalpha() or text[j - 1] in "'’-"):
                j -= 1
            # A word, not the letter "I", and not the first word of the
            # sentence ("Met Grace today" is a name; "Red Cross" is not).
            k = j - 1
            while k >= 0 and text[k] in " \t":
                k -= 1
            capital_before = text[j].isupper() and j < i and k >= 0 and text[k] not in _SENTENCE_END
        capital_after = after + 1 < size and text[after] == " " and text[after + 1].isupper()
        words.append(
            _Word(
                start,
                start + info[1],
                after,
                info[2],
                starts_sentence,
                capital_before,
                capital_after,
            )
        )
    return words


# The longest word or title the "before" patterns can end with ("grandmother",
# "calls them"), with room to spare; a test checks it against the patterns.
_LONGEST_BEFORE = 16


def _strong_context(text: str, word: _Word) -> bool:
    before = text[max(0, word.start - 40) : word.start]
    # Each "before" pattern ends in a word or title followed only by spaces and
    # at most one comma, so its match starts at most _LONGEST_BEFORE letters
    # before that: searching from there finds the same (\b still sees the
    # letter before the start) at a fraction of the cost.
    core = before.rstrip()
    if core.endswith(","):
        core = core[:-1].rstrip()
    # Every relation word ends in a letter, and every title in a letter or a
    # full stop: after anything else ("." ending a sentence, mostly) neither
    # pattern can match, and after a full stop only a title can.
    last = core[-1:]
    if last.isalpha() or (last == "." and core[:-1].endswith(_TITLES)):
        from_ = max(0, len(core) - _LONGEST_BEFORE)
        # "saw mum Monday" is a day, "named the baby May" a name.
        relation = _NAMING_BEFORE if word.kind == CALENDAR else _RELATION_BEFORE
        if relation.search(before, from_) or _TITLE_BEFORE.search(before, from_):
            return True
    if _AGE_AFTER.match(text, word.end):
        return True
    return bool(_POSSESSIVE_RELATION.match(text, word.end))


def _adjacent(text: str, left: _Word, right: _Word) -> bool:
    """Whether ``right`` follows ``left`` with only a space between (a Title Case phrase)."""
    return left.after == left.end and text[left.end : right.start] == " "


def find_names(text: str, allowed: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans of ``text`` that look like people's names.

    ``allowed`` holds the worker's allowed words, in lower case: never names.
    """
    words = _words(text, allowed)
    if not words:
        return []  # most texts: nothing below can find a name without a word
    is_name = [False] * len(words)
    for n, word in enumerate(words):
        if word.kind == GIVEN or _strong_context(text, word):
            is_name[n] = True
        elif word.kind == COMMON:
            # Inside a sentence and alone ("met with Grace"), or first in a
            # pair whose second word is a surname ("met Jade Morgan"), not
            # in a Title Case phrase ("Rose Court", "Sky TV").
            surname_next = (
                word.capital_after
                and n + 1 < len(words)
                and _adjacent(text, word, words[n + 1])
                and words[n + 1].kind in (GIVEN, UNKNOWN)
            )
            alone_inside = not word.starts_sentence and not word.capital_before
            speaks = bool(_SPEECH_AFTER.match(text, word.after))
            is_name[n] = speaks or (alone_inside and (not word.capital_after or surname_next))
        elif word.kind == UNKNOWN:
            # A word in no list, followed by a word of speech: "Tamara said".
            is_name[n] = not word.capital_after and bool(_SPEECH_AFTER.match(text, word.after))
    # Names in a list with a name: "Tyler, Will and Ava".
    changed = True
    while changed:
        changed = False
        for n in range(len(words) - 1):
            left, right = words[n], words[n + 1]
            if is_name[n] == is_name[n + 1]:
                continue
            if right.starts_sentence or not _LIST_JOIN.fullmatch(text, left.end, right.start):
                continue
            is_name[n] = is_name[n + 1] = True
            changed = True
    spans: list[tuple[int, int]] = []
    n = 0
    while n < len(words):
        if not is_name[n]:
            n += 1
            continue
        start, end = words[n].start, words[n].end
        # A surname after it: "Jade Morgan", "Li Na Chen".
        while (
            n + 1 < len(words)
            and _adjacent(text, words[n], words[n + 1])
            and words[n + 1].kind in (UNKNOWN, GIVEN, COMMON)
        ):
            n += 1
            end = words[n].end
        spans.append((start, end))
        n += 1
    phrases = _never_phrases() if spans else None
    if phrases is not None:
        never_spans = [(m.start(), m.end()) for m in phrases.finditer(text)]
        spans = [s for s in spans if not any(a <= s[0] < b for a, b in never_spans)]
    return spans


_TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame)\.?\s+"
    r"[A-Z][A-Za-z'’-]*[a-z](?:[ -][A-Z][A-Za-z'’-]*[a-z])?"
)


def find_titled_names(text: str, allowed: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Names after a title: "Mrs Khan", "Dr Patel", "Miss O'Neill"."""
    # Substring tests run at C speed; most texts have no title at all. A
    # capital letter alone is found faster than two letters, so it goes first.
    if not (
        ("M" in text and ("Mr" in text or "Ms" in text or "Mx" in text or "Miss" in text))
        or ("D" in text and ("Dr" in text or "Dame" in text))
        or "Sir" in text
    ):  # fmt: skip
        return []
    return [
        (m.start(), m.end())
        for m in _TITLED_NAME.finditer(text)
        if m.group().split()[-1].casefold() not in allowed
    ]
