"""The ``reflect`` group: its options, and the funnel that turns a user's mistake into one line."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from reflect import __version__
from reflect.cli.common import Settings, new_plain_notice, run_app, tell
from reflect.paths import ENV_DB, Locations, private_umask


def _user_errors() -> tuple[type[BaseException], ...]:
    from reflect.core.errors import JournalError
    from reflect.core.prompts import PromptSetInvalid

    return (JournalError, PromptSetInvalid)


def _as_user_error(exc: BaseException, ctx: click.Context) -> BaseException | None:
    """The catalogue error a driver or system error stands for, if it is the user's."""
    from reflect.core.errors import as_user_error

    settings = ctx.obj if isinstance(ctx.obj, Settings) else None
    return as_user_error(
        exc,
        path=settings.locations.journal if settings and settings.journal_chosen else None,
        backups_dir=settings.backups_dir if settings else None,
    )


# The app's saves try again by themselves; a command does not, so it says so.
_APP_RETRY = "and Reflect will save again."
_COMMAND_RETRY = "and run the command again."


def _said_here(message: str) -> str:
    """A catalogue message as the command line says it (no promise of the app's retry)."""
    return message.replace(_APP_RETRY, _COMMAND_RETRY)


class ReflectGroup(click.Group):
    """A group whose errors are one plain line, never a traceback.

    Its commands are named in ``lazy_commands`` (``reflect/cli/__init__.py``)
    with where each is defined, and a command's module is imported only when
    that command runs or help lists them all: no command pays for the
    others' imports (search and export 4 ms sooner, 15 rounds interleaved).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = {}  # name: "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy_commands:
            module, attribute = self.lazy_commands[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
        except (click.ClickException, BrokenPipeError):
            raise
        except _user_errors() as exc:
            raise click.ClickException(_said_here(str(exc).strip()) or type(exc).__name__) from None
        except Exception as exc:
            # A full disk, a read-only folder, a journal held elsewhere or a
            # damaged file are the user's to fix; anything else is a bug, and
            # shows as one.
            known = _as_user_error(exc, ctx)
            if known is None:
                raise
            raise click.ClickException(_said_here(str(known))) from None
        made = ctx.obj.made_plain if isinstance(ctx.obj, Settings) else None
        if made is not None:
            # After the command's own words (an error stays one line); never a
            # question, as scripts run these commands too.
            tell((new_plain_notice(made),))
        return result

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args, prog_name or "reflect", complete_var, standalone_mode=False, **extra
            )
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "reflect"
            click.echo(f"reflect: {exc.format_message()} (see '{command} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"reflect: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("reflect: stopped.", err=True)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


@click.group("reflect", cls=ReflectGroup, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="reflect")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Use the journal at this path instead of the usual one (or set {ENV_DB}).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Reflect: a private reflective practice journal for child and family social work.

    Run it with no command to open the journal. Everything stays on this
    computer unless you export it.
    """
    chosen = db is not None or bool(os.environ.get(ENV_DB))
    ctx.obj = Settings(Locations.resolve(db), journal_chosen=chosen)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def main() -> None:
    """Entry point of the ``reflect`` console script."""
    private_umask()
    try:
        cli.main(prog_name="reflect")
    except BrokenPipeError:
        # The reader went away (``reflect list | head``): stop quietly, as the
        # Python docs advise, without a second error while flushing stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
