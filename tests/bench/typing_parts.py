"""Where a search-as-you-type key's time goes, and whether typing fast queues searches.

    python -m tests.bench.typing_parts tests/bench/.journals/sample-10000.db
    python -m tests.bench.typing_parts --pace 0.12 tests/bench/.journals/sample-100000.db
    python -m tests.bench.typing_parts --pace 0.06 --without-stopping JOURNAL

Without ``--pace``: each benchmark query (tests/bench/screen.py) is typed a
letter at a time on the real browse screen, as `screen.search_as_you_type`
does; the worker's read (`read_page`), the screen's filling of the table
(`_show`) and the wait from there to the next frame are timed for every key,
and each key's whole figure is printed beside it. With ``--pace SECONDS``:
each query is typed with that gap between keys, without waiting for results,
and the time from its last key to that key's rows drawn is printed: if an
earlier key's search held up the next, it would grow as the gap shrinks.
Prints a table; asserts nothing (timings belong in benchmarks, not tests).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from tests.bench import screen


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.1f} ms, max {max(values) * 1000:6.1f} ms"


def parts(db: Path) -> None:
    """Per key: the whole figure, then the medians of the worker, the table and the drawing."""
    import reflect.tui.screens.browse as browse

    marks: list[tuple[str, float, float]] = []
    read_page, show = browse.read_page, browse.BrowseScreen._show

    def timed_read(*args: Any) -> Any:
        started = time.perf_counter()
        loaded = read_page(*args)
        marks.append(("read", started, time.perf_counter()))
        return loaded

    def timed_show(self: Any, loaded: Any) -> None:
        started = time.perf_counter()
        show(self, loaded)
        marks.append(("show", started, time.perf_counter()))

    browse.read_page = timed_read
    browse.BrowseScreen._show = timed_show
    try:
        (latencies,) = screen.search_as_you_type(db, passes=1)
    finally:
        browse.read_page, browse.BrowseScreen._show = read_page, show
    keys = [typed for q in screen.QUERIES for typed in screen.timed_keys(q)]
    for key, seconds in zip(keys, latencies, strict=True):
        print(f"{key:<22} {seconds * 1000:7.1f} ms")
    reads = [end - start for kind, start, end in marks if kind == "read"]
    shows = [end - start for kind, start, end in marks if kind == "show"]
    print(f"{'every key, to its rows drawn':<40} {_ms(latencies)}")
    print(f"{'the worker read (query, summaries, snippets)':<40} {_ms(reads)}")
    print(f"{'filling the table':<40} {_ms(shows)}")


def paced(db: Path, gap: float) -> None:
    """Type each query with ``gap`` seconds between keys; last key to its rows drawn."""
    from textual import events

    from reflect.core.journal import Journal

    async def run(journal: Journal) -> list[float]:
        app = screen._app(journal)
        out: list[float] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("b")
            await screen._drawn(pilot, lambda: app.screen.query("#entries"))
            browse_screen = app.screen
            shown: list[tuple[int, float]] = []
            frames: list[float] = []
            show, display = browse_screen._show, app._display

            def timed_show(loaded: Any) -> None:
                show(loaded)
                if loaded is not None:  # None: a search stopped by the next key
                    shown.append((loaded.generation, time.perf_counter()))

            def timed_display(*args: Any) -> None:
                display(*args)
                frames.append(time.perf_counter())

            browse_screen._show = timed_show
            app._display = timed_display
            for query in screen.QUERIES:
                await pilot.press("slash", "ctrl+u")
                await app.workers.wait_for_complete()
                await pilot.pause()
                started = 0.0
                before = browse_screen._generation
                for i, char in enumerate(query):
                    event = events.Key("space" if char == " " else char, char)
                    event.set_sender(app)
                    before = browse_screen._generation
                    started = time.perf_counter()
                    assert app._driver is not None
                    app._driver.send_message(event)
                    if i < len(query) - 1:
                        await asyncio.sleep(gap)
                # The last key (a letter: it always changes the search) has
                # reached the screen once its generation moves on; taking the
                # generation sooner timed an earlier key's rows.
                while browse_screen._generation == before:
                    await asyncio.sleep(0.0002)
                last = browse_screen._generation

                def drawn(last: int = last) -> float | None:
                    mine = [at for generation, at in shown if generation == last]
                    later = [f for f in frames if mine and f > mine[-1]]
                    return later[0] if later else None

                while (at := drawn()) is None:
                    await asyncio.sleep(0.0002)
                out.append(at - started)
                await app.workers.wait_for_complete()
        return out

    with Journal.open(db, create=False) as journal:
        latencies = asyncio.run(run(journal))
    print(f"{gap * 1000:.0f} ms between keys, last key to its rows drawn: {_ms(latencies)}")
    each = zip(screen.QUERIES, latencies, strict=True)
    print("  " + "  ".join(f"{query}: {seconds * 1000:.0f}" for query, seconds in each))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path, help="a benchmark journal (never written to)")
    parser.add_argument("--pace", type=float, help="seconds between keys, typing without waiting")
    parser.add_argument(
        "--without-stopping",
        action="store_true",
        help="let a superseded search run to its end, to compare (reflect/core/stopping.py)",
    )
    args = parser.parse_args()
    if args.without_stopping:
        from reflect.core import stopping

        stopping.Stop.stop = lambda self: None  # type: ignore[method-assign]
    if args.pace is None:
        parts(args.journal)
    else:
        paced(args.journal, args.pace)


if __name__ == "__main__":
    main()
