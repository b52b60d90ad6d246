"""The command line, through click's runner and as a real process."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect import __version__
from reflect.cli import cli
from reflect.core.dates import parse_date

UNTIL = ["--until", "2026-11-20"]


def run(*args: str, db: Path | None = None) -> Result:
    argv = (["--db", str(db)] if db else []) + list(args)
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    db = tmp_path / "sample.db"
    result = run("sample", "--entries", "120", "--seed", "2", *UNTIL, db=db)
    assert result.exit_code == 0, result.output
    assert "Added 120 invented entries" in result.output
    return db


def one_line_error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("reflect: ")
    return lines[0]


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"reflect, version {__version__}"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["list"],
        ["search"],
        ["sample"],
        ["demo"],
        ["locate"],
        ["prompts"],
        ["prompts", "check"],
        ["prompts", "new"],
        ["prompts", "show"],
        ["prompts", "list"],
        ["terms"],
        ["terms", "add"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: reflect" in result.output


def test_locate_shows_every_folder_and_creates_nothing(isolated_folders: Path) -> None:
    result = run("locate")
    assert result.exit_code == 0
    for label in ("Data folder:", "Journal:", "Config folder:", "Backups folder:"):
        assert label in result.output
    assert str(isolated_folders / "data" / "journal.db") in result.output
    assert not (isolated_folders / "data").exists()


def test_db_flag_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLECT_DB", str(tmp_path / "env.db"))
    assert str(tmp_path / "env.db") in run("locate").output
    assert str(tmp_path / "flag.db") in run("--db", str(tmp_path / "flag.db"), "locate").output


def test_list_without_a_journal_is_one_clear_line(isolated_folders: Path) -> None:
    line = one_line_error(run("list"))
    assert "There is no journal" in line and "reflect demo" in line
    assert not (isolated_folders / "data" / "journal.db").exists()
    line = one_line_error(run("list", db=isolated_folders / "missing.db"))
    assert "missing.db" in line


def test_list(sample_db: Path) -> None:
    result = run("list", "--limit", "5", db=sample_db)
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 5 + 3
    assert "1 to 5 of 120 entries." in result.output
    assert "--offset 5" in result.output


def test_list_json_and_filters(sample_db: Path) -> None:
    data = json.loads(run("list", "--json", "--limit", "500", db=sample_db).output)
    assert data["total"] == 120 and len(data["entries"]) == 120
    flagged = json.loads(run("list", "--flagged", "--json", db=sample_db).output)
    assert flagged["entries"] and all(e["flagged"] for e in flagged["entries"])
    drafts = json.loads(run("list", "--drafts", "--json", db=sample_db).output)
    assert all(e["status"] == "draft" for e in drafts["entries"])
    term = json.loads(
        run("list", "--term", "Autumn 2026-27", "--json", "--limit", "500", db=sample_db).output
    )
    assert term["entries"] and all(
        "2026-09-01" <= e["visit_date"] <= "2026-12-19" for e in term["entries"]
    )
    code = data["entries"][0]["case_code"]
    by_case = json.loads(
        run("list", "--case", code, "--json", "--limit", "500", db=sample_db).output
    )
    assert by_case["entries"] and all(e["case_code"] == code for e in by_case["entries"])
    window = json.loads(
        run("list", "--from", "01/10/2026", "--to", "2026-10-31", "--json", db=sample_db).output
    )
    assert all("2026-10-01" <= e["visit_date"] <= "2026-10-31" for e in window["entries"])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", "--from", "31/02/2026"], "not a real date"),
        (["list", "--from", "someday"], "is not a date"),
        (["list", "--term", "Winter"], "no term called 'Winter'"),
        (["list", "--drafts", "--flagged"], "not both"),
        (["list", "--from", "2026-10-10", "--to", "2026-10-01"], "--to is before --from"),
        (["list", "--colour"], "No such option"),
        (["search"], "Missing argument"),
        (["terms", "add", "Autumn", "2026-12-01", "2026-09-01"], "before it starts"),
        (["terms", "remove", "Nope"], "no term called"),
    ],
)
def test_user_mistakes_are_one_line(sample_db: Path, args: list[str], expected: str) -> None:
    result = run(*args, db=sample_db)
    assert result.exit_code != 0
    assert expected in one_line_error(result, result.exit_code)


def test_not_a_journal_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"\x89PNG" + b"\x00" * 4000)
    assert "not a Reflect journal" in one_line_error(run("list", db=bad))


def test_search(sample_db: Path) -> None:
    result = run("search", "kitchen table", "--limit", "3", db=sample_db)
    assert result.exit_code == 0
    assert "[kitchen]" in result.output and "[table]" in result.output
    hits = json.loads(run("search", "kitchen", "--json", "--limit", "4", db=sample_db).output)
    assert len(hits) == 4
    assert all("[kitchen]" in h["snippet"].lower() for h in hits)
    assert hits == sorted(hits, key=lambda h: h["rank"])
    assert "Nothing matches" in run("search", "xylophone", db=sample_db).output


def test_search_reads_without_sqlalchemy_unless_the_journal_needs_upgrading(
    sample_db: Path, tmp_path: Path
) -> None:
    """An up-to-date journal is searched through the driver alone (the quick start-up)."""
    from reflect.core.store import MIGRATIONS, create_journal_engine, migrate_to

    code = (
        "import sys; from reflect.cli import cli\n"
        "try: cli.main(sys.argv[1:], standalone_mode=False)\n"
        "finally: print('sqlalchemy' in sys.modules, file=sys.stderr)\n"
    )

    def search(db: Path) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-c", code, "--db", str(db), "search", "kitchen", "--json"]
        return subprocess.run(argv, capture_output=True, text=True, check=True)

    quick = search(sample_db)
    assert quick.stderr.strip() == "False"
    in_process = run("search", "kitchen", "--json", db=sample_db).output
    assert json.loads(quick.stdout) == json.loads(in_process)
    old = tmp_path / "old.db"
    engine = create_journal_engine(old, migrate=False)
    migrate_to(engine, MIGRATIONS[-2].version)
    engine.dispose()
    upgraded = search(old)  # opened as a `Journal`, upgraded, then searched
    assert upgraded.stderr.strip().endswith("True")
    assert json.loads(upgraded.stdout) == []


def test_sample_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for db in (a, b):
        run("sample", "--entries", "30", "--seed", "11", *UNTIL, db=db)
    dump = [run("list", "--json", "--limit", "100", db=db).output for db in (a, b)]
    assert dump[0] == dump[1]


def test_sample_refuses_a_real_journal_unless_told(tmp_path: Path) -> None:
    from reflect.core.journal import Journal
    from tests.helpers import new_draft

    db = tmp_path / "mine.db"
    with Journal.open(db) as journal:
        new_draft(journal, "CF-9")
    refused = run("sample", "--entries", "5", *UNTIL, db=db)
    assert "holds 1 entry that is not invented" in one_line_error(refused)
    assert "--into-real-journal" in refused.stderr
    with Journal.open(db) as journal:
        assert journal.count_entries() == 1
    mixed = run("sample", "--entries", "5", "--into-real-journal", *UNTIL, db=db)
    assert mixed.exit_code == 0
    with Journal.open(db) as journal:
        assert journal.count_entries() == 6 and journal.count_real_entries() == 1
    # a journal of invented entries only takes more without being told
    invented = tmp_path / "sample.db"
    assert run("sample", "--entries", "5", *UNTIL, db=invented).exit_code == 0
    assert run("sample", "--entries", "5", "--seed", "2", *UNTIL, db=invented).exit_code == 0


def test_terms_commands(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run("terms", "add", "Placement 1", "2026-09-07", "2026-12-18", db=db).exit_code == 0
    assert "Placement 1" in run("terms", "list", db=db).output
    # Overlapping periods are fine; a name used twice is not.
    assert run("terms", "add", "Autumn", "2026-09-01", "2026-12-19", db=db).exit_code == 0
    line = one_line_error(run("terms", "add", "placement 1", "2027-01-01", "2027-01-30", db=db))
    assert "already a term" in line
    assert run("terms", "remove", "placement 1", db=db).exit_code == 0
    assert run("terms", "remove", "autumn", db=db).exit_code == 0
    assert "No terms yet" in run("terms", "list", db=db).output


def test_registration_year_wherever_term_is_accepted(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    run("sample", "--entries", "40", "--seed", "5", *UNTIL, db=db)
    listed = json.loads(
        run("list", "--json", "--limit", "500", "--registration-year", "2025-26", db=db).output
    )
    dates = [e["visit_date"] for e in listed["entries"]]
    assert dates and all("2025-12-01" <= d <= "2026-11-30" for d in dates)
    by_dates = json.loads(
        run(
            "list", "--json", "--limit", "500", "--from", "2025-12-01", "--to", "2026-11-30", db=db
        ).output
    )
    assert listed == by_dates
    out = tmp_path / "year.md"
    exported = run("export", "--registration-year", "2025-2026", "-o", str(out), db=db)
    assert exported.exit_code == 0, exported.output
    assert out.read_text().startswith("# Reflective journal: Registration year 2025-26")
    wrong = one_line_error(run("list", "--registration-year", "2025-27", db=db), code=2)
    assert "two years in a row" in wrong
    both = run("export", "--registration-year", "2025-26", "--term", "x", db=db)
    assert both.exit_code != 0 and "Choose one of" in both.output


def test_prompts_commands(isolated_folders: Path, tmp_path: Path) -> None:
    listing = run("prompts", "list").output
    for set_id in ("relational", "gibbs", "driscoll", "kolb", "johns", "quick"):
        assert set_id in listing
    shown = run("prompts", "show", "gibbs").output
    assert "6. Action plan" in shown and "6. 6." not in shown and "Gibbs, G. (1988)" in shown
    assert "(bundled)" in listing and "yours:" not in listing
    assert "There is no prompt set 'nope'" in one_line_error(run("prompts", "show", "nope"))
    created = run("prompts", "new", "after-court")
    path = Path(created.output.strip())
    assert path == isolated_folders / "config" / "prompts" / "after-court.toml"
    checked = run("prompts", "check", str(path))
    assert checked.exit_code == 0 and "valid prompt set" in checked.output
    assert "after-court" in run("prompts", "list").output
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\nname = "X"\n[[prompts]]\nid = "a"\ncolour = 1\n')
    result = run("prompts", "check", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:5: prompt 1: unknown key 'colour'" in result.stderr
    assert "needs 'description'" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"reflect: {broken} has ")


def test_a_broken_user_set_is_reported_but_does_not_stop_the_command(
    isolated_folders: Path,
) -> None:
    folder = isolated_folders / "config" / "prompts"
    folder.mkdir(parents=True)
    (folder / "oops.toml").write_text("id = [\n")
    result = run("prompts", "list")
    assert result.exit_code == 0
    assert "relational" in result.stdout
    assert "skipped a prompt set" in result.stderr and "oops.toml" in result.stderr


def test_parse_date_forms() -> None:
    assert parse_date("2026-11-03").isoformat() == "2026-11-03"
    assert parse_date("3/11/2026").isoformat() == "2026-11-03"
    assert parse_date("03.11.2026").isoformat() == "2026-11-03"
    with pytest.raises(ValueError):
        parse_date("11/31/2026")


@pytest.mark.slow
def test_real_process_makes_private_files(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "REFLECT_DATA_DIR": str(tmp_path / "data"),
        "REFLECT_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    env.pop("REFLECT_DB", None)
    proc = subprocess.run(
        [sys.executable, "-m", "reflect", "sample", "--entries", "5", *UNTIL],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "journal.db").stat().st_mode) == 0o600
    listed = subprocess.run(
        [sys.executable, "-m", "reflect", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(listed.stdout)["total"] == 5
    bad = subprocess.run(
        [sys.executable, "-m", "reflect", "list", "--from", "yesterdayish"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_a_closed_pipe_is_not_an_error_message(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    run("sample", "--entries", "1500", *UNTIL, db=db)
    # One write per row, long after head has read its line and closed the pipe.
    proc = subprocess.run(
        f"{sys.executable} -m reflect --db {db} list --limit 1500 | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == ""


def test_export_and_import_commands(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "--term", "Autumn 2026-27", db=sample_db)
    assert result.exit_code == 0, result.output
    out = tmp_path / "reflect-autumn-2026-27.md"
    assert f"to {out}." in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = run("export", "--term", "Autumn 2026-27", db=sample_db)
    assert "already exists" in one_line_error(again)
    assert run("export", "--term", "Autumn 2026-27", "--force", db=sample_db).exit_code == 0
    to_screen = run("export", "--from", "2026-10-01", "--to", "2026-10-31", "-o", "-", db=sample_db)
    assert to_screen.stdout.startswith("# Reflective journal: 1 October 2026 to 31 October 2026")
    cpd = run(
        "export",
        "--term",
        "Autumn 2026-27",
        "--format",
        "cpd",
        "--anonymise",
        "-o",
        "cpd.txt",
        db=sample_db,
    )
    assert cpd.exit_code == 0 and "Case codes and the identifiers" in cpd.output
    assert (tmp_path / "cpd.txt").read_text().startswith("CPD records: Autumn 2026-27\n===")
    # the Markdown is for reading; the archive moves a journal
    assert "To move a journal, export it with --format archive" in one_line_error(
        run("import", str(out), db=tmp_path / "other.db")
    )
    archived = run("export", "--format", "archive", db=sample_db)
    assert archived.exit_code == 0, archived.output
    archive = tmp_path / "reflect-archive-whole-journal.jsonl"
    fresh = tmp_path / "fresh.db"
    imported = run("import", str(archive), db=fresh)
    assert imported.exit_code == 0, imported.output
    assert imported.output.startswith("Imported ")
    assert "(0 already in the journal)" in imported.output
    assert "(0 already" not in run("import", str(archive), db=fresh).output
    assert "Autumn 2026-27" in run("terms", "list", db=fresh).output
    again = run("export", "--format", "archive", "-o", "again.jsonl", db=fresh)
    assert again.exit_code == 0
    assert (tmp_path / "again.jsonl").read_bytes() == archive.read_bytes()
    for fmt, name in (
        ("html", "reflect-autumn-2026-27.html"),
        ("docx", "reflect-autumn-2026-27.docx"),
    ):
        made = run("export", "--term", "Autumn 2026-27", "--format", fmt, db=sample_db)
        assert made.exit_code == 0 and (tmp_path / name).stat().st_size > 0
    word_to_screen = run(
        "export", "--term", "Autumn 2026-27", "--format", "docx", "-o", "-", db=sample_db
    )
    assert "cannot go to the screen" in one_line_error(word_to_screen, code=2)


def test_title_block_command_keeps_each_line(sample_db: Path, tmp_path: Path) -> None:
    shown = run("title-block", "--name", "Sam Carter", "--team", "Riverside", "--private", "name")
    assert shown.exit_code == 0, shown.output
    assert "Name: Sam Carter (left out when anonymised)" in shown.output
    assert "Role: (not set)" in shown.output
    assert "Team or placement: Riverside" in run("title-block").output
    document = run("export", "--term", "Autumn 2026-27", "-o", "-", db=sample_db).stdout
    assert "Name: Sam Carter" in document and "Team or placement: Riverside" in document
    masked = run("export", "--term", "Autumn 2026-27", "--anonymise", "-o", "-", db=sample_db)
    assert "Sam Carter" not in masked.stdout and "Team or placement: Riverside" in masked.stdout
    educator = run("title-block", "--educator", "Priya Shah").output
    assert "Practice educator or supervisor: Priya Shah (written [supervisor] when" in educator


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export"], "Say which period"),
        (["export", "--term", "X", "--from", "2026-01-01"], "Choose one of"),
        (["export", "--term", "Nope"], "no term called 'Nope'"),
        (["export", "--from", "2026-02-01", "--to", "2026-01-01"], "--to is before --from"),
        (["export", "--term", "Autumn 2026-27", "--format", "pdf"], "'pdf' is not one of"),
        (["import", "nowhere.md"], "There is no file"),
    ],
)
def test_export_mistakes_are_one_line(sample_db: Path, args: list[str], expected: str) -> None:
    result = run(*args, db=sample_db)
    assert expected in one_line_error(result, result.exit_code)


def test_terms_suggest(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    run("terms", "add", "Placement", "2030-01-01", "2030-02-01", db=fresh)
    run("terms", "remove", "Placement", db=fresh)
    assert "would be:" in run("terms", "list", db=fresh).output
    added = run("terms", "suggest", db=fresh)
    assert added.output.count("Added ") == 3
    again = run("terms", "suggest", db=fresh)
    assert again.output.count("Skipped ") == 3


def test_check_command(sample_db: Path) -> None:
    ok = run("check", db=sample_db)
    assert ok.exit_code == 0 and ok.output.startswith("ok: ")
    import sqlite3

    conn = sqlite3.connect(sample_db)
    conn.execute("DROP TRIGGER answer_fts_upd_b")  # let the index fall out of step
    conn.execute("UPDATE answer SET text = 'changed behind the index' WHERE id = 1")
    conn.commit()
    conn.close()
    bad = run("check", db=sample_db)
    assert bad.exit_code == 1
    assert "problem: search index" in bad.stderr
    assert "--repair-search" in bad.stderr.strip().splitlines()[-1]
    repaired = run("check", "--repair-search", db=sample_db)
    assert repaired.exit_code == 0 and "rebuilt" in repaired.output
    assert run("check", db=sample_db).exit_code == 0
    conn = sqlite3.connect(sample_db)
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    conn.execute("UPDATE answer SET text = 'and changed again' WHERE id = 1")
    conn.commit()
    conn.close()
    assert "answer_fts_upd_b" in triggers  # the repair put the trigger back
    assert run("check", db=sample_db).exit_code == 0  # so later changes stay in step
    conn = sqlite3.connect(sample_db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO answer (entry_id, prompt_id) VALUES (999999, 'x')")
    conn.commit()
    conn.close()
    broken = run("check", db=sample_db)
    assert "points to a missing entry" in broken.stderr
    assert "put the most recent backup back" in broken.stderr


def test_a_long_upgrade_is_announced_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reflect.cli.common as cli_module
    from reflect.core.store import MIGRATIONS, create_journal_engine, migrate_to

    path = tmp_path / "old.db"
    engine = create_journal_engine(path, migrate=False)
    migrate_to(engine, MIGRATIONS[-2].version)
    engine.dispose()
    monkeypatch.setattr(cli_module, "UPGRADE_NOTICE_BYTES", 0)  # as if it were large
    first = run("list", db=path)
    assert first.exit_code == 0, first.output
    assert "updating your journal for this version of Reflect" in first.stderr
    again = run("list", db=path)
    assert again.exit_code == 0 and "updating" not in again.stderr
    # A small journal is upgraded without a word: it takes no time.
    monkeypatch.setattr(cli_module, "UPGRADE_NOTICE_BYTES", 20 * 1024 * 1024)
    small = tmp_path / "small.db"
    engine = create_journal_engine(small, migrate=False)
    migrate_to(engine, MIGRATIONS[-2].version)
    engine.dispose()
    quiet = run("list", db=small)
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_new_plain_asks_line_by_line_and_keeps_the_same_promises(tmp_path: Path) -> None:
    from reflect.core.journal import Journal

    db = tmp_path / "plain.db"
    lines = [
        "yesterday",  # the visit date, in words
        "CF-4410",
        "2",  # joint visit
        "",  # the set: the default first, then change it below
    ]
    # Choose the quick check-in by its place in the name-ordered menu.
    from reflect.core.prompts import load_library

    names = sorted(load_library().sets.values(), key=lambda s: s.name)
    lines[-1] = str([s.id for s in names].index("quick") + 1)
    lines += [
        "Mum was upset; I stayed calm.",
        "Her phone is 07700 900123.",
        "",
        "Shaken",
        "",
        "",  # what I need: skipped
        "Ring the school by friday",
        "",
        "n",  # bring to supervision? no
        "y",  # replace what may identify someone
        "y",  # save as complete
    ]
    result = CliRunner().invoke(
        cli, ["--db", str(db), "new", "--plain"], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Question 1 of 4" in result.output and "Question 4 of 4" in result.output
    assert "looks like a phone number" in result.output
    assert "Action: Ring the school" in result.output
    with Journal.open(db) as journal:
        [summary] = journal.list_entries().items
        entry = journal.get_entry(summary.id)
    assert entry.status == "complete" and entry.visit_type == "joint"
    assert entry.answers[0].text.startswith("Mum was upset; I stayed calm.\nHer phone is [")
    assert [a.text for a in entry.actions] == ["Ring the school"]
    assert entry.actions[0].due is not None
    assert "Use of self and emotion" in entry.themes


def test_new_plain_keeps_a_draft_when_the_input_stops(tmp_path: Path) -> None:
    from reflect.core.journal import Journal

    db = tmp_path / "plain.db"
    stopped = CliRunner().invoke(
        cli, ["--db", str(db), "new", "--plain"], input="\nCF-4411\n\n\nWe sat in the hall\n"
    )
    assert stopped.exit_code == 0, stopped.output
    assert "Your draft is saved" in stopped.output
    with Journal.open(db) as journal:
        [draft] = journal.list_entries().items
        assert draft.status == "draft" and draft.first_words == "We sat in the hall"
    # stopping before a word is written keeps nothing
    nothing = CliRunner().invoke(cli, ["--db", str(db), "new", "--plain"], input="\nCF-4412\n\n\n")
    assert "no draft was kept" in nothing.output
    with Journal.open(db) as journal:
        assert journal.count_entries() == 1


@pytest.mark.parametrize("columns", [80, 100, 132])
def test_list_and_search_rows_end_at_the_terminals_edge(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """On a terminal no row of `list` or `search` wraps; a pipe still gets the rows whole."""
    import re

    from reflect.cli import entries

    piped = run("search", "the kitchen", "--limit", "5", db=sample_db).output
    assert any(len(line) > 80 for line in piped.splitlines())  # whole rows, for a pipe
    monkeypatch.setattr(entries, "_terminal_columns", lambda: columns)
    for args in (["search", "the kitchen"], ["list"]):
        output = run(*args, "--limit", "8", db=sample_db).output
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in output.splitlines()]
        assert len(lines) >= 8, args
        assert max(len(line) for line in lines) <= columns, (args, lines)
        assert all(line.endswith("…") or len(line) < columns for line in lines)
    first_words = run("list", "--limit", "1", db=sample_db).output.splitlines()[0]
    assert len(first_words) > 63  # the words' column is there, not cut to nothing
