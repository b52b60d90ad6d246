"""Reflect's screens (Textual).

After a change the screen is drawn on the next tick of Textual's update
timer, which ticks on a fixed grid (60 a second unless ``TEXTUAL_FPS`` says
otherwise). A search result filled in just after a tick waited up to 17 ms
for the next one, up to 17 ms of a search-as-you-type key's time to its
rows drawn (tests/bench/key_timeline.py). Ticking 120 times a second,
only when something changed, halves that wait; an idle screen still draws
nothing, and animations keep their own 60 a second. 240 measured no better
than 120 (more frames drawn while typing: the letter, then the rows).
The setting must be made before Textual reads it (``textual.constants``,
on its first import); a ``TEXTUAL_FPS`` the user set is kept.
"""

from __future__ import annotations

import os

FRAMES_PER_SECOND = 120

os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
