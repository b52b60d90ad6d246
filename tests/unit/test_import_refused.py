"""A file import refuses leaves no new journal behind (review 25).

Into a fresh folder, `reflect import` of a missing file, a Markdown export or
a cut archive said why it refused, but made an unencrypted journal without
a word; the app then opened it straight away, skipping the screen that
offers a passphrase.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core.journal import Journal
from tests.helpers import new_draft


def refused_files(tmp_path: Path) -> dict[str, Path]:
    source = tmp_path / "source.db"
    with Journal.open(source) as journal:
        new_draft(journal, "CF-4301")
    runner = CliRunner()
    archive = tmp_path / "whole.archive"
    markdown = tmp_path / "term.md"
    for fmt, out in (("archive", archive), ("markdown", markdown)):
        period = ["--from", "2000-01-01", "--to", "2100-12-31"]
        args = ["--db", str(source), "export", "--format", fmt, "--include-drafts", *period]
        done = runner.invoke(cli, [*args, "-o", str(out)])
        assert done.exit_code == 0, done.output + done.stderr
    cut = tmp_path / "cut.archive"
    cut.write_bytes(archive.read_bytes()[: len(archive.read_bytes()) // 2])
    return {"missing": tmp_path / "nowhere.archive", "markdown": markdown, "cut": cut}


@pytest.mark.parametrize("which", ["missing", "markdown", "cut"])
def test_a_refused_import_into_a_fresh_folder_makes_no_journal(
    isolated_folders: Path, which: str
) -> None:
    path = refused_files(isolated_folders)[which]
    done = CliRunner().invoke(cli, ["import", str(path)])
    assert done.exit_code != 0
    assert "Traceback" not in done.output + done.stderr
    assert not (isolated_folders / "data" / "journal.db").exists()


def test_an_import_that_works_still_makes_the_journal(isolated_folders: Path) -> None:
    runner = CliRunner()
    archive = isolated_folders / "whole.archive"
    source = isolated_folders / "source.db"
    with Journal.open(source) as journal:
        new_draft(journal, "CF-4302")
    args = ["--db", str(source), "export", "--format", "archive", "--include-drafts"]
    done = runner.invoke(cli, [*args, "-o", str(archive)])
    assert done.exit_code == 0, done.output + done.stderr
    done = runner.invoke(cli, ["import", str(archive)])
    assert done.exit_code == 0, done.output + done.stderr
    assert "Imported 1 entry" in done.output
    assert "not encrypted" in done.stderr  # the new journal is said, as before
    assert (isolated_folders / "data" / "journal.db").exists()


def test_a_damaged_archive_imported_into_a_journal_changes_nothing(isolated_folders: Path) -> None:
    # Into a journal already there the file is read once, written as it is
    # read; the cut at the end is found after entries went in, and undone.
    files = refused_files(isolated_folders)
    runner = CliRunner()
    (isolated_folders / "data").mkdir()
    with Journal.open(isolated_folders / "data" / "journal.db") as journal:
        new_draft(journal, "CF-4303")
    for which in ("cut", "markdown", "missing"):
        done = runner.invoke(cli, ["import", str(files[which])])
        assert done.exit_code != 0 and "Traceback" not in done.output + done.stderr, which
        with Journal.open(isolated_folders / "data" / "journal.db") as journal:
            assert [e.case_code for e in journal.list_entries().items] == ["CF-4303"], which


def test_the_file_is_read_once_into_a_journal_not_yet_made_and_a_refused_one_leaves_none(
    isolated_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is no longer read through before the journal is made: a cut
    # is found while importing, the import rolls back, and the journal this
    # command made goes with its log, index and lock files.
    from reflect.core import importer

    refused_files(isolated_folders)
    archive = isolated_folders / "whole.archive"
    whole = archive.read_text(encoding="utf-8").splitlines()
    cut = isolated_folders / "last-line-cut.archive"  # the entry is written before it is found
    cut.write_text("\n".join(whole[:-1]) + "\n", encoding="utf-8")
    reads: list[Path] = []
    real = importer.ArchiveReading

    def counted(lines: object, origin: str) -> object:
        reads.append(Path(origin))
        return real(lines, origin)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "ArchiveReading", counted)
    done = CliRunner().invoke(cli, ["import", str(cut)])
    assert done.exit_code != 0 and "is incomplete" in done.output + done.stderr
    assert "not encrypted" not in done.stderr  # no journal was left, so none is announced
    assert list((isolated_folders / "data").glob("journal.db*")) == []
    reads.clear()
    done = CliRunner().invoke(cli, ["import", str(archive)])
    assert done.exit_code == 0 and "Imported 1 entry" in done.output
    assert reads == [archive]  # once: it was read twice, checked through first


def test_a_journal_made_by_the_import_but_written_to_meanwhile_is_never_removed(
    isolated_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.core import importer
    from reflect.core.errors import ImportRefused

    cut = refused_files(isolated_folders)["cut"]
    journal_path = isolated_folders / "data" / "journal.db"

    def written_elsewhere_then_refused(*_args: object, **_kwargs: object) -> None:
        # Another Reflect saves a draft in the new journal while this import runs.
        with Journal.open(journal_path) as other:
            new_draft(other, "CF-4304")
        raise ImportRefused("The file is damaged.")

    monkeypatch.setattr(importer, "import_file", written_elsewhere_then_refused)
    done = CliRunner().invoke(cli, ["import", str(cut)])
    assert done.exit_code != 0 and "The file is damaged." in done.output + done.stderr
    with Journal.open(journal_path) as journal:
        assert [e.case_code for e in journal.list_entries().items] == ["CF-4304"]
