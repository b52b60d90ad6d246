"""Prompt sets: the questions a reflection walks through, kept as TOML data files.

Bundled sets ship inside the package (``reflect/prompts`` in the wheel, the
top-level ``prompts/`` folder in a source checkout). A user's own sets live in
the config folder's ``prompts/``; one with the id of a bundled set replaces it,
with a notice. A broken user file never stops Reflect: it is skipped, and the
problem is reported with the file and, where it can be found, the line.

The format is documented in the README ("Writing your own prompt set").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from reflect.core.errors import UnknownName
from reflect.core.vocab import PCF_DOMAINS

DEFAULT_SET_ID = "relational"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_SET_KEYS = {"id", "name", "version", "description", "when_to_use", "sources", "prompts"}
_REQUIRED_SET_KEYS = ("id", "name", "version", "description")
_PROMPT_KEYS = {
    "id",
    "theme",
    "question",
    "hint",
    "cues",
    "optional",
    "pcf",
    "source",
    "tag",
    "fills",
}
# What an answer can fill in later in the reflection, so it is not typed twice:
# "actions" (one action a line) or "supervisor-question" (which also flags it).
FILLS = ("actions", "supervisor-question")


@dataclass(frozen=True)
class Prompt:
    """One step of a reflection: a question with its theme and hint."""

    id: str
    question: str
    theme: str = ""
    hint: str = ""
    cues: tuple[str, ...] = ()
    optional: bool = False
    pcf: tuple[str, ...] = ()
    source: str | None = None
    tag: str | None = None
    fills: str | None = None


@dataclass(frozen=True)
class PromptSet:
    """An ordered set of prompts, with where it came from."""

    id: str
    name: str
    version: str
    description: str
    prompts: tuple[Prompt, ...]
    when_to_use: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    origin: str = "bundled"

    def prompt(self, prompt_id: str) -> Prompt | None:
        """The prompt with ``prompt_id``, if the set has one."""
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def filling(self, what: str) -> Prompt | None:
        """The prompt whose answer fills ``what`` ("actions" or "supervisor-question")."""
        return next((p for p in self.prompts if p.fills == what), None)

    def citation(self, prompt: Prompt) -> str | None:
        """The full citation of a prompt's source, if it has one."""
        return self.sources.get(prompt.source) if prompt.source else None


