"""Start an app headless and exit as soon as its first frame is displayed.

    python tests/bench/startup_probe.py reflect JOURNAL [--rows] [--modules FILE]
    python tests/bench/startup_probe.py bare [--imports FILE]

"bare" shows one line of text. With ``--imports`` it first imports every
module named in FILE, which ``reflect --modules FILE`` writes: each module
other than Reflect's own that was loaded when Reflect showed its first frame.
Then both sides import the same libraries, and the ratio of the two measures
what Reflect itself adds to start-up. Without it, bare imports only
SQLAlchemy, SQLModel and Textual's app.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any import but the interpreter's own

import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ready_at: list[float] = []


def main() -> None:
    mode = sys.argv[1]
    options = sys.argv[2:]
    # Both sides draw at the rate Reflect's screens do: Textual reads it on
    # its first import, here before Reflect's package could set it.
    from reflect.tui import FRAMES_PER_SECOND

    os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
    import sqlalchemy  # noqa: F401
    import sqlmodel  # noqa: F401
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    if mode == "bare":
        if "--imports" in options:
            import importlib

            names = Path(options[options.index("--imports") + 1]).read_text().split()
            for name in names:
                importlib.import_module(name)

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

        wait_for_rows = "--rows" in options
        modules_file = options[options.index("--modules") + 1] if "--modules" in options else None

        class Probe(ReflectApp):
            async def on_ready(self) -> None:
                if wait_for_rows:  # the home screen's lists are filled by a worker
                    await self.workers.wait_for_complete()
                ready_at.append(time.perf_counter())
                if modules_file:
                    Path(modules_file).write_text("\n".join(libraries()))
                self.exit()

        journal = Journal.open(options[0], create=False)
        Probe(journal=journal, library=load_library()).run(headless=True)
        journal.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak_kb {peak_kb}")
    print(f"ready_s {ready_at[0] - STARTED:.4f}")


def libraries() -> list[str]:
    """Modules loaded so far, in the order they were, except Reflect's and this probe's."""
    return [
        name
        for name in list(sys.modules)
        if name.split(".")[0] not in ("reflect", "__main__", "tests")
    ]


if __name__ == "__main__":
    main()
