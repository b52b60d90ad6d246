"""The one case-code anonymiser, for everything that leaves the journal as a document.

The export (Markdown, HTML, Word), the CPD export and the supervision agenda
all screen typed text through `TextScreen`, so anonymising means the same
everywhere: every case code in the journal becomes Family A, Family B, ...
in the order the document first mentions it, wherever it is typed (as a
whole code, in any case), every supervisor's name or initials as recorded on
a session becomes [supervisor], and then whatever the identifier scanner
finds, with the worker's own word lists, is masked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from reflect.core.privacy import NO_WORDS, Finding, WordLists, mask, scan
from reflect.core.records import EntryDetail, SessionView
from reflect.core.supervision import SUPERVISOR_LIMIT

if TYPE_CHECKING:
    from reflect.core.scan_memo import ScanMemo


class KnowsCaseCodes(Protocol):
    """What a screen needs from a journal: case codes, supervisors and the worker's word lists."""

    def case_codes(self) -> list[str]: ...

    def supervisor_names(self) -> list[str]: ...

    def word_lists(self) -> WordLists: ...


SUPERVISOR = "[supervisor]"


# A supervisor typed as one word of up to this many letters, all in lower case
# ("am") or all in capitals ("JBK"), is read as initials; longer ("sarah",
# "SARAH") as a name. Dots or single spaced letters ("j.b.", "J B") always are.
LOWER_INITIALS = 3
INITIALS_MAX = 4


def _initials(name: str) -> str | None:
    """The letters of ``name`` in capitals when it is initials ("JB", "J.B.", "j b", "am")."""
    words = name.split()
    letters = "".join(name.replace(".", "").split())
    if not letters.isalpha():
        return None
    dotted_or_spaced = "." in name or (
        len(words) > 1 and all(len(w.strip(".")) == 1 for w in words)
    )
    if len(words) > 1 and not dotted_or_spaced:
        return None  # "Al Li" is a name
    if letters.isupper() and (len(letters) <= INITIALS_MAX or dotted_or_spaced):
        return letters
    if letters.islower() and (len(letters) <= LOWER_INITIALS or dotted_or_spaced):
        return letters.upper()
    return None


def _as_typed_or_capitalised(word: str) -> set[str]:
    """A word as typed, with a capital first letter, and (for one in capitals) as a name is."""
    forms = {word, word[:1].upper() + word[1:]}
    if word.isupper():
        forms.add(word.capitalize())
    return {re.escape(form) for form in forms}


class SupervisorNames:
    """The supervisors' names to mask; one that is also an everyday word only where it is the name.

    A supervisor called Will is masked in "Will said so" and "with Will",
    not in "Will we meet again?" (`reads_as_name`).
    """

    def __init__(self, pattern: re.Pattern[str], everyday: frozenset[str]) -> None:
        self.pattern = pattern
        self.everyday = everyday  # the forms matched that are everyday words ("Will")

    def subn(self, replacement: str, text: str) -> tuple[str, int]:
        """``text`` with each mention replaced, and how many were."""
        if not self.everyday:
            return self.pattern.subn(replacement, text)  # every match is the name
        # Here, not at the top: the scanner's name lists are loaded only when
        # a supervisor's name is also an everyday word (an export without
        # one, anonymised or not, does without them: about 5 ms).
        from reflect.core.privacy_everyday import reads_as_name

        count = 0

        def one(match: re.Match[str]) -> str:
            nonlocal count
            if match.group() in self.everyday and not reads_as_name(
                text, match.start(), match.end()
            ):
                return match.group()
            count += 1
            return replacement

        return self.pattern.sub(one, text), count


