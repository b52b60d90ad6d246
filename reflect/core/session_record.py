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
from collections.abc import Callable, Hashable
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
    its save state waits for ctrl+s, or for the app closing. Saved as the app
    closes, a correction follows ctrl+s's rule: if the identifier check would
    ask about it, it is kept, every word, as a draft that ctrl+s records
    after the check (as a changed CPD record is).
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
        # Set by ctrl+s once the check has passed: the next save records the
        # draft, or saves the correction as checked.
        self.recording = False
        # A correction saved unchecked (the app closing) made the session a draft: said once.
        self.kept_unchecked = False
        self._draft_delay = save_delay
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

    def write(
        self,
        journal: Journal,
        request: SaveRequest,
        *,
        check_would_ask: Callable[[SessionContent], bool] = lambda content: False,
    ) -> None:
        """Store what the form holds (in a worker, or on the spot when closing).

        ``check_would_ask`` says whether the identifier check would ask about
        ``content``: a correction saved without ctrl+s (the app closing) that
        it would ask about is kept as a draft, not saved into the recorded session.
        """
        content = request.changes.get("session", self.written)
        assert content is not None
        if self.correcting or self.recorded:
            # A correction; or typed while it was being recorded, a correction too.
            session_id = self.session.id if self.correcting and self.session else self.draft_id
            assert session_id is not None
            if request.changes.get("record") or not check_would_ask(content):
                journal.correct_session(session_id, content)  # checked, as ctrl+s does
            else:
                # Nobody is there to ask (review 27): kept as a draft, the
                # recorded version kept, that ctrl+s records after the check.
                journal.keep_session_correction_as_draft(session_id, content)
                self.correcting = self.recorded = False
                self.draft_id = session_id
                self.kept_unchecked = True
                self.save_state.save_delay = self._draft_delay  # a draft saves as it is typed
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
        if self.kept_unchecked:
            self.kept_unchecked = False
            return (
                "Kept as a draft: the correction is not checked yet. "
                "ctrl+s checks it and records the session again."
            )
        what = "Correction" if self.correcting else "Session" if self.recorded else "Draft"
        return f"{what} {message[0].lower()}{message[1:]}."
