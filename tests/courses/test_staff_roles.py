"""Roles as grants (decision 0017): who grants and withdraws them, the access
that follows, and every entry point refusing a tutor who is not one (the
admin form, the CSV import, the registration service, the grant itself)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry
from courses import relations
from courses.models import Enrolment, Registration, StaffRole
from courses.services import register_candidate, role_grant, role_withdraw
from tests.factories import UserFactory, exam, grant_role, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db, centre):
    """A person of centre A with no role yet."""
    return UserFactory(username="nouvelle-recrue", centre=centre, email="recrue@example.fr")


@pytest.fixture
def tutor_of_b(db, other_centre):
    """A tutor — of centre B only."""
    person = UserFactory(username="tuteur-b", centre=other_centre, email="tuteur-b@example.fr")
    grant_role(person, "tutor", other_centre)
    return person


@pytest.fixture
def candidate_with_tutor_grant(other_candidate, centre):
    """A candidate of A's preparation who was given the tutor role by mistake
    (granted directly, as before they enrolled)."""
    StaffRole.objects.create(user=other_candidate, role="tutor", centre=centre)
    return other_candidate


def logged_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


# --- Done when: a coordinator grants and withdraws from the site -----------------


def test_coordinator_grants_then_withdraws_trainer_and_producer_and_access_follows(
    client, coordinator, centre, candidate, courses, newcomer, django_capture_on_commit_callbacks
):
    course = courses["bibliothecaire"]
    producer = UserFactory(username="redactrice", centre=centre, email="redac@example.fr")
    trainer_client, producer_client = logged_in(newcomer), logged_in(producer)
    queue = reverse("assignments:grading_queue")
    studio = reverse("content:studio_course", args=[course.slug])
    assert trainer_client.get(queue).status_code == 403
    assert producer_client.get(studio).status_code == 404

    client.force_login(coordinator)
    page = client.get(reverse("courses:staff_home")).content.decode()
    assert "Équipe de CRFCB A" in page
    grant_url = reverse("courses:staff_grant", args=[centre.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            grant_url, {"user": newcomer.pk, "role": "trainer", "course": course.pk}
        )
        assert response.status_code == 302
        response = client.post(
            grant_url, {"user": producer.pk, "role": "producer", "course": course.pk}
        )
        assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Formateur ou formatrice" in page
    assert "Membre du groupe de production" in page
    assert page.count("— Devenir bibliothécaire") == 2  # one trainer, one producer

    # The access that follows, in the sessions opened before the grant.
    assert trainer_client.get(queue).status_code == 200
    assert producer_client.get(studio).status_code == 200
    # Their menus know it without a new login.
    assert queue in trainer_client.get(reverse("dashboard")).content.decode()
    assert reverse("content:studio") in producer_client.get(reverse("dashboard")).content.decode()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Vous êtes désormais formateur ou formatrice sur Callisto",
        "Vous êtes désormais membre du groupe de production sur Callisto",
    ]
    assert AuditEntry.objects.filter(action="courses.role.granted").count() == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for person in (newcomer, producer):
            grant = StaffRole.objects.get(user=person, withdrawn_at=None)
            response = client.post(reverse("courses:staff_withdraw", args=[centre.pk, grant.pk]))
            assert response.status_code == 302
    assert trainer_client.get(queue).status_code == 403
    assert producer_client.get(studio).status_code == 404
    assert queue not in trainer_client.get(reverse("dashboard")).content.decode()
    assert len(mail.outbox) == 2
    assert "a été retiré" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="courses.role.withdrawn").count() == 2
    # Nothing deleted: the grants are dated, the enrolments suspended.
    assert StaffRole.objects.filter(withdrawn_by=coordinator).count() == 2
    assert set(
        Enrolment.objects.filter(course=course, user__in=[newcomer, producer]).values_list(
            "status", flat=True
        )
    ) == {"suspended"}


def test_the_staff_page_refuses_a_bad_form_with_a_french_message(
    client, coordinator, centre, candidate, newcomer
):
    client.force_login(coordinator)
    response = client.post(
        reverse("courses:staff_grant", args=[centre.pk]), {"user": newcomer.pk, "role": "trainer"}
    )
    assert response.status_code == 400
    assert "Choisissez le cours." in response.content.decode()
    response = client.post(
        reverse("courses:staff_grant", args=[centre.pk]),
        {"user": "99999999999999999999", "role": "tutor"},
    )
    assert response.status_code == 400
    assert not StaffRole.objects.filter(user=newcomer).exists()


def test_another_centres_coordinator_cannot_grant_nor_withdraw(
    client, other_coordinator, centre, candidate, newcomer, tutor
):
    client.force_login(other_coordinator)
    response = client.post(
        reverse("courses:staff_grant", args=[centre.pk]), {"user": newcomer.pk, "role": "tutor"}
    )
    assert response.status_code == 404
    grant = StaffRole.objects.get(user=tutor, role="tutor")
    response = client.post(reverse("courses:staff_withdraw", args=[centre.pk, grant.pk]))
    assert response.status_code == 404
    # Nor by the other centre's address.
    response = client.post(
        reverse(
            "courses:staff_withdraw",
            args=[other_coordinator.coordinated_centres.get().pk, grant.pk],
        )
    )
    assert response.status_code == 404
    assert StaffRole.objects.get(pk=grant.pk).withdrawn_at is None


def test_a_coordinator_of_several_centres_chooses_one(client, coordinator, other_centre):
    other_centre.coordinators.add(coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("courses:staff_home")).content.decode()
    assert "Choisissez le centre dont vous gérez l’équipe." in page
    assert reverse("courses:staff", args=[other_centre.pk]) in page


# --- role_grant / role_withdraw: the right and the rule ---------------------------


def test_who_may_grant(coordinator, other_coordinator, admin_user, centre, candidate, courses,
                       newcomer, trainer):  # fmt: skip
    course = courses["bibliothecaire"]
    # Another centre's coordinator, a trainer, nobody: refused.
    for actor in (other_coordinator, trainer, None):
        with pytest.raises(PermissionDenied):
            role_grant(actor=actor, user=newcomer, role="tutor", centre=centre)
    # A coordinator for a person of another centre: refused; an admin may.
    outsider = UserFactory(username="ailleurs")
    with pytest.raises(PermissionDenied):
        role_grant(actor=coordinator, user=outsider, role="trainer", centre=centre, course=course)
    assert role_grant(actor=admin_user, user=outsider, role="tutor", centre=centre).is_active
    # A course the centre's candidates do not follow (RAEP here): refused.
    with pytest.raises(PermissionDenied):
        role_grant(
            actor=coordinator, user=newcomer, role="producer", centre=centre, course=courses["raep"]
        )
    grant = role_grant(actor=coordinator, user=newcomer, role="tutor", centre=centre)
    # Idempotent: the active grant is returned.
    assert role_grant(actor=coordinator, user=newcomer, role="tutor", centre=centre) == grant
    assert StaffRole.objects.filter(user=newcomer).count() == 1


def test_a_candidate_never_holds_a_staff_role_in_their_own_preparation(
    coordinator, admin_user, centre, candidate, courses
):
    for actor in (coordinator, admin_user):
        with pytest.raises(ValidationError) as error:
            role_grant(actor=actor, user=candidate, role="tutor", centre=centre)
        assert error.value.messages == [
            "Un·e stagiaire de ce centre ne peut pas y être tuteur ou tutrice."
        ]
        for role in ("trainer", "producer"):
            with pytest.raises(ValidationError):
                role_grant(
                    actor=actor,
                    user=candidate,
                    role=role,
                    centre=centre,
                    course=courses["bibliothecaire"],
                )
    assert not StaffRole.objects.filter(user=candidate).exists()


def test_a_tutor_grant_stays_while_its_holder_tutors(coordinator, centre, candidate, tutor):
    grant = StaffRole.objects.get(user=tutor, role="tutor", centre=centre)
    with pytest.raises(ValidationError) as error:
        role_withdraw(actor=coordinator, grant=grant)
    assert "suit encore 1 stagiaire du centre" in error.value.messages[0]
    Registration.objects.filter(tutor=tutor).update(tutor=None)
    role_withdraw(actor=coordinator, grant=grant)
    grant.refresh_from_db()
    assert grant.withdrawn_by == coordinator
    assert not relations.may_tutor_in(tutor, candidate.registrations.get().preparation)


def test_withdrawing_one_centres_trainer_grant_keeps_the_other_centres(
    admin_user, centre, other_centre, courses, newcomer
):
    course = courses["bibliothecaire"]
    first = role_grant(
        actor=admin_user, user=newcomer, role="trainer", centre=centre, course=course
    )
    role_grant(actor=admin_user, user=newcomer, role="trainer", centre=other_centre, course=course)
    role_withdraw(actor=admin_user, grant=first)
    assert relations.is_trainer_of(newcomer, course)
    with pytest.raises(ValidationError):
        role_withdraw(actor=admin_user, grant=first)


def test_a_coordinator_grant_opens_the_admin_and_its_withdrawal_closes_it(
    client, admin_user, coordinator, centre, newcomer
):
    grant = role_grant(actor=coordinator, user=newcomer, role="coordinator", centre=centre)
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert relations.is_coordinator_of(newcomer, centre)
    # A coordinator does not withdraw their own coordinator role.
    own = StaffRole.objects.create(user=coordinator, role="coordinator", centre=centre)
    with pytest.raises(PermissionDenied):
        role_withdraw(actor=coordinator, grant=own)
    role_withdraw(actor=admin_user, grant=grant)
    newcomer.refresh_from_db()
    assert not newcomer.is_staff
    assert not relations.is_coordinator_of(newcomer, centre)


# --- Each entry point refuses a non-tutor, another centre's tutor, a candidate ------


def _refused_tutors(newcomer, tutor_of_b, candidate_with_tutor_grant):
    return {
        "a non-tutor": newcomer,
        "a tutor of another centre": tutor_of_b,
        "a candidate of the preparation": candidate_with_tutor_grant,
    }


def test_the_registration_service_refuses_each_wrong_tutor(
    preparation, newcomer, tutor_of_b, candidate_with_tutor_grant, courses, centre
):
    person = UserFactory(username="nouvelle-stagiaire", centre=centre)
    for case, wrong in _refused_tutors(newcomer, tutor_of_b, candidate_with_tutor_grant).items():
        with pytest.raises(ValidationError):
            register_candidate(
                actor=None,
                candidate=person,
                preparation=preparation,
                exams=[exam("bibliothecaire-externe")],
                tutor=wrong,
            )
        assert not Registration.objects.filter(candidate=person).exists(), case


def test_the_registration_admin_form_offers_and_accepts_only_the_centres_tutors(
    client, coordinator, admin_user, candidate, tutor, newcomer, tutor_of_b,
    candidate_with_tutor_grant,
):  # fmt: skip
    registration = candidate.registrations.get()
    url = reverse("admin:courses_registration_change", args=[registration.pk])
    client.force_login(coordinator)
    choices = {
        int(value.value)
        for value, _label in client.get(url).context["adminform"].form.fields["tutor"].choices
        if value
    }
    assert tutor.pk in choices
    assert newcomer.pk not in choices and tutor_of_b.pk not in choices
    for person in (coordinator, admin_user):
        client.force_login(person)
        for case, wrong in _refused_tutors(
            newcomer, tutor_of_b, candidate_with_tutor_grant
        ).items():
            response = client.post(
                url,
                {
                    "exams": [exam("bibliothecaire-externe").pk],
                    "tutor": wrong.pk,
                    "status": "active",
                },
            )
            assert response.status_code == 200, case
            registration.refresh_from_db()
            assert registration.tutor == tutor, case


HEADER = "Nom;Prénom;Courriel;Concours;Tuteur\n"


def _upload(client, preparation, data: bytes):
    return client.post(
        reverse("admin:courses_preparation_import", args=[preparation.pk]),
        {"file": SimpleUploadedFile("stagiaires.csv", data, content_type="text/csv")},
    )


def test_the_csv_import_refuses_each_wrong_tutor(
    client, coordinator, preparation, courses, newcomer, tutor_of_b, candidate_with_tutor_grant
):
    client.force_login(coordinator)
    text = HEADER + (
        "Martin;Anne;a@example.fr;bibliothecaire-externe;nouvelle-recrue\n"
        "Petit;Bruno;b@example.fr;bibliothecaire-externe;tuteur-b@example.fr\n"
        "Roux;Chloé;c@example.fr;bibliothecaire-externe;candidate-b\n"
    )
    page = _upload(client, preparation, text.encode()).content.decode()
    assert "Ligne 2\xa0: «\xa0nouvelle-recrue\xa0» n’est pas tuteur ou tutrice du centre" in page
    assert "Ligne 3\xa0: «\xa0tuteur-b@example.fr\xa0» n’est pas tuteur ou tutrice" in page
    assert (
        "Ligne 4\xa0: «\xa0candidate-b\xa0» est stagiaire de cette préparation et ne peut "
        "pas y être tuteur ou tutrice." in page
    )
    emails = ["a@example.fr", "b@example.fr", "c@example.fr"]
    assert not Registration.objects.filter(candidate__email__in=emails).exists()


# --- The CSV import in the coordinators' words ------------------------------------


def test_an_excel_file_in_french_with_exam_names_is_understood(
    client, coordinator, preparation, courses, tutor, centre
):
    grant_role(tutor, "tutor", centre)
    client.force_login(coordinator)
    text = (
        "Nom;Prénom;Courriel;Concours;Tuteur;\r\n"
        "Lefèvre;Hélène;helene@example.fr;Bibliothécaire (concours interne);tutor-a;\r\n"
        'Gaël;Noé;noe@example.fr;"Bibliothécaire concours externe; bibliothecaire-interne";;\r\n'
    )
    response = _upload(client, preparation, text.encode("cp1252"))
    page = response.content.decode()
    assert response.context["check"].errors == []
    assert "Aperçu\xa0: rien n’est encore enregistré" in page
    rows = response.context["check"].rows
    assert [r.first_name for r in rows] == ["Hélène", "Noé"]
    assert [e.slug for e in rows[0].exams] == ["bibliothecaire-interne"]
    assert [e.slug for e in rows[1].exams] == ["bibliothecaire-externe", "bibliothecaire-interne"]
    assert rows[0].tutor == tutor


def test_the_model_file_lists_the_valid_exam_names_and_imports_back(
    client, coordinator, preparation, courses
):
    preparation.exams.set([exam("bibliothecaire-externe"), exam("bibliothecaire-interne")])
    client.force_login(coordinator)
    page = client.get(reverse("admin:courses_preparation_import", args=[preparation.pk]))
    url = reverse("admin:courses_preparation_import_template", args=[preparation.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == [
        "Nom;Prénom;Courriel;Concours;Tuteur;Identifiant",
        ";;;Bibliothécaire (concours externe);;",
        ";;;Bibliothécaire (concours interne);;",
    ]
    # Filled in by the coordinator, it imports as is.
    filled = text.replace(
        ";;;Bibliothécaire (concours externe)",
        "Durand;Léa;lea@example.fr;Bibliothécaire (concours externe)",
    )
    check = _upload(client, preparation, filled.encode("utf-8-sig")).context["check"]
    assert check.errors == []
    assert [r.email for r in check.rows] == ["lea@example.fr"]


def test_another_centres_coordinator_gets_no_model_file(client, other_coordinator, preparation):
    client.force_login(other_coordinator)
    url = reverse("admin:courses_preparation_import_template", args=[preparation.pk])
    assert client.get(url).status_code == 404


# --- The admin of the grants ------------------------------------------------------------


def test_the_staff_role_admin_grants_through_the_service_and_is_scoped(
    client, coordinator, other_coordinator, centre, other_centre, candidate, courses, newcomer,
    tutor_of_b, django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(coordinator)
    add = reverse("admin:courses_staffrole_add")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add,
            {
                "user": newcomer.pk,
                "role": "trainer",
                "centre": centre.pk,
                "course": courses["bibliothecaire"].pk,
            },
        )
    assert response.status_code == 302
    grant = StaffRole.objects.get(user=newcomer)
    assert grant.granted_by == coordinator
    assert relations.is_trainer_of(newcomer, courses["bibliothecaire"])
    assert AuditEntry.objects.filter(action="courses.role.granted").exists()
    assert len(mail.outbox) == 1
    # Another centre: not offered, not reachable.
    response = client.post(add, {"user": newcomer.pk, "role": "tutor", "centre": other_centre.pk})
    assert response.status_code == 200
    assert not StaffRole.objects.filter(user=newcomer, role="tutor").exists()
    foreign = StaffRole.objects.get(user=tutor_of_b)
    url = reverse("admin:courses_staffrole_change", args=[foreign.pk])
    assert client.get(url).status_code == 404
    changelist = client.get(reverse("admin:courses_staffrole_changelist")).content.decode()
    assert "tuteur-b" not in changelist
    # The withdrawal action calls the service.
    response = client.post(
        reverse("admin:courses_staffrole_changelist"),
        {"action": "withdraw_roles", "_selected_action": [grant.pk, foreign.pk]},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    foreign.refresh_from_db()
    assert grant.withdrawn_by == coordinator
    assert foreign.withdrawn_at is None
    assert not relations.is_trainer_of(newcomer, courses["bibliothecaire"])


# --- Existing data --------------------------------------------------------------------


def test_the_migration_grants_the_roles_that_existed(
    centre, coordinator, candidate, tutor, courses, trainer
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("courses.migrations.0005_staff_roles_existing_grants")
    trainer.centre = centre
    trainer.save()
    StaffRole.objects.all().delete()
    migration.create_grants(apps, None)
    assert set(
        StaffRole.objects.values_list("user__username", "role", "centre_id", "course_id")
    ) == {
        ("tutor-a", "tutor", centre.pk, None),
        ("trainer-a", "trainer", centre.pk, courses["bibliothecaire"].pk),
        ("coordinator-a", "coordinator", centre.pk, None),
    }
    migration.create_grants(apps, None)  # twice: nothing more
    assert StaffRole.objects.count() == 3


def test_register_names_the_tutor_of_a_callisto_preparation_only_with_a_grant(
    preparation, centre, courses
):
    tutor = UserFactory(username="tuteur-neuf")
    person = UserFactory(username="stagiaire-neuve", centre=centre)
    registration = register(person, preparation, tutor=tutor)  # the factory grants first
    assert registration.tutor == tutor
    assert StaffRole.objects.filter(user=tutor, role="tutor", centre=centre).exists()
