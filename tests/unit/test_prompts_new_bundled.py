"""`reflect prompts new` refuses the id of a bundled set unless told to replace it.

`prompts new quick` printed only the path, and the app's question-set menu
then had no "Quick check-in", the set meant for straight after a distressing
visit (review 22, defect 4).
"""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_cli import one_line_error, run


def test_prompts_new_refuses_a_bundled_sets_id_unless_told(isolated_folders: Path) -> None:
    # `prompts new quick` quietly replaced "Quick check-in", the set for
    # straight after a distressing visit (review 22, defect 4).
    refused = run("prompts", "new", "quick")
    assert refused.exit_code == 1
    assert one_line_error(refused) == (
        "reflect: 'quick' is the id of the bundled set 'Quick check-in': choose another id, "
        "such as 'my-quick', or add --replace-bundled to replace that set on purpose."
    )
    folder = isolated_folders / "config" / "prompts"
    assert not (folder / "quick.toml").exists()
    assert "Quick check-in" in run("prompts", "list").output
    mine = run("prompts", "new", "my-quick")
    assert mine.exit_code == 0 and Path(mine.stdout.strip()) == folder / "my-quick.toml"
    replaced = run("prompts", "new", "quick", "--replace-bundled")
    assert replaced.exit_code == 0
    assert Path(replaced.stdout.strip()) == folder / "quick.toml"
    assert "replaces the bundled set 'Quick check-in'" in replaced.stderr
