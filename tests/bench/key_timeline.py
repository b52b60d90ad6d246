"""Where a search-as-you-type key's time goes after its rows are read: drawing the frame.

    python -m tests.bench.key_timeline JOURNAL [--textual-cells] [--slowest N]

Types the benchmark's queries once on the real browse screen
(tests/bench/screen.py) and, for each key, times from the key sent to the
search started, the worker's read, filling the table, and from there to the
frame written; and inside that frame, the screen's layout and drawing, the
table's lines, and Textual's drawing of its cells (what
reflect/tui/widgets/table_cells.py now does instead, for a one-line cell).
With ``--textual-cells`` every cell is drawn Textual's way, as before that
module. Prints medians and 90th percentiles. The journal is only read.
"""

from __future__ import annotations

import argparse
import bisect
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(owner: Any, name: str, into: list[tuple[float, float]]) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            into.append((started, time.perf_counter()))

    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path, help="a benchmark journal (never written to)")
    parser.add_argument("--textual-cells", action="store_true", help="cells drawn Textual's way")
    parser.add_argument("--slowest", type=int, default=0, help="also each part of the N slowest")
    args = parser.parse_args()
    from tests.bench import screen  # first: it sets the frame rate as the app does

    if args.textual_cells:
        from reflect.tui.widgets.marked_list import MarkedDataTable

        MarkedDataTable._draw_text_cell = lambda self, *rest: None  # type: ignore[method-assign]
    import textual.app
    import textual.screen
    from textual import events
    from textual.driver import Driver
    from textual.widgets import DataTable

    import reflect.tui.screens.browse as browse

    spans: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("reload", "read", "show", "layout", "table", "cells", "frames")
    }
    _timed(browse.BrowseScreen, "reload", spans["reload"])
    searched_for: list[str] = []  # what each reload searched for, in order
    timed_reload = browse.BrowseScreen.reload

    def named_reload(self: Any, *args: Any, **kwargs: Any) -> Any:
        searched_for.append(self.query_text)
        return timed_reload(self, *args, **kwargs)

    browse.BrowseScreen.reload = named_reload  # type: ignore[method-assign]
    _timed(browse, "read_page", spans["read"])
    _timed(browse.BrowseScreen, "_show", spans["show"])
    _timed(textual.screen.Screen, "_refresh_layout", spans["layout"])
    _timed(DataTable, "render_lines", spans["table"])
    _timed(DataTable, "_render_cell", spans["cells"])
    _timed(textual.screen.Screen, "_compositor_refresh", spans["frames"])
    sent: list[float] = []
    frames: list[float] = []
    send, display = Driver.send_message, textual.app.App._display

    def timed_send(self: Any, message: Any) -> None:
        if isinstance(message, events.Key) and message.key not in ("slash", "ctrl+u", "space"):
            sent.append(time.perf_counter())
        send(self, message)

    def timed_display(self: Any, *rest: Any) -> None:
        display(self, *rest)
        frames.append(time.perf_counter())

    Driver.send_message = timed_send  # type: ignore[method-assign]
    textual.app.App._display = timed_display  # type: ignore[method-assign,assignment]
    screen.search_as_you_type(args.journal, passes=1)

    def after(times: list[float], moment: float) -> float | None:
        i = bisect.bisect_left(times, moment)
        return times[i] if i < len(times) else None

    starts = {k: [a for a, _ in v] for k, v in spans.items()}
    gaps: dict[str, list[float]] = {
        k: []
        for k in ("key to search", "read", "  frames drawn meanwhile", "fill the table",
                  "to the frame", "  layout and draw", "  the table's lines", "  Textual's cells")
    }  # fmt: skip
    whole: list[tuple[float, int]] = []
    names: list[str] = []
    for key, following in zip(sent, [*sent[1:], float("inf")], strict=True):
        reload_at = after(starts["reload"], key)
        if reload_at is not None and reload_at > following:
            reload_at = None  # a key that started no search (a first letter)
        read = next((s for s in spans["read"] if reload_at and s[0] >= reload_at), None)
        show = next((s for s in spans["show"] if read and s[0] >= read[1]), None)
        frame = after(frames, show[1]) if show else None
        if reload_at is None or read is None or show is None or frame is None:
            continue  # a key that started no search
        whole.append((frame - key, len(gaps["read"])))
        names.append(searched_for[starts["reload"].index(reload_at)])
        gaps["key to search"].append(reload_at - key)
        gaps["read"].append(read[1] - read[0])
        # The event loop's drawing while the worker reads: the same lock
        # Python's threads share, and the same two cores.
        gaps["  frames drawn meanwhile"].append(
            sum(min(b, read[1]) - max(a, read[0]) for a, b in spans["frames"]
                if a < read[1] and b > read[0])
        )  # fmt: skip
        gaps["fill the table"].append(show[1] - show[0])
        gaps["to the frame"].append(frame - show[1])
        for name, label in (("layout", "  layout and draw"), ("table", "  the table's lines"),
                            ("cells", "  Textual's cells")):  # fmt: skip
            gaps[label].append(sum(b - a for a, b in spans[name] if show[1] <= a <= frame))
    print(f"{len(gaps['read'])} keys that searched; ms, median and 90th percentile")
    for label, values in gaps.items():
        ordered = sorted(values)
        p90 = ordered[int(0.9 * len(ordered))] if ordered else float("nan")
        print(f"  {label:22} {statistics.median(ordered) * 1000:6.1f} {p90 * 1000:6.1f}")
    if args.slowest:
        print(f"the {args.slowest} slowest keys, key to frame, then each part (ms)")
        print("  " + "  ".join(label.strip()[:12] for label in gaps))
        for total, n in sorted(whole, reverse=True)[: args.slowest]:
            parts = "  ".join(f"{values[n] * 1000:12.1f}" for values in gaps.values())
            print(f"  {names[n]!r:20} {total * 1000:6.1f} = {parts}")


if __name__ == "__main__":
    main()
