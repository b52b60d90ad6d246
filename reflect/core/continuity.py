"""Continuity with each family: what was agreed last time, what is still open, and
whether what was promised happened.

Parents valued workers who were reliable: who did what they said and turned
up when they said. So when a worker writes about a family seen before, the
writer shows the last visit's date, what was agreed, and the family's open
actions, and asks whether what was promised last time happened. The case
timeline shows every entry for a case code in date order with its actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reflect.core.counting import counted
from reflect.core.reading import EntryReads
from reflect.core.records import ActionView, EntryDetail, EntryFilter
from reflect.core.vocab import VisitType

# The answers that say what was agreed ("Agreed") or will happen next ("Next"),
# across the bundled prompt sets.
AGREED_PROMPTS = (
    ("agenda", "Agreed"),
    ("next-actions", "Next"),
    ("action-plan", "Next"),
    ("now-what", "Next"),
    ("next-step", "Next"),
    ("active-experimentation", "Next"),
)
PROMISE_ANSWERS = {"yes": "Yes", "partly": "Partly", "no": "No", "": "Not answered"}


@dataclass(frozen=True)
class TimelineEntry:
    """One entry on a case's timeline."""

    entry: EntryDetail
    # (label, text): what was agreed together, and what the worker will do next.
    agreed: tuple[tuple[str, str], ...]
    promise_kept: str
    promise_note: str

    def as_json(self) -> dict[str, Any]:
        """For ``reflect case CODE --json``."""
        e = self.entry
        return {
            "id": e.id,
            "visit_date": e.visit_date.isoformat(),
            "visit_type": e.visit_type,
            "status": e.status,
            "flagged": e.flagged,
            "agreed": [{"label": label, "text": text} for label, text in self.agreed],
            "promise_kept": self.promise_kept,
            "promise_note": self.promise_note,
            "actions": [
                {"text": a.text, "due": a.due.isoformat() if a.due else None, "done": a.done}
                for a in e.actions
            ],
        }


@dataclass(frozen=True)
class Continuity:
    """What the writer shows for a family seen before."""

    case_code: str
    last: TimelineEntry | None
    open_actions: tuple[tuple[date, ActionView], ...]
    visits: int

    @property
    def seen_before(self) -> bool:
        """Whether there is an earlier entry for this case."""
        return self.last is not None


def agreed_in(entry: EntryDetail) -> tuple[tuple[str, str], ...]:
    """What the entry says was agreed or will happen next, answer by answer, labelled."""
    found = []
    for prompt_id, label in AGREED_PROMPTS:
        answer = entry.answer(prompt_id)
        if answer is not None and answer.text.strip():
            # Each line as written, spaces tidied: "Ring school" and "Check
            # housing" on two lines are two things, not one run-on sentence.
            lines = (" ".join(line.split()) for line in answer.text.splitlines())
            found.append((label, "\n".join(line for line in lines if line)))
    return tuple(found)


def one_line(text: str, width: int) -> str:
    """``text`` on one line, cut at a word boundary to ``width``."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    return flat[: width - 1].rsplit(" ", 1)[0] + "…"


class ContinuityMixin(EntryReads):
    """Case timelines and promise checks for `Journal`."""

    def promise_checks(self, entry_ids: list[int]) -> dict[int, tuple[str, str]]:
        """For each entry that has one: (kept, note)."""
        if not entry_ids:
            return {}
        marks = ", ".join(f":e{i}" for i in range(len(entry_ids)))
        with self._read() as db:
            rows = db.rows(
                f"SELECT entry_id, kept, note FROM promise_check WHERE entry_id IN ({marks})",
                {f"e{i}": e for i, e in enumerate(entry_ids)},
            )
        return {int(r.entry_id): (str(r.kept), str(r.note)) for r in rows}

    def set_promise_check(self, entry_id: int, kept: str, note: str = "") -> None:
        """Record whether what was promised at the family's last visit happened."""
        if kept not in PROMISE_ANSWERS:
            raise ValueError(f"kept is one of {', '.join(PROMISE_ANSWERS)}")
        with self._write() as db:
            db.execute(
                "INSERT INTO promise_check (entry_id, kept, note) VALUES (:e, :k, :n)"
                " ON CONFLICT (entry_id) DO UPDATE SET kept = :k, note = :n",
                {"e": entry_id, "k": kept, "n": note.strip()},
            )

    def case_timeline(self, case_code: str) -> list[TimelineEntry]:
        """Every entry for ``case_code`` (any case), in visit order, with its actions.

        None for a blank code: an empty filter is no filter, and every family's
        entries came back as one case's (review 25: `reflect case ""`).
        """
        if not case_code.strip():
            return []
        entries = list(self.iter_details(EntryFilter(case_code=case_code)))
        checks = self.promise_checks([e.id for e in entries])
        return [TimelineEntry(e, agreed_in(e), *checks.get(e.id, ("", ""))) for e in entries]

    def continuity(
        self, case_code: str, *, before: date, exclude_id: int | None = None
    ) -> Continuity:
        """The family's last visit before ``before`` and their open actions."""
        timeline = [
            t
            for t in self.case_timeline(case_code)
            if t.entry.id != exclude_id and t.entry.visit_date <= before
        ]
        last = timeline[-1] if timeline else None
        open_actions = tuple(
            (t.entry.visit_date, a) for t in timeline for a in t.entry.actions if not a.done
        )
        return Continuity(case_code, last, open_actions, len(timeline))


def timeline_lines(case_code: str, timeline: list[TimelineEntry], width: int = 100) -> list[str]:
    """The case timeline as plain lines for the terminal."""
    if not timeline:
        return [f"No entries for {case_code}."]
    lines = [f"{case_code}: {counted(len(timeline), 'entry', 'entries')}"]
    for item in timeline:
        e = item.entry
        draft = " (draft)" if e.status == "draft" else ""
        lines.append("")
        lines.append(f"{e.visit_date:%a %d %b %Y}  {VisitType(e.visit_type).label}{draft}")
        for label, agreed in item.agreed:
            first, *more = agreed.split("\n")
            lines.append(f"  {label}: {one_line(first, width - 10)}")
            lines += [f"  {' ' * len(label)}  {one_line(line, width - 10)}" for line in more]
        if item.promise_kept:
            note = f": {item.promise_note}" if item.promise_note else ""
            kept = PROMISE_ANSWERS[item.promise_kept]
            lines.append(f"  Did what was promised last time happen? {kept}{note}")
        for action in e.actions:
            mark = "done" if action.done else "open"
            due = f" (by {action.due:%d %b %Y})" if action.due else ""
            lines.append(f"  [{mark}] {one_line(action.text, width - 12)}{due}")
    return lines
