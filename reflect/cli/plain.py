"""`reflect new --plain`: the same reflection, line by line on standard input and output.

For screen readers, dictation tools and small terminals: no full-screen
interface, only questions printed one after another and answers read a line at
a time. It keeps the app's promises: the draft is started before the first
question and every line is saved as soon as it is typed; the "what next"
answer becomes actions and the "for supervision" answer the question for the
supervisor; what may identify someone is listed before saving; end of input
(ctrl+d) or ctrl+c leaves a draft to carry on with, in the app or here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date

import click

from reflect.cli.common import Settings
from reflect.core.counting import counted

ReadLine = Callable[[str], str | None]


def _stdin_line(prompt: str) -> str | None:
    """One line from standard input, or None at the end of input."""
    click.echo(prompt, nl=False)
    line = sys.stdin.readline()
    if not line:
        return None
    return line.rstrip("\r\n")


class EndOfInput(Exception):
    """Standard input closed (ctrl+d) or ctrl+c: stop, keeping the draft."""


# A terminal holds a line until enter is pressed, so a line being typed when
# ctrl+c comes never reaches Reflect: the words say only ended lines are kept.
SAVED_LINES = (
    "Each line is saved when you press enter; an empty line ends an answer. "
    "ctrl+d or ctrl+c stops and keeps a draft of the lines you ended with enter "
    "(a line not yet ended with enter is not kept)."
)
STOPPED_KEPT = (
    "Stopped. Your draft is saved with every line you ended with enter; a line you "
    "were still typing was not kept. Carry on with it whenever you are ready."
)
STOPPED_EMPTY = (
    "Stopped. No line was ended with enter, so nothing was kept and no draft was made "
    "(a line you were still typing is not saved until enter is pressed)."
)


def run_plain(settings: Settings, today: date | None = None, read: ReadLine = _stdin_line) -> int:
    """Ask the visit details and every question line by line; returns the entry's id."""
    from reflect.core.dates import due_words, parse_date, split_due
    from reflect.core.privacy import case_code_warning, mask, scan
    from reflect.core.records import PromptRef
    from reflect.core.vocab import VISIT_TYPE_LABELS

    today = today or date.today()
    library = settings.library()

    interrupted = False

    def ask(prompt: str) -> str:
        nonlocal interrupted
        try:
            line = read(prompt)
        except KeyboardInterrupt:
            interrupted = True
            line = None
        if line is None:
            raise EndOfInput
        return line.strip()

    def yes(prompt: str, default: bool) -> bool:
        answer = ask(f"{prompt} ({'Y/n' if default else 'y/N'}): ").lower()
        return default if not answer else answer.startswith("y")

    with settings.journal(create=True) as journal:
        click.echo(f"A new reflection. {SAVED_LINES}\n")
        try:
            while True:
                typed = ask(f"Date of the visit (enter for today, {today:%d/%m/%Y}): ")
                try:
                    visit_date = parse_date(typed or "today", today=today, prefer="past")
                except ValueError as exc:
                    click.echo(str(exc))
                    continue
                if visit_date > today:
                    click.echo("That date is in the future: please check it.")
                    continue
                break
            while True:
                case_code = ask("Case code (a code or pseudonym, never a name): ")
                if not case_code:
                    click.echo("A case code is needed, for example CF-1042.")
                    continue
                warning = case_code_warning(case_code)
                if warning and not yes(f"{warning} Keep it anyway?", False):
                    continue
                break
            kinds = list(VISIT_TYPE_LABELS.items())
            click.echo(
                "Kind of visit: "
                + ", ".join(f"{i}. {label}" for i, (_v, label) in enumerate(kinds, 1))
            )
            choice = ask("Number (enter for 1): ")
            index = int(choice) - 1 if choice.isdigit() and 0 < int(choice) <= len(kinds) else 0
            visit_type = kinds[index][0].value
            sets = sorted(library.sets.values(), key=lambda s: s.name)
            last = journal.last_prompt_set_id()
            default = next((s for s in sets if s.id == last), library.default())
            click.echo("Questions to reflect with:")
            for i, prompt_set in enumerate(sets, 1):
                questions = counted(len(prompt_set.prompts), "question", "questions")
                click.echo(f"  {i}. {prompt_set.name} ({questions})")
            choice = ask(f"Number (enter for {default.name}): ")
            chosen = (
                sets[int(choice) - 1]
                if choice.isdigit() and 0 < int(choice) <= len(sets)
                else default
            )
        except EndOfInput:
            click.echo("\nNothing was started.")
            return 0

        entry = journal.create_draft(
            visit_date=visit_date,
            case_code=case_code,
            visit_type=visit_type,
            prompt_set_id=chosen.id,
            prompt_set_version=chosen.version,
            prompts=[PromptRef(p.id, p.question, p.theme) for p in chosen.prompts],
        )
        answers: dict[str, str] = {}
        try:
            for number, prompt in enumerate(chosen.prompts, 1):
                optional = ", optional" if prompt.optional else ""
                click.echo(
                    f"\nQuestion {number} of {len(chosen.prompts)}{optional}: {prompt.theme}"
                )
                click.echo(prompt.question)
                if prompt.hint:
                    click.echo(f"Hint: {prompt.hint}")
                lines: list[str] = []
                while True:
                    line = ask("> ")
                    if not line:
                        break
                    lines.append(line)
                    answers[prompt.id] = "\n".join(lines)
                    # Saved line by line: nothing typed is lost if the input stops.
                    journal.save_draft(
                        entry.id, {prompt.id: answers[prompt.id]}, current_step=number
                    )
            click.echo("")
            actions = chosen.filling("actions")
            if actions is not None and answers.get(actions.id, "").strip():
                for line in answers[actions.id].splitlines():
                    text, due = split_due(line.strip(" -*•"), today)
                    if text:
                        journal.add_action(text, entry_id=entry.id, due=due)
                        # The weekday too, so the worker sees which Friday "by friday" meant.
                        when = due_words(due)
                        click.echo(f"Action: {text}{when}")
            for_supervisor = chosen.filling("supervisor-question")
            question = answers.get(for_supervisor.id, "").strip() if for_supervisor else ""
            if question:
                journal.update_entry(entry.id, flagged=True, supervisor_question=question)
                click.echo("Flagged for supervision, with your question for your supervisor.")
            elif yes("Bring this reflection to supervision?", False):
                journal.update_entry(entry.id, flagged=True)
            answered = [p for p in chosen.prompts if answers.get(p.id, "").strip()]
            journal.set_tags(
                entry.id,
                themes=list(dict.fromkeys(p.tag for p in answered if p.tag)),
                pcf_domains=list(dict.fromkeys(d for p in answered for d in p.pcf)),
            )
            # The worker's word lists, as every other check uses them.
            words = journal.word_lists()
            findings = [(p, f) for p in answered for f in scan(answers[p.id], words)]
            if findings:
                click.echo(
                    f"Please check: {counted(len(findings), 'thing', 'things')} "
                    "that may identify someone."
                )
                for prompt, finding in findings:
                    click.echo(f"  {finding.text!r} looks like a {finding.label} ({prompt.theme})")
                if yes("Replace them with notes such as [postcode]?", True):
                    masked = {p.id: mask(answers[p.id], words=words) for p, _f in findings}
                    journal.save_draft(entry.id, masked)
            if yes("Save it as complete?", True):
                journal.complete(entry.id)
                click.echo("Your reflection is saved. Thank you for taking the time.")
            else:
                click.echo("Kept as a draft: carry on with it in the app whenever you are ready.")
        except EndOfInput:
            empty = journal.discard_if_empty(entry.id)
            if interrupted:
                click.echo("\n" + (STOPPED_EMPTY if empty else STOPPED_KEPT))
            elif empty:
                click.echo("\nNothing was written, so no draft was kept.")
            else:
                click.echo("\nYour draft is saved. Carry on with it whenever you are ready.")
        return entry.id
