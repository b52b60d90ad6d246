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
