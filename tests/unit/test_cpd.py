"""CPD records: composing, completing, editing with history, readiness and export."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.cli import cli
from reflect.core.cpd import CpdFields, CpdView
from reflect.core.cpd_export import render_cpd_records
from reflect.core.export import ExportScope, export
from reflect.core.export.anonymise import TextScreen
from reflect.core.files import JournalError
from reflect.core.journal import Journal
from reflect.core.periods import parse_registration_year
from reflect.core.readiness import readiness
from tests.helpers import new_draft

WHEN = datetime(2026, 11, 20, 9, 0)


def course(day: date, *, peer: str = "", **extra: object) -> CpdFields:
    values: dict[str, object] = {
        "title": "Working with neglect: a day course",
        "cpd_type": "Course or training",
        "description": "A day on recognising neglect early; most of my families live with it.",
        "activity_date": day,
        "learnt": "Neglect builds slowly; one visit rarely shows it.",
        "impact": "I now compare each visit with the last, and say so to parents.",
        "peer_reflection": peer,
        "peer_role": "my supervisor" if peer else "",
    }
    values.update(extra)
    return CpdFields(**values)  # type: ignore[arg-type]


def test_a_record_is_drafted_completed_and_edited_with_history(journal: Journal) -> None:
    entry = new_draft(journal, "CF-4411")
    draft = journal.create_cpd(CpdFields(title="Half a thought", activity_date=date(2026, 3, 2)))
    assert draft.status == "draft"
    with pytest.raises(JournalError, match="the type of CPD"):
        journal.complete_cpd(draft.id, CpdFields(title="Half a thought"))
    fields = course(
        date(2026, 3, 2), entry_ids=(entry.id,), standards=("4.2",), pcf_domains=("Knowledge",)
    )
    journal.save_cpd_draft(draft.id, fields)
    done = journal.complete_cpd(draft.id, fields)
    assert done.complete and done.fields.entry_ids == (entry.id,)
    assert done.fields.standards == ("4.2",)
    edited = journal.edit_cpd(draft.id, course(date(2026, 3, 2), peer="Talking it through."))
    assert edited.has_peer_reflection
    (revision,) = journal.cpd_revisions(draft.id)
    assert revision.fields.peer_reflection == "" and revision.fields.entry_ids == (entry.id,)


def test_an_unchecked_change_is_kept_as_a_draft_with_the_version_before(
    journal: Journal,
) -> None:
    """The app closing on a change to a complete record the check has not passed."""
    fields = course(date(2026, 3, 2))
    record = journal.complete_cpd(journal.create_cpd(fields).id, fields)
    assert readiness(journal, date(2026, 3, 3)).complete == 1
    changed = course(date(2026, 3, 2), learnt="Ring her on 07700 900123.")
    kept = journal.keep_cpd_change_as_draft(record.id, changed)
    assert kept.status == "draft" and kept.completed_at is None
    assert kept.fields == changed  # nothing typed is lost
    (revision,) = journal.cpd_revisions(record.id)
    assert revision.fields == fields
    # It counts again only once completed (after the check).
    assert readiness(journal, date(2026, 3, 3)).complete == 0
    with pytest.raises(JournalError, match="is a draft"):
        journal.keep_cpd_change_as_draft(record.id, changed)
    assert journal.complete_cpd(record.id, changed).complete


def test_readiness_counts_complete_records_in_the_registration_year(journal: Journal) -> None:
    def add(fields: CpdFields, complete: bool = True) -> None:
        record = journal.create_cpd(fields)
        if complete:
            journal.complete_cpd(record.id, fields)

    add(course(date(2025, 11, 30)))  # the year before: does not count
    add(course(date(2025, 12, 1)))
    add(CpdFields(title="draft", activity_date=date(2026, 2, 1)), complete=False)
    early = readiness(journal, date(2026, 8, 31))
    assert (early.complete, early.with_peer_reflection, early.drafts) == (1, 0, 1)
    assert not early.met and not early.renewal_open
    assert early.days_left == 92
    add(course(date(2026, 9, 10), peer="Supervision helped me see the pattern."))
    late = readiness(journal, date(2026, 9, 1))
    assert late.met and late.renewal_open
    assert "Renewal is open now." in " ".join(late.sentences())
    assert late.as_json()["registration_year"] == "2025-26"


def test_cpd_export_follows_the_form_and_is_anonymised_by_default(journal: Journal) -> None:
    new_draft(journal, "CF-4411")
    fields = course(
        date(2026, 10, 5),
        peer="My supervisor asked why CF-4411 felt different; call 07700 900123.",
        standards=("4.6",),
    )
    journal.complete_cpd(journal.create_cpd(fields).id, fields)
    year = parse_registration_year("2025-26").as_term()
    result = export(journal, ExportScope(term=year), fmt="cpd", generated=WHEN)
    text = result.text
    assert result.entries == 1
    form = [
        "Title",
        "Type of CPD",
        "Short description and why it is relevant",
        "Date",
        "What I learnt",
        "Impact on my practice and on the people I work with",
        "Peer reflection",
    ]
    lines = text.splitlines()
    # Each heading of the form is a line of its own, in the form's order.
    assert [lines.index(h) for h in form] == sorted(lines.index(h) for h in form)
    assert "#" not in text and "*" not in text
    assert "CF-4411" not in text and "Family A felt different" in text
    assert "07700" not in text
    assert "Standard 4.6: Reflect on my learning" in text
    kept = export(
        journal, ExportScope(term=year, keep_case_codes=True), fmt="cpd", generated=WHEN
    ).text
    assert "CF-4411" in kept and "07700 900123" in kept


def test_cpd_records_are_masked_with_the_workers_word_lists(journal: Journal) -> None:
    fields = course(date(2026, 2, 9), peer="Mrs Kowalczyk's worries came up at Oakfield.")
    journal.complete_cpd(journal.create_cpd(fields).id, fields)
    journal.add_word("flag", "Kowalczyk")
    journal.add_word("flag", "Oakfield")
    year = parse_registration_year("2025-26").as_term()
    result = export(journal, ExportScope(term=year), fmt="cpd", generated=WHEN)
    assert "Kowalczyk" not in result.text and "Oakfield" not in result.text
    kept = export(journal, ExportScope(term=year, keep_case_codes=True), fmt="cpd", generated=WHEN)
    assert "Oakfield" in kept.text and kept.identifiers["flagged word"] >= 1


def test_cpd_export_is_the_registrys_renderer_and_reads_no_entries(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflect.core.cpd_export as cpd_export

    fields = course(date(2026, 2, 9), peer="CF-4411 came up.")
    journal.complete_cpd(journal.create_cpd(fields).id, fields)
    new_draft(journal, "CF-4411")

    def no_entries(*args: object, **kwargs: object) -> None:
        raise AssertionError("the CPD export read the entries")

    monkeypatch.setattr(journal, "iter_details", no_entries)
    documents = []
    real = cpd_export.write_cpd

    def write_cpd(doc: Any, out: Any) -> None:
        documents.append(doc)
        real(doc, out)

    monkeypatch.setattr(cpd_export, "write_cpd", write_cpd)
    year = parse_registration_year("2025-26").as_term()
    result = export(journal, ExportScope(term=year), fmt="cpd", generated=WHEN)
    assert len(documents) == 1 and documents[0].screen.anonymise
    assert (result.entries, result.sessions) == (1, 0)
    assert "CF-4411" not in result.text and "Family A came up." in result.text


def test_cpd_export_is_plain_text_as_typed_with_the_bracket_kept(journal: Journal) -> None:
    # The reviewer's words: escapes appeared and the "(" before the number was lost.
    peer = "Talked it through with Sarah Jones, team manager (07700 900123)."
    fields = course(date(2026, 10, 5), peer=peer)
    journal.complete_cpd(journal.create_cpd(fields).id, fields)
    year = parse_registration_year("2025-26").as_term()
    text = export(journal, ExportScope(term=year), fmt="cpd", generated=WHEN).text
    assert "Talked it through with [name], team manager ([phone number])." in text
    assert "\\" not in text
    kept = export(journal, ExportScope(term=year, keep_case_codes=True), fmt="cpd", generated=WHEN)
    assert peer in kept.text and "\\" not in kept.text


# Free text heavy in what Markdown would escape: brackets, stars, hashes, backslashes.
free_text = st.lists(
    st.sampled_from([*"abcXYZ 079()[]*_#`<>&!|~\\-.\n", "Mum ", " Sarah Jones ", "07700 900123"]),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(title=free_text, learnt=free_text, peer=free_text, anonymise=st.booleans())
def test_cpd_output_has_no_backslash_the_worker_did_not_type(
    title: str, learnt: str, peer: str, anonymise: bool
) -> None:
    fields = CpdFields(
        title=title,
        cpd_type="Reading",
        description="An article on neglect.",
        activity_date=date(2026, 5, 1),
        learnt=learnt,
        impact="I ask more.",
        peer_reflection=peer,
        peer_role="a colleague" if peer.strip() else "",
    )
    record = CpdView(1, "u1", fields, "complete", WHEN, WHEN, WHEN)
    text = render_cpd_records(
        [record],
        title="CPD records",
        period="Complete records only.",
        generated=WHEN,
        clean=TextScreen(["CF-1"], anonymise=anonymise),
    )
    typed = title * 2 + learnt + peer  # the title is in the record's heading too
    assert text.count("\\") <= typed.count("\\")
    if not anonymise:
        # Kept as typed: every non-blank line the worker wrote is in the output whole.
        for value in (learnt, peer):
            for line in value.strip().splitlines():
                assert line in text


def test_case_code_mask_matches_whole_codes_only() -> None:
    clean = TextScreen(["CF-1", "CF-12"])
    assert clean.text("CF-1 and CF-12 and CF-123") == "Family A and Family B and CF-123"


def test_cpd_commands(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Journal.open(db) as journal:
        fields = course(date(2026, 1, 12), peer="We talked it over.")
        journal.complete_cpd(journal.create_cpd(fields).id, fields)
        journal.create_cpd(
            CpdFields(title="Reading on kinship care", activity_date=date(2026, 2, 1))
        )
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", str(db), "cpd", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [r["status"] for r in json.loads(listed.output)] == ["complete", "draft"]
    none = runner.invoke(cli, ["--db", str(db), "cpd", "list", "--registration-year", "2026-27"])
    assert "No CPD records yet" in none.output
    status = runner.invoke(cli, ["--db", str(db), "cpd", "status", "--on", "2026-09-02", "--json"])
    data = json.loads(status.output)
    assert data["complete_records"] == 1 and data["with_peer_reflection"] == 1
    assert data["renewal_open"] is True and data["met"] is False and data["days_left"] == 90
    words = runner.invoke(cli, ["--db", str(db), "cpd", "status", "--on", "2026-09-02"])
    assert "1 complete CPD record of the 2 asked for" in words.output
    out = tmp_path / "cpd.txt"
    exported = runner.invoke(
        cli,
        [
            "--db",
            str(db),
            "export",
            "--registration-year",
            "2025-26",
            "--format",
            "cpd",
            "-o",
            str(out),
        ],
    )
    assert exported.exit_code == 0, exported.output
    assert "Exported 1 CPD record to" in exported.output
    assert out.read_text().startswith("CPD records: Registration year 2025-26\n===")


@given(
    code=st.from_regex(r"[A-Z]{2}-[0-9]{3,5}", fullmatch=True),
    typed=st.text(min_size=1, max_size=200),
)
@settings(max_examples=60)
def test_no_case_code_survives_in_any_typed_text(code: str, typed: str) -> None:
    from reflect.core.cpd import CpdView
    from reflect.core.cpd_export import render_cpd_records

    fields = course(date(2026, 3, 1), peer=f"{typed} {code}", learnt=f"{code}: {typed}")
    record = CpdView(1, "u", fields, "complete", WHEN, WHEN)
    text = render_cpd_records(
        [record], title="CPD", period="", generated=WHEN, clean=TextScreen([code])
    )
    assert code not in text
    # Plain text: the document's own title and the record's heading stay as written.
    assert text.startswith("CPD\n===\n") and "\nCPD record 1: " in text
