"""Start an app headless and exit as soon as its first frame is displayed.

    python tests/bench/startup_probe.py reflect JOURNAL
    python tests/bench/startup_probe.py bare

"bare" imports what Reflect imports and shows one line of text, so the ratio
of the two measures what Reflect itself adds to start-up.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any import but the interpreter's own

import resource  # noqa: E402
import sys  # noqa: E402

ready_at: list[float] = []


def main() -> None:
    mode = sys.argv[1]
    # The same imports either way.
    import sqlalchemy  # noqa: F401
    import sqlmodel  # noqa: F401
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    if mode == "bare":

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("Reflect")

            def on_ready(self) -> None:
                ready_at.append(time.perf_counter())
                self.exit()

        Bare().run(headless=True)
    else:
        from reflect.core.journal import Journal
        from reflect.core.prompts import load_library
        from reflect.tui.app import ReflectApp

        wait_for_rows = len(sys.argv) > 3 and sys.argv[3] == "--rows"

        class Probe(ReflectApp):
            async def on_ready(self) -> None:
                if wait_for_rows:  # the home screen's lists are filled by a worker
                    await self.workers.wait_for_complete()
                ready_at.append(time.perf_counter())
                self.exit()

        journal = Journal.open(sys.argv[2], create=False)
        Probe(journal=journal, library=load_library()).run(headless=True)
        journal.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak_kb {peak_kb}")
    print(f"ready_s {ready_at[0] - STARTED:.4f}")


if __name__ == "__main__":
    main()
