"""The archive keeps every character; import reads it and v0.1 Markdown, refusing damage whole."""

from __future__ import annotations

import contextlib
import json
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reflect.core.cpd import CpdFields
from reflect.core.export import ExportScope, export
from reflect.core.importer import ImportRefused, import_export, import_file, parse_export
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import AnswerView, EntryRecord
from reflect.core.sample import fill_journal
from reflect.core.wordlists import WordListError
from tests.helpers import TODAY

V01 = Path(__file__).parent.parent / "data" / "v0.1-export.md"
EVERYTHING = ExportScope(include_drafts=True)
AWKWARD = (
    "  leading spaces\n\tand a tab\n\n\n\nruns of blank lines   \r\nCRLF\rlone CR\x00NUL",
    "*Not answered.*",
    "*No notes.*",
    "# not a heading\n---\n```\nnot a fence",
    "x" * 200_000,
    "",
    " ",
)


def archive(journal: Journal) -> str:
    return export(journal, EVERYTHING, fmt="archive").text


def entry(
    uid: str, text: str, *, question: str = "What?", when: date = date(2026, 10, 1)
) -> EntryRecord:
    moment = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    return EntryRecord(
        uid=uid,
        visit_date=when,
        case_code="CF-9",
        visit_type="home",
        prompt_set_id="quick",
        prompt_set_version="1",
        status="complete",
        created_at=moment,
        updated_at=moment,
        completed_at=moment,
        answers=(
            AnswerView("q0", question, text, "The visit", 0),
            AnswerView("q1", "", text, "", 1),
        ),
        supervisor_question=text,
        free_tags=(text,) if text.strip() else (),
        actions=((text, date(2026, 10, 9), False), (text, None, True)),
    )


def fresh(folder: Path) -> Journal:
    return Journal.open(Path(tempfile.mkdtemp(dir=folder)) / "j.db")


def add_cpd_and_words(journal: Journal, text: str, *, entry_uid: str, session_id: int) -> None:
    """A complete CPD record drawing on an entry and a session, a draft, and both word lists."""
    (entry_id,) = [e.id for e in journal.iter_details() if e.uid == entry_uid]
    fields = CpdFields(
        title=f"Reading {text}",
        cpd_type="Reading",
        description=text if text.strip() else "An article.",
        activity_date=date(2026, 10, 21),
        learnt=text if text.strip() else "Something.",
        impact=text if text.strip() else "Something else.",
        peer_reflection=text,
        peer_role="my supervisor" if text.strip() else "",
        standards=("4.6",),
        pcf_domains=("Knowledge",),
        entry_ids=(entry_id,),
        session_ids=(session_id,),
    )
    journal.complete_cpd(journal.create_cpd(fields).id, fields)
    journal.create_cpd(CpdFields(title=text, learnt=text, activity_date=date(2026, 11, 2)))
    journal.add_word("allow", "Oakfield Team")
    journal.add_word("flag", "Tyler")
    with contextlib.suppress(WordListError):
        journal.add_word("flag", text)


def cpd_as_kept(journal: Journal) -> list[tuple[object, ...]]:
    """Every CPD record's fields, state and times, with links by entry uid and session date."""
    uids = {e.id: e.uid for e in journal.iter_details(EVERYTHING.entry_filter())}
    days = {s.id: s.session_date for s in journal.supervision_sessions()}
    kept = []
    for r in journal.cpd_records():
        fields = replace(r.fields, entry_ids=(), session_ids=())
        links = (
            tuple(uids[i] for i in r.fields.entry_ids),
            tuple(days[i] for i in r.fields.session_ids),
        )
        kept.append((r.uid, r.status, r.created_at, r.updated_at, r.completed_at, fields, links))
    return kept


def round_trip(journal: Journal, folder: Path) -> tuple[str, str]:
    first = archive(journal)
    with fresh(folder) as other:
        import_export(other, parse_export(first))
        return first, archive(other)


