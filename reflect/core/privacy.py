"""Helping the worker keep identifying details out of the journal."""

from __future__ import annotations

import re

# Words that often appear in a made-up case code without naming anyone.
_CODE_WORDS = frozenset(
    {
        "family",
        "case",
        "child",
        "children",
        "sibling",
        "siblings",
        "group",
        "household",
        "unborn",
        "baby",
        "the",
        "and",
    }
)


def case_code_warning(case_code: str) -> str | None:
    """A gentle warning when a case code looks like a person's name, else None.

    Codes with digits ("CF-1042") or built from initials and common words
    ("Family K", "AB") pass. A capitalised word of three or more letters that
    is not a common case-code word ("Smith family", "Jade") looks like a name.
    """
    cleaned = case_code.strip()
    if not cleaned or re.search(r"\d", cleaned):
        return None
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", cleaned)
    for word in words:
        looks_like_name = len(word) >= 3 and word[0].isupper() and not word.isupper()
        if looks_like_name and word.lower() not in _CODE_WORDS:
            return (
                f"{cleaned!r} looks like it could be a name. Use a case code or a "
                "pseudonym instead (for example CF-1042 or Family K)."
            )
    return None


# -- the identifier scanner ---------------------------------------------------
#
# The patterns live in privacy_numbers (digits and "@") and privacy_names
# (people's names); this part joins them with the worker's own word lists and
# gives the API every caller uses: scan, mask, count_by_kind and in_context.

from collections import Counter  # noqa: E402
from collections.abc import Iterable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from functools import cached_property  # noqa: E402

from reflect.core.counting import counted  # noqa: E402

KIND_LABELS = {
    "postcode": "postcode",
    "phone": "phone number",
    "email": "email address",
    "nhs": "NHS number",
    "nino": "National Insurance number",
    "dob": "date of birth",
    "address": "street address",
    "name": "name",
    "listed": "flagged word",
}
# Each label's plural: "2 street addresses", "2 dates of birth" (adding an s made
# "addresss" and "date of births").
LABEL_PLURALS = {
    "postcode": "postcodes",
    "phone number": "phone numbers",
    "email address": "email addresses",
    "NHS number": "NHS numbers",
    "National Insurance number": "National Insurance numbers",
    "date of birth": "dates of birth",
    "street address": "street addresses",
    "name": "names",
    "flagged word": "flagged words",
}


