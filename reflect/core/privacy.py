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

from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402


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


KIND_LABELS = {
    "postcode": "postcode",
    "phone": "phone number",
    "email": "email address",
    "nhs": "NHS number",
    "nino": "National Insurance number",
    "dob": "date of birth",
    "address": "street address",
    "name": "name",
}

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
# A run of digits with optional spaces, dashes or brackets, perhaps starting +44.
# It must not touch a letter, and not continue as a decimal, time or date
# ("120.50", "14:30", "20/11"), though a full stop may end the sentence.
_DIGIT_RUN = re.compile(r"(?<![\w+£$€.,:/])(\+44[\s-]?)?\(?\d[\d\s()-]{7,80}\d(?!\w|[.,:/]\d)")
_NINO = re.compile(
    r"(?<![A-Za-z0-9])"
    r"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_FULL_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})\.? \d{{4}})"
)
_DOB = re.compile(
    rf"(?:\bd\.?o\.?b\.?|\bdate of birth|\bborn(?: on)?|\bbirthday(?: is)?)[:\s]*({_FULL_DATE})",
    re.IGNORECASE,
)
_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Crescent|Cres|Way|Court|Ct|Place|Pl"
    "|Gardens|Gdns|Terrace|Grove|Hill|Row|Walk|Square|Sq|Mews|Parade|View|Rise|Green|Park"
)
_ADDRESS = re.compile(
    rf"(?<![\w£$])(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:[A-Z][A-Za-z'’-]+\s+){{1,3}}(?:{_STREET_TYPES})\b\.?"
)
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'’-]+(?:[ -][A-Z][a-z'’-]+)?")
_CAPITALISED_PAIR = re.compile(
    r"\b([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\s+([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\b"
)
# Capitalised words that are about services, places of work, time or practice,
# not people: two of them together are not a name.
_NOT_NAMES = frozenset(
    """
    social work worker workers england wales scotland family families court courts council
    child children protection plan plans conference review reviews school schools college
    hospital health visitor visitors service services team teams local authority police early
    help hub centre center nursery gp care leaving looked after virtual head teacher designated
    safeguarding lead officer manager practice educator independent reviewing chair panel
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december christmas easter bank holiday term
    autumn spring summer winter youth offending mental domestic abuse substance misuse
    professional capabilities framework critical reflection analysis values ethics knowledge
    skills interventions contexts organisations leadership rights justice economic wellbeing
    diversity equality relationship based trust partnership limits parent perspective
    experience voice use self emotion strengths what worked next steps home joint office other
    jobcentre plus universal credit citizens advice housing association benefits agency
    accident emergency a&e ward maternity midwife paediatrician consultant dentist clinic
    primary secondary special needs send sen ehcp camhs nhs cafcass ofsted dfe
    """.split()  # noqa: SIM905 (a word list reads better as words)
)


def _nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_like(raw: str, digits: str) -> bool:
    if raw.lstrip().startswith("+44"):
        return len(digits) == 12 and digits.startswith("44") and digits[2] != "0"
    return len(digits) == 11 and digits.startswith("0") and digits[1] in "1237"


def _numbers_in_run(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Phone and NHS numbers within a run of digits and spaces.

    A run can hold a number and its neighbours ("07700 900123 3 children"), so
    the longest stretch of whole groups that is a valid number is taken.
    """
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    found: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            a, b = tokens[i][0], tokens[j - 1][1]
            raw = text[a:b]
            digits = re.sub(r"\D", "", raw)
            if _phone_like(raw, digits):
                found.append(("phone", a, b))
                break
            if len(digits) == 10 and _nhs_valid(digits):
                found.append(("nhs", a, b))
                break
        else:
            i += 1
            continue
        i = j
    return found


_HAS_DIGIT = re.compile(r"\d")


def _scan_numbers(text: str, add: Callable[[str, int, int], None]) -> None:
    """The identifiers that contain digits."""
    for m in _DOB.finditer(text):
        add("dob", m.start(1), m.end(1))
    for m in _DIGIT_RUN.finditer(text):
        for kind, start, end in _numbers_in_run(text, m.start(), m.end()):
            add(kind, start, end)
    for m in _NINO.finditer(text):
        if m.group(1)[:2].upper() not in _NINO_NEVER:
            add("nino", m.start(1), m.end(1))
    for m in _ADDRESS.finditer(text):
        add("address", m.start(), m.end())
    for m in _POSTCODE.finditer(text):
        candidate = m.group(1)
        # Lower-case words such as "ok 1ab" are rarely postcodes; typed
        # postcodes keep at least their letters in capitals or have a space.
        if candidate.isupper() or " " in candidate:
            add("postcode", m.start(1), m.end(1))


# What every pattern needs at least: a digit, an "@", a title, or two
# capitalised words in a row. Most answers have none of these, and one search
# for them is far cheaper than running every pattern (an export scans every
# answer in a term).
# The lookahead names every character a match can start with, which lets the
# regular expression engine skip the rest (most of the text) quickly.
_MAYBE = re.compile(
    r"(?=[0-9@A-Z])(?:[0-9@]|(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b"
    r"|[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\s+[A-Z][a-z'’])"
)


def scan(text: str) -> list[Finding]:
    """Identifiers in ``text``, in order, not overlapping (the first and longest wins)."""
    if not _MAYBE.search(text):
        return []
    return scan_everything(text)


def scan_everything(text: str) -> list[Finding]:
    """`scan` without the quick check for text that cannot hold an identifier."""
    found: list[Finding] = []

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, text[start:end], start, end))

    # Most text has no digits and no "@": those patterns cannot match, so skip
    # them (an export scans every answer in a term).
    if "@" in text:
        for m in _EMAIL.finditer(text):
            add("email", m.start(), m.end())
    if _HAS_DIGIT.search(text):
        _scan_numbers(text, add)
    for m in _TITLED_NAME.finditer(text):
        add("name", m.start(), m.end())
    for m in _CAPITALISED_PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        if first.lower() in _NOT_NAMES or second.lower() in _NOT_NAMES:
            continue
        i = m.start() - 1  # the character before the pair, past any spaces
        while i >= 0 and text[i].isspace() and text[i] != "\n":
            i -= 1
        if i < 0 or text[i] in ".!?:\n\"'“‘(":
            # The first word starts a sentence: only a name if the pair is
            # followed by more lower-case text and neither is a common word.
            continue
        add("name", m.start(), m.end())
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in found:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def mask(text: str, findings: list[Finding] | None = None) -> str:
    """``text`` with every identifier replaced by a placeholder such as [postcode]."""
    findings = scan(text) if findings is None else findings
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + finding.placeholder + text[finding.end :]
    return text
