"""Scoring of every question kind (pure functions, no database)."""

from decimal import Decimal

import pytest

from content.models import Choice
from content.scoring import fraction, normalise_answer


def choices(*specs):
    return [
        Choice(pk=pk, text=text, is_correct=correct, match=match)
        for pk, text, correct, match in specs
    ]


SINGLE = choices((1, "Paris", True, ""), (2, "Lyon", False, ""))
MULTIPLE = choices((1, "a", True, ""), (2, "b", True, ""), (3, "c", False, ""))
SHORT = choices((1, "Désherbage", True, ""), (2, "Sudoc", True, ""))
MATCHING = choices(
    (1, "000", False, "Généralités"),
    (2, "800", False, "Littérature"),
    (3, "900", False, "Histoire"),
)


@pytest.mark.parametrize(
    ("response", "expected"),
    [({"choice": 1}, 1), ({"choice": 2}, 0), (None, 0), ({}, 0), ({"choice": 99}, 0)],
)
def test_single_choice_and_true_false_score_all_or_nothing(response, expected):
    assert fraction("single", SINGLE, response) == expected
    assert fraction("true_false", SINGLE, response) == expected


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ([1, 2], Decimal(1)),
        ([1], Decimal("0.5")),
        ([1, 3], Decimal(0)),
        ([1, 2, 3], Decimal("0.5")),
        ([3], Decimal(0)),
        ([], Decimal(0)),
    ],
)
def test_multiple_choice_gives_partial_credit_and_wrong_ticks_cost(chosen, expected):
    assert fraction("multiple", MULTIPLE, {"choices": chosen}) == expected


@pytest.mark.parametrize(
    "given",
    ["Désherbage", "desherbage", "  DÉSHERBAGE ", "désherbage.", "sudoc", "SUDOC"],
)
def test_short_answer_ignores_case_accents_spaces(given):
    assert fraction("short", SHORT, {"text": given}) == 1


@pytest.mark.parametrize("given", ["désherbages", "", "   ", "dés herbage", "catalogage"])
def test_short_answer_refuses_other_words(given):
    assert fraction("short", SHORT, {"text": given}) == 0


def test_normalise_collapses_inner_spaces():
    assert normalise_answer("  Fonds   Patrimonial ") == "fonds patrimonial"


def test_matching_scores_each_pair():
    assert fraction("matching", MATCHING, {"pairs": {"1": 1, "2": 2, "3": 3}}) == 1
    assert fraction("matching", MATCHING, {"pairs": {"1": 1, "2": 3, "3": 2}}) == Decimal(1) / 3
    assert fraction("matching", MATCHING, {"pairs": {"1": 2}}) == 0
    assert fraction("matching", MATCHING, {"pairs": {}}) == 0


def test_matching_prompts_sharing_an_answer_accept_either_option():
    shared = choices((1, "Sudoc", False, "Abes"), (2, "IdRef", False, "Abes"))
    assert fraction("matching", shared, {"pairs": {"1": 2, "2": 1}}) == 1
