"""The supervision agenda and the case timeline, in the core and at the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core.agenda import FUNCTIONS, build_agenda, suggested_function
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter, PromptRef
from reflect.core.sample import fill_journal
from tests.helpers import TODAY, new_draft


def flagged_entry(journal: Journal, case_code: str, question: str, day: date) -> int:
    entry = new_draft(journal, case_code, day=day)
    journal.save_draft(entry.id, {"context": "We met at the kitchen table.", "feelings": "Uneasy."})
    journal.update_entry(entry.id, flagged=True, supervisor_question=question)
    journal.complete(entry.id)
    return entry.id


def test_the_agenda_follows_morrisons_cycle_and_is_anonymised(journal: Journal) -> None:
    flagged_entry(
        journal, "CF-5150", "I felt shaken after CF-5150's visit; how do I carry it?", TODAY
    )
    flagged_entry(
        journal, "CF-5151", "Should the plan go to panel before the school reports?", TODAY
    )
    text, count = build_agenda(journal)
    assert count == 2
    assert "CF-515" not in text
    assert "## Support" in text and "## Mediation" in text
    for stage in ("Experience", "Reflection", "Analysis", "Action planning"):
        assert f"**{stage}:**" in text
    assert "We met at the kitchen table." in text and "Agreed: ____" in text
    kept, _ = build_agenda(journal, anonymise=False)
    assert "CF-5150" in kept


def test_every_entry_gets_one_of_morrisons_functions(
    journal: Journal, library: PromptLibrary
) -> None:
    fill_journal(journal, library, 60, seed=2, until=TODAY)
    functions = {suggested_function(e) for e in journal.iter_details(EntryFilter(flagged=True))}
    assert functions and functions <= set(FUNCTIONS)


def test_agenda_and_case_commands(tmp_path: Path) -> None:
    db = tmp_path / "y.db"
    with Journal.open(db) as journal:
        first = flagged_entry(journal, "CF-6001", "Was I too quick?", date(2026, 10, 1))
        journal.add_action(
            "Ring the school about attendance", entry_id=first, due=date(2026, 10, 8)
        )
        second = new_draft(journal, "cf-6001", day=date(2026, 10, 15))
        journal.set_promise_check(second.id, "partly", "Rang, no answer yet")
    runner = CliRunner()
    out = tmp_path / "agenda.md"
    wrote = runner.invoke(cli, ["--db", str(db), "supervision", "agenda", "-o", str(out)])
    assert wrote.exit_code == 0, wrote.output
    assert "agenda of 1 entry" in wrote.output
    assert out.read_text().startswith("# Supervision agenda") and "CF-6001" not in out.read_text()
    shown = runner.invoke(cli, ["--db", str(db), "case", "CF-6001"])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0] == "CF-6001: 2 entries"
    assert "  [open] Ring the school about attendance (by 08 Oct 2026)" in lines
    assert "  Did what was promised last time happen? Partly: Rang, no answer yet" in lines
    data = json.loads(runner.invoke(cli, ["--db", str(db), "case", "cf-6001", "--json"]).output)
    assert [e["visit_date"] for e in data["entries"]] == ["2026-10-01", "2026-10-15"]
    assert data["entries"][1]["promise_kept"] == "partly"
    missing = runner.invoke(cli, ["--db", str(db), "case", "CF-9999"])
    assert missing.exit_code == 1 and "no entries for 'CF-9999'" in missing.output


def test_continuity_shows_the_last_visit_and_open_actions(journal: Journal) -> None:
    prompts = (PromptRef("agenda", "What did you decide together?", "Trust"),)
    earlier = journal.create_draft(
        visit_date=date(2026, 11, 2),
        case_code="CF-7001",
        visit_type="home",
        prompt_set_id="t",
        prompt_set_version="1",
        prompts=prompts,
    )
    journal.save_draft(earlier.id, {"agenda": "Mum asked for help with the school run."})
    journal.add_action("Find a breakfast club place", entry_id=earlier.id)
    now = new_draft(journal, "CF-7001", day=date(2026, 11, 16))
    seen = journal.continuity("cf-7001", before=date(2026, 11, 16), exclude_id=now.id)
    assert seen.seen_before and seen.last is not None
    assert seen.last.entry.visit_date == date(2026, 11, 2)
    assert seen.last.agreed == (("Agreed", "Mum asked for help with the school run."),)
    assert [a.text for _d, a in seen.open_actions] == ["Find a breakfast club place"]
    assert not journal.continuity("CF-0000", before=TODAY).seen_before


def test_agenda_folder_option_takes_a_free_name_and_refuses_a_missing_folder(
    tmp_path: Path,
) -> None:
    db = tmp_path / "y.db"
    with Journal.open(db) as journal:
        flagged_entry(journal, "CF-6002", "Did I listen enough?", date(2026, 10, 1))
    folder = tmp_path / "for supervision"
    folder.mkdir()
    runner = CliRunner()
    command = ["--db", str(db), "supervision", "agenda", "--folder", str(folder)]
    first = runner.invoke(cli, command)
    assert first.exit_code == 0, first.output
    (made,) = folder.iterdir()
    assert made.name == f"supervision-agenda-{date.today():%Y-%m-%d}.md"
    assert f"to {made}." in first.output
    made.write_text("MY NOTES")  # last week's agenda, with notes: never replaced
    second = runner.invoke(cli, command)
    assert second.exit_code == 0, second.output
    again = folder / f"supervision-agenda-{date.today():%Y-%m-%d}-2.md"
    assert f"to {again}." in second.output
    assert made.read_text() == "MY NOTES"
    assert again.read_text().startswith("# Supervision agenda")

    missing = tmp_path / "not there"
    refused = runner.invoke(
        cli, ["--db", str(db), "supervision", "agenda", "--folder", str(missing)]
    )
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        f"reflect: The folder {missing} does not exist: choose one that does."
    )
    assert not missing.exists()
    both = runner.invoke(cli, [*command, "-o", str(tmp_path / "a.md")])
    assert both.exit_code == 2 and "not both" in both.output + both.stderr


@pytest.mark.parametrize(
    "theme", ["Face-to-face time and paperwork", "Face-to-face time and backroom demands"]
)
def test_time_against_paperwork_suggests_mediation(theme: str) -> None:
    # The theme's name in today's prompt set and in version 1 entries: the
    # agenda knew only the old one, so the new one never pointed anywhere.
    from dataclasses import replace as with_fields
    from datetime import datetime

    from reflect.core.records import EntryDetail

    when = datetime(2026, 11, 20, 17, 0)
    entry = EntryDetail(
        1,
        "u1",
        date(2026, 11, 20),
        "CF-1",
        "home",
        None,
        "relational",
        "2",
        "complete",
        0,
        True,
        "",
        when,
        when,
        when,
        None,
    )
    assert suggested_function(entry) == "management"
    assert suggested_function(with_fields(entry, themes=(theme,))) == "mediation"


def test_a_blank_case_code_is_no_family(tmp_path: Path) -> None:
    # Review 25: `reflect case ""` listed every entry in the journal as one
    # family's (an empty filter is no filter).
    db = tmp_path / "b.db"
    with Journal.open(db) as journal:
        new_draft(journal, "CF-6101")
        new_draft(journal, "CF-6102")
        assert journal.case_timeline("") == [] and journal.case_timeline("  ") == []
        assert journal.continuity("", before=TODAY).visits == 0
    runner = CliRunner()
    for args in (["case", ""], ["case", "", "--json"]):
        done = runner.invoke(cli, ["--db", str(db), *args])
        assert done.exit_code == 2, done.output
        assert "Give a case code" in done.output + done.stderr
        assert "CF-610" not in done.output
