"""Scoring the identifier scanner against the labelled corpus in tests/data.

    .venv/bin/python -m tests.scanner_corpus            # both parts, a table each
    .venv/bin/python -m tests.scanner_corpus --misses   # and every miss and false alarm

A labelled identifier is caught when findings cover every letter and digit of
it (of any kind: masking hides it all the same; the table also counts how
many were found as the right kind). A false alarm is a finding that touches
no labelled identifier; the rates count sentences with at least one.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reflect.core.privacy import Finding, WordLists, scan

DATA = Path(__file__).resolve().parent / "data"
TUNING = DATA / "scanner_corpus.txt"
HELD_OUT = DATA / "scanner_heldout.txt"
KINDS = ("name", "phone", "email", "postcode", "nhs", "nino", "dob", "address")
_MARK = re.compile(r"\{(\w+)\|([^}]*)\}")


@dataclass(frozen=True)
class Sentence:
    text: str
    labels: tuple[tuple[str, int, int], ...]


def read_corpus(path: Path) -> list[Sentence]:
    """Every sentence in a corpus file, with its labelled spans."""
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, labels, pos = "", [], 0
        for m in _MARK.finditer(line):
            text += line[pos : m.start()]
            kind, value = m.group(1), m.group(2)
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r} in {line!r}")
            labels.append((kind, len(text), len(text) + len(value)))
            text += value
            pos = m.end()
        text += line[pos:]
        sentences.append(Sentence(text, tuple(labels)))
    return sentences


@dataclass
class Score:
    labelled: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    right_kind: Counter[str] = field(default_factory=Counter)
    false_alarms: Counter[str] = field(default_factory=Counter)
    sentences: int = 0
    harmless: int = 0
    harmless_flagged: int = 0
    sentences_with_false_alarm: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.caught.values()) / max(1, sum(self.labelled.values()))

    @property
    def harmless_rate(self) -> float:
        return self.harmless_flagged / max(1, self.harmless)

    @property
    def false_alarm_rate(self) -> float:
        return self.sentences_with_false_alarm / max(1, self.sentences)

    def table(self, title: str) -> str:
        rows = [
            title,
            f"{'kind':<10}{'labelled':>9}{'caught':>8}{'recall':>8}{'as kind':>9}{'false':>7}",
        ]
        for kind in KINDS:
            n = self.labelled[kind]
            recall = f"{self.caught[kind] / n:.1%}" if n else "-"
            rows.append(
                f"{kind:<10}{n:>9}{self.caught[kind]:>8}{recall:>8}"
                f"{self.right_kind[kind]:>9}{self.false_alarms[kind]:>7}"
            )
        rows.append(
            f"{'all':<10}{sum(self.labelled.values()):>9}{sum(self.caught.values()):>8}"
            f"{self.recall:>8.1%}{sum(self.right_kind.values()):>9}"
            f"{sum(self.false_alarms.values()):>7}"
        )
        rows.append(
            f"{self.sentences} sentences; harmless ones flagged: {self.harmless_flagged} of "
            f"{self.harmless} ({self.harmless_rate:.1%}); sentences with a false alarm: "
            f"{self.sentences_with_false_alarm} ({self.false_alarm_rate:.1%})"
        )
        return "\n".join(rows)


def _covered(findings: list[Finding], start: int, end: int, text: str) -> bool:
    return all(
        any(f.start <= i < f.end for f in findings) for i in range(start, end) if text[i].isalnum()
    )


def score(sentences: list[Sentence], words: WordLists | None = None) -> Score:
    """Recall by kind and false alarms over ``sentences``."""
    result = Score()
    for sentence in sentences:
        found = scan(sentence.text, words or WordLists())
        result.sentences += 1
        if not sentence.labels:
            result.harmless += 1
            result.harmless_flagged += bool(found)
        for kind, start, end in sentence.labels:
            result.labelled[kind] += 1
            if _covered(found, start, end, sentence.text):
                result.caught[kind] += 1
                if any(f.kind == kind for f in found if f.start < end and start < f.end):
                    result.right_kind[kind] += 1
            else:
                result.misses.append(f"{kind}: {sentence.text[start:end]!r} in {sentence.text}")
        alarm = False
        for finding in found:
            if not any(finding.start < e and s < finding.end for _k, s, e in sentence.labels):
                result.false_alarms[finding.kind] += 1
                result.alarms.append(f"{finding.kind}: {finding.text!r} in {sentence.text}")
                alarm = True
        result.sentences_with_false_alarm += alarm
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--tuning-only", action="store_true", help="leave the held-out part")
    args = parser.parse_args()
    parts = [("tuning part", TUNING)] + ([] if args.tuning_only else [("held-out part", HELD_OUT)])
    for title, path in parts:
        result = score(read_corpus(path))
        print(result.table(f"{title} ({path.name})"))
        if args.misses:
            print("\n".join(["misses:", *result.misses, "false alarms:", *result.alarms]))
        print()


if __name__ == "__main__":
    main()
