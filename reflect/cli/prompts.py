"""Commands for prompt sets: list, show, check and new."""

from __future__ import annotations

from pathlib import Path

import click

from reflect.cli.common import Settings, pass_settings
from reflect.core.counting import counted


@click.group()
def prompts() -> None:
    """List, read, check and create prompt sets."""


@prompts.command("list")
@pass_settings
def prompts_list(settings: Settings) -> None:
    """List the prompt sets you can choose from."""
    library = settings.library()
    width = max((len(s.id) for s in library.sets.values()), default=0) + 1
    for prompt_set in sorted(library.sets.values(), key=lambda s: s.id):
        where = (
            "  (bundled)" if prompt_set.origin == "bundled" else f"  (yours: {prompt_set.origin})"
        )
        heading = f"{prompt_set.name} (version {prompt_set.version}){where}"
        click.echo(f"{prompt_set.id:<{width}} {heading}")
        count = len(prompt_set.prompts)
        click.echo(
            f"{'':<{width}} {counted(count, 'question', 'questions')}. {prompt_set.when_to_use}"
        )


@prompts.command("show")
@click.argument("set_id")
@pass_settings
def prompts_show(settings: Settings, set_id: str) -> None:
    """Show every question and hint of one prompt set."""
    prompt_set = settings.library().get(set_id)
    click.echo(f"{prompt_set.name} ({prompt_set.id}, version {prompt_set.version})")
    click.echo(prompt_set.description)
    if prompt_set.when_to_use:
        click.echo(f"When to use it: {prompt_set.when_to_use}")
    for number, prompt in enumerate(prompt_set.prompts, start=1):
        optional = " (optional)" if prompt.optional else ""
        click.echo(f"\n{number}. {prompt.theme}{optional}  [{prompt.id}]")
        click.echo(f"   {prompt.question}")
        if prompt.hint:
            click.echo(f"   Hint: {prompt.hint}")
        for cue in prompt.cues:
            click.echo(f"   - {cue}")
        if prompt.pcf:
            click.echo(f"   PCF: {'; '.join(prompt.pcf)}")
    if prompt_set.sources:
        click.echo("\nSources:")
        for key, citation in prompt_set.sources.items():
            click.echo(f"  [{key}] {citation}")


@prompts.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def prompts_check(file: Path) -> None:
    """Check a prompt file; prints every problem with its line, or that it is valid."""
    from reflect.core.prompts import PromptSetInvalid, load_prompt_file

    try:
        prompt_set = load_prompt_file(file)
    except PromptSetInvalid as invalid:
        for problem in invalid.problems:
            click.echo(str(problem), err=True)
        count = len(invalid.problems)
        raise click.ClickException(f"{file} has {counted(count, 'problem', 'problems')}.") from None
    click.echo(
        f"{file} is a valid prompt set: {prompt_set.id!r} with "
        f"{counted(len(prompt_set.prompts), 'step', 'steps')}."
    )


@prompts.command("new")
@click.argument("set_id")
@click.option(
    "--replace-bundled",
    is_flag=True,
    help="Use the id of a bundled set on purpose: your file then replaces that set.",
)
@pass_settings
def prompts_new(settings: Settings, set_id: str, replace_bundled: bool) -> None:
    """Write a commented starter prompt set to your prompts folder and print its path."""
    from reflect.core.prompt_starter import write_starter
    from reflect.core.prompts import load_library

    # A file with a bundled set's id replaces that set: `prompts new quick`
    # quietly took away "Quick check-in", the set for straight after a
    # distressing visit (review 22, defect 4). Only on purpose.
    bundled = load_library().sets.get(set_id)
    if bundled is not None and not replace_bundled:
        raise click.ClickException(
            f"{set_id!r} is the id of the bundled set {bundled.name!r}: choose another id, "
            f"such as 'my-{set_id}', or add --replace-bundled to replace that set on purpose."
        )
    path = write_starter(settings.locations.user_prompts_dir, set_id)
    click.echo(str(path))
    if bundled is not None:
        click.echo(
            f"This file replaces the bundled set {bundled.name!r} while it is there.", err=True
        )
