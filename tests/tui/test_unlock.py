"""The unlock screen, the first-run passphrase offer, the daily backup and a full disk,
driven by key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event
from textual.widgets import Input, Static, TextArea

from reflect.cli import make_app
from reflect.core import crypto
from reflect.core.backup import daily_backups
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.reflection import ReflectionScreen
from reflect.tui.screens.unlock import FirstRunScreen, UnlockScreen
from tests.helpers import TODAY
from tests.tui.conftest import build, settle, type_text

pytest.importorskip("sqlcipher3")

KEY = "tea and toast at four"


def opener_app(path: Path, library: PromptLibrary, **options):  # type: ignore[no-untyped-def]
    return make_app(None, library, journal_path=path, today=TODAY, **options)


async def test_unlock_refuses_a_wrong_passphrase_then_opens(
    tmp_path: Path, library: PromptLibrary
) -> None:
    path = tmp_path / "locked.db"
    with Journal.open(path, passphrase=KEY) as journal:
        journal.add_term("Autumn", TODAY.replace(month=9, day=1), TODAY)
    app = opener_app(path, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await type_text(pilot, "not it at all")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        message = str(app.screen.query_one("#unlock-msg", Static).render())
        assert "does not open the journal" in message
        assert app.screen.query_one("#passphrase", Input).value == ""
        await type_text(pilot, KEY)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.journal.encrypted  # type: ignore[attr-defined]
        assert [t.name for t in app.journal.terms()] == ["Autumn"]  # type: ignore[attr-defined]
    app.journal.close()  # type: ignore[attr-defined]


async def test_escape_on_the_unlock_screen_quits(tmp_path: Path, library: PromptLibrary) -> None:
    path = tmp_path / "locked.db"
    Journal.open(path, passphrase=KEY).close()
    app = opener_app(path, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert app.journal is None  # type: ignore[attr-defined]
    assert app.return_code == 0


async def test_first_run_sets_a_passphrase(tmp_path: Path, library: PromptLibrary) -> None:
    path = tmp_path / "new.db"
    app = opener_app(path, library, first_run=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert not path.exists()  # nothing is written before the worker chooses
        await type_text(pilot, "short")
        await pilot.press("enter")
        assert "at least 8" in str(app.screen.query_one("#first-msg", Static).render())
        app.screen.query_one("#first", Input).value = ""
        await type_text(pilot, KEY)
        await pilot.press("enter")
        await type_text(pilot, KEY + " but different")
        await pilot.press("enter")
        assert "do not match" in str(app.screen.query_one("#first-msg", Static).render())
        await type_text(pilot, KEY)
        await pilot.press("enter")
        await type_text(pilot, KEY)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    app.journal.close()  # type: ignore[attr-defined]
    assert crypto.is_encrypted(path)
    Journal.open(path, passphrase=KEY).close()


async def test_first_run_can_be_skipped(tmp_path: Path, library: PromptLibrary) -> None:
    path = tmp_path / "new.db"
    app = opener_app(path, library, first_run=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    app.journal.close()  # type: ignore[attr-defined]
    assert path.exists() and not crypto.is_encrypted(path)


async def test_the_app_makes_todays_backup_once(tmp_path: Path, library: PromptLibrary) -> None:
    path = tmp_path / "locked.db"
    backups = tmp_path / "backups"
    Journal.open(path, passphrase=KEY).close()
    for _ in range(2):
        with Journal.open(path, passphrase=KEY) as journal:
            app = make_app(journal, library, today=TODAY, backups_dir=backups)
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
    made = daily_backups(backups)
    assert list(made) == [TODAY]
    assert crypto.is_encrypted(made[TODAY])  # encrypted like the journal


async def test_a_full_disk_keeps_the_words_on_screen_until_a_save_works(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    state = {"full": False}

    def limit(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        if state["full"]:
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(empty_journal.engine, "connect", limit)
    app = build(empty_journal, library)
    words = "We sat on the stairs and talked about school. " * 2000
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "CF-3030")
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        state["full"] = True
        empty_journal.engine.dispose()
        screen.query_one("#answer", TextArea).insert(words)  # as a paste would
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = str(screen.query_one("#status", Static).render())
        assert status.startswith("Not saved yet: the disk is full")
        assert "Trying again every few seconds." in status
        assert screen.query_one("#answer", TextArea).text == words
        state["full"] = False
        empty_journal.engine.dispose()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Saved again at" in str(screen.query_one("#status", Static).render())
    entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
    assert entry.answers[0].text == words


async def test_unlock_says_a_journal_with_damaged_first_bytes_is_damaged(
    tmp_path: Path, library: PromptLibrary
) -> None:
    from tests.unit.test_damaged_salt import KEY as SALT_KEY
    from tests.unit.test_damaged_salt import salt_damaged_journal

    path, backups, backup = salt_damaged_journal(tmp_path)
    before = path.read_bytes()
    app = opener_app(path, library, backups_dir=backups)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await type_text(pilot, "not it at all")
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#unlock-msg", Static).render())
        assert "does not open the journal" in message
        assert "If you are sure of it, the file may be damaged" in message
        await type_text(pilot, SALT_KEY)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        message = str(app.screen.query_one("#unlock-msg", Static).render())
        assert "is damaged" in message and "yours is right" in message
        assert f"restore '{backup}'" in message
        assert "does not open" not in message
    assert app.journal is None  # type: ignore[attr-defined]
    assert path.read_bytes() == before
