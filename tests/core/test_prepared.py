"""core.prepared: a query compiled once runs with each request's values;
a query filtered on a list of ids is compiled once and serves any list
(``field__any``), or is keyed on the list's length (``__in``); an empty
list runs no query (as the ORM); the ORM's own path off PostgreSQL."""

import pytest
from django.db import connection

from core.prepared import Prepared, id_stand_ins
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


def _titles(count, *ids):
    return Course.objects.filter(pk__in=list(ids)).order_by("pk").values_list("pk", "title")


PREPARED = Prepared(_titles, lambda count: id_stand_ins(-9_100_000, count))


def test_ids_keyed_on_their_number(courses, django_assert_num_queries):
    first, second, third = sorted(Course.objects.values_list("pk", flat=True))[:3]
    for ids in ([first], [first, third], [second], [third, second]):
        expected = list(_titles(len(ids), *ids))
        assert PREPARED.rows(len(ids), *ids) == expected
    with django_assert_num_queries(0):
        assert PREPARED.rows(0) == []


def test_a_stand_in_missing_from_the_query_is_refused():
    with pytest.raises(ValueError, match="do not appear"):
        Prepared(lambda key, user_id: Course.objects.values_list("pk"), [-9_200_000]).rows(None, 1)
