from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("assignments_check_files", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_intact_copies_pass_and_orphans_are_listed(world):
    default_storage.save("assignments/999/orphelin.pdf", ContentFile(b"%PDF-1.4"))
    out, err = run("--orphans")
    assert "0 problem(s)" in out and not err
    assert "ORPHAN assignments/999/orphelin.pdf" in out


def test_a_missing_or_altered_copy_is_reported(world):
    default_storage.delete(world.file.file.name)
    with default_storage.open(world.feedback.annotated_file.name, "wb") as handle:
        handle.write(b"changed")
    with pytest.raises(CommandError, match="2 copy file"):
        run()
