"""The guided reflection, driven by key presses, checked in the journal."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import OperationalError
from textual.widgets import DataTable, Input, Markdown, OptionList, Static, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.dialogs import ConfirmScreen, JumpScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.reflection import ReflectionScreen
from tests.tui.conftest import build, settle, type_text


async def start(pilot, case_code: str = "CF-2040", set_id: str | None = None) -> ReflectionScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReflectionScreen)
    if set_id is not None:
        screen.query_one("#prompt-set").value = set_id
    screen.query_one("#visit-date", Input).value = "18/11/2026"
    await type_text(pilot, case_code)
    await pilot.press("ctrl+n")
    await settle(pilot)
    return screen


async def test_whole_reflection_by_keys(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="quick")
        assert screen.entry_id is not None
        quick = library.get("quick")
        assert screen.step.prompt == quick.prompts[0]
        progress = str(screen.query_one("#progress", Static).render())
        assert progress == "Question 1 of 4"
        await type_text(pilot, "Short visit mum was upset")
        assert str(screen.query_one("#words", Static).render()) == "5 words"
        await pilot.press("ctrl+n")
        await type_text(pilot, "shaken")
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+o")  # skip "what I need"
        await type_text(pilot, "ring the school by 25/11/2026")
        await pilot.press("ctrl+n")
        await settle(pilot)
        # tags: the theme from the answered "how I am" question is suggested
        assert screen.step.kind == "tags"
        assert screen.query_one("#themes").selected == ["Use of self and emotion"]
        # Every theme is offered now, so the tags field is below the fold: tab to it.
        await pilot.press("tab", "tab")
        assert screen.query_one("#free-tags").has_focus
        await type_text(pilot, "school, contact")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step.kind == "actions"
        assert str(screen.query_one("#progress", Static).render()) == "Finishing: actions"
        # the "one next step" answer is already an action, with its date
        assert [(a.text, a.due) for a in screen.actions_form.actions] == [
            ("ring the school", date(2026, 11, 25))
        ]
        await type_text(pilot, "Book the review")
        await pilot.press("tab")
        await type_text(pilot, "next tuesday")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        assert screen.step.kind == "supervision"
        await pilot.press("space")  # tick "bring to supervision"
        await pilot.press("tab")
        await type_text(pilot, "Was I too quick to reassure")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step.kind == "summary"
        summary = screen.query_one("#summary-md", Markdown).source
        assert "Short visit mum was upset" in summary and "Not answered" in summary
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    [entry_summary] = empty_journal.list_entries().items
    entry = empty_journal.get_entry(entry_summary.id)
    assert entry.status == "complete"
    assert entry.case_code == "CF-2040"
    assert entry.visit_date == date(2026, 11, 18)
    assert entry.prompt_set_id == "quick" and entry.prompt_set_version == "1"
    assert [a.text for a in entry.answers] == [
        "Short visit mum was upset",
        "shaken",
        "",
        "ring the school by 25/11/2026",
    ]
    assert entry.answers[0].question == library.get("quick").prompts[0].question
    assert entry.themes == ("Use of self and emotion",)
    assert entry.free_tags == ("contact", "school")
    assert [(a.text, a.due) for a in entry.actions] == [
        ("ring the school", date(2026, 11, 25)),
        ("Book the review", date(2026, 11, 24)),
    ]
    assert entry.flagged is True
    assert entry.supervisor_question == "Was I too quick to reassure"


async def test_autosave_reaches_the_journal_while_typing(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot)
        await type_text(pilot, "We sat in the kitchen")
        await pilot.pause(1.3)  # past the save delay, without pressing anything
        await settle(pilot)
        entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
        assert entry.answers[0].text == "We sat in the kitchen"
        assert entry.current_step == 1
        assert "Saved at" in str(screen.query_one("#status", Static).render())


async def test_ctrl_s_saves_at_once(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot)
        await type_text(pilot, "now")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert empty_journal.get_entry(screen.entry_id).answers[0].text == "now"  # type: ignore[arg-type]


async def test_leaving_keeps_the_draft_and_resume_opens_at_the_step(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "CF-3")
        await type_text(pilot, "first")
        await pilot.press("ctrl+n")
        await type_text(pilot, "second")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # nothing lost, so no question asked
        entry_id = screen.entry_id
        entry = empty_journal.get_entry(entry_id)  # type: ignore[arg-type]
        assert entry.status == "draft" and entry.current_step == 2
        assert [a.text for a in entry.answers[:2]] == ["first", "second"]
        # The home screen offers the draft; enter carries on at the same step.
        lead = str(app.screen.query_one("#lead", Static).render())
        assert "reflection to finish" in lead
        await pilot.press("enter")
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, ReflectionScreen)
        assert resumed.entry_id == entry_id and resumed.step_index == 2
        assert resumed.query_one("#answer", TextArea).text == "second"


async def test_leaving_before_starting_asks_only_if_something_was_typed(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await type_text(pilot, "CF-9")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press("escape")
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen)
    assert empty_journal.count_entries() == 0


async def test_bad_date_and_name_like_case_code(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        screen.query_one("#visit-date", Input).value = "31/02/2026"
        await type_text(pilot, "Jade Morgan")
        await pilot.pause()
        assert "looks like it could be a name" in str(
            screen.query_one("#case-msg", Static).render()
        )
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "not a real date" in str(screen.query_one("#date-msg", Static).render())
        assert screen.step.kind == "details" and screen.entry_id is None
    assert empty_journal.count_entries() == 0


async def test_jump_to_any_step_and_hint(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="relational")
        assert screen.query_one("#hint").display is False
        await pilot.press("ctrl+t")
        assert screen.query_one("#hint").display is True
        assert "Use the case code" in str(screen.query_one("#hint", Static).render())
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, JumpScreen)
        for _ in range(8):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.step_index == 9
        assert screen.step.prompt is not None and screen.step.prompt.id == "parent-view"


async def test_a_failed_save_is_shown_kept_and_retried(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = empty_journal.save_entry
    failures = {"left": 2}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("UPDATE answer", {}, Exception("database or disk is full"))
        return real(*args, **kwargs)

    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot)
        monkeypatch.setattr(empty_journal, "save_entry", flaky)
        await type_text(pilot, "words that matter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = screen.query_one("#status", Static)
        assert "Not saved yet: " in str(status.render()) and "disk is full" in str(status.render())
        assert status.has_class("failed")
        assert screen.query_one("#answer", TextArea).text == "words that matter"
        await pilot.press("ctrl+s")  # fails again
        await settle(pilot)
        await pilot.pause(3.5)  # the automatic retry succeeds
        await settle(pilot)
        assert "Saved again at" in str(status.render())
        assert not status.has_class("failed")
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == "words that matter"  # type: ignore[arg-type]


async def test_quitting_mid_reflection_saves_first(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot)
        await type_text(pilot, "q is just a letter here")
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == "q is just a letter here"  # type: ignore[arg-type]


async def test_new_reflection_preselects_the_last_set(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#prompt-set").value == "relational"
        await pilot.press("escape")
        await start(pilot, set_id="gibbs")
        await type_text(pilot, "kept")  # a draft with nothing in it would not be kept
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#prompt-set").value == "gibbs"
    assert empty_journal.count_entries(EntryFilter(status="draft")) == 1


async def test_no_journal_work_on_the_event_loop(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    loop_thread = threading.current_thread()
    on_loop: list[str] = []
    for name in dir(Journal):
        if (
            name.startswith("_")
            or not callable(getattr(Journal, name))
            or name in ("open", "close")
        ):
            continue
        real = getattr(sample_journal, name)

        def spy(*args, _name=name, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            if threading.current_thread() is loop_thread:
                on_loop.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(sample_journal, name, spy)

    app = build(sample_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # resume a draft
        await settle(pilot)
        await type_text(pilot, "more")
        await pilot.press("ctrl+n", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await start(pilot, "CF-77", set_id="quick")
        await type_text(pilot, "words")
        for _ in range(5):
            await pilot.press("ctrl+n")
            await settle(pilot)
        await pilot.press("ctrl+n")  # save as complete
        await settle(pilot)
    assert on_loop == []


def test_a_draft_keeps_its_questions_when_the_set_changes_or_goes(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    from reflect.core.records import PromptRef
    from reflect.tui.screens.reflection import prompts_for_entry

    relational = library.get("relational")
    still_there = relational.prompts[1]
    entry = empty_journal.create_draft(
        visit_date=date(2026, 11, 2),
        case_code="CF-8",
        visit_type="home",
        prompt_set_id="relational",
        prompt_set_version="0",
        prompts=[
            PromptRef(still_there.id, "The question as it was asked then?", "Old theme"),
            PromptRef("retired-prompt", "A question no longer in the set?", "Gone"),
        ],
    )
    kept = prompts_for_entry(entry, relational)
    assert [(p.question, p.theme) for p in kept] == [
        ("The question as it was asked then?", "Old theme"),
        ("A question no longer in the set?", "Gone"),
    ]
    assert kept[0].hint == still_there.hint  # today's hint still helps
    assert kept[1].hint == ""
    removed = prompts_for_entry(entry, None)
    assert [p.question for p in removed] == [p.question for p in kept]


async def test_words_typed_while_the_draft_starts_are_kept(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the crash test under load: keys typed before the draft existed were lost."""
    import threading

    release = threading.Event()
    real_create = empty_journal.create_draft

    def slow_create(**kwargs):  # type: ignore[no-untyped-def]
        release.wait(5)
        return real_create(**kwargs)

    monkeypatch.setattr(empty_journal, "create_draft", slow_create)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "CF-1")
        await pilot.press("ctrl+n")
        await type_text(pilot, "We talked")  # before the draft exists
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        assert screen.entry_id is None and screen.step_index == 1
        assert screen.details_form.query_one("#case-code", Input).value == "CF-1"
        release.set()
        await settle(pilot)
        await pilot.pause(1.3)
        await settle(pilot)
        assert screen.entry_id is not None
    entry = empty_journal.get_entry(screen.entry_id)
    assert entry.case_code == "CF-1"
    assert entry.answers[0].text == "We talked"


