"""A command's export pauses Python's cycle collector while it writes; the app's workers do not.

Reading and writing a term makes hundreds of thousands of objects, none in a
cycle; the collector walking them again was about 6% of a term's export
(`reflect.core.collector`). In the app an export runs in a worker thread,
and the collector stays the app's to schedule (`reflect.tui.quiet_collector`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path

from reflect.core.export import ExportScope, export
from reflect.core.reading import Reader


def collector_while_writing(journal_path: Path) -> list[bool]:
    """Whether the collector was on each time the export told its progress."""
    seen: list[bool] = []
    reader = Reader.open(journal_path)
    assert reader is not None
    with reader:
        export(reader, ExportScope(), progress=lambda *_: seen.append(gc.isenabled()))
    return seen


def test_the_collector_rests_while_a_command_writes_and_not_in_a_worker(
    sample_copy: Callable[[Path, int, int], Path], journal_path: Path
) -> None:
    sample_copy(journal_path, 120, 5)
    assert gc.isenabled()
    in_command = collector_while_writing(journal_path)
    assert in_command and not any(in_command)
    assert gc.isenabled()  # back on after
    in_worker: list[bool] = []
    worker = threading.Thread(
        target=lambda: in_worker.extend(collector_while_writing(journal_path))
    )
    worker.start()
    worker.join()
    assert in_worker and all(in_worker)
