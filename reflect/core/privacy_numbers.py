"""The scanner's patterns for identifiers written with digits or an "@".

Phone numbers, NHS and National Insurance numbers, dates of birth, street
addresses, postcodes and email addresses. Pure functions over text: each gives
``(kind, start, end)`` spans and never touches a journal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[str, int, int]

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")

# A run of digits with spaces, dashes or brackets, perhaps starting "+" (as in
# +44). It must not touch a letter, and not continue as a decimal, time or
# date ("120.50", "14:30", "20/11"), though a full stop may end the sentence.
_DIGIT_RUN = re.compile(r"(?<![\w+£$€.,:/])\+?\s?\(?\d[\d\s()-]{7,80}\d(?!\w|[.,:/]\d)")
# An NHS number is written as ten digits, or 3-3-4 with spaces or dashes;
# after the word "NHS" any grouping of ten digits counts ("NHS 7684 268 465").
_NHS_SHAPE = re.compile(r"\d{10}|\d{3}([\s-])\d{3}\1\d{4}")
_NHS_BEFORE = re.compile(r"\bNHS\b[\s\w.:#-]{0,20}$", re.IGNORECASE)

_NINO = re.compile(
    r"(?<![A-Za-z0-9])"
    r"([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_DAY = r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?"
_FULL_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)|\d{4}-\d{1,2}-\d{1,2}"
    rf"|{_DAY}(?:\s+of)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
# A date counts as a date of birth only after words that say so: a visit or
# hearing date is not an identifier.
_DOB = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate of birth|\bborn|\bbirthday)"
    r"(?:\s+(?:is|was|on|of))*[:\s]*"
    rf"({_FULL_DATE})(?![\w/])",
    re.IGNORECASE,
)

_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Crescent|Cres|Way|Court|Ct|Place|Pl"
    "|Gardens|Gdns|Terrace|Grove|Hill|Row|Walk|Square|Sq|Mews|Parade|View|Rise|Green|Park"
)
_BUILDING = r"(?:[A-Z][A-Za-z'’-]+\s+){1,2}(?:House|Court|Lodge|Tower|Point|Heights|Mansions)"
_ADDRESS = re.compile(
    r"(?<![\w£$])"
    r"(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+(?:" + _BUILDING + r",?\s+)?)?"
    rf"\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’-]+\s+){{1,3}}(?:{_STREET_TYPES})\b"
)

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]?[ \t]{0,3}[0-9][ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def nhs_valid(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def uk_phone(raw: str) -> bool:
    """Whether ``raw`` is written like a UK landline or mobile number.

    National form 01, 02, 03 or 07 and eleven digits, or international form
    (+44 or 0044, perhaps with "(0)") with the same number after it.
    """
    digits = re.sub(r"\D", "", raw)
    if raw.lstrip().startswith("+"):
        international: str | None = digits
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        international = None
    if international is not None:
        if not international.startswith("44"):
            return False
        rest = international[2:]
        if rest.startswith("0") and "(0)" in raw.replace(" ", ""):
            rest = rest[1:]
        digits = "0" + rest
    return len(digits) == 11 and digits[0] == "0" and digits[1] in "1237"


def _without_open_bracket(raw: str, a: int, b: int) -> tuple[int, int]:
    """The span less a "(" that opens before the number and closes after it.

    In "manager (07700 900123)." the run starts at the bracket but ends at the
    last digit: masking the bracket with the number would leave ")" alone.
    """
    if raw.startswith("(") and raw.count("(") > raw.count(")"):
        return a + 1, b
    return a, b


def _numbers_in_run(text: str, start: int, end: int) -> Iterator[Span]:
    """Phone and NHS numbers within a run of digits and spaces.

    A run can hold a number and its neighbours ("07700 900123 3 children"), so
    the longest stretch of whole groups that is a valid number is taken.
    """
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            a, b = tokens[i][0], tokens[j - 1][1]
            raw = text[a:b]
            if uk_phone(raw):
                yield ("phone", *_without_open_bracket(raw, a, b))
                break
            digits = re.sub(r"\D", "", raw)
            shaped = _NHS_SHAPE.fullmatch(raw) or (
                len(digits) == 10 and _NHS_BEFORE.search(text, max(0, a - 30), a)
            )
            if shaped and nhs_valid(digits):
                yield ("nhs", a, b)
                break
        else:
            i += 1
            continue
        i = j


def find_numbers(text: str) -> Iterator[Span]:
    """Every identifier with digits in it (call only when ``text`` has a digit)."""
    for m in _DOB.finditer(text):
        yield ("dob", m.start(1), m.end(1))
    for m in _DIGIT_RUN.finditer(text):
        yield from _numbers_in_run(text, m.start(), m.end())
    for m in _NINO.finditer(text):
        if m.group(1)[:2].upper() not in _NINO_NEVER:
            yield ("nino", m.start(1), m.end(1))
    for m in _ADDRESS.finditer(text):
        yield ("address", m.start(), m.end())
    for m in _POSTCODE.finditer(text):
        candidate = m.group(1)
        # Lower-case words such as "ok 1ab" are rarely postcodes; typed
        # postcodes keep their letters in capitals or have a space.
        if candidate.isupper() or " " in candidate or "\t" in candidate:
            yield ("postcode", m.start(1), m.end(1))


def find_emails(text: str) -> Iterator[Span]:
    """Email addresses (call only when ``text`` has an "@")."""
    for m in EMAIL.finditer(text):
        yield ("email", m.start(), m.end())
