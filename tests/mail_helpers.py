"""Emails are rows sent after commit (core.mail). Inside a test's
transaction nothing commits: ``outbox()`` runs the callbacks the commit
would run (publishing the email task, eager in tests), then returns
Django's test outbox."""

from django.core import mail
from django.db import connection


def outbox() -> list:
    while connection.run_on_commit:
        _savepoints, callback, _robust = connection.run_on_commit.pop(0)
        callback()
    return mail.outbox
