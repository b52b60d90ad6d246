"""The identifier check every save of written text goes through: what it found, in words.

A new reflection shows it above its summary; editing an entry and recording
or correcting a supervision session ask it before saving (review 20, defect
6). All of them use the worker's word lists, so a word on the always-flag
list is found everywhere and an allowed one nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reflect.core.counting import counted
from reflect.core.privacy import NO_WORDS, Finding, WordLists, in_context, scan


@dataclass(frozen=True)
class Located:
    """One thing the identifier check found: where (the question), in what text, and what."""

    where: str
    text: str
    finding: Finding

    def line(self) -> str:
        """The finding in its sentence, marked » «, so the worker sees where it is."""
        return f"  · {self.finding.label} ({self.where}): {in_context(self.text, self.finding)}"


def locate(texts: Iterable[tuple[str, str]], words: WordLists = NO_WORDS) -> list[Located]:
    """What the check finds in each ``(where, text)``, in order."""
    return [Located(where, text, finding) for where, text in texts for finding in scan(text, words)]


def check_note(findings: list[Located]) -> str:
    """ "Please check before saving", how many things were found, and each in its sentence."""
    lines = [
        f"Please check before saving: {counted(len(findings), 'thing', 'things')} "
        "that may identify someone."
    ]
    lines += [found.line() for found in findings]
    return "\n".join(lines)
