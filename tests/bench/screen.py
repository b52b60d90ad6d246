"""What the user sees, measured on the real browse screen with Textual's test driver.

Search as you type: from each key press in the search box to the rows of
its results drawn (the screen has taken them and refreshed). Browse: from
pressing b on the home screen to the list's first rows drawn. The app runs
headless at 100x30; the worker, the queries, filling the table and the
event loop's hops are all inside the figure.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

# Before Textual is first imported, as when the app runs: Reflect's package
# sets how often the screen may be drawn (reflect/tui/__init__.py).
import reflect.tui  # noqa: F401  (for its side effect)


def frame_rate() -> int:
    """How many times a second the screens here may be drawn (Textual's MAX_FPS)."""
    from textual import constants

    return constants.MAX_FPS


QUERIES = [
    "kitchen",
    "school attendance",
    "partner",
    "supervision",
    "conference",
    "garden",
    "judgement",
    "tired",
    "money worries",
    "health visitor",
    "the",  # the commonest word of all: every entry matches
]


def searched(typed: str) -> str:
    """What the browse screen searches for when the box holds ``typed`` ("" for the list).

    A first letter alone searches nothing (the list stays), and neither does
    a space: those keys start no search, so they are pressed but not timed.
    """
    from reflect.core.listing import fts_query

    words = typed.strip()
    return "" if fts_query(words) is None else words


def timed_keys(query: str) -> list[str]:
    """The prefixes of ``query`` whose last key starts a new search: the keys timed."""
    return [
        query[: i + 1] for i in range(len(query)) if searched(query[: i + 1]) != searched(query[:i])
    ]


def _app(journal: Any) -> Any:
    from reflect.core.prompts import load_library
    from reflect.tui.app import ReflectApp

    return ReflectApp(journal, load_library())


async def _drawn(pilot: Any, ready: Any) -> None:
    """Wait until ``ready()`` holds, then for the screen to refresh once."""
    while not ready():
        await asyncio.sleep(0.0005)
    await pilot.pause()


async def _frame(framed: asyncio.Event) -> None:
    """Wait for ``framed``: a frame written. An app that stopped drawing fails the run."""
    try:
        await asyncio.wait_for(framed.wait(), FRAME_WAIT)
    except TimeoutError:
        raise RuntimeError(f"no frame written for {FRAME_WAIT} s: did the app stop?") from None


# Seconds to wait for a frame before the run fails, rather than waiting forever.
FRAME_WAIT = 30


def search_as_you_type(db: Path, passes: int = 2) -> list[list[float]]:
    """Seconds from each key press to its results drawn, one list per pass over QUERIES.

    Each key reaches the app as a terminal's would (through the driver), and
    the clock stops at the first frame written after the screen has shown
    that keystroke's results. Pilot's own press() is not used for timing: it
    waits for the whole process to fall idle, about 60 ms here on its own.
    """
    from textual import events
    from textual.widgets import DataTable

    from reflect.core.journal import Journal
    from reflect.tui.screens.browse import BrowseScreen

    async def run(journal: Journal) -> list[list[float]]:
        app = _app(journal)
        results: list[list[float]] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("b")
            await _drawn(pilot, lambda: app.screen.query("#entries"))
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            shown: list[tuple[int, float]] = []
            frames: list[float] = []
            framed = asyncio.Event()  # set as each frame is written
            show, display = screen._show, app._display

            def timed_show(loaded: Any) -> None:
                show(loaded)
                if loaded is not None:  # None: a search stopped by the next key
                    shown.append((loaded.generation, time.perf_counter()))

            def timed_display(*args: Any) -> None:
                display(*args)
                frames.append(time.perf_counter())
                framed.set()

            screen._show = timed_show  # type: ignore[method-assign]
            app._display = timed_display  # type: ignore[method-assign]
            table = screen.query_one("#entries", DataTable)
            for _ in range(passes):
                latencies: list[float] = []
                for query in QUERIES:
                    await pilot.press("slash", "ctrl+u")  # an empty box: the plain list
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    for end, char in enumerate(query, 1):
                        if searched(query[:end]) == searched(query[: end - 1]):
                            # A space or a first letter: no new search to wait for.
                            await pilot.press("space" if char == " " else char)
                            await pilot.pause()
                            continue
                        before = screen._generation
                        event = events.Key(char, char)
                        event.set_sender(app)
                        started = time.perf_counter()
                        assert app._driver is not None
                        app._driver.send_message(event)

                        def drawn(before: int = before) -> bool:
                            wanted = screen._generation
                            if wanted == before or not shown or shown[-1][0] != wanted:
                                return False
                            return bool(frames) and frames[-1] > shown[-1][1]

                        # Woken by each frame, not by polling: a loop waking
                        # every 0.2 ms took the lock Python's threads share
                        # from the worker thousands of times a second.
                        while not drawn():
                            framed.clear()
                            await _frame(framed)
                        latencies.append(frames[-1] - started)
                    assert table.row_count > 0, query
                results.append(latencies)
        return results

    with Journal.open(db, create=False) as journal:
        return asyncio.run(run(journal))


def browse_first_rows(db: Path, runs: int = 5) -> list[float]:
    """Seconds from pressing b on the home screen to the browse list's first rows drawn.

    Timed as search as you type is: the key goes in through the driver, as a
    terminal's would, and the clock stops at the first frame written while
    the browse list holds rows. Pilot's press() and pause() are not timed:
    each waits for the process to fall idle, polling every 20 ms, which
    added about 150 ms of waiting to what the screen took (see README).
    """
    from textual import events
    from textual.widgets import DataTable

    from reflect.core.journal import Journal
    from reflect.tui.screens.browse import BrowseScreen

    async def once(journal: Journal) -> float:
        app = _app(journal)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            drawn: list[float] = []
            display = app._display

            framed = asyncio.Event()  # set at the first frame with rows

            def timed_display(*args: Any) -> None:
                display(*args)
                screen = app.screen
                if not drawn and isinstance(screen, BrowseScreen):
                    tables = screen.query("#entries")
                    if tables and tables.first(DataTable).row_count > 0:
                        drawn.append(time.perf_counter())
                        framed.set()

            app._display = timed_display  # type: ignore[method-assign]
            event = events.Key("b", "b")
            event.set_sender(app)
            assert app._driver is not None
            started = time.perf_counter()
            app._driver.send_message(event)
            await _frame(framed)  # woken by the frame, not by polling (as above)
            await app.workers.wait_for_complete()
            return drawn[0] - started

    with Journal.open(db, create=False) as journal:
        return [asyncio.run(once(journal)) for _ in range(runs)]
