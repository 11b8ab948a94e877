import re

import pytest
from django.urls import reverse

from accounts.models import User
from courses.models import Activity

pytestmark = pytest.mark.django_db


def test_demo_courses_are_believable(client, demo):
    candidate = User.objects.get(username="candidat")
    registration = candidate.registrations.get()
    assert registration.tutor.username == "tuteur"
    assert registration.preparation.mode == "callisto"
    regional = User.objects.get(username="candidat-regional").registrations.get()
    assert regional.preparation.mode == "regional"
    assert regional.tutor is None
    assert Activity.objects.filter(kind="sheet").count() >= 15

    client.force_login(candidate)
    page = client.get(reverse("dashboard")).content.decode()
    for title in ("Les Fondamentaux", "Les Ateliers", "Devenir bibliothécaire"):
        assert title in page
    assert "Reprendre" in page
    course = client.get(reverse("courses:course", args=["les-fondamentaux"]))
    assert course.status_code == 200
    assert "Les trois versants de la fonction publique" in course.content.decode()

    client.force_login(User.objects.get(username="formateur"))
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert "Mes cours en tant que formateur ou producteur" in page


def test_candidat_nouveau_sees_devenir_bibliothecaire_after_accepting_the_terms(client, demo):
    """Issue 18, done when: the internal-exam candidate of the demo gets the
    family's exam course, once the terms are accepted through the real form."""
    nouveau = User.objects.get(username="candidat-nouveau")
    assert nouveau.registrations.get().exams.get().kind == "internal"
    client.force_login(nouveau)
    gate = client.get(reverse("dashboard"))
    assert gate.status_code == 302
    assert gate.url == "/conditions/?next=%2Ftableau-de-bord%2F"
    shown = client.get(gate.url).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([^"]*)"', shown).group(1)
    accepted = client.post(
        "/conditions/",
        {"accept": "on", "next": reverse("dashboard"), "fingerprint": fingerprint},
    )
    assert accepted.status_code == 302
    assert accepted.url == reverse("dashboard")
    page = client.get(reverse("dashboard")).content.decode()
    for title in ("Les Fondamentaux", "Les Ateliers", "Devenir bibliothécaire", "RAEP"):
        assert title in page
    my_courses = client.get(reverse("courses:my_courses")).content.decode()
    assert "Devenir bibliothécaire" in my_courses


def test_the_demo_responsable_finds_one_open_request(client, demo):
    # Seeding the demo again files no second request (test_seed.py).
    responsable = User.objects.get(username="responsable")
    client.force_login(responsable)
    page = client.get("/admin/courses/supportrequest/")
    assert page.status_code == 200
    listed = list(page.context["cl"].result_list)
    assert len(listed) == 1
    assert listed[0].registration.candidate.username == "candidat"
    assert listed[0].status == "open"
