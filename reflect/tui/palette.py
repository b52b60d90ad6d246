"""The command palette (ctrl+p): Reflect's own commands, listed as soon as it opens."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# Reflect's commands in the palette (ctrl+p), in the order it lists them when
# it opens: name, what it does, and the action it runs. To add one, add a line
# here with an action the app has (``app.something`` runs ``action_something``).
PALETTE_COMMANDS: list[tuple[str, str, str]] = [
    ("New reflection", "Write about a visit", "app.new_reflection"),
    ("Browse entries", "Read and search past entries", "app.browse"),
    ("Supervision", "Gather what to bring to supervision", "app.supervision"),
    ("Actions", "Open actions across every entry", "app.actions"),
    ("Export", "Export a term: Markdown, web page, Word, CPD records or archive", "app.export"),
    ("Terms", "Name the terms and placements you export by", "app.terms"),
    ("Trash", "Entries moved to the trash", "app.trash"),
    ("CPD records", "Your CPD for the registration year, and what is still needed", "app.cpd"),
    ("Supervision agenda", "An agenda from what you flagged, to take in", "app.agenda"),
    ("Your words", "Words the identifier check always or never flags", "app.words"),
    ("Help", "Every key, and what it does", "app.help"),
    ("Theme", "Change the colours (Reflect remembers your choice)", "app.change_theme"),
    ("Quit", "Close Reflect; your words are saved first", "app.quit"),
]


class ReflectCommands(Provider):
    """Offers Reflect's own commands in the command palette (ctrl+p)."""

    async def discover(self) -> Hits:
        # Listed as soon as the palette opens, before anything is typed.
        app = self.app
        for name, help_text, action in PALETTE_COMMANDS:
            yield DiscoveryHit(name, partial(app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        for name, help_text, action in PALETTE_COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(app.run_action, action), help=help_text
                )
