"""Reflect's own date reading against dateparser, on the phrases practitioners type.

Prints a table: how many phrases each reads as meant, import time and time per
phrase. dateparser is not a dependency; install it beside Reflect to compare:

    python -m venv /tmp/dp && /tmp/dp/bin/pip install dateparser
    PYTHONPATH=. /tmp/dp/bin/python -m tests.bench.dates_compare
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, datetime

TODAY = date(2026, 11, 26)  # a Thursday

# (phrase, which side of today it should fall on, the date a practitioner means)
CASES: list[tuple[str, str, date]] = [
    ("today", "future", TODAY),
    ("yesterday", "past", date(2026, 11, 25)),
    ("tomorrow", "future", date(2026, 11, 27)),
    ("friday", "future", date(2026, 11, 27)),
    ("friday", "past", date(2026, 11, 20)),
    ("last thursday", "past", date(2026, 11, 19)),
    ("next tuesday", "future", date(2026, 12, 1)),
    ("in 2 weeks", "future", date(2026, 12, 10)),
    ("in two weeks", "future", date(2026, 12, 10)),
    ("in a fortnight", "future", date(2026, 12, 10)),
    ("3 days ago", "past", date(2026, 11, 23)),
    ("end of the month", "future", date(2026, 11, 30)),
    ("end of next month", "future", date(2026, 12, 31)),
    ("1 Dec", "future", date(2026, 12, 1)),
    ("1 Dec", "past", date(2025, 12, 1)),
    ("1st December", "future", date(2026, 12, 1)),
    ("3/4", "future", date(2027, 4, 3)),
    ("3/4/2026", "past", date(2026, 4, 3)),
    ("22/11/2026", "past", date(2026, 11, 22)),
    ("2026-11-22", "past", date(2026, 11, 22)),
    ("22.11.26", "past", date(2026, 11, 22)),
    ("3 sept", "past", date(2026, 9, 3)),
]


def reflect_reader(text: str, prefer: str) -> date | None:
    from reflect.core.dates import parse_date

    try:
        return parse_date(text, today=TODAY, prefer=prefer)  # type: ignore[arg-type]
    except ValueError:
        return None


def dateparser_reader(text: str, prefer: str) -> date | None:
    import dateparser  # type: ignore[import-not-found, unused-ignore]

    found = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": prefer,
            "RELATIVE_BASE": datetime(TODAY.year, TODAY.month, TODAY.day, 12),
        },
    )
    return found.date() if found else None


def import_seconds(module: str) -> float:
    """Median time of a fresh interpreter importing ``module``, less a bare start."""

    def run(code: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - start)
        return sorted(times)[2]

    return run(f"import {module}") - run("pass")


def main() -> None:
    readers = [("reflect.core.dates", reflect_reader)]
    try:
        import dateparser  # type: ignore[import-not-found, unused-ignore]  # noqa: F401

        readers.append(("dateparser", dateparser_reader))
    except ImportError:
        print("dateparser is not installed: only Reflect's reader is measured.")
    print(f"{'reader':<20} {'read as meant':>14} {'import':>9} {'per phrase':>11}")
    misses: dict[str, list[str]] = {}
    for name, reader in readers:
        reader("today", "future")  # load once before timing
        start = time.perf_counter()
        results = [reader(text, prefer) for text, prefer, _ in CASES]
        per_phrase = (time.perf_counter() - start) / len(CASES)
        right = sum(r == want for r, (_, _, want) in zip(results, CASES, strict=True))
        misses[name] = [
            f"{text!r} ({prefer}): {got} instead of {want}"
            for got, (text, prefer, want) in zip(results, CASES, strict=True)
            if got != want
        ]
        print(
            f"{name:<20} {right:>7} of {len(CASES):<4} {import_seconds(name):>8.3f}s"
            f" {per_phrase * 1000:>9.2f}ms"
        )
    for name, missed in misses.items():
        for line in missed:
            print(f"  {name} misses {line}")


if __name__ == "__main__":
    main()
