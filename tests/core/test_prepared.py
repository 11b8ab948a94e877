"""core.prepared: a query compiled once runs with each request's values;
a query filtered on a list of ids is compiled once and serves any list
(``field__any``); a query that can match nothing runs none (as the ORM);
the ORM's own path off PostgreSQL."""

import pytest
from django.db import connection

from core.prepared import Prepared
from courses.models import Course, Registration

pytestmark = pytest.mark.django_db


ANY_IDS = [-7_340_901]


def _candidates(_key, ids):
    return Registration.objects.filter(candidate_id__any=ids).order_by("pk").values_list("pk")


def test_any_is_in_whatever_the_number_of_values(candidate, other_candidate):
    mine = Registration.objects.get(candidate=candidate).pk
    theirs = Registration.objects.get(candidate=other_candidate).pk
    for ids, expected in [
        ([candidate.pk], [mine]),
        ([candidate.pk, other_candidate.pk, 10**9], [mine, theirs]),
        ([], []),
    ]:
        found = Registration.objects.filter(candidate__any=ids).order_by("pk")
        assert list(found.values_list("pk", flat=True)) == expected
        assert list(found) == list(Registration.objects.filter(pk__in=expected).order_by("pk"))


def test_any_takes_a_subquery_as_in_does(candidate, other_candidate):
    from accounts.models import User

    mine = Registration.objects.get(candidate=candidate).pk
    chosen = User.objects.filter(pk=candidate.pk).values("pk")
    found = Registration.objects.filter(candidate_id__any=chosen).values_list("pk", flat=True)
    assert list(found) == [mine]
    assert list(found) == list(
        Registration.objects.filter(candidate_id__in=chosen).values_list("pk", flat=True)
    )


def test_a_prepared_query_on_a_list_is_compiled_once(candidate, other_candidate):
    prepared = Prepared(_candidates, [ANY_IDS])
    mine = Registration.objects.get(candidate=candidate).pk
    theirs = Registration.objects.get(candidate=other_candidate).pk
    assert prepared.rows(None, [candidate.pk]) == [(mine,)]
    assert prepared.rows(None, [other_candidate.pk, candidate.pk]) == [(mine,), (theirs,)]
    assert prepared.rows(None, []) == []
    if connection.vendor == "postgresql":
        ((_db, sql, params, slots),) = prepared._compiled.values()
        assert "= ANY(%s::bigint[])" in sql
        assert params == [ANY_IDS] and slots == [0]


def test_a_query_that_can_match_nothing_runs_none(courses, django_assert_num_queries):
    """As the ORM: ``pk__in=[]`` makes no query."""
    prepared = Prepared(lambda key: Course.objects.filter(pk__in=[]).values_list("pk"), [])
    with django_assert_num_queries(0):
        assert prepared.rows(None) == []


def test_a_stand_in_missing_from_the_query_is_refused():
    with pytest.raises(ValueError, match="do not appear"):
        Prepared(lambda key, user_id: Course.objects.values_list("pk"), [-9_200_000]).rows(None, 1)
