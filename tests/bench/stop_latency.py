"""How soon a search ends once it is stopped (reflect/core/stopping.py).

    python -m tests.bench.stop_latency JOURNAL

For each word: the whole search (ranking, summaries, snippets and the count)
once, then the same search in a thread, stopped after 10 ms and after 50 ms;
prints the time from the stop to the thread's end. The journal is only read.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

WORDS = ("th", "the", "judgem", "mo")


def main() -> None:
    from reflect.core.journal import Journal
    from reflect.core.stopping import Stop, Stopped

    with Journal.open(Path(sys.argv[1]), create=False) as journal:
        for word in WORDS:
            began = time.perf_counter()
            journal.search(word, limit=41)
            journal.count_matches(word)
            whole = time.perf_counter() - began
            for delay in (0.01, 0.05):
                stop = Stop()

                def run(word: str = word, stop: Stop = stop) -> str:
                    try:
                        journal.search(word, limit=41, stop=stop)
                        journal.count_matches(word, stop=stop)
                    except Stopped:
                        return "stopped"
                    return "ran to its end"

                with ThreadPoolExecutor(1) as pool:
                    outcome = pool.submit(run)
                    time.sleep(delay)
                    asked = time.perf_counter()
                    stop.stop()
                    said = outcome.result()
                    ended = time.perf_counter() - asked
                print(
                    f"{word:8} whole search {whole * 1000:6.1f} ms; stopped {delay * 1000:.0f} ms"
                    f" in: {said}, {ended * 1000:.1f} ms after the stop"
                )


if __name__ == "__main__":
    main()