async def test_identifiers_are_shown_before_saving_and_can_be_replaced(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="quick")
        await type_text(pilot, "Met mum at SW1A 1AA and rang 07700 900123")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("end", "enter")
        await settle(pilot)
        assert screen.step.kind == "summary"
        note = str(screen.query_one("#privacy-note", Static).render())
        assert "2 things that may identify someone" in note
        assert "postcode (What happened): Met mum at »SW1A 1AA« and rang 07700 900123" in note
        assert "phone number (What happened): Met mum at SW1A 1AA and rang »07700 900123«" in note
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.query_one("#privacy-note").display is False
        await pilot.press("ctrl+s")
        await settle(pilot)
    entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
    assert entry.answers[0].text == "Met mum at [postcode] and rang [phone number]"


async def test_a_first_name_and_the_flag_list_are_checked_before_saving(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    """Issue 14: "Lily (7)" was saved with no warning."""
    empty_journal.add_word("flag", "Kowalczyk")
    empty_journal.add_word("allow", "Oakfield")
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="quick")
        await type_text(pilot, "Mum was at home with Lily (7). Kowalczyk family, Oakfield office.")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("end", "enter")
        await settle(pilot)
        note = str(screen.query_one("#privacy-note", Static).render())
        assert "2 things that may identify someone" in note
        assert "name (What happened): Mum was at home with »Lily« (7)." in note
        assert "flagged word (What happened): »Kowalczyk« family, Oakfield office." in note
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
    assert entry.answers[0].text == (
        "Mum was at home with [name] (7). [flagged word] family, Oakfield office."
    )


