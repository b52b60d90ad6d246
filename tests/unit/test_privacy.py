"""The identifier scanner: what it must find, and what it must leave alone."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core.privacy import (
    Finding,
    WordLists,
    count_by_kind,
    describe_counts,
    in_context,
    mask,
    scan,
)
from reflect.core.privacy_numbers import nhs_valid


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Her postcode is SW1A 1AA now.", "postcode", "SW1A 1AA"),
        ("moved to M1 1AE last week", "postcode", "M1 1AE"),
        ("CR2 6XH", "postcode", "CR2 6XH"),
        ("Call 07700 900123 tomorrow.", "phone", "07700 900123"),
        ("landline 0161 496 0000.", "phone", "0161 496 0000"),
        ("on +44 7700 900123", "phone", "+44 7700 900123"),
        ("(020) 7946 0958", "phone", "(020) 7946 0958"),
        ("email jo.bloggs@example.org please", "email", "jo.bloggs@example.org"),
        ("NHS number 943 476 5919.", "nhs", "943 476 5919"),
        ("nhs 9434765919", "nhs", "9434765919"),
        ("NI AB 12 34 56 C.", "nino", "AB 12 34 56 C"),
        ("ni number ab123456c", "nino", "ab123456c"),
        ("DOB 12/03/2015", "dob", "12/03/2015"),
        ("date of birth: 2015-03-12", "dob", "2015-03-12"),
        ("was born on 3rd March 2015 in", "dob", "3rd March 2015"),
        ("lives at 14 Acacia Avenue with", "address", "14 Acacia Avenue"),
        ("Flat 3, 22 Mill Lane", "address", "Flat 3, 22 Mill Lane"),
        ("spoke with Mrs Khan today", "name", "Mrs Khan"),
        ("then I met Jade Morgan at the gate", "name", "Jade Morgan"),
        # From issue 14: what a fresh set of sentences found missing.
        ("Mum was at home with Lily (7) and the baby.", "name", "Lily"),
        ("The baby, Ava-Rose, was asleep.", "name", "Ava-Rose"),
        ("Call +44(0)7700 900 654 after six.", "phone", "+44(0)7700 900 654"),
        ("Call 0044 7700 900111 after six.", "phone", "0044 7700 900111"),
        ("moved to M1  1AE last week", "postcode", "M1  1AE"),
        ("moved to ls6 2qt last week", "postcode", "ls6 2qt"),
        ("Baby born 3rd of May 2024.", "dob", "3rd of May 2024"),
        ("DOB 5.6.17, seen today.", "dob", "5.6.17"),
        ("d.o.b. 14/02/2011", "dob", "14/02/2011"),
        ("NHS no. 083-016-6130.", "nhs", "083-016-6130"),
        ("Visited at Flat 3, 22 Victoria Road.", "address", "Flat 3, 22 Victoria Road"),
        ("moved to 56a Beech Avenue", "address", "56a Beech Avenue"),
        ("Dad's partner Faith was there.", "name", "Faith"),
        ("the twins, Oliwia and her brother", "name", "Oliwia"),
    ],
)
def test_finds(text: str, kind: str, found: str) -> None:
    assert [(f.kind, f.text) for f in scan(text)] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "Visit on 20/11/2026 at 14:30.",
        "Next visit 2026-12-01, 9.30am, about an hour.",
        "Case CF-1042 and Family K; code AB-77.",
        "Paid £120.50, and 45 minutes; 3 children; total 12,345,678.90.",
        "NHS 943 476 5918 has a wrong check digit; 1234567890 too.",
        "We talked about Social Work England and the Child Protection Conference.",
        "Mum said the Local Authority plan was unfair. Family Court next month.",
        "On Monday 2 November we met. In December the review.",
        "QQ 12 34 56 C is the dummy NI number.",
        # From issue 14: flagged wrongly before.
        "The family were referred to Sure Start.",
        "We read Working Together in supervision.",
        "The Multi Agency Risk Assessment Conference met.",
        # Common words that are names only in name context.
        "Will you be able to come, mum asked.",
        "May I come back on Friday?",
        "Summer term is busy; Sky TV was on; the Red Cross helped.",
        "Final hearing on 4th of June 2027, not a birthday.",
        "Budget code 4020-3311-07 and referral 20261103-07.",
        "The baby sleeps in a Moses basket.",
        "Step 4 of 12, 17 questions, 26-week timescale.",
        "",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert scan(text) == []


def test_nhs_check_digit() -> None:
    assert nhs_valid("9434765919")
    assert not nhs_valid("9434765918")
    assert not nhs_valid("1111111111")


def test_a_name_and_its_surname_and_those_listed_with_it() -> None:
    text = "Kayden's nan Shirley sat in; Tyler, Will and Ava played; Mrs O'Neill came."
    assert [f.text for f in scan(text)] == [
        "Kayden",
        "Shirley",
        "Tyler",
        "Will",
        "Ava",
        "Mrs O'Neill",
    ]


def test_the_allow_list_silences_and_the_flag_list_finds() -> None:
    text = "Met Grace at the Oakfield Team office; Kowalczyk family visit."
    assert [f.text for f in scan(text)] == ["Grace"]
    words = WordLists.of(allow=["Grace", "oakfield team"], flag=["kowalczyk"])
    found = scan(text, words)
    assert [(f.kind, f.text) for f in found] == [("listed", "Kowalczyk")]
    assert mask(text, words=words) == (
        "Met Grace at the Oakfield Team office; [flagged word] family visit."
    )


def test_an_allowed_phrase_hides_what_is_inside_it_only() -> None:
    words = WordLists.of(allow=["Hope Centre"])
    text = "At the Hope  Centre with Hope (4)."
    assert [(f.start, f.text) for f in scan(text, words)] == [(25, "Hope")]


def test_counts_and_their_description() -> None:
    found = scan("Lily (7) and Tyler at SW1A 1AA.")
    counts = count_by_kind(found)
    assert counts == {"name": 2, "postcode": 1}
    assert describe_counts(counts) == "2 names and 1 postcode"
    assert describe_counts(count_by_kind([])) == ""


def test_in_context_shows_the_sentence_and_marks_the_finding() -> None:
    text = "We met at school. Mum was at home with Lily (7) and the baby. Then we left."
    finding = scan(text)[0]
    assert in_context(text, finding) == "Mum was at home with »Lily« (7) and the baby."
    long = "word " * 40 + "Tyler said so " + "and more " * 30
    shown = in_context(long, Finding("name", "Tyler", long.index("Tyler"), long.index("Tyler") + 5))
    assert "»Tyler«" in shown and shown.startswith("…") and shown.endswith("…")
    assert len(shown) < 90


def test_mask_replaces_each_with_its_kind() -> None:
    text = "DOB 12/03/1990, 14 Acacia Avenue, SW1A 1AA, 07700 900123, jo@example.org."
    assert mask(text) == (
        "DOB [date of birth], [street address], [postcode], [phone number], [email address]."
    )


words = st.sampled_from(
    [
        "we",
        "talked",
        "about",
        "school",
        "mum",
        "the",
        "visit",
        "CF-1042",
        "Family",
        "K",
        "£12.50",
        "20/11/2026",
        "14:30",
        "and",
        "plan",
        "review",
        "Monday",
        "3",
        "children",
        "45",
        "minutes",
    ]
)
identifiers = st.sampled_from(
    [
        ("postcode", "SW1A 1AA"),
        ("phone", "07700 900123"),
        ("email", "a.b@example.org"),
        ("nhs", "943 476 5919"),
        ("nino", "AB 12 34 56 C"),
        ("address", "14 Acacia Avenue"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=30))
def test_ordinary_practice_words_are_not_flagged(parts: list[str]) -> None:
    assert scan(" ".join(parts)) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=15), identifiers, st.lists(words, max_size=15))
def test_an_identifier_among_ordinary_words_is_found_and_masked(
    before: list[str], identifier: tuple[str, str], after: list[str]
) -> None:
    kind, value = identifier
    text = " ".join([*before, value, *after])
    found = scan(text)
    assert [(f.kind, f.text) for f in found] == [(kind, value)]
    masked = mask(text)
    assert value not in masked and f"[{found[0].label}]" in masked


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_scans_without_error_and_findings_are_in_order(text: str) -> None:
    found = scan(text)
    for finding in found:
        assert text[finding.start : finding.end] == finding.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    masked = mask(text, found)
    for finding in found:
        assert finding.placeholder in masked


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.lists(st.sampled_from(["Grace", "Oakfield", "SW1A 1AA"])))
def test_allowed_words_are_never_found(text: str, allowed: list[str]) -> None:
    words = WordLists.of(allow=allowed)
    for finding in scan(text, words):
        assert finding.text.casefold() not in {a.casefold() for a in allowed}
