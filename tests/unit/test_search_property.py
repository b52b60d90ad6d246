"""Property: every saved entry is found by search for a word unique to it."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core.journal import Journal
from tests.helpers import new_draft

counter = itertools.count()

free_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=free_text, after=free_text, other=free_text)
def test_unique_word_finds_its_entry(tmp_path: Path, before: str, after: str, other: str) -> None:
    word = f"zq{next(counter)}xv"
    path = tmp_path / f"j{word}.db"
    with Journal.open(path) as journal:
        decoy = new_draft(journal, "CF-0001")
        journal.save_draft(decoy.id, {"context": other})
        entry = new_draft(journal, "CF-0002")
        journal.save_draft(entry.id, {"context": f"{before} {word} {after}", "feelings": other})
        hits = journal.search(word)
        assert [h.entry.id for h in hits] == [entry.id]
        assert any(p.match for p in hits[0].snippet)
        # arbitrary text as a query never raises
        journal.search(before)
