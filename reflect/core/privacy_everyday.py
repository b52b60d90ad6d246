"""A name that is also an everyday word ("Will", "May", "Grace"): where it is the name.

For masking a known person's name (the supervisor's, in an anonymised
document) without masking the word: "Will is my supervisor" is the name,
"Will we meet again?" is not. The scanner's own rules for finding unknown
names are in privacy_names.py; these use its lists and its context words.
"""

from __future__ import annotations

import re

from reflect.core.privacy_names import (
    _CALENDAR,
    _RELATIONS,
    _SENTENCE_END,
    _SPEECH_AFTER,
    name_lists,
)


def is_everyday_word(word: str) -> bool:
    """Whether ``word`` is a given name that is also an everyday word ("Will", "Grace", "May")."""
    key = word.lower()
    return key in _CALENDAR or key in name_lists()[1]


# What follows a name that is also an everyday word, where a capital does not
# say name (first in a sentence; a month anywhere), when it is the name: the
# person doing something ("Will said", "Will is my supervisor", "May
# agreed"), a possessive ("Will's"), another name ("Will and Ava") or a
# surname ("Will Jones", not "Will Mum"). "Will we meet again?", "May I
# ask", "Hope you are well", "In May we met" have none.
_SUBJECT_VERBS = (
    r"is|was|has|had|does|did|can|could|will|would|should|might|must|may"
    r"|thinks|thought|feels|felt|wants|wanted|agreed|agrees|suggested|suggests|noticed"
    r"|helped|helps|came|comes|went|met|rang|called|emailed|wrote|reminded|reminds"
    r"|pointed|challenged|listened|supervises|supervised|saw|sees|heard|knew|knows|spoke"
    r"|visited|looked|gave|gives|took|made|left|arrived|joined"
)
_NAME_AFTER = re.compile(
    rf"['’]s\b|\s+(?:and|&)\s+[A-Z]|\s+(?!(?i:{_RELATIONS})\b)[A-Z][a-z]"
    rf"|\s+(?:{_SUBJECT_VERBS})\b|{_SPEECH_AFTER.pattern}"
)
# Someone spoken to or with: "met with May", "asked May" (not "in May").
_PERSON_BEFORE = re.compile(r"\b(?:with|asked|told|thanked|emailed|rang|called)\s+$")


def reads_as_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised everyday word at ``text[start:end]``, someone's name, is the name.

    Inside a sentence a capital says name ("talked it through with Will"),
    except for a month or season. First in a sentence, or a month, the words
    around it must say so: see `_NAME_AFTER`, `_PERSON_BEFORE`, and a comma
    after it first in a sentence ("Will, can we talk?"). One known miss,
    kept for simplicity: "Joy was in the room" reads as the name.
    """
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    # After a semicolon a capital is a choice, as inside a sentence ("a mark; Mark saw it").
    first = i < 0 or (text[i] in _SENTENCE_END and text[i] != ";")
    month = text[start:end].lower() in _CALENDAR
    if not first and not month:
        return True
    if first and text[end : end + 1] == ",":
        return True
    if month and _PERSON_BEFORE.search(text[max(0, start - 16) : start]):
        return True
    return bool(_NAME_AFTER.match(text, end))
