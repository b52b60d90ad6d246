"""Reading a v0.1 Markdown export back, by walking markdown-it-py's tokens.

Reflect 0.1 wrote one Markdown document with a one-line HTML comment per
entry and session (``<!-- reflect-entry {...} -->``) holding what is not
text: ids, dates, flags. The text comes from the Markdown around it. Typed
text was escaped on export, so CommonMark reads it back as text: emphasis,
headings, lists and HTML in the document are always Reflect's own.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reflect.core.export import parsed
from reflect.core.export.parsed import Damaged, ImportRefused, ParsedExport, ParsedSession
from reflect.core.records import AnswerView, EntryRecord

FORMAT_VERSION = 1
EXPORT_MARKER = "reflect-export"
ENTRY_MARKER = "reflect-entry"
SESSION_MARKER = "reflect-session"
_COMMENT = re.compile(r"^<!-- (reflect-[a-z]+) (\{.*\}) -->\s*$")
_DUE = re.compile(r" \(by (\d{2} [A-Z][a-z]{2} \d{4})\)$")


def is_v01_export(text: str) -> bool:
    """Whether ``text`` looks like a v0.1 export (it has the export's comment line)."""
    return f"<!-- {EXPORT_MARKER} " in text


def inline_text(token: Token) -> str:
    """An inline token's text as typed: escapes undone, line breaks kept."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "text_special", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _only_emphasis(token: Token, kind: str) -> bool:
    # markdown-it leaves empty text tokens around the delimiters.
    children = [c for c in token.children or [] if c.type != "text" or c.content]
    return (
        len(children) >= 2
        and children[0].type == f"{kind}_open"
        and (children[-1].type == f"{kind}_close")
    )


class _Block:
    """The tokens between an entry's (or session's) comment line and the next heading."""

    def __init__(self, kind: str, meta: Any, line: int) -> None:
        self.kind = kind
        self.meta = meta
        self.line = line
        # (heading or "" for what comes before the first one, its paragraphs and items)
        self.sections: list[tuple[str, list[Token], list[Token]]] = [("", [], [])]

    def add(self, tokens: list[Token], i: int, in_item: bool) -> None:
        if tokens[i].type == "inline":
            _, paragraphs, items = self.sections[-1]
            (items if in_item else paragraphs).append(tokens[i])

    def heading(self, title: str) -> None:
        self.sections.append((title, [], []))

    def named(self, title: str, after: int = 0) -> tuple[list[Token], list[Token]]:
        """The paragraphs and list items under the heading ``title`` (past the first ``after``)."""
        for heading, paragraphs, items in self.sections[after:]:
            if heading == title:
                return paragraphs, items
        return [], []


def _meta(content: str, line: int, origin: str) -> tuple[str, Any] | None:
    match = _COMMENT.match(content.strip())
    if not match:
        return None
    try:
        return match.group(1), json.loads(match.group(2))
    except (json.JSONDecodeError, RecursionError):
        raise ImportRefused(f"{origin} is damaged at line {line}.") from None


def _paragraphs(tokens: list[Token]) -> str:
    return "\n\n".join(inline_text(t) for t in tokens)


def _actions(items: list[Token], states: Any) -> tuple[tuple[str, date | None, bool], ...]:
    if not isinstance(states, list):
        parsed.damaged("actions should be a list")
    found = []
    for item, state in zip(items, states, strict=False):
        if not isinstance(state, list) or len(state) != 2:
            parsed.damaged("an action's details should be [due, done]")
        due = parsed.day(state[0], "an action's due date", optional=True)
        done = parsed.flag(state[1], "whether an action is done")
        words = inline_text(item)
        if done and words.startswith("done: "):
            words = words[len("done: ") :]
        if due:
            words = _DUE.sub("", words)
        found.append((words, due, done))
    return tuple(found)


def _entry(block: _Block) -> EntryRecord:
    meta = block.meta
    if not isinstance(meta, dict):
        parsed.damaged("an entry's details should be a table")
    prompts = meta.get("prompts")
    if not isinstance(prompts, list):
        parsed.damaged("an entry's prompts should be a list")
    # The first sections after the details are the answers, one per prompt.
    answer_sections = block.sections[1 : 1 + len(prompts)]
    if len(answer_sections) != len(prompts):
        parsed.damaged("an entry is missing some of its answers")
    answers = []
    for position, (prompt, (_title, paragraphs, _items)) in enumerate(
        zip(prompts, answer_sections, strict=True)
    ):
        if not isinstance(prompt, list) or len(prompt) != 2:
            parsed.damaged("a prompt should be [id, theme]")
        question = ""
        rest = list(paragraphs)
        if rest and _only_emphasis(rest[0], "strong"):
            question = inline_text(rest.pop(0))
        if len(rest) == 1 and _only_emphasis(rest[0], "em"):
            rest = []  # "*Not answered.*", written for an empty answer
        answers.append(
            AnswerView(
                parsed.text(prompt[0], "a prompt id"),
                question,
                _paragraphs(rest),
                parsed.text(prompt[1], "a theme"),
                position,
            )
        )
    if len({a.prompt_id for a in answers}) != len(answers):
        parsed.damaged("an entry has the same prompt twice")
    free_tags: tuple[str, ...] = ()
    for item in block.named("Tags", 1 + len(prompts))[1]:
        words = inline_text(item)
        if words.startswith("Tags: "):
            free_tags = tuple(words[len("Tags: ") :].split(", "))
    paragraphs, _ = block.named("Supervision", 1 + len(prompts))
    question_at = next(
        (i for i, p in enumerate(paragraphs) if inline_text(p) == "Question for my supervisor:"),
        None,
    )
    supervisor_question = "" if question_at is None else _paragraphs(paragraphs[question_at + 1 :])
    return EntryRecord(
        uid=parsed.text(meta.get("uid"), "an entry's uid"),
        visit_date=parsed.required(parsed.day(meta.get("visit_date"), "a visit date"), "a date"),
        case_code=parsed.case_code(meta.get("case_code")),
        visit_type=parsed.visit_type(meta.get("visit_type")),
        prompt_set_id=parsed.text(_pair(meta.get("set"))[0], "a prompt set"),
        prompt_set_version=parsed.text(_pair(meta.get("set"))[1], "a prompt set's version"),
        status=parsed.status(meta.get("status")),
        created_at=parsed.required(parsed.moment(meta.get("created"), "created"), "created"),
        updated_at=parsed.required(parsed.moment(meta.get("updated"), "updated"), "updated"),
        completed_at=parsed.moment(meta.get("completed"), "completed", optional=True),
        current_step=parsed.required(parsed.whole(meta.get("step"), "an entry's step"), "step"),
        answers=tuple(answers),
        visit_minutes=parsed.whole(meta.get("visit_minutes"), "a visit's length", optional=True),
        flagged=parsed.flag(meta.get("flagged"), "flagged"),
        supervisor_question=supervisor_question,
        themes=parsed.texts(meta.get("themes"), "themes"),
        pcf_domains=parsed.texts(meta.get("pcf"), "PCF domains"),
        free_tags=free_tags,
        actions=_actions(block.named("Next actions", 1 + len(prompts))[1], meta.get("actions")),
    )


def _pair(value: Any) -> list[Any]:
    if not isinstance(value, list) or len(value) != 2:
        parsed.damaged("a prompt set should be [id, version]")
    return value


def _session(block: _Block) -> ParsedSession:
    meta = block.meta
    if not isinstance(meta, dict):
        parsed.damaged("a session's details should be a table")
    notes_tokens = block.sections[0][1]
    if len(notes_tokens) == 1 and _only_emphasis(notes_tokens[0], "em"):
        notes_tokens = []  # "*No notes.*"
    return ParsedSession(
        session_date=parsed.required(parsed.day(meta.get("date"), "a session's date"), "a date"),
        initials=parsed.text(meta.get("initials"), "a supervisor's initials"),
        notes=_paragraphs(notes_tokens),
        entry_uids=parsed.texts(meta.get("entries"), "the entries discussed"),
        actions=_actions(block.named("Actions agreed")[1], meta.get("actions")),
    )


def read_v01(text: str, origin: str) -> ParsedExport:
    """Read a v0.1 Markdown export; `ImportRefused` if it is not one or is damaged."""
    tokens = MarkdownIt("commonmark").parse(text)
    header: Any = None
    blocks: list[_Block] = []
    current: _Block | None = None
    in_item = 0
    for i, token in enumerate(tokens):
        line = (token.map[0] + 1) if token.map else 0
        if token.type == "html_block":
            found = _meta(token.content, line, origin)
            if found is None:
                continue
            marker, meta = found
            if marker == EXPORT_MARKER and header is None:
                header = meta
            elif marker in (ENTRY_MARKER, SESSION_MARKER):
                current = _Block(marker, meta, line)
                blocks.append(current)
        elif token.type == "heading_open":
            if token.tag in ("h1", "h2", "h3"):
                current = None
            elif current is not None:
                current.heading(inline_text(tokens[i + 1]))
        elif token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif current is not None and (i == 0 or tokens[i - 1].type != "heading_open"):
            current.add(tokens, i, in_item > 0)
    if not isinstance(header, dict):
        raise ImportRefused(
            f"{origin} is not a Reflect archive or export. To move a journal, export it "
            "with --format archive."
        )
    version = header.get("format", 0)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ImportRefused(f"{origin} was exported by a newer Reflect; please update Reflect.")
    records: list[EntryRecord] = []
    sessions: list[ParsedSession] = []
    for block in blocks:
        try:
            if block.kind == ENTRY_MARKER:
                records.append(_entry(block))
            else:
                sessions.append(_session(block))
        except Damaged as exc:
            raise ImportRefused(f"{origin} is damaged near line {block.line}: {exc}.") from None
    terms: tuple[tuple[str, date, date], ...] = ()
    if "term" in header:
        value = header["term"]
        try:
            if not isinstance(value, list) or len(value) != 3:
                parsed.damaged("the term should be [name, start, end]")
            terms = (parsed.term({"name": value[0], "start": value[1], "end": value[2]}),)
        except Damaged as exc:
            raise ImportRefused(f"{origin} is damaged at its first lines: {exc}.") from None
    if len({r.uid for r in records}) != len(records):
        raise ImportRefused(f"{origin} is damaged: it holds one entry twice.")
    return ParsedExport(tuple(records), tuple(sessions), terms)