async def test_square_brackets_typed_stay_text(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    """Found in tmux: '[postcode]' vanished from a note, read as markup."""
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, "CF-[9]", set_id="quick")
        await type_text(pilot, "[b]mum[/b] at SW1A 1AA")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("end", "enter")
        await settle(pilot)
        note = str(screen.query_one("#privacy-note", Static).render())
        assert "notes such as [postcode]" in note
        await pilot.press("ctrl+n")  # save as complete
        await settle(pilot)
        recent = app.screen.query_one("#recent", DataTable)
        row = recent.get_row_at(0)
        assert str(row[1]) == "CF-[9]"
        # The brackets typed stay text; the postcode is masked on home (defect 13).
        assert str(row[3]).startswith("[b]mum[/b] at [postcode]")


async def test_answers_are_not_typed_twice(empty_journal: Journal, library: PromptLibrary) -> None:
    """Next steps become actions, the supervision answer the question, PCF domains are ticked."""
    relational = library.get("relational")
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="relational")
        assert str(screen.query_one("#progress", Static).render()) == (
            f"Question 1 of {len(relational.prompts)}"
        )
        await type_text(pilot, "Kitchen table visit")
        questions = [s for s in screen.steps if s.prompt is not None]
        while screen.step.prompt is not None and screen.step.prompt.id != "next-actions":
            await pilot.press("ctrl+o")
        await type_text(pilot, "Ring the school by friday")
        await pilot.press("enter")
        await type_text(pilot, "Ask about respite")
        await pilot.press("ctrl+n")
        assert screen.step.prompt is not None and screen.step.prompt.id == "for-supervision"
        assert str(screen.query_one("#progress", Static).render()).startswith(
            f"Question {len(questions)} of {len(questions)}"
        )
        await type_text(pilot, "Was I too soft on the plan")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step.kind == "tags"
        pcf = screen.query_one("#pcf").selected
        expected = {
            d
            for p in relational.prompts
            if p.id in ("context", "next-actions", "for-supervision")
            for d in p.pcf
        }
        assert set(pcf) == expected
        # the worker can untick one: Critical Reflection and Analysis, sixth in the list
        await pilot.press("tab", *["down"] * 5, "space")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert [(a.text, a.due) for a in screen.actions_form.actions] == [
            ("Ring the school", date(2026, 11, 27)),  # typed on Friday 20th: next week's
            ("Ask about respite", None),
        ]
        # Which Friday it was taken to mean is on screen, weekday and all.
        shown = screen.query_one("#action-list", OptionList)
        assert [str(shown.get_option_at_index(i).prompt) for i in range(2)] == [
            "Ring the school (by Friday 27 November 2026)",
            "Ask about respite",
        ]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step.kind == "supervision"
        assert screen.query_one("#supervisor-question", TextArea).text == (
            "Was I too soft on the plan"
        )
        await pilot.press("ctrl+g")
        await settle(pilot)
        jump = app.screen
        assert isinstance(jump, JumpScreen)
        assert any("answered" in label and "What happened" in label for label in jump.labels)
        assert any("skipped" in label for label in jump.labels)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await settle(pilot)
    entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
    assert entry.flagged is True
    assert entry.supervisor_question == "Was I too soft on the plan"
    assert [a.text for a in entry.actions] == ["Ring the school", "Ask about respite"]
    assert set(entry.pcf_domains) == expected - {"Critical Reflection and Analysis"}


