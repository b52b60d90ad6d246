"""No supervisor's name or initials survive an anonymised export, in any format."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reflect.core.export import FORMATS, ExportScope, TitleBlock, export, export_to_file
from reflect.core.export.anonymise import TextScreen
from reflect.core.export.content import slug
from reflect.core.journal import Journal
from reflect.core.records import AnswerView, EntryRecord

WHEN = datetime(2026, 11, 22, 9, 0)
NOVEMBER = ExportScope(start=date(2026, 11, 1), end=date(2026, 11, 30), anonymise=True)

# Invented names only.
FIRST = ("Sarah", "Olu", "Bronwen", "Kasia", "Tariq", "Mei", "Siobhan", "Dev", "Marcus")
LAST = ("Jones", "Adeyemi", "Pryce", "Nowak", "Rahman", "Lin", "Ward", "Okafor", "Bell")
initials = st.from_regex(r"[A-Z]{2,4}", fullmatch=True)
names = st.builds(lambda f, last: f"{f} {last}", st.sampled_from(FIRST), st.sampled_from(LAST))
# Longer than the field keeps (12 characters): the notes still hold the whole name.
made_up = st.from_regex(r"[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}", fullmatch=True)
dotted = st.from_regex(r"([A-Z]\.){2,3}", fullmatch=True)
supervisors = st.one_of(initials, dotted, names, made_up, st.sampled_from(FIRST))


@contextmanager
def journal_with(supervisor: str, mention: str) -> Iterator[Journal]:
    """A journal with one entry and one session; ``mention`` is typed in both."""
    with tempfile.TemporaryDirectory() as folder, Journal.open(Path(folder) / "j.db") as journal:
        moment = datetime(2026, 11, 3, tzinfo=UTC)
        answer = f"Home visit went calmly. I will ask {mention} about the school's worry."
        journal.add_records(
            [
                EntryRecord(
                    uid="e" * 32,
                    visit_date=date(2026, 11, 3),
                    case_code="CF-5150",
                    visit_type="home",
                    prompt_set_id="quick",
                    prompt_set_version="1",
                    status="complete",
                    created_at=moment,
                    updated_at=moment,
                    answers=(AnswerView("q", "What happened?", answer, "The visit", 0),),
                    supervisor_question=f"Can {mention} help me plan the next visit?",
                )
            ]
        )
        journal.add_supervision_session(
            date(2026, 11, 20),
            supervisor_initials=supervisor,
            notes=f"{mention} suggested a genogram. Agreed with {mention}: review in a month.",
            entry_uids=["e" * 32],
            actions=[(f"Send the plan to {mention}", None)],
        )
        yield journal


def texts_of(journal: Journal, folder: Path, educator: str) -> dict[str, str]:
    """Every format's anonymised export of November, as text (Word read back by python-docx).

    The title block names ``educator`` as the practice educator or supervisor.
    """
    import docx

    texts = {}
    title = TitleBlock(name="Alex Rowe", educator=educator)
    for fmt in FORMATS:
        path = folder / f"out.{fmt}"
        export_to_file(journal, NOVEMBER, path, fmt=fmt, title=title, generated=WHEN, force=True)
        if fmt == "docx":
            texts[fmt] = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        else:
            texts[fmt] = path.read_text(encoding="utf-8")
    return texts


def finder(supervisor: str) -> re.Pattern[str]:
    """The supervisor text as a whole word; a longer name in any case, else as typed."""
    words = r"\s+".join(map(re.escape, supervisor.split()))
    flags = re.IGNORECASE if " " in supervisor else 0
    return re.compile(rf"(?<!\w){words}(?!\w)", flags)


@cache
def boilerplate() -> dict[str, str]:
    """The same exports with no supervisor anywhere: words Reflect writes itself."""
    with tempfile.TemporaryDirectory() as folder, journal_with("", "them") as journal:
        return texts_of(journal, Path(folder), "them")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(supervisor=supervisors, lower=st.booleans())
def test_no_supervisor_text_survives_an_anonymised_export(supervisor: str, lower: bool) -> None:
    found = finder(supervisor)
    # Initials that happen to be a word Reflect writes ("PCF") say nothing about the supervisor.
    assume(not any(found.search(text) for text in boilerplate().values()))
    # A name of two words typed in lower case in the notes is the same name.
    mention = supervisor.lower() if lower and " " in supervisor else supervisor
    with tempfile.TemporaryDirectory() as folder, journal_with(supervisor, mention) as journal:
        texts = texts_of(journal, Path(folder), supervisor)
    for fmt, text in texts.items():
        assert not found.search(text), (fmt, supervisor)
        if " " in supervisor:  # the heading's anchor in HTML and Markdown links
            assert slug(supervisor) not in text, (fmt, supervisor)
    for fmt in ("markdown", "html", "docx"):
        assert "with your supervisor" in texts[fmt], fmt
        assert "[supervisor] suggested a genogram" in texts[fmt], fmt
        assert "Practice educator or supervisor: [supervisor]" in texts[fmt], fmt


def test_the_title_blocks_educator_is_masked_in_every_format_and_the_preview(
    tmp_path: Path,
) -> None:
    """The review's case: the session said "with your supervisor", the title block named her."""
    title = TitleBlock(name="Alex Rowe", educator="Priya Shah")
    with journal_with("Priya Shah", "Priya Shah") as journal:
        texts = texts_of(journal, tmp_path, "Priya Shah")
        shown = export(journal, NOVEMBER, fmt="markdown", title=title, generated=WHEN).text
        hidden = TitleBlock(educator="Priya Shah", private=frozenset({"educator"}))
        left_out = export(journal, NOVEMBER, title=hidden, generated=WHEN).text
        kept = export(journal, replace(NOVEMBER, anonymise=False), title=title).text
    for fmt, text in {**texts, "preview": shown}.items():
        if fmt in ("markdown", "html", "docx", "preview"):
            assert "Practice educator or supervisor: [supervisor]" in text, fmt
        assert "Priya" not in text and "Shah" not in text, fmt
    assert "Practice educator or supervisor" not in left_out  # marked private: left out
    assert "Practice educator or supervisor: Priya Shah" in kept  # not anonymised: as typed


