from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.db import connections, router

# The SQL of "the user with this primary key", compiled once per database
# (``_compiled_user_query``).
_USER_QUERY: dict[tuple[str, str], tuple[str, list[str], list[tuple]]] = {}


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (username or email), except that an inactive account
    with the right password fails exactly like a wrong password: allauth
    would otherwise send it to an "account inactive" page, which tells a
    stranger that the password was right."""

    @classmethod
    def _stash_user(cls, user):
        return None

    def get_user(self, user_id):
        """The session's user, on every request: Django's own lookup
        (``_default_manager.get(pk=...)``) builds and compiles the same SQL
        each time, about a third of a bare page's CPU. The same query,
        compiled once, then read into the model as the ORM does
        (``Model.from_db``, the fields' converters); the same one query."""
        user = _user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _compiled_user_query(using: str):
    """(sql, field names, converters) of ``filter(pk=<param>)`` on the user
    model's default manager, for the database ``using``; None if its SQL
    takes other parameters than the key (then the ORM is used as before)."""
    connection = connections[using]
    key = (using, connection.vendor)
    found = _USER_QUERY.get(key)
    if found is None:
        model = get_user_model()
        compiler = model._default_manager.filter(pk=0).query.get_compiler(using)
        sql, params = compiler.as_sql()
        if tuple(params) != (0,) or compiler.klass_info is None:
            return None
        columns = [column for column, _sql, _alias in compiler.select]
        names = [column.target.attname for column in columns]
        converters = [
            (index, convs, expression)
            for index, (convs, expression) in compiler.get_converters(columns).items()
        ]
        found = _USER_QUERY[key] = (sql, names, converters)
    return found


def _user_by_pk(user_id):
    model = get_user_model()
    using = router.db_for_read(model)
    compiled = _compiled_user_query(using)
    if compiled is None:
        try:
            return model._default_manager.get(pk=user_id)
        except model.DoesNotExist:
            return None
    sql, names, converters = compiled
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.to_python(user_id)])
        row = cursor.fetchone()
    if row is None:
        return None
    if converters:
        row = list(row)
        for index, convs, expression in converters:
            for converter in convs:
                row[index] = converter(row[index], expression, connection)
    return model.from_db(using, names, row)