async def test_an_empty_draft_is_not_kept_and_a_draft_can_be_discarded(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot, case_code="CF-1")
        await pilot.press("escape")  # nothing written: not kept
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert empty_journal.count_entries() == 0
        screen = await start(pilot, case_code="CF-2")
        await type_text(pilot, "Half a thought")
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert screen.entry_id is None
    assert empty_journal.count_entries() == 0
    [trashed] = empty_journal.list_entries(EntryFilter(in_trash=True)).items
    assert trashed.case_code == "CF-2"
    assert empty_journal.get_entry(trashed.id).answers[0].text == "Half a thought"


async def test_discard_a_draft_from_home(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot, case_code="CF-3")
        await type_text(pilot, "Something")
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#drafts", DataTable).has_focus
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "CF-3" in app.screen.question
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert empty_journal.count_entries(EntryFilter(status="draft")) == 1
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not home.query_one("#drafts", DataTable).display
    assert empty_journal.count_entries() == 0
    assert empty_journal.count_entries(EntryFilter(in_trash=True)) == 1


async def test_80x24_is_comfortable(empty_journal: Journal, library: PromptLibrary) -> None:
    """The writing box keeps 8 lines with the hint open; notices never cover it."""
    from textual.widgets._toast import Toast

    app = build(empty_journal, library)
    # Notices are drawn (run_test leaves them out unless asked), so "no Toast" can fail.
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot, set_id="relational")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert screen.query_one("#hint").display is True
        area = screen.query_one("#answer", TextArea)
        assert area.content_region.height >= 8, area.content_region
        screen.notify("A notice while writing", title="Note")
        await settle(pilot)
        assert "A notice while writing" in str(screen.query_one("#status", Static).render())
        assert not list(app.screen.query(Toast))


async def test_answering_for_supervision_flags_it_and_fills_the_question(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="relational")
        index = next(
            i
            for i, step in enumerate(screen.steps)
            if step.prompt is not None and step.prompt.id == "for-supervision"
        )
        screen._go(index)
        await settle(pilot)
        await type_text(pilot, "Was the plan ours or mine")
        await pilot.press("ctrl+s")
        await settle(pilot)
        entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
        assert entry.flagged is True
        assert entry.supervisor_question == "Was the plan ours or mine"
        # A question the worker writes themselves is not overwritten by the answer.
        screen.query_one("#supervisor-question", TextArea).load_text("My own question")
        await settle(pilot)
        screen.query_one("#answer", TextArea).focus()
        await type_text(pilot, " really")
        await pilot.press("ctrl+s")
        await settle(pilot)
        entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
        assert entry.supervisor_question == "My own question"
        assert entry.answer("for-supervision").text == "Was the plan ours or mine really"  # type: ignore[union-attr]


async def test_focus_is_marked_beyond_a_shade(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    """A heavy bar or border, and "▶" on the label or "▶ here" as the title, follow focus."""
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        case = screen.query_one("#case-code", Input)
        assert case.has_focus and case.styles.border_left[0] == "heavy"
        labels = [str(s.render()) for s in screen.query(".field-label")]
        assert [label for label in labels if label.startswith("▶ ")] == [
            "▶ Case code (a code or pseudonym, never a name)"
        ]
        await pilot.press("tab")
        await pilot.pause()
        assert case.styles.border_left[0] != "heavy"
        assert not str(screen.query(".field-label")[0].render()).startswith("▶")
        await pilot.press("shift+tab")
        await type_text(pilot, "CF-1")
        await pilot.press("ctrl+n")
        await settle(pilot)
        answer = screen.query_one("#answer", TextArea)
        assert answer.has_focus and answer.border_title == "▶ here"
        assert answer.styles.border_top[0] == "heavy"
