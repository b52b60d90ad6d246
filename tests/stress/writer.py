"""Saves entries through the journal service forever, acknowledging each save on stdout.

Run by kill_cycles.py, which kills it at random moments. A line "ack UID TEXT"
is printed only after the service call has returned, so everything
acknowledged must be in the journal afterwards.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

from reflect.core.journal import Journal
from reflect.core.records import PromptRef

PROMPTS = [PromptRef("context", "What happened?", "The visit"), PromptRef("feelings", "How?", "")]


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    journal = Journal.open(Path(path))
    n = 0
    while True:
        n += 1
        entry = journal.create_draft(
            visit_date=date(2026, 11, 1 + rng.randrange(20)),
            case_code=f"CF-{rng.randrange(1000, 9999)}",
            visit_type="home",
            prompt_set_id="stress",
            prompt_set_version="1",
            prompts=PROMPTS,
        )
        text = ""
        for word in range(rng.randrange(1, 6)):  # autosave, a few times, like someone typing
            text += f"word{seed}x{n}x{word} " * rng.randrange(1, 40)
            journal.save_draft(entry.id, {"context": text}, current_step=1)
        if rng.random() < 0.5:
            journal.complete(entry.id)
        print(f"ack {entry.uid} {len(text)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
