"""What drawing the browse table's lines costs, once a search's rows are in it.

    python -m tests.bench.table_lines JOURNAL [--query "health vis"] [--runs 200]

Opens browse on the real app headless at 100x30, types the query, and once
its rows are shown draws every line of the table ``--runs`` times from empty
caches, as after each key's new rows; prints the median and 90th percentile
in ms. Run it with another checkout first on the path to compare (see
`sayt_versus`). The journal is only read. Asserts nothing: timings belong in
benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path, help="a benchmark journal (never written to)")
    parser.add_argument("--query", default="health vis")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    from tests.bench import screen  # noqa: I001  (first: it sets the frame rate as the app does)

    from textual.geometry import Region
    from textual.widgets import DataTable

    from reflect.core.journal import Journal

    async def run(journal: Journal) -> list[float]:
        app = screen._app(journal)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("b")
            await pilot.pause(0.5)
            await pilot.press("slash")
            for char in args.query:
                await pilot.press("space" if char == " " else char)
            await pilot.pause(1.0)
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            table = app.screen.query_one("#entries", DataTable)
            region = Region(0, 0, *table.size)

            def draw() -> None:
                for cache in (table._row_render_cache, table._line_cache, table._cell_render_cache):
                    cache.clear()
                table._styles_cache.clear()
                table.render_lines(region)

            draw()
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                draw()
                times.append(time.perf_counter() - started)
            print(f"{table.row_count} rows, {table.size.width}x{table.size.height} cells")
            return times

    with Journal.open(args.journal, create=False) as journal:
        times = sorted(asyncio.run(run(journal)))
    p90 = times[int(0.9 * len(times))] * 1000
    print(f"the table's lines: median {statistics.median(times) * 1000:.2f} ms, p90 {p90:.2f}")


if __name__ == "__main__":
    main()
