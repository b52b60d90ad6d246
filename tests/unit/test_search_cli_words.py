"""`reflect search` says when there is nothing to search for, and how many match (review 26, 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli


def run(*args: str, db: Path) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("search") / "sample.db"
    result = run("sample", "--entries", "120", "--seed", "2", "--until", "2026-11-20", db=db)
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_a_blank_search_is_refused_in_one_sentence(sample_db: Path, query: str) -> None:
    result = run("search", query, db=sample_db)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "reflect: There is nothing to search for: give a word, as in 'reflect search school'.\n"
    )


@pytest.mark.parametrize("query", ["?!", "a", " - "])
def test_a_search_with_no_word_in_it_is_refused(sample_db: Path, query: str) -> None:
    result = run("search", query, db=sample_db)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("reflect: There is nothing to search for in ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_nothing_to_search_for_makes_no_journal(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    assert run("search", "", db=db).exit_code == 1
    assert not db.exists()


def test_the_best_results_say_how_many_match_in_all(sample_db: Path) -> None:
    every = json.loads(run("search", "kitchen", "--json", "--limit", "1000", db=sample_db).output)
    assert len(every) > 3
    result = run("search", "kitchen", "--limit", "3", db=sample_db)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        f"3 of {len(every):,} matching entries, best first (--limit for more)."
    )
    whole = run("search", "kitchen", "--limit", "1000", db=sample_db)
    assert whole.output.splitlines()[-1] == f"All {len(every):,} matching entries, best first."
    first = json.loads(run("search", "kitchen", "--json", "--limit", "1", db=sample_db).output)
    one = run("search", first[0]["case_code"], db=sample_db)
    matching = json.loads(
        run("search", first[0]["case_code"], "--json", "--limit", "1000", db=sample_db).output
    )
    expected = "1 matching entry." if len(matching) == 1 else f"All {len(matching)} matching"
    assert one.output.splitlines()[-1].startswith(expected)
