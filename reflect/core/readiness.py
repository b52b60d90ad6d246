"""Is the worker ready for this registration year's renewal? Counted from their CPD records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reflect.core.counting import counted
from reflect.core.periods import (
    RegistrationYear,
    Requirement,
    registration_year_for,
    requirement,
)

if TYPE_CHECKING:
    from reflect.core.cpd import CpdReadMixin


@dataclass(frozen=True)
class Readiness:
    """Where the worker stands against the CPD requirement on ``today``."""

    today: date
    year: RegistrationYear
    rule: Requirement
    complete: int
    with_peer_reflection: int
    drafts: int

    @property
    def days_left(self) -> int:
        """Days from today to the deadline, the deadline's own day counted (0 after it)."""
        return max(0, (self.year.end - self.today).days + 1)

    @property
    def renewal_open(self) -> bool:
        """Whether renewal is open (from 1 September to the deadline)."""
        return self.year.renewal_opens <= self.today <= self.year.end

    @property
    def met(self) -> bool:
        """Whether enough complete records, with enough peer reflection, are recorded."""
        return (
            self.complete >= self.rule.minimum_records
            and self.with_peer_reflection >= self.rule.minimum_with_peer_reflection
        )

    def sentences(self) -> list[str]:
        """What the home screen and ``reflect cpd status`` say, in plain sentences."""
        need, peer_need = self.rule.minimum_records, self.rule.minimum_with_peer_reflection
        records = counted(self.complete, "complete CPD record", "complete CPD records")
        lines = [
            f"{self.year.label} (1 December {self.year.first_year} to 30 November "
            f"{self.year.first_year + 1}): {records} of the {need} asked for."
        ]
        if self.with_peer_reflection >= peer_need:
            lines.append("Peer reflection: yes, at least one record has it.")
        else:
            lines.append(
                "Peer reflection: not yet. At least one record needs what you learnt from "
                "discussing it with a peer (supervision counts)."
            )
        if self.drafts:
            lines.append(f"{counted(self.drafts, 'draft', 'drafts')} not finished yet.")
        days = self.days_left
        deadline = f"{counted(days, 'day', 'days')} left to 30 November."
        if self.renewal_open:
            deadline += " Renewal is open now."
        lines.append(deadline)
        lines.append(
            "You have what is asked for this year." if self.met else "Not enough recorded yet."
        )
        return lines

    def as_json(self) -> dict[str, object]:
        """For ``reflect cpd status --json``."""
        return {
            "registration_year": self.year.name,
            "start": self.year.start.isoformat(),
            "end": self.year.end.isoformat(),
            "complete_records": self.complete,
            "records_asked_for": self.rule.minimum_records,
            "with_peer_reflection": self.with_peer_reflection,
            "peer_reflection_asked_for": self.rule.minimum_with_peer_reflection,
            "drafts": self.drafts,
            "days_left": self.days_left,
            "renewal_open": self.renewal_open,
            "met": self.met,
            "requirement_last_checked": self.rule.last_checked.isoformat(),
        }


def readiness(journal: CpdReadMixin, today: date) -> Readiness:
    """Count this registration year's CPD records against the requirement."""
    year = registration_year_for(today)
    records = journal.cpd_records(year.start, year.end)
    complete = [r for r in records if r.complete]
    return Readiness(
        today=today,
        year=year,
        rule=requirement(),
        complete=len(complete),
        with_peer_reflection=sum(r.has_peer_reflection for r in complete),
        drafts=len(records) - len(complete),
    )
