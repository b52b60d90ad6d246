"""The identifier scanner: what it must find, and what it must leave alone."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core.privacy import _nhs_valid, mask, scan, scan_everything


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
        "Step 4 of 12, 17 questions, 26-week timescale.",
        "",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert scan(text) == []


def test_nhs_check_digit() -> None:
    assert _nhs_valid("9434765919")
    assert not _nhs_valid("9434765918")
    assert not _nhs_valid("1111111111")


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


# Text built to look like notes: ordinary words, names, titles, numbers,
# addresses and punctuation, in any order.
note_parts = st.one_of(
    words,
    st.sampled_from(
        [
            "Mrs Khan",
            "Dr. Patel",
            "Jade Wilson",
            "Sam",
            "born 03/04/2019",
            "DOB: 3 April 2019",
            "07700 900123",
            "sam@example.org",
            "SW1A 1AA",
            "14 Acacia Avenue",
            "AB 12 34 56 C",
            ".",
            "\n",
            "Flat 2, 9 Mill Lane",
        ]
    ),
    st.text(max_size=12),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(note_parts, max_size=25))
def test_the_quick_check_never_hides_an_identifier(parts: list[str]) -> None:
    text = " ".join(parts)
    assert scan(text) == scan_everything(text)
