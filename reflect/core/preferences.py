"""Small choices made in the app and kept for the next launch (today: the theme).

Kept in ``preferences.json`` beside ``config.toml`` in the settings folder,
apart from it so the app never rewrites a file the user edits by hand. A
missing or unreadable file means no preferences, never an error.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def load_preferences(path: Path) -> dict[str, Any]:
    """The preferences saved at ``path``; empty when there are none or they cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_preference(path: Path, key: str, value: Any) -> None:
    """Set one preference, writing the file whole (temporary file, then rename), private."""
    from reflect.paths import make_private_dir

    data = load_preferences(path)
    data[key] = value
    make_private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=".preferences-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2, sort_keys=True)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
