"""core.prepared: a query compiled once runs with each request's values,
a list of ids keyed on its length, an empty list without a query (as the
ORM)."""

import pytest

from core.prepared import Prepared, id_stand_ins
from courses.models import Course

pytestmark = pytest.mark.django_db


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