def test_export_import_export_gives_the_same_bytes(
    journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    fill_journal(journal, library, 150, seed=4, until=TODAY)
    journal.add_records([entry(f"{i:032x}", text) for i, text in enumerate(AWKWARD)])
    session = journal.add_supervision_session(
        date(2026, 10, 20),
        supervisor_initials="RT",
        notes=AWKWARD[0],
        entry_uids=[f"{0:032x}"],
        actions=[("Plan a joint visit", date(2026, 11, 3)), (AWKWARD[1], None, True)],
    )
    add_cpd_and_words(journal, AWKWARD[0], entry_uid=f"{0:032x}", session_id=session.id)
    first, again = round_trip(journal, tmp_path)
    assert first == again
    assert first.isascii()  # safe through any editor or mail
    with fresh(tmp_path) as other:
        result = import_export(other, parse_export(first))
        kept_cpd, kept_words = len(journal.cpd_records()), len(journal.listed_words())
        assert kept_cpd > 2 and kept_words == 3  # the sample's records, and the two added
        assert (result.cpd_added, result.words_added) == (kept_cpd, kept_words)
        assert cpd_as_kept(other) == cpd_as_kept(journal)
        assert other.listed_words() == journal.listed_words()
        kept = {e.uid: e for e in other.iter_details(EVERYTHING.entry_filter())}
        for i, text in enumerate(AWKWARD):
            restored = kept[f"{i:032x}"]
            assert [a.text for a in restored.answers] == [text, text]
            assert restored.supervisor_question == text
            assert [a.text for a in restored.actions] == [text, text]
        assert other.supervision_sessions()[0].notes == AWKWARD[0]
        assert [t.name for t in other.terms()] == [t.name for t in journal.terms()]
        # importing again adds nothing
        twice = import_export(other, parse_export(first))
        assert (twice.entries_added, twice.sessions_added) == (0, 0)
        assert (twice.cpd_added, twice.cpd_skipped, twice.words_added) == (0, kept_cpd, 0)
        assert (len(other.cpd_records()), len(other.listed_words())) == (kept_cpd, kept_words)


any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(any_text, min_size=1, max_size=3), question=any_text)
def test_any_text_at_all_round_trips_byte_for_byte(
    tmp_path: Path, texts: list[str], question: str
) -> None:
    with fresh(tmp_path) as journal:
        journal.add_records([entry(f"{i:032x}", t, question=question) for i, t in enumerate(texts)])
        # CPD records (a draft too) and the word lists, typed with the same text.
        session = journal.add_supervision_session(date(2026, 10, 20), notes=texts[0])
        add_cpd_and_words(journal, texts[-1], entry_uid=f"{0:032x}", session_id=session.id)
        first, again = round_trip(journal, tmp_path)
        assert first == again
        assert '{"cpd":' in first and '{"words":' in first
        assert [a.text for e in journal.iter_details() for a in e.answers[:1]] == texts
        with fresh(tmp_path) as other:
            import_export(other, parse_export(first))
            assert cpd_as_kept(other) == cpd_as_kept(journal)
            assert other.listed_words() == journal.listed_words()


def test_a_v01_markdown_export_still_imports(journal: Journal) -> None:
    result = import_file(journal, V01)
    assert (result.entries_added, result.sessions_added) == (2, 1)
    first, second = journal.iter_details()
    assert first.uid == "0" * 31 + "1" and first.case_code == "CF-2041"
    assert first.visit_minutes == 45 and first.flagged and first.current_step == 2
    assert [a.question for a in first.answers] == ["What was the visit for?", "What did you feel?"]
    assert first.answers[0].text == (
        "A planned visit to see the children.\nMum had tidied *everything*."
        "\n\n# Not a heading, and 1. not a list"
    )
    assert first.answers[1].text == ""  # "*Not answered.*" in the file
    assert first.free_tags == ("neglect", "school")
    assert first.themes == ("Use of self and emotion",)
    assert [(a.text, a.due, a.done) for a in first.actions] == [
        ("Ring the school", date(2026, 10, 9), False),
        ("Write up the visit", None, True),
    ]
    assert first.supervisor_question == "How do I name the worry without losing her?"
    assert second.answers[0].text == "Grandad came in <b>angry</b> & left calmer."
    assert second.answers[0].theme == "" and second.visit_type == "office"
    (session,) = journal.supervision_sessions()
    assert session.notes == "Talked about *the* visit." and session.supervisor_initials == "RT"
    assert session.entry_uids == (first.uid,)
    assert [(a.text, a.done) for a in session.actions] == [
        ("Plan a joint visit", False),
        ("Read the plan", True),
    ]
    assert [t.name for t in journal.terms()] == ["Autumn 2026-27"]


