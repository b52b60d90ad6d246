"""What export remembers between runs: the title block and the export screen's last choices.

Kept in ``export.toml`` in the settings folder, beside config.toml:

    [title]
    name = "Sam Carter"
    role = "Student social worker"
    team = "Riverside family support team"
    educator = "A. Practice-Educator"
    private = ["name"]            # left out when anonymising

    [last]
    format = "markdown"
    anonymise = false
    flagged_only = false
    include_drafts = false

A file that cannot be read is reported in one sentence; nothing else in the
settings folder is touched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflect.core.export.registry import FORMATS
from reflect.core.export.scope import TITLE_FIELDS, TitleBlock
from reflect.core.export.writing import write_atomic
from reflect.core.files import JournalError

FILE_NAME = "export.toml"
CHOICES = ("anonymise", "flagged_only", "include_drafts")


class SettingsUnreadable(JournalError):
    """export.toml is not valid TOML, or holds something of the wrong kind."""


@dataclass(frozen=True)
class ExportSettings:
    """The title block, whether it was ever asked for, and the last choices."""

    title: TitleBlock = field(default_factory=TitleBlock)
    title_asked: bool = False
    last_format: str = "markdown"
    last_choices: dict[str, bool] = field(default_factory=dict)


def load_settings(path: Path) -> ExportSettings:
    """Read ``path``; defaults when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ExportSettings()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsUnreadable(f"{path} could not be read: {exc}") from None
    import tomllib  # only with a file to read: an export without a title block does without

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsUnreadable(f"{path} could not be read: {exc}") from None
    title_data = data.get("title")
    last = data.get("last", {})
    if not isinstance(last, dict) or (title_data is not None and not isinstance(title_data, dict)):
        raise SettingsUnreadable(f"{path}: [title] and [last] should be tables.")
    title = TitleBlock()
    if title_data is not None:
        values = {key: title_data.get(key, "") for key, _ in TITLE_FIELDS}
        private = title_data.get("private", [])
        if not all(isinstance(v, str) for v in values.values()) or not isinstance(private, list):
            raise SettingsUnreadable(f"{path}: the [title] lines should be text.")
        title = TitleBlock(**values, private=frozenset(str(p) for p in private))
    fmt = last.get("format", "markdown")
    return ExportSettings(
        title=title,
        title_asked=title_data is not None,
        last_format=fmt if fmt in FORMATS else "markdown",
        last_choices={k: bool(last[k]) for k in CHOICES if isinstance(last.get(k), bool)},
    )


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string once control characters (which
    # neither should hold in a title) are gone.
    return json.dumps("".join(c for c in value if c.isprintable()), ensure_ascii=False)


def save_settings(path: Path, settings: ExportSettings) -> None:
    """Write ``path`` whole (private, all at once), making its folder if needed."""
    title = settings.title
    lines = ["# Written by Reflect's export; safe to edit.", "", "[title]"]
    for key, _label in TITLE_FIELDS:
        lines.append(f"{key} = {_toml_string(getattr(title, key))}")
    lines.append(f"private = {json.dumps(sorted(title.private))}")
    lines += ["", "[last]", f"format = {_toml_string(settings.last_format)}"]
    for key in CHOICES:
        lines.append(f"{key} = {'true' if settings.last_choices.get(key) else 'false'}")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # it holds your name
    write_atomic(path, "\n".join(lines) + "\n", force=True)


def title_from(values: dict[str, Any], private: set[str]) -> TitleBlock:
    """A title block from typed values (missing keys empty), tidied to one line each."""
    return TitleBlock(
        **{key: " ".join(str(values.get(key, "")).split()) for key, _ in TITLE_FIELDS},
        private=frozenset(private),
    )