def supervisor_pattern(names: Iterable[str]) -> SupervisorNames | None:
    """Every supervisor field's text, whole and word by word; None when there are none.

    Initials ("JB", "J.B.", "am") match only in capitals, with or without
    dots, so "AM" or "am" never masks "I am"; one letter alone is not
    masked. A name of two or more words ("Sarah Jones") matches whole with
    any spacing and in any case; each of its words, and a one-word name
    ("Will"), matches as typed or with a capital, so "Will said" is masked
    but "the family will move" is not, nor a hospital "ward" for a
    supervisor called Ward. A word that is also an everyday word, in the
    scanner's list of such names ("Will", "Grace", "May": privacy_everyday),
    matches only with a capital and only where it reads as the name:
    "Will is my supervisor" is masked, "Will we meet again?" is not. A text
    cut at the field's limit may end part-way through a word: the rest of
    that word is matched too.
    """
    from reflect.core.privacy_everyday import is_everyday_word

    alternatives: dict[str, bool] = {}  # pattern -> ignore case
    everyday: set[str] = set()
    for name in {" ".join(n.split()) for n in names if n.strip()}:
        initials = _initials(name)
        if initials is not None:
            # One letter ("A", "I") is a word of every sentence and names no one.
            if len(initials) > 1:
                alternatives[r"(?:\.\s*)?".join(initials) + r"\.?"] = False
            continue
        words = name.split()
        cut = r"[\w'’-]*" if len(name) >= SUPERVISOR_LIMIT else ""
        if len(words) > 1:
            alternatives[r"\s+".join(map(re.escape, words)) + cut] = True
        for number, word in enumerate(words, start=1):
            if len(words) == 1 or len(word.strip(".'’-")) >= 2:
                tail = cut if number == len(words) else ""
                if is_everyday_word(word) and not tail:
                    # Only with a capital, and only where it reads as the name:
                    # typed "will", the supervisor took every "will".
                    named = word[:1].upper() + word[1:].lower()
                    everyday.add(named)
                    alternatives.setdefault(re.escape(named), False)
                    continue
                for form in _as_typed_or_capitalised(word):
                    alternatives.setdefault(form + tail, False)
    if not alternatives:
        return None
    # Longest first, so a whole name is masked once rather than word by word.
    ordered = sorted(alternatives, key=len, reverse=True)
    body = "|".join(f"(?i:{a})" if alternatives[a] else a for a in ordered)
    return SupervisorNames(re.compile(rf"(?<!\w)(?:{body})(?!\w)"), frozenset(everyday))


def letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as spreadsheet columns are named."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def screen_text(value: str, *, masking: bool, words: WordLists = NO_WORDS) -> tuple[str, list[str]]:
    """The one place export asks the identifier scanner: (the text, kinds found in it).

    ``words`` are the worker's allow and always-flag lists. With ``masking``
    every finding is replaced by a note such as [postcode].
    """
    findings = scan(value, words)
    if not findings:
        return value, []
    return (mask(value, findings) if masking else value), [f.label for f in findings]


def _key(case_code: str) -> str:
    """How a case code is looked up: any case, single spaces."""
    return " ".join(case_code.split()).casefold()