def test_what_is_not_an_archive_is_refused_in_one_sentence(
    tmp_path: Path, journal: Journal
) -> None:
    cases = {
        "notes.md": (
            "# My notes\n\nNot an export.\n",
            "To move a journal, export it with --format archive",
        ),
        "newer.md": ('# X\n\n<!-- reflect-export {"format":99} -->\n', "newer Reflect"),
        "newer.jsonl": ('{"archive":"reflect","version":9}\n', "newer Reflect"),
        "cut.jsonl": (
            '{"archive":"reflect","version":1}\n{"term":{"name":"A",',
            "damaged at line 2",
        ),
        "short.jsonl": ('{"archive":"reflect","version":1}\n', "incomplete"),
        "themes.jsonl": (
            '{"archive":"reflect","version":1}\n{"entry":{"themes":[{"a":1}]}}\n',
            "damaged at line 2",
        ),
        "legacy.md": (
            '# X\n\n<!-- reflect-export {"format":1} -->\n\n### A\n\n'
            '<!-- reflect-entry {"uid": 1} -->\n',
            "damaged near line",
        ),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        path.write_text(content)
        with pytest.raises(ImportRefused, match=expected):
            import_file(journal, path)
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\xff\xd8\xff\xe0" * 10)
    with pytest.raises(ImportRefused, match="not text"):
        import_file(journal, binary)
    with pytest.raises(ImportRefused, match="no file"):
        import_file(journal, tmp_path / "missing.md")
    assert journal.count_entries() == 0


# -- fuzzing: any edit or cut of a real file is imported whole or refused whole -------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a JSON value, the value itself first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def put(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    value[path[0]] = put(value[path[0]], path[1:], new)
    return value


@pytest.fixture(scope="module")
def sources(library: PromptLibrary, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("sources")
    with Journal.open(folder / "j.db") as journal:
        fill_journal(journal, library, 3, seed=8, until=TODAY)
        journal.add_records([entry("f" * 32, AWKWARD[0])])
        session = journal.add_supervision_session(
            date(2026, 10, 20), supervisor_initials="RT", notes="Notes.", entry_uids=["f" * 32]
        )
        add_cpd_and_words(journal, "Tyler's nan", entry_uid="f" * 32, session_id=session.id)
        made = archive(journal)
    return {"archive": made, "v0.1": V01.read_text(encoding="utf-8")}


def contents(journal: Journal) -> tuple[int, int, int]:
    return journal.count_entries(), len(journal.supervision_sessions()), len(journal.terms())


def imported_whole_or_not_at_all(folder: Path, text: str) -> None:
    with fresh(folder) as journal:
        try:
            parsed = parse_export(text)
        except ImportRefused as refused:
            event("refused")  # --hypothesis-show-statistics shows how often each happens
            assert str(refused).strip() and "\n" not in str(refused)
            assert contents(journal) == (0, 0, 0)
            return
        event("imported")
        result = import_export(journal, parsed)
        assert result.entries_added == len(parsed.records) == journal.count_entries()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), which=st.sampled_from(["archive", "v0.1"]), new=json_values)
def test_edited_metadata_is_imported_or_refused_never_a_traceback(
    tmp_path: Path, sources: dict[str, str], data: st.DataObject, which: str, new: Any
) -> None:
    lines = sources[which].split("\n")
    if which == "archive":
        candidates = [i for i, line in enumerate(lines) if line.startswith("{")]
        number = data.draw(st.sampled_from(candidates))
        value, before, after = json.loads(lines[number]), "", ""
    else:
        candidates = [i for i, line in enumerate(lines) if line.startswith("<!-- reflect-")]
        number = data.draw(st.sampled_from(candidates))
        marker, _, payload = lines[number][5:-4].partition(" ")
        value, before, after = json.loads(payload), f"<!-- {marker} ", " -->"
    place = data.draw(st.sampled_from(paths(value)))
    lines[number] = before + json.dumps(put(value, place, new)) + after
    imported_whole_or_not_at_all(tmp_path, "\n".join(lines))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.data(),
    which=st.sampled_from(["archive", "v0.1"]),
    edit=st.sampled_from(["cut", "drop line", "repeat line", "insert", "replace"]),
    typed=st.text(max_size=40),
)
def test_cut_or_edited_bodies_are_imported_or_refused_never_a_traceback(
    tmp_path: Path, sources: dict[str, str], data: st.DataObject, which: str, edit: str, typed: str
) -> None:
    text = sources[which]
    at = data.draw(st.integers(0, len(text)))
    lines = text.split("\n")
    line = data.draw(st.integers(0, len(lines) - 1))
    if edit == "cut":
        text = text[:at]
    elif edit == "drop line":
        text = "\n".join(lines[:line] + lines[line + 1 :])
    elif edit == "repeat line":
        text = "\n".join(lines[: line + 1] + lines[line:])
    elif edit == "insert":
        text = text[:at] + typed + text[at:]
    else:
        text = text[:at] + typed + text[at + len(typed) :]
    imported_whole_or_not_at_all(tmp_path, text)


