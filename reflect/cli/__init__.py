"""The ``reflect`` command: the terminal app, and subcommands for scripts and quick looks.

The group and its error funnel live in ``group``; what every command shares
(settings, passphrases, the app factory) in ``common``; each other module holds
the commands of one idea and is registered here with ``add_command``, so no
module imports this package for its side effects.
"""

from __future__ import annotations

from reflect.cli import backups, cpd, entries, export, privacy, prompts, safety, terms, year
from reflect.cli.common import make_app, run_app
from reflect.cli.group import cli, main

for _command in (
    entries.locate,
    entries.list_command,
    entries.search,
    entries.sample,
    entries.new,
    entries.demo,
    prompts.prompts,
    terms.terms,
    cpd.cpd,
    year.supervision,
    year.case,
    export.export_command,
    export.import_command,
    export.title_block,
    safety.encrypt,
    safety.decrypt,
    safety.passphrase,
    backups.backup,
    safety.restore,
    safety.check,
    privacy.scan_command,
    privacy.words,
):
    cli.add_command(_command)

__all__ = ["cli", "main", "make_app", "run_app"]
