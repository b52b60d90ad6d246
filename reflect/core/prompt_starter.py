"""A commented starter prompt set, for a worker writing their own (`reflect prompts new`)."""

from __future__ import annotations

from pathlib import Path

from reflect.core.errors import FileExists, InvalidInput
from reflect.core.prompts import ID_PATTERN

STARTER_TEMPLATE = """\
# A prompt set for Reflect. Each [[prompts]] table is one step of a reflection,
# shown in the order written here. Check this file with:
#     reflect prompts check {path}

id = "{set_id}"              # lower-case letters, digits, - or _; stored with every entry
name = "My reflection"       # shown when choosing a set
version = "1"                # raise it when you change the questions
description = "What this set is for, in a sentence."
when_to_use = "When it helps to use it (optional)."

# Short names for the works the prompts draw on (optional).
[sources]
# mynotes = "Author, A. (2024) Title. Publisher."

[[prompts]]
id = "what-happened"         # never change an id once you have used the set
theme = "The visit"          # a heading shown above the question
question = "What happened on this visit, in a few plain sentences?"
hint = "Who was there, what was planned, and what actually happened."
cues = ["What did you notice first?", "What was different from last time?"]
optional = false             # true lets the worker skip without a second thought
pcf = ["Critical Reflection and Analysis"]   # optional PCF domains
# tag = "A theme tag to suggest when this is answered"
# source = "mynotes"

[[prompts]]
id = "next-time"
theme = "Next steps"
question = "What will you do differently, or the same, next time?"
hint = "One or two concrete steps are enough, one a line."
fills = "actions"            # each line becomes an action (or "supervisor-question")
"""


def write_starter(user_dir: Path, set_id: str) -> Path:
    """Write a commented starter prompt file for ``set_id``; refuse to overwrite one."""
    if not ID_PATTERN.match(set_id):
        raise InvalidInput(
            "A prompt set id is lower-case letters, digits, '-' or '_' (up to 40 characters)."
        )
    path = user_dir / f"{set_id}.toml"
    if path.exists():
        raise FileExists(f"{path} already exists.")
    from reflect.paths import make_private_dir

    make_private_dir(user_dir)
    path.write_text(STARTER_TEMPLATE.format(set_id=set_id, path=path), encoding="utf-8")
    return path
