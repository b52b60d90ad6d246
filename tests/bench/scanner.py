"""How long the identifier scanner takes over a 1,000-entry export, in CPU time.

    .venv/bin/python -m tests.bench.scanner

The text is every typed field of 1,000 invented entries from `reflect sample`
(answers, questions for supervision, actions), as an export scans them. The
target: at most 150 ms of CPU for the whole export; the check before saving
scans one reflection, so its row is per entry. Figures are the best of five
runs (least disturbed by the other work on this machine); the word lists are
loaded before timing, as they are by the time a worker has saved once.
"""

from __future__ import annotations

import re
import time
from datetime import date

from reflect.core.privacy import WordLists, scan
from reflect.core.privacy_names import name_lists
from reflect.core.prompts import load_library
from reflect.core.sample import generate

ENTRIES = 1000
RUNS = 5


def export_texts(count: int = ENTRIES) -> list[str]:
    """Every typed text of ``count`` sample entries."""
    texts: list[str] = []
    for entry in generate(load_library(), count, seed=1, until=date(2026, 11, 20)):
        texts += [a.text for a in entry.answers]
        texts += [entry.supervisor_question, *(text for text, _due, _done in entry.actions)]
    return texts


def cpu_ms(texts: list[str], words: WordLists) -> tuple[float, int]:
    """Best CPU time over RUNS to scan every text, and the findings of the last run."""
    best, found = float("inf"), 0
    for _ in range(RUNS):
        start = time.process_time()
        found = sum(len(scan(text, words)) for text in texts)
        best = min(best, time.process_time() - start)
    return best * 1000, found


def main() -> None:
    started = time.process_time()
    name_lists()
    load_ms = (time.process_time() - started) * 1000
    texts = export_texts()
    chars = sum(len(t) for t in texts)
    with_digits = sum(bool(re.search(r"\d", t)) for t in texts)
    print(
        f"{ENTRIES:,} entries: {len(texts):,} texts, {chars:,} characters, "
        f"{with_digits} with digits"
    )
    words = WordLists.of(allow=["Oakfield Team", "Bramley"], flag=["Kowalczyk", "Ashgrove School"])
    rows = [
        ("load the name lists (once)", load_ms, "-", None),
    ]
    for label, lists in (
        ("scan a 1,000-entry export", WordLists()),
        ("  with 2 allowed and 2 flagged words", words),
    ):
        ms, found = cpu_ms(texts, lists)
        rows.append((f"{label} ({found} findings)", ms, "<= 150 ms", ms <= 150))
    ms, _found = cpu_ms(texts[: len(texts) // ENTRIES * 10], WordLists())
    rows.append(("check before saving (one entry)", ms / 10, "<= 5 ms", ms / 10 <= 5))
    print(f"{'what':<52}{'CPU ms':>9}  {'target':<10} ok")
    for label, value, target, ok in rows:
        mark = "" if ok is None else ("yes" if ok else "NO")
        print(f"{label:<52}{value:>9.1f}  {target:<10} {mark}")


if __name__ == "__main__":
    main()
