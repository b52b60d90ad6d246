"""What the search index's prefix indexes cost to build, for one term's entries.

    python -m tests.bench.prefix_cost JOURNAL [--rounds 3]

Reads the text of the benchmark's term (`compare.TERM`) from JOURNAL (only
read) and indexes it into a bare FTS5 table in memory, in one transaction,
with the tokenizer the journal uses and: no prefix indexes, prefixes of 2
to 4 letters, and ours (`search_schema.SEARCH_PREFIXES`); prints the CPU
seconds of each (median of ``--rounds``). What an import of that term pays
for the index is about the last figure. Asserts nothing: timings belong in
benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time

from reflect.core.search_schema import SEARCH_PREFIXES
from tests.bench.compare import TERM


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    source = sqlite3.connect(f"file:{args.journal}?mode=ro", uri=True)
    docs = source.execute(
        "SELECT e.case_code, '', group_concat(a.text, char(10)) FROM entry e"
        " JOIN answer a ON a.entry_id = e.id"
        " WHERE e.visit_date BETWEEN ? AND ? AND e.status = 'complete' GROUP BY e.id",
        (TERM[0].isoformat(), TERM[1].isoformat()),
    ).fetchall()
    source.close()
    print(f"{len(docs):,} entries, {sum(len(d[2]) for d in docs) / 1e6:.1f} MB of text")
    for label, prefixes in (("none", ""), ("2 to 4", "2 3 4"), ("ours", SEARCH_PREFIXES)):
        option = f", prefix='{prefixes}'" if prefixes else ""
        seconds = []
        for _ in range(args.rounds):
            index = sqlite3.connect(":memory:")
            index.execute(
                "CREATE VIRTUAL TABLE f USING fts5(case_code, tags, body,"
                f" tokenize='porter unicode61 remove_diacritics 2'{option})"
            )
            started = time.process_time()
            with index:
                index.executemany("INSERT INTO f VALUES (?, ?, ?)", docs)
            seconds.append(time.process_time() - started)
            index.close()
        print(
            f"prefix indexes {label:<8} ({prefixes or '-'}): {statistics.median(seconds):.3f} s CPU"
        )


if __name__ == "__main__":
    main()