@dataclass(frozen=True)
class PromptProblem:
    """Something wrong with a prompt file, located as closely as possible."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class PromptSetInvalid(Exception):
    """A prompt file has problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[PromptProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class PromptLibrary:
    """Every prompt set available, with notices about overrides and broken files."""

    sets: dict[str, PromptSet]
    notices: list[str] = field(default_factory=list)
    problems: list[PromptProblem] = field(default_factory=list)

    def get(self, set_id: str) -> PromptSet:
        """The set with ``set_id``; KeyError with a plain message when unknown."""
        try:
            return self.sets[set_id]
        except KeyError:
            known = ", ".join(sorted(self.sets)) or "none"
            raise UnknownName(f"There is no prompt set {set_id!r} (sets: {known}).") from None

    def prompt_tags(self) -> dict[tuple[str, str], str]:
        """The theme each prompt's answer touches, by (set id, prompt id).

        A prompt's theme tag (``tag``) can differ from its heading (Gibbs's
        "Feelings" touches "Use of self and emotion"); without a tag, the
        heading is the theme.
        """
        return {
            (prompt_set.id, prompt.id): prompt.tag
            for prompt_set in self.sets.values()
            for prompt in prompt_set.prompts
            if prompt.tag
        }

    def default(self) -> PromptSet:
        """The set used when the worker has not chosen one."""
        if DEFAULT_SET_ID in self.sets:
            return self.sets[DEFAULT_SET_ID]
        return next(iter(self.sets.values()))


def bundled_prompts_dir() -> Path:
    """Where the bundled prompt files are: inside the installed package, or the checkout."""
    packaged = resources.files("reflect") / "prompts"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "prompts"


def _line_of(source: str, block: int | None, key: str | None) -> int | None:
    """Find the line of ``key`` in the ``block``-th [[prompts]] table (or the top level)."""
    current: int | None = None
    header_line: int | None = None
    seen = -1
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[[prompts]]"):
            seen += 1
            current = seen
            if block == seen:
                header_line = number
            continue
        if stripped.startswith("["):
            current = -2
            continue
        if current == block and key and re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return header_line


def parse_prompt_set(source: str, origin: str = "<text>") -> PromptSet:
    """Parse and validate one prompt file's text; raise `PromptSetInvalid` listing every problem."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise PromptSetInvalid(
            [
                PromptProblem(
                    origin, f"not valid TOML: {exc}", int(found.group(1)) if found else None
                )
            ]
        ) from None
    problems: list[PromptProblem] = []

    def problem(message: str, block: int | None = None, key: str | None = None) -> None:
        problems.append(PromptProblem(origin, message, _line_of(source, block, key)))

    for key in sorted(set(data) - _SET_KEYS):
        problem(f"unknown key {key!r} (allowed: {', '.join(sorted(_SET_KEYS))})", None, key)
    for key in _REQUIRED_SET_KEYS:
        if key not in data:
            problem(f"the set needs {key!r}")
    set_id = data.get("id", "")
    if "id" in data and (not isinstance(set_id, str) or not ID_PATTERN.match(set_id)):
        problem(
            "the set's id must be lower-case letters, digits, '-' or '_' (up to 40)", None, "id"
        )
    for key in ("name", "description", "when_to_use"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problem(f"{key!r} must be some text", None, key)
    version = data.get("version", "")
    if "version" in data and not isinstance(version, str | int):
        problem('\'version\' must be text such as "1" or "2.1"', None, "version")
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in sources.items()
    ):
        problem("'sources' must be a table of short names and citations", None, "sources")
        sources = {}

    raw_prompts = data.get("prompts")
    prompts: list[Prompt] = []
    if not isinstance(raw_prompts, list) or not raw_prompts:
        problem("the set has no prompts: add at least one [[prompts]] table")
        raw_prompts = []
    seen_ids: dict[str, int] = {}
    for index, raw in enumerate(raw_prompts):
        label = f"prompt {index + 1}"
        if not isinstance(raw, dict):
            problem(f"{label} must be a [[prompts]] table", index)
            continue
        prompt = _parse_prompt(raw, index, label, sources, problem)
        if prompt is None:
            continue
        if prompt.id in seen_ids:
            problem(
                f"{label} repeats the id {prompt.id!r} (already used by prompt "
                f"{seen_ids[prompt.id] + 1}); prompt ids must be unique",
                index,
                "id",
            )
            continue
        seen_ids[prompt.id] = index
        prompts.append(prompt)
    if problems:
        raise PromptSetInvalid(problems)
    return PromptSet(
        id=set_id,
        name=data["name"].strip(),
        version=str(version),
        description=data["description"].strip(),
        when_to_use=data.get("when_to_use", "").strip(),
        sources=dict(sources),
        prompts=tuple(prompts),
        origin=origin,
    )


def _parse_prompt(
    raw: dict[str, Any],
    index: int,
    label: str,
    sources: dict[str, str],
    problem: Any,
) -> Prompt | None:
    ok = True

    def bad(message: str, key: str | None = None) -> None:
        nonlocal ok
        ok = False
        problem(f"{label}: {message}", index, key)

    for key in sorted(set(raw) - _PROMPT_KEYS):
        bad(f"unknown key {key!r} (allowed: {', '.join(sorted(_PROMPT_KEYS))})", key)
    prompt_id = raw.get("id")
    if not isinstance(prompt_id, str) or not ID_PATTERN.match(prompt_id):
        bad("needs an 'id' of lower-case letters, digits, '-' or '_'", "id")
    question = raw.get("question")
    if not isinstance(question, str) or not question.strip():
        bad("needs a 'question'", "question")
    for key in ("theme", "hint", "tag"):
        if key in raw and not isinstance(raw[key], str):
            bad(f"{key!r} must be text", key)
    if "optional" in raw and not isinstance(raw["optional"], bool):
        bad("'optional' must be true or false", "optional")
    cues = raw.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
        bad("'cues' must be a list of short questions", "cues")
        cues = []
    pcf = raw.get("pcf", [])
    if not isinstance(pcf, list) or not all(isinstance(d, str) for d in pcf):
        bad("'pcf' must be a list of PCF domain names", "pcf")
        pcf = []
    for domain in pcf:
        if domain not in PCF_DOMAINS:
            bad(f"{domain!r} is not a PCF domain (domains: {'; '.join(PCF_DOMAINS)})", "pcf")
    source = raw.get("source")
    if source is not None and (not isinstance(source, str) or source not in sources):
        bad(f"'source' {source!r} is not one of the set's [sources]", "source")
    fills = raw.get("fills")
    if fills is not None and fills not in FILLS:
        bad(f"'fills' must be one of {', '.join(repr(f) for f in FILLS)}", "fills")
    if not ok:
        return None
    assert isinstance(prompt_id, str) and isinstance(question, str)
    return Prompt(
        id=prompt_id,
        question=" ".join(question.split()),
        theme=str(raw.get("theme", "")).strip(),
        hint=" ".join(str(raw.get("hint", "")).split()),
        cues=tuple(" ".join(c.split()) for c in cues),
        optional=bool(raw.get("optional", False)),
        pcf=tuple(pcf),
        source=source,
        tag=(str(raw["tag"]).strip() or None) if "tag" in raw else None,
        fills=fills,
    )


def load_prompt_file(path: Path) -> PromptSet:
    """Read and validate one prompt file."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptSetInvalid([PromptProblem(str(path), "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptSetInvalid([PromptProblem(str(path), f"cannot be read: {exc}")]) from None
    return parse_prompt_set(source, str(path))


def _files(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".toml" and p.is_file())


def load_library(user_dir: Path | None = None, bundled_dir: Path | None = None) -> PromptLibrary:
    """Load the bundled sets, then the user's own; a broken user file is skipped and reported."""
    library = PromptLibrary(sets={})
    for path in _files(bundled_dir or bundled_prompts_dir()):
        prompt_set = load_prompt_file(path)  # bundled sets are tested; a failure is a bug
        library.sets[prompt_set.id] = replace(prompt_set, origin="bundled")
    if user_dir is None:
        return library
    user_ids: dict[str, Path] = {}
    for path in _files(user_dir):
        try:
            prompt_set = load_prompt_file(path)
        except PromptSetInvalid as invalid:
            library.problems.extend(invalid.problems)
            continue
        if prompt_set.id in user_ids:
            library.problems.append(
                PromptProblem(
                    str(path),
                    f"the set id {prompt_set.id!r} is already used by {user_ids[prompt_set.id]};"
                    " this file was skipped",
                )
            )
            continue
        user_ids[prompt_set.id] = path
        if prompt_set.id in library.sets:
            library.notices.append(
                f"Your prompt set {path.name} replaces the bundled set {prompt_set.id!r}."
            )
        library.sets[prompt_set.id] = prompt_set
    return library
