"""Counts said in words: "1 entry", "2 entries", "1 CPD record"."""

from __future__ import annotations


def counted(number: int, one: str, many: str) -> str:
    """``1 entry``, ``2 entries``, ``1,204 entries``: a count with the word it needs."""
    return f"{number:,} {one if number == 1 else many}"


def what_was_exported(fmt: str, items: int, sessions: int = 0) -> str:
    """What a document holds: its entries and sessions, or its CPD records for ``cpd``."""
    if fmt == "cpd":
        return counted(items, "complete CPD record", "complete CPD records")
    said = counted(items, "entry", "entries")
    if sessions:
        said += ", " + counted(sessions, "supervision session", "supervision sessions")
    return said
