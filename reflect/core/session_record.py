"""The state of recording (or correcting) one supervision session, without a screen.

`SessionRecord` holds what the journal has of the session being written (a
draft, a recorded session, or one being corrected), its `SaveState`, and
decides what each save writes: a new draft, the draft again, the recording,
or a correction that keeps the version before it. The screen
(reflect/tui/screens/session.py) reads its form into a `SessionContent` and
draws the rest (tests/unit/test_session_record.py).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reflect.core.autosave import SaveRequest, SaveState
from reflect.core.records import SessionView
from reflect.core.sessions import SessionContent, content_of

if TYPE_CHECKING:
    from reflect.core.journal import Journal

# Seconds from the first unsaved change to its save, and between tries while saving fails.
SAVE_DELAY = 1.0
RETRY_DELAY = 3.0


def same_content(content: SessionContent | None, session: SessionView | None) -> bool:
    """Whether the form still says what the stored session says (entry order aside)."""
    if content is None or session is None:
        return False
    stored = content_of(session)
    return replace(content, entry_uids=tuple(sorted(content.entry_uids))) == replace(
        stored, entry_uids=tuple(sorted(stored.entry_uids))
    )


class SessionRecord:
    """One supervision session being written: a new draft, a draft carried on, or a correction.

    A correction is not saved as it is typed (each save keeps a version):
    its save state waits for ctrl+s, or for the app closing.
    """

    def __init__(
        self,
        session: SessionView | None = None,
        *,
        save_delay: float = SAVE_DELAY,
        retry_delay: float = RETRY_DELAY,
    ) -> None:
        self.session = session
        self.correcting = session is not None and session.status == "complete"
        self.draft_id = session.id if session is not None and not self.correcting else None
        # Set by ctrl+s on a draft: the next save records it.
        self.recording = False
        # The draft is recorded in the journal (written by a save, in a worker).
        self.recorded = False
        self.written: SessionContent | None = None  # what the journal holds, as last written
        self.save_state = SaveState(
            save_delay=math.inf if self.correcting else save_delay, retry_delay=retry_delay
        )

    def values(self, content: SessionContent) -> dict[Hashable, Any]:
        """What the form holds, keyed for the save state."""
        return {"session": content, "record": self.recording}

    def opened(self, content: SessionContent) -> None:
        """The form shows ``content``, as the journal holds it (or nothing yet)."""
        self.written = content
        self.save_state.loaded(self.values(content))

    def unchanged_correction(self, content: SessionContent) -> bool:
        """A correction with nothing corrected: there is no version to keep."""
        return (
            self.correcting and not self.save_state.unsaved and same_content(content, self.session)
        )

    def write(self, journal: Journal, request: SaveRequest) -> None:
        """Store what the form holds (in a worker, or on the spot when closing)."""
        content = request.changes.get("session", self.written)
        assert content is not None
        if self.correcting:
            assert self.session is not None
            journal.correct_session(self.session.id, content)
        elif self.recorded:
            # Typed while it was being recorded: a correction, the recorded version kept.
            assert self.draft_id is not None
            journal.correct_session(self.draft_id, content)
        elif self.draft_id is None:
            self.draft_id = journal.start_session_draft(content).id
            if request.changes.get("record"):
                journal.record_session(self.draft_id, content)
                self.recorded = True
        elif request.changes.get("record"):
            journal.record_session(self.draft_id, content)
            self.recorded = True
        else:
            journal.save_session_draft(self.draft_id, content)
        self.written = content

    def status(self, message: str) -> str:
        """A "Saved at ..." line for this session: "Draft saved at ...", "Session ...", ..."""
        what = "Correction" if self.correcting else "Session" if self.recorded else "Draft"
        return f"{what} {message[0].lower()}{message[1:]}."
