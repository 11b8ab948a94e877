"""Every file a form of the admin accepts goes through ``core.uploads``
(issue 21): a program or a web page renamed as the expected kind is refused
by its content, whichever admin page it is posted to."""

import pytest
from django.contrib import admin
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import FileField
from django.test import RequestFactory
from django.urls import reverse

from calendar_app.models import Event
from tests.core.upload_samples import EXE_BYTES, HTML_BYTES

pytestmark = pytest.mark.django_db

# What each field expects, so that the disguise is the expected extension.
DISGUISES = {"slides": "atelier.pdf", "file": "document.pdf", "recording": "atelier.mp3"}


def _admin_forms_with_files(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        try:
            form_class = model_admin.get_form(request)
        except FieldError:  # read-only admin (all its fields are not editable)
            continue
        names = [n for n, f in form_class.base_fields.items() if isinstance(f, FileField)]
        if names:
            yield model, form_class, names


def test_every_admin_file_field_refuses_a_disguised_file(admin_user):
    checked = []
    for model, form_class, names in _admin_forms_with_files(admin_user):
        files = {
            name: SimpleUploadedFile(
                DISGUISES.get(name, "document.pdf"), HTML_BYTES, "application/pdf"
            )
            for name in names
        }
        form = form_class(data={}, files=files)
        form.is_valid()
        for name in names:
            checked.append(f"{model._meta.label}.{name}")
            assert name in form.errors, f"{model._meta.label}.{name} accepted a web page"
    # The admin pages that carry an upload (a new one must be checked too).
    assert {"calendar_app.Event.slides", "content.AudioMedia.file", "courses.Activity.file"} <= set(
        checked
    )


def test_event_admin_refuses_web_page_named_slides(client, admin_user, preparation):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:calendar_app_event_add"),
        {
            "preparation": preparation.pk,
            "kind": Event.Kind.WELCOME,
            "title": "Réunion de rentrée",
            "starts_at_0": preparation.opens_on.strftime("%d/%m/%Y"),
            "starts_at_1": "10:00",
            "ends_at_0": preparation.opens_on.strftime("%d/%m/%Y"),
            "ends_at_1": "12:00",
            "link_opens_minutes": 15,
            "slides": SimpleUploadedFile("diaporama.pdf", HTML_BYTES, "application/pdf"),
            "workshopregistration_set-TOTAL_FORMS": 0,
            "workshopregistration_set-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "slides" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_candidate_import_refuses_a_program_named_csv(client, admin_user, preparation):
    client.force_login(admin_user)
    url = reverse("admin:courses_preparation_import", args=[preparation.pk])
    response = client.post(url, {"file": SimpleUploadedFile("candidats.csv", EXE_BYTES)})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