def test_a_kept_export_still_names_the_supervisor(tmp_path: Path) -> None:
    with journal_with("Sarah Jones", "Sarah Jones") as journal:
        path = tmp_path / "kept.md"
        export_to_file(
            journal, ExportScope(start=NOVEMBER.start, end=NOVEMBER.end), path, generated=WHEN
        )
    assert "Friday 20 November 2026, with Sarah Jones" in path.read_text(encoding="utf-8")


def test_initials_mask_only_in_capitals_and_are_counted() -> None:
    screen = TextScreen(supervisors=["AM", "Sarah Jones"])
    masked = screen.text("AM said I am doing well; SARAH  jones agreed, as did Sarah.")
    assert masked == "[supervisor] said I am doing well; [supervisor] agreed, as did [supervisor]."
    assert screen.found["supervisor's name"] == 3


def test_a_one_word_name_or_lower_case_initials_leave_ordinary_words_alone() -> None:
    """The review's cases: "Will" kept "will", "am" kept "am", and only real mentions counted."""
    said = {
        "Will": (
            "The family will move. Will said so.",
            "The family will move. [supervisor] said so.",
        ),
        "May": ("They may come; May agreed.", "They may come; [supervisor] agreed."),
        "Hope": ("I hope so, said Hope.", "I hope so, said [supervisor]."),
        "Mark": ("A mark on his arm; Mark saw it.", "A mark on his arm; [supervisor] saw it."),
        "Grace": ("Grace said grace at tea.", "[supervisor] said grace at tea."),
        "am": ("I am worried; AM agreed.", "I am worried; [supervisor] agreed."),
        "jb": ("JB said the job is big.", "[supervisor] said the job is big."),
    }
    for supervisor, (typed, masked) in said.items():
        screen = TextScreen(supervisors=[supervisor])
        assert screen.text(typed) == masked, supervisor
        assert screen.found["supervisor's name"] == 1, supervisor


def test_one_letter_alone_is_not_masked() -> None:
    """A supervisor kept as "A" or "i" would otherwise take every "A" and "I" in the text."""
    for kept in ("A", "a", "I.", "i"):
        screen = TextScreen(supervisors=[kept])
        typed = "A visit today. I think A and I agreed."
        assert screen.text(typed) == typed, kept
        assert not screen.found["supervisor's name"], kept


def test_dotted_and_plain_initials_are_the_same_supervisor() -> None:
    for kept in ("J.B.", "JB", "j.b.", "J. B."):
        screen = TextScreen(supervisors=[kept])
        assert screen.text("JB, J.B. and J. B. agreed; a jb file.") == (
            "[supervisor], [supervisor] and [supervisor] agreed; a jb file."
        ), kept
        assert screen.found["supervisor's name"] == 3, kept


def test_a_name_cut_at_the_fields_limit_is_masked_whole() -> None:
    screen = TextScreen(supervisors=["Bronwen Pryc"])  # "Bronwen Pryce-Evans", as kept
    assert screen.text("bronwen pryce-evans and Pryce agreed.") == (
        "[supervisor] and [supervisor] agreed."
    )
    # A supervisor called Ward leaves the hospital ward alone.
    assert TextScreen(supervisors=["Dev Ward"]).text("Dev visited the ward.") == (
        "[supervisor] visited the ward."
    )