class TextScreen:
    """Counts identifiers in typed text and, when anonymising, replaces them.

    ``case_codes`` are every case code in the journal, so a family mentioned
    in another family's entry is replaced too. A code is matched whole: not
    inside a longer code or word ("CF-12" leaves "CF-123" alone), longest
    first, ignoring case. Letters go in order of first appearance.
    """

    def __init__(
        self,
        case_codes: Iterable[str] = (),
        *,
        anonymise: bool = True,
        words: WordLists = NO_WORDS,
        supervisors: Iterable[str] = (),
        memo: ScanMemo | None = None,
    ) -> None:
        self.anonymise = anonymise
        self.words = words
        # The journal's kept findings (scan_memo): the same as scanning, quicker.
        self.memo = memo
        # The supervisor's name is no one's business but the worker's: masked
        # wherever it is typed, as the session heading leaves it out.
        self._supervisors = supervisor_pattern(supervisors) if anonymise else None
        self.names: dict[str, str] = {}  # casefolded code -> Family A
        self._found: Counter[str] = Counter()
        # Casefolded and with single spaces (as the journal keeps them) -> as typed.
        self._codes = {_key(c): c.strip() for c in case_codes if c.strip()}
        self._pattern: re.Pattern[str] | None = None

    @classmethod
    def for_journal(cls, journal: KnowsCaseCodes, *, anonymise: bool = True) -> TextScreen:
        """A screen knowing every case code in ``journal`` and the worker's word lists."""
        # Without anonymising the codes are never looked for: no need to read them.
        codes = journal.case_codes() if anonymise else []
        supervisors = journal.supervisor_names() if anonymise else []
        words = journal.word_lists()
        scan_memo = getattr(journal, "scan_memo", None)  # a journal has one; a test's stand-in not
        memo = scan_memo(words) if scan_memo is not None else None
        return cls(codes, anonymise=anonymise, words=words, supervisors=supervisors, memo=memo)

    @property
    def found(self) -> Counter[str]:
        """Identifiers found in the counted texts so far, by kind, in the order first found."""
        return self._found

    def placeholder(self, case_code: str) -> str:
        """The case code, or its placeholder when anonymising."""
        if not self.anonymise:
            return case_code
        key = _key(case_code)
        if key not in self.names:
            if key and key not in self._codes:
                self._codes[key] = case_code.strip()
                self._pattern = None
            self.names[key] = f"Family {letters(len(self.names))}"
        return self.names[key]

    def _case_codes(self) -> re.Pattern[str] | None:
        # One pass over the text with every code as an alternative, longest
        # first, so a placeholder put in is never matched again by a shorter code.
        if self._pattern is None and self._codes:
            ordered = sorted(self._codes.values(), key=len, reverse=True)
            # Spaces inside a code match any spacing, as the journal collapses them.
            alternatives = (r"\s+".join(map(re.escape, c.split())) for c in ordered)
            self._pattern = re.compile(
                r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE
            )
        return self._pattern

    def expect(self, entries: list[EntryDetail]) -> None:
        """Read ahead what the check found in these entries' texts (the next batch)."""
        if self.memo is not None:
            self.memo.expect(entries)

    def write_back(self) -> None:
        """Keep in the journal what was scanned here and not kept before (best effort)."""
        if self.memo is not None:
            self.memo.write_back()

    def _scan(self, value: str, *, as_typed: bool) -> list[Finding]:
        # Only text as the journal holds it is kept, not one with codes replaced.
        if self.memo is None:
            return scan(value, self.words)
        return self.memo.scan(value, keep=as_typed)

    def text(self, value: str, *, count: bool = True) -> str:
        """Typed text as it goes in the document; findings are counted when ``count``."""
        if not self.anonymise:
            # The text goes in as it is; the findings only count.
            if count and (findings := self._scan(value, as_typed=True)):
                self._found.update(f.label for f in findings)
            return value
        typed = value
        pattern = self._case_codes()
        if pattern is not None:
            value = pattern.sub(lambda m: self.placeholder(m.group(1)), value)
        supervisors = 0
        if self._supervisors is not None:
            value, supervisors = self._supervisors.subn(SUPERVISOR, value)
        # As screen_text does, with the findings kept in the journal where it has them.
        findings = self._scan(value, as_typed=value == typed)
        if findings:
            value = mask(value, findings)
        if count and supervisors:
            self._found["supervisor's name"] += supervisors
        if count and findings:
            self._found.update(f.label for f in findings)
        return value

    def entry(self, entry: EntryDetail) -> EntryDetail:
        """The entry with every typed text screened."""
        if not self.anonymise:
            # Nothing changes: count the texts in the order below, keep the entry.
            if self.memo is not None:  # the same counts, in the same order, a third quicker
                self._found.update(self.memo.entry_labels(entry))
                return entry
            for answer in entry.answers:
                self.text(answer.text)
            for action in entry.actions:
                self.text(action.text)
            self.text(entry.supervisor_question)
            return entry
        answers = [(a, self.text(a.text)) for a in entry.answers]
        actions = [(a, self.text(a.text)) for a in entry.actions]
        screened = replace(
            entry,
            case_code=self.placeholder(entry.case_code),
            # Most texts come back unchanged: keep those objects as they are.
            answers=tuple(a if t == a.text else a._replace(text=t) for a, t in answers),
            supervisor_question=self.text(entry.supervisor_question),
            free_tags=tuple(self.text(t, count=False) for t in entry.free_tags),
            actions=tuple(a if t == a.text else replace(a, text=t) for a, t in actions),
        )
        if self.memo is not None:
            self.memo.entry_done(entry)  # keeps the entry's findings if they were not kept
        return screened

    def session(self, session: SessionView) -> SessionView:
        """The session with its notes and actions screened, and no supervisor when anonymising."""
        return replace(
            session,
            supervisor_initials="" if self.anonymise else session.supervisor_initials,
            notes=self.text(session.notes),
            actions=tuple(replace(a, text=self.text(a.text)) for a in session.actions),
        )
