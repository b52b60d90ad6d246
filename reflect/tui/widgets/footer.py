"""The footer every screen shows: each key and what it does, fitting 80 columns."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's footer, compact and without the palette hint, so every key fits.

    At 80 columns the usual footer cut the last keys off (Quit and Help on
    the home screen). The command palette is still on ctrl+p, as the help
    screen says.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        kwargs.setdefault("show_command_palette", False)
        super().__init__(**kwargs)