# -- CPD records and word lists (archive version 2) ------------------------------------------


def test_an_archive_with_nothing_new_stays_version_1_and_old_archives_import(
    journal: Journal, tmp_path: Path
) -> None:
    journal.add_records([entry("a" * 32, "Saw Mum and the baby.")])
    text = archive(journal)
    # A Reflect that reads only version 1 still reads it.
    assert text.startswith('{"archive":"reflect","version":1}\n')
    assert text.endswith('{"end":{"entries":1,"sessions":0,"terms":0}}\n')
    with fresh(tmp_path) as other:
        result = import_export(other, parse_export(text))
        assert (result.entries_added, result.cpd_added, result.words_added) == (1, 0, 0)
    # Version 1 never held CPD records: such a line is damage, not something to skip.
    with pytest.raises(ImportRefused, match="damaged at line 3"):
        parse_export(text.replace('{"end"', '{"cpd":{}}\n{"end"'))
    with pytest.raises(ImportRefused, match="newer Reflect"):
        parse_export(text.replace('"version":1', '"version":3'))


def test_a_version_2_archive_counts_its_cpd_records_and_words(
    journal: Journal, tmp_path: Path
) -> None:
    journal.add_records([entry("a" * 32, "Saw Mum.")])
    session = journal.add_supervision_session(date(2026, 10, 20), notes="Talked.")
    add_cpd_and_words(journal, "Tyler", entry_uid="a" * 32, session_id=session.id)
    text = archive(journal)
    assert text.startswith('{"archive":"reflect","version":2}\n')
    assert text.endswith(
        '{"end":{"cpd":2,"entries":1,"sessions":1,"terms":0,"words":2}}\n'
    )  # "Tyler" is already on the flag list
    lines = text.splitlines(keepends=True)
    dropped = "".join(line for line in lines if not line.startswith('{"cpd"'))
    with pytest.raises(ImportRefused, match="does not hold what its last line counts"):
        parse_export(dropped)
    words_line = next(line for line in lines if line.startswith('{"words"'))
    with pytest.raises(ImportRefused, match="holds the word lists twice"):
        parse_export(text.replace(words_line, words_line * 2))
    wrong_session = text.replace('"sessions":[0]', '"sessions":[5]')
    with pytest.raises(ImportRefused, match="should name sessions that come before it"):
        parse_export(wrong_session)


