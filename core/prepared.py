"""Queries built with the ORM once per process, then run as plain SQL.

Building a queryset and compiling it costs Python time on every request
(the forum rights' five-part union cost about 9 ms a first visit, for a
query PostgreSQL answers in under 1 ms; a course page's access check
about 2 ms). Such queries (forums.selectors, courses.selectors) keep their
ORM definition, the one the tests check, but are compiled once with stand-in
values in place of the request's own (a user id, a thread id, a moment);
each request then substitutes its values into the compiled parameters.

A stand-in must be a value nothing else in the query uses: compiling checks
that each one appears among the parameters and that no parameter equals one
by accident elsewhere (it would then be replaced too).

A list of ids is given as ``field__any=ids`` (the ``AnyOf`` lookup): one
parameter on PostgreSQL, an array, whatever its length, so the query is
compiled once, with a one-element list as its stand-in (``__in`` would
compile to one parameter per id)."""

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Field, ForeignObject, Lookup, QuerySet
from django.db.models.lookups import In


class AnyOf(Lookup):
    """``field__any=values``: ``field = ANY(%s)`` with the values as one
    array parameter on PostgreSQL (the SQL is the same for any number of
    values, empty included); ``field IN (...)`` elsewhere, and for a
    subquery (``__in``). On a foreign key, the values are ids."""

    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression"):  # a subquery
            return self.rhs
        prep = self.lhs.output_field.get_prep_value
        return [prep(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql" or hasattr(self.rhs, "resolve_expression"):
            return compiler.compile(In(self.lhs, self.rhs))
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # Cast to the column's type: psycopg types an array of small ints
        # as smallint[].
        db_type = self.lhs.output_field.rel_db_type(connection)
        return f"{lhs} = ANY(%s::{db_type}[])", (*lhs_params, list(self.rhs))


Field.register_lookup(AnyOf)
# Relations keep their own lookups only (ForeignObject.get_class_lookups).
ForeignObject.register_lookup(AnyOf)


class Prepared:
    """``build(*stand_ins)`` returns a ``values_list`` queryset; ``rows(key,
    *values)`` runs it with ``values`` in place of the stand-ins. ``key``
    names the query's shape when ``build`` branches (e.g. on
    ``is_superuser``): one compiled query per key; ``build`` then receives
    it first."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        stand_ins: Sequence[Any] | Callable[[Hashable], Sequence[Any]],
        max_keys: int = 8,
    ):
        self._build = build
        self._stand_ins = stand_ins
        # Beyond ``max_keys`` shapes, a query is compiled for its request
        # only (a thread's far pages): memory stays bounded.
        self._max_keys = max_keys
        self._compiled: dict[Hashable, tuple[str, str, list[Any], list[int | None]] | None] = {}

    def _compile(self, key: Hashable) -> tuple[str, str, list[Any], list[int | None]] | None:
        """None when the query cannot match a row (``pk__in=[]``: the ORM
        runs no query then either)."""
        stand_ins = list(self._stand_ins(key) if callable(self._stand_ins) else self._stand_ins)
        queryset = self._build(key, *stand_ins)
        try:
            sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:
            return None
        slots: list[int | None] = []
        for param in params:
            matches = [i for i, s in enumerate(stand_ins) if _same(param, s)]
            slots.append(matches[0] if matches else None)
        missing = set(range(len(stand_ins))) - set(slots)
        if missing:
            raise ValueError(f"stand-ins {sorted(missing)} do not appear in the query")
        return queryset.db, sql, list(params), slots

    def rows(self, key: Hashable, *values: Any) -> list[tuple]:
        """The query's rows for ``values``."""
        if connection.vendor != "postgresql":
            # The embedded demo's SQLite: the ORM's own path, whose converters
            # make its text moments aware datetimes (a plain cursor does not).
            return list(self._build(key, *values))
        if key in self._compiled:
            compiled = self._compiled[key]
        else:
            compiled = self._compile(key)
            if len(self._compiled) < self._max_keys:
                self._compiled[key] = compiled
        if compiled is None:
            return []
        db, sql, params, slots = compiled
        actual = [p if s is None else values[s] for p, s in zip(params, slots, strict=True)]
        with connections[db].cursor() as cursor:
            cursor.execute(sql, actual)
            return cursor.fetchall()


def _same(param: Any, stand_in: Any) -> bool:
    return type(param) is type(stand_in) and param == stand_in