@dataclass(frozen=True)
class Finding:
    """Something in the text that may identify a person."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        """Plain words for the kind of identifier."""
        return KIND_LABELS[self.kind]

    @property
    def placeholder(self) -> str:
        """What replaces it when masked."""
        return f"[{KIND_LABELS[self.kind]}]"


@dataclass(frozen=True)
class WordLists:
    """The worker's own words: never flagged (``allow``) and always flagged (``flag``).

    Both are kept inside the journal (see ``Journal.word_lists``); matching
    ignores case and whole words only.
    """

    allow: frozenset[str] = field(default_factory=frozenset)
    flag: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, allow: Iterable[str] = (), flag: Iterable[str] = ()) -> WordLists:
        """Lists from any iterables of words or phrases."""
        return cls(
            frozenset(w.strip() for w in allow if w.strip()),
            frozenset(w.strip() for w in flag if w.strip()),
        )

    def __bool__(self) -> bool:
        return bool(self.allow or self.flag)

    @cached_property
    def allowed_words(self) -> frozenset[str]:
        """Single allowed words in lower case, which the name finder skips."""
        return frozenset(w.casefold() for w in self.allow if " " not in w)

    @cached_property
    def _flag_first_words(self) -> tuple[str, ...]:
        return tuple({w.split()[0].casefold() for w in self.flag})

    def may_hold_flagged(self, text: str) -> bool:
        """A quick test: False when no flagged word can be in ``text``."""
        lowered = text.casefold()
        return any(word in lowered for word in self._flag_first_words)

    @cached_property
    def allow_pattern(self) -> re.Pattern[str] | None:
        """Every allowed word or phrase, as one pattern (None when there are none)."""
        return _phrases_pattern(self.allow)

    @cached_property
    def flag_pattern(self) -> re.Pattern[str] | None:
        """Every flagged word or phrase, as one pattern (None when there are none)."""
        return _phrases_pattern(self.flag)


NO_WORDS = WordLists()


def _phrases_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Whole words or phrases, longest first, ignoring case; spaces match any spacing."""
    ordered = sorted(phrases, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scan(text: str, words: WordLists = NO_WORDS) -> list[Finding]:
    """Identifiers in ``text``, in order, not overlapping (the first and longest wins).

    ``words`` are the worker's lists: a finding inside an allowed word or
    phrase is dropped, and every flagged word or phrase is found.
    """
    # The patterns load when first needed (about 15 ms): an export whose
    # findings the journal keeps (scan_memo) never scans.
    from reflect.core import privacy_names, privacy_numbers

    found: list[Finding] = []

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, text[start:end], start, end))

    # Most text has no digits and no "@": those patterns cannot match, so skip
    # them (an export scans every answer in a term).
    if "@" in text:
        for kind, start, end in privacy_numbers.find_emails(text):
            add(kind, start, end)
    if _has_digit(text):
        for kind, start, end in privacy_numbers.find_numbers(text):
            add(kind, start, end)
    allowed = words.allowed_words
    for start, end in privacy_names.find_titled_names(text, allowed):
        add("name", start, end)
    for start, end in privacy_names.find_names(text, allowed):
        add("name", start, end)
    if words.flag_pattern is not None and words.may_hold_flagged(text):
        for m in words.flag_pattern.finditer(text):
            add("listed", m.start(), m.end())
    if not found:
        return found
    if words.allow_pattern is not None:
        allowed_spans = [(m.start(), m.end()) for m in words.allow_pattern.finditer(text)]
        found = [f for f in found if not any(a <= f.start and f.end <= b for a, b in allowed_spans)]
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds 0 to 9: ten substring tests, four times as fast as a pattern."""
    return (
        "0" in text or "1" in text or "2" in text or "3" in text or "4" in text
        or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text
    )  # fmt: skip


def mask(text: str, findings: list[Finding] | None = None, words: WordLists = NO_WORDS) -> str:
    """``text`` with every identifier replaced by a placeholder such as [postcode]."""
    findings = scan(text, words) if findings is None else findings
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + finding.placeholder + text[finding.end :]
    return text


def count_by_kind(findings: Iterable[Finding]) -> Counter[str]:
    """How many of each kind, by label: {"name": 3, "postcode": 1}."""
    return Counter(f.label for f in findings)


def describe_counts(counts: Counter[str]) -> str:
    """For example "3 names and 1 postcode" (empty when there are none)."""
    parts = [counted(n, label, LABEL_PLURALS[label]) for label, n in counts.most_common()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def in_context(text: str, finding: Finding, width: int = 70) -> str:
    """The sentence around ``finding``, with the finding between » and «.

    Long sentences are cut to about ``width`` characters around it, marked
    with "…", so the worker sees where it is without reading the whole answer.
    """
    start = max(text.rfind(end, 0, finding.start) for end in (". ", "! ", "? ", "\n")) + 1
    stop_candidates = [i for i in (text.find(c, finding.end) for c in ".!?\n") if i != -1]
    stop = min(stop_candidates) + 1 if stop_candidates else len(text)
    before = text[start : finding.start].lstrip()
    after = text[finding.end : stop].rstrip()
    room = max(10, (width - len(finding.text)) // 2)
    if len(before) > room:
        before = "…" + before[-room:].lstrip()
    if len(after) > room:
        after = after[:room].rstrip() + "…"
    return " ".join(f"{before}»{finding.text}«{after}".split())
