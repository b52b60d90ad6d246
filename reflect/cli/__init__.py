"""The ``reflect`` command: the terminal app, and subcommands for scripts and quick looks.

The group and its error funnel live in ``group``; what every command shares
(settings, passphrases, the app factory) in ``common``; each other module holds
the commands of one idea and is named here, with where each command is, so
no module imports this package for its side effects and a command loads
only its own module.
"""

from __future__ import annotations

from reflect.cli.common import make_app, run_app
from reflect.cli.group import cli, main

# Each command by name, and where it is defined: its module is imported
# only when it runs (see `ReflectGroup`). A new command is a
# ``@click.command`` in a module here, named in this table.
cli.lazy_commands.update(
    {
        "locate": "reflect.cli.entries:locate",
        "list": "reflect.cli.entries:list_command",
        "search": "reflect.cli.entries:search",
        "sample": "reflect.cli.entries:sample",
        "new": "reflect.cli.entries:new",
        "demo": "reflect.cli.entries:demo",
        "prompts": "reflect.cli.prompts:prompts",
        "terms": "reflect.cli.terms:terms",
        "cpd": "reflect.cli.cpd:cpd",
        "supervision": "reflect.cli.year:supervision",
        "case": "reflect.cli.year:case",
        "export": "reflect.cli.export:export_command",
        "import": "reflect.cli.export:import_command",
        "title-block": "reflect.cli.export:title_block",
        "encrypt": "reflect.cli.safety:encrypt",
        "decrypt": "reflect.cli.safety:decrypt",
        "passphrase": "reflect.cli.safety:passphrase",
        "backup": "reflect.cli.backups:backup",
        "restore": "reflect.cli.safety:restore",
        "check": "reflect.cli.safety:check",
        "scan": "reflect.cli.privacy:scan_command",
        "words": "reflect.cli.privacy:words",
    }
)

__all__ = ["cli", "main", "make_app", "run_app"]