def test_the_reviewers_journal_moves_whole_through_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from reflect.cli import cli

    def run(db: Path, *args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    old, new = tmp_path / "old.db", tmp_path / "new.db"
    with Journal.open(old) as journal:
        journal.add_records([entry("a" * 32, "Saw Mum.")])
        fields = CpdFields(
            title="Neglect course",
            cpd_type="Course or training",
            description="A day on neglect.",
            activity_date=date(2026, 10, 5),
            learnt="It builds slowly.",
            impact="I compare visits.",
        )
        journal.complete_cpd(journal.create_cpd(fields).id, fields)
    run(old, "words", "flag", "Tyler")
    run(old, "words", "allow", "Oakfield Team")
    out = tmp_path / "all.jsonl"
    run(old, "export", "--format", "archive", "-o", str(out))
    said = run(new, "import", str(out))
    assert "1 CPD record (0 already in the journal) and 2 words" in said
    assert "Neglect course" in run(new, "cpd", "list")
    listed = run(new, "words", "list")
    assert "Tyler" in listed and "Oakfield Team" in listed
    again = run(new, "import", str(out))
    assert "0 CPD records (1 already in the journal) and 0 words" in again


def test_a_session_typed_with_odd_spacing_or_a_long_name_imports_once(
    journal: Journal, tmp_path: Path
) -> None:
    """An older or hand-edited archive may hold a supervisor as typed, not as kept."""
    journal.add_records([entry("a" * 32, "Saw Mum.")])
    journal.add_supervision_session(date(2026, 10, 20), supervisor_initials="JB", notes="Talked.")
    text = archive(journal)
    edited = text.replace('"initials":"JB"', '"initials":"  Josephine   Brightwater "')
    assert edited != text
    with fresh(tmp_path) as other:
        first = import_export(other, parse_export(edited))
        again = import_export(other, parse_export(edited))
        assert (first.sessions_added, again.sessions_added) == (1, 0)
        assert [s.supervisor_initials for s in other.supervision_sessions()] == ["Josephine Br"]


def test_cpd_records_and_word_lists_go_only_into_an_archive_of_the_whole_journal(
    journal: Journal,
) -> None:
    """A one-case or flagged archive holds no CPD records or words; drafts only when asked."""
    journal.add_records([entry("a" * 32, "Saw Mum.")])
    session = journal.add_supervision_session(date(2026, 10, 20), notes="Talked.")
    add_cpd_and_words(journal, "Kayden", entry_uid="a" * 32, session_id=session.id)

    def counts(scope: ExportScope) -> dict[str, int]:
        text = export(journal, scope, fmt="archive").text
        return json.loads(text.splitlines()[-1])["end"]  # type: ignore[no-any-return]

    everything = counts(EVERYTHING)
    assert (everything["cpd"], everything["words"]) == (2, 3)
    # Without drafts, the CPD draft stays home as the draft entries do.
    assert (counts(ExportScope())["cpd"], counts(ExportScope())["words"]) == (1, 3)
    # Handing over one family's entries, or the flagged ones, hands over nothing else.
    for scope in (
        ExportScope(case_code="CF-9", include_drafts=True),
        ExportScope(flagged_only=True, include_drafts=True),
    ):
        one = counts(scope)
        assert "cpd" not in one and "words" not in one, one
    case_text = export(journal, ExportScope(case_code="CF-9"), fmt="archive").text
    assert case_text.startswith('{"archive":"reflect","version":1}\n')
    assert "Kayden" not in case_text and "Oakfield" not in case_text


@pytest.mark.parametrize("fmt", ["markdown", "html", "archive"])
def test_a_one_case_export_holds_no_supervision_sessions(journal: Journal, fmt: str) -> None:
    """A session's notes are about every family discussed, not the one case handed over."""
    journal.add_records([entry(f"{9:032x}", "Home visit, all calm.")])
    journal.add_supervision_session(
        date(2026, 10, 20), notes="Talked about CF-8737: ring Mrs Okafor-Lindqvist next week."
    )
    one_case = export(journal, ExportScope(case_code="CF-9", include_drafts=True), fmt=fmt)
    assert "Okafor-Lindqvist" not in one_case.text and "CF-8737" not in one_case.text
    assert (one_case.entries, one_case.sessions) == (1, 0)
    whole = export(journal, ExportScope(include_drafts=True), fmt=fmt)
    assert "Okafor-Lindqvist" in whole.text and whole.sessions == 1


def test_an_entry_changed_on_one_side_is_named_when_import_keeps_the_journals_version(
    tmp_path: Path,
) -> None:
    # Review 21: an entry edited on a second machine and brought back by
    # import was counted "already in the journal" and skipped without a word.
    from click.testing import CliRunner

    from reflect.cli import cli

    def run(db: Path, *args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    first, second = tmp_path / "first.db", tmp_path / "second.db"
    with Journal.open(first) as journal:
        journal.add_records(
            [entry("a" * 32, "Saw Mum."), entry("b" * 32, "Saw Dad.", when=date(2026, 10, 2))]
        )
    moved = tmp_path / "moved.jsonl"
    run(first, "export", "--format", "archive", "-o", str(moved))
    run(second, "import", str(moved))
    with Journal.open(second) as journal:
        (edited,) = [e for e in journal.list_entries().items if e.visit_date == date(2026, 10, 2)]
        journal.save_draft(edited.id, {"q0": "Saw Dad. EDITED ON THE SECOND MACHINE"})
    back = tmp_path / "back.jsonl"
    run(second, "export", "--format", "archive", "-o", str(back))
    said = run(first, "import", str(back))
    assert "0 entries (2 already in the journal)" in said
    assert "1 entry already in the journal read differently in the file" in said
    assert "02 Oct 2026 CF-9" in said and "01 Oct 2026" not in said
    with Journal.open(first) as journal:  # the journal's own version, as said
        assert not journal.search("EDITED")
    assert "read differently" not in run(second, "import", str(back))  # the same: nothing said
