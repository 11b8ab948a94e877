"""Admin for coordinators: their centre's preparations and registrations
only; CSV import of candidates with a checked preview."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from courses.models import Enrolment, Registration
from tests.core.upload_samples import PDF_BYTES
from tests.factories import UserFactory, exam, grant_role

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:courses_{name}", args=args)


# --- Scoping ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("coordinator", 200, 404),
        ("other_coordinator", 404, 200),
        ("admin_user", 200, 200),
    ],
)
def test_change_pages_by_centre(
    client, request, role, own, other, candidate, candidate_other_centre, preparation,
    other_preparation,
):  # fmt: skip
    client.force_login(request.getfixturevalue(role))
    registration = candidate.registrations.get()
    foreign = candidate_other_centre.registrations.get()
    assert client.get(admin_url("registration_change", registration.pk)).status_code == own
    assert client.get(admin_url("preparation_change", preparation.pk)).status_code == own
    assert client.get(admin_url("registration_change", foreign.pk)).status_code == other
    assert client.get(admin_url("preparation_change", other_preparation.pk)).status_code == other
    assert client.get(admin_url("preparation_import", preparation.pk)).status_code == own


@pytest.mark.parametrize("role", ["candidate", "tutor", "trainer", "user"])
def test_people_without_staff_rights_never_reach_the_admin(client, request, role, preparation):
    client.force_login(request.getfixturevalue(role))
    response = client.get(admin_url("registration_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_staff_who_coordinate_nothing_see_no_registration(client, candidate):
    client.force_login(UserFactory(username="staff-sans-centre", staff=True))
    assert client.get(admin_url("registration_changelist")).status_code == 403


def test_coordinator_lists_only_their_centre(
    client, coordinator, candidate, other_candidate, candidate_other_centre
):
    client.force_login(coordinator)
    page = client.get(admin_url("registration_changelist")).content.decode()
    assert candidate.get_display_name() in page
    assert other_candidate.get_display_name() in page
    assert candidate_other_centre.get_display_name() not in page
    assert "Préparation régionale B" not in page  # not even in the filters
    page = client.get(admin_url("preparation_changelist")).content.decode()
    assert "Préparation Callisto 2027" in page
    assert "Préparation régionale B" not in page
    assert "CRFCB B" not in page


def test_withdrawals_are_filtered_and_shown(client, coordinator, candidate, other_candidate):
    from courses.services import withdraw_registration

    withdraw_registration(
        actor=candidate, registration=candidate.registrations.get(), reason="Mutation à Lyon"
    )
    client.force_login(coordinator)
    page = client.get(admin_url("registration_changelist") + "?status__exact=withdrawn")
    html = page.content.decode()
    assert candidate.get_display_name() in html
    assert other_candidate.get_display_name() not in html
    detail = client.get(admin_url("registration_change", candidate.registrations.get().pk))
    assert "Mutation à Lyon" in detail.content.decode()


def test_registration_form_offers_only_the_centre_choices(
    client, coordinator, candidate, other_preparation, candidate_other_centre, tutor
):
    client.force_login(coordinator)
    response = client.get(admin_url("registration_add"))
    form = response.context["adminform"].form
    preparations = set(form.fields["preparation"].queryset)
    assert other_preparation not in preparations
    candidates = set(form.fields["candidate"].queryset)
    assert candidate in candidates
    assert candidate_other_centre not in candidates
    assert tutor in set(form.fields["tutor"].queryset)


def test_saving_a_registration_syncs_enrolments(client, coordinator, candidate, courses):
    registration = candidate.registrations.get()
    client.force_login(coordinator)
    response = client.post(
        admin_url("registration_change", registration.pk),
        {
            "exams": [exam("bibliothecaire-externe").pk, exam("bibliothecaire-interne").pk],
            "tutor": registration.tutor_id,
            "status": "active",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    active = set(
        registration.enrolments.filter(status=Enrolment.Status.ACTIVE).values_list(
            "course__slug", flat=True
        )
    )
    assert {"raep", "devenir-bibliothecaire"} <= active


def test_coordinator_cannot_post_to_another_centre(client, other_coordinator, candidate):
    registration = candidate.registrations.get()
    client.force_login(other_coordinator)
    response = client.post(
        admin_url("registration_change", registration.pk),
        {"exams": [exam("bibliothecaire-interne").pk], "status": "withdrawn"},
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "active"


def test_resend_activation_action(
    client, coordinator, candidate, other_candidate, django_capture_on_commit_callbacks
):
    for person in (candidate, other_candidate):  # accounts not activated yet
        person.set_unusable_password()
        person.save()
    client.force_login(coordinator)
    ids = [candidate.registrations.get().pk, other_candidate.registrations.get().pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("registration_changelist"),
            {"action": "resend_activation", "_selected_action": ids},
            follow=True,
        )
    assert "Courriel d’activation mis en file pour 2 stagiaires." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([candidate.email, other_candidate.email])


def test_resend_activation_skips_an_account_that_has_a_password(
    client, coordinator, candidate, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("registration_changelist"),
            {"action": "resend_activation", "_selected_action": [candidate.registrations.get().pk]},
            follow=True,
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce compte a déjà un mot de passe" in html
    assert "Courriel d’activation mis en file pour 0 stagiaire." in html
    assert mail.outbox == []


# --- CSV import ---------------------------------------------------------------------

HEADER = "username,email,first_name,last_name,exams,tutor\n"


def upload(client, preparation, text, name="stagiaires.csv"):
    return client.post(
        admin_url("preparation_import", preparation.pk),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def confirm(client, preparation, response):
    return client.post(
        admin_url("preparation_import", preparation.pk),
        {"payload": response.context["payload"], "confirm": "1"},
    )


def test_import_previews_then_creates_and_registers_in_one_go(
    client, coordinator, preparation, courses, tutor, centre, django_capture_on_commit_callbacks
):
    # The tutor named in the file holds the tutor role in the centre.
    grant_role(tutor, "tutor", centre)
    client.force_login(coordinator)
    text = HEADER + (
        ",amelie.roux@example.fr,Amélie,Roux,bibliothecaire-externe,tutor-a\n"
        "jdupont,jean.dupont@example.fr,Jean,Dupont,"
        "bibliothecaire-externe;bibliothecaire-interne,\n"
    )
    response = upload(client, preparation, text)
    page = response.content.decode()
    assert "Aperçu\xa0: rien n’est encore enregistré" in page
    assert "amelie.roux@example.fr" in page
    assert not User.objects.filter(email="amelie.roux@example.fr").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, preparation, response)
    assert response.status_code == 302
    amelie = User.objects.get(email="amelie.roux@example.fr")
    assert amelie.username == "amelie.roux"
    assert not amelie.has_usable_password()
    assert amelie.centre == centre
    registration = amelie.registrations.get()
    assert registration.preparation == preparation
    assert registration.tutor == tutor
    jean = User.objects.get(username="jdupont")
    assert set(jean.enrolments.filter(status="active").values_list("course__slug", flat=True)) == {
        "les-fondamentaux",
        "les-ateliers",
        "devenir-bibliothecaire",
        "raep",
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amelie.roux@example.fr",
        "jean.dupont@example.fr",
    ]


def test_import_refuses_the_whole_file_and_lists_every_error_by_line(
    client, coordinator, preparation, courses, candidate_other_centre
):
    client.force_login(coordinator)
    text = HEADER + (
        ",ok@example.fr,Bon,Élève,bibliothecaire-externe,\n"
        ",double@example.fr,Un,Double,bibliothecaire-externe,\n"
        ",DOUBLE@example.fr,Deux,Double,bibliothecaire-externe,\n"
        f",{candidate_other_centre.email},Autre,Centre,bibliothecaire-externe,\n"
        ",inconnu@example.fr,Sans,Concours,concours-imaginaire,\n"
        ",pas-une-adresse,,Nom,bibliothecaire-externe,tuteur-fantome\n"
    )
    response = upload(client, preparation, text)
    page = response.content.decode()
    assert "Le fichier est refusé\xa0: rien n’a été importé." in page
    for expected in [
        "Ligne 4\xa0: l’adresse électronique DOUBLE@example.fr figure déjà ligne 3.",
        "Ligne 5\xa0: un compte avec l’adresse",
        "Ligne 6\xa0: concours inconnu «\xa0concours-imaginaire\xa0».",
        "Ligne 7\xa0: «\xa0pas-une-adresse\xa0» n’est pas une adresse électronique valide.",
        "Ligne 7\xa0: le prénom manque.",
        "Ligne 7\xa0: tuteur ou tutrice inconnu·e «\xa0tuteur-fantome\xa0».",
    ]:
        assert expected in page, expected
    assert "payload" not in response.context or not response.context.get("payload")
    assert not User.objects.filter(email="ok@example.fr").exists()


def test_import_with_wrong_columns_is_refused(client, coordinator, preparation):
    client.force_login(coordinator)
    # French and English names are both understood ("prenom", "nom"); these are not.
    response = upload(client, preparation, "adresse,prenom,nom,surnom\nx@example.fr,A,B,C\n")
    page = response.content.decode()
    assert "Ligne 1\xa0: colonnes manquantes\xa0: Courriel, Concours." in page
    assert "Ligne 1\xa0: colonnes inconnues\xa0: adresse, surnom." in page


def test_import_refuses_a_tutor_in_a_regional_preparation(
    client, other_coordinator, other_preparation, courses, tutor
):
    client.force_login(other_coordinator)
    text = HEADER + ",reg@example.fr,Ré,Gional,bibliothecaire-externe,tutor-a\n"
    page = upload(client, other_preparation, text).content.decode()
    assert "une préparation régionale n’a pas de tuteur" in page


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "Le fichier soumis est vide."),
        ("\n\n", "Le fichier est vide."),
        (HEADER, "Le fichier ne contient aucun·e stagiaire."),
        (HEADER + ",a@example.fr,A\n", "Ligne 2\xa0: 3 valeurs au lieu de 6."),
    ],
)
def test_import_bad_files(client, coordinator, preparation, courses, content, expected):
    client.force_login(coordinator)
    response = upload(client, preparation, content)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_import_accepts_semicolons_and_windows_encoding(client, coordinator, preparation, courses):
    client.force_login(coordinator)
    text = 'email;first_name;last_name;exams\nzoe@example.fr;Zoé;Lefèvre;"bibliothecaire-externe"\n'
    response = client.post(
        admin_url("preparation_import", preparation.pk),
        {"file": SimpleUploadedFile("s.csv", text.encode("cp1252"), content_type="text/csv")},
    )
    assert "Zoé" in response.content.decode()
    assert response.context["payload"]


def test_import_reuses_an_account_of_the_same_centre(
    client, coordinator, preparation, other_preparation, courses, centre
):
    existing = UserFactory(username="deja-la", email="deja@example.fr", centre=centre)
    client.force_login(coordinator)
    response = upload(
        client, preparation, HEADER + ",deja@example.fr,Déjà,Là,bibliothecaire-externe,\n"
    )
    assert "compte existant" in response.content.decode()
    confirm(client, preparation, response)
    assert Registration.objects.get(candidate=existing).preparation == preparation
    assert User.objects.filter(email__iexact="deja@example.fr").count() == 1


def test_import_payload_cannot_be_forged_nor_used_by_another_centre(
    client, coordinator, other_coordinator, preparation, courses
):
    client.force_login(coordinator)
    response = client.post(
        admin_url("preparation_import", preparation.pk),
        {"payload": "email,first_name,last_name,exams\nx@example.fr,A,B,x", "confirm": "1"},
    )
    assert response.status_code == 403
    client.force_login(other_coordinator)
    response = upload(client, preparation, HEADER)
    assert response.status_code == 404


def test_a_registered_candidate_sees_the_right_courses_at_first_login(
    client, coordinator, preparation, courses
):
    client.force_login(coordinator)
    response = upload(
        client, preparation, HEADER + ",neuf@example.fr,Nina,Neuf,bibliothecaire-interne,\n"
    )
    confirm(client, preparation, response)
    newcomer = User.objects.get(email="neuf@example.fr")
    client.force_login(newcomer)
    page = client.get(reverse("dashboard")).content.decode()
    for title in ["Les Fondamentaux", "Les Ateliers", "RAEP", "Devenir bibliothécaire"]:
        assert title in page
    assert page.count('role="progressbar"') == 4


def test_coordinator_cannot_create_a_preparation_for_another_centre(
    client, coordinator, other_centre, centre
):
    from courses.models import Preparation

    client.force_login(coordinator)
    data = {
        "name": "Préparation pirate",
        "session_year": 2027,
        "mode": "regional",
        "opens_on": "2026-09-01",
        "closes_on": "2027-06-30",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
    }
    response = client.post(admin_url("preparation_add"), {**data, "centre": other_centre.pk})
    assert response.status_code == 200
    assert not Preparation.objects.filter(name="Préparation pirate").exists()
    response = client.post(admin_url("preparation_add"), {**data, "centre": centre.pk})
    assert response.status_code == 302
    assert Preparation.objects.get(name="Préparation pirate").centre == centre


def test_a_conflict_appearing_before_confirmation_imports_nothing(
    client, coordinator, preparation, courses, other_centre
):
    client.force_login(coordinator)
    text = HEADER + (
        ",premier@example.fr,Paul,Premier,bibliothecaire-externe,\n"
        ",second@example.fr,Sara,Second,bibliothecaire-externe,\n"
    )
    response = upload(client, preparation, text)
    assert response.context["payload"]
    # Meanwhile another centre creates an account with the second address.
    UserFactory(username="ailleurs", email="second@example.fr", centre=other_centre)
    response = confirm(client, preparation, response)
    assert response.status_code == 200
    assert "Ligne 3\xa0: un compte avec l’adresse second@example.fr existe déjà" in (
        response.content.decode()
    )
    assert not User.objects.filter(email="premier@example.fr").exists()
    assert not Registration.objects.filter(preparation=preparation).exists()


def test_a_file_over_one_megabyte_is_refused(client, coordinator, preparation):
    client.force_login(coordinator)
    text = HEADER + ",a@example.fr,A,B,bibliothecaire-externe,\n" * 30000
    response = upload(client, preparation, text)
    assert "Le fichier est trop volumineux (1 Mo au plus)." in response.content.decode()


# --- Activity files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "content", "error"),
    [
        ("file", "programme.pdf", PDF_BYTES, None),
        ("file", "programme.pdf", b"<html>not a pdf</html>", "n’est pas d’un type accepté"),
        ("file", "virus.exe", b"MZ\x90\x00", "n’est pas d’un type accepté"),
        ("file", "programme.docx", PDF_BYTES, "ne correspond pas"),
        ("audio", "podcast.mp3", b"ID3\x04\x00", None),
        ("audio", "podcast.mp3", b"%PDF-1.7", "qui n’est pas accepté ici"),
        ("sheet", "programme.pdf", b"%PDF-1.7", "Seules les activités"),
    ],
)
def test_activity_uploads_are_checked_by_content(
    client, admin_user, exam_course, settings, tmp_path, kind, name, content, error
):
    from courses.models import Activity

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(admin_user)
    section = exam_course.sections.first()
    response = client.post(
        reverse("admin:courses_activity_add"),
        {
            "course": exam_course.pk,
            "section": section.pk,
            "kind": kind,
            "title": "Document déposé",
            "position": 0,
            "is_visible": "on",
            "completion_rule": "manual",
            "file": SimpleUploadedFile(name, content),
        },
    )
    created = Activity.objects.filter(title="Document déposé").exists()
    if error is None:
        assert response.status_code == 302
        assert created
    else:
        assert response.status_code == 200
        assert error in response.content.decode()
        assert not created


def test_import_refuses_a_tutor_outside_the_centre(
    client, coordinator, preparation, courses, candidate_other_centre
):
    """A file cannot name as tutor someone who is not a tutor of the
    preparation's centre: that person would read the candidate's copies
    and progress. Nothing is created."""
    UserFactory(username="outsider", email="outsider@example.fr")
    client.force_login(coordinator)
    text = HEADER + (
        ",a@example.fr,Anne,Martin,bibliothecaire-externe,outsider\n"
        ",b@example.fr,Bruno,Petit,bibliothecaire-externe,candidate-c\n"
    )
    page = upload(client, preparation, text).content.decode()
    assert (
        "Ligne 2\u00a0: «\u00a0outsider\u00a0» n’est pas tuteur ou tutrice du centre "
        "de cette préparation." in page
    )
    assert "Ligne 3\u00a0: «\u00a0candidate-c\u00a0» n’est pas tuteur ou tutrice du centre" in page
    assert not User.objects.filter(email__in=["a@example.fr", "b@example.fr"]).exists()


def test_registration_form_refuses_a_tutor_outside_the_centre(
    client, coordinator, admin_user, candidate, candidate_other_centre
):
    registration = candidate.registrations.get()
    for person in (coordinator, admin_user):
        client.force_login(person)
        response = client.post(
            admin_url("registration_change", registration.pk),
            {
                "exams": [exam("bibliothecaire-externe").pk],
                "tutor": candidate_other_centre.pk,
                "status": "active",
            },
        )
        assert response.status_code == 200
        if person == admin_user:
            errors = response.context["adminform"].form.errors["tutor"]
            assert errors == [
                "Cette personne n’est pas tuteur ou tutrice du centre de cette préparation."
            ]
        registration.refresh_from_db()
        assert registration.tutor.username == "tutor-a"


# --- Status changes go through the registration service ------------------------


def _post_status(client, registration, status):
    return client.post(
        admin_url("registration_change", registration.pk),
        {
            "exams": list(registration.exams.values_list("pk", flat=True)),
            "tutor": registration.tutor_id or "",
            "status": status,
        },
    )


def test_a_withdrawal_in_admin_is_dated_audited_and_emailed(
    client, coordinator, candidate, django_capture_on_commit_callbacks
):
    from core.models import AuditEntry, OutgoingEmail

    registration = candidate.registrations.get()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_status(client, registration, "withdrawn")
    assert response.status_code == 302, response.context["adminform"].form.errors
    registration.refresh_from_db()
    assert registration.status == "withdrawn"
    assert registration.withdrawn_at is not None
    assert registration.withdrawal_reason  # who recorded it
    entry = AuditEntry.objects.get(
        action="courses.registration.withdrawn", target_id=str(registration.pk)
    )
    assert entry.actor == coordinator
    rows = OutgoingEmail.objects.filter(template="courses/emails/withdrawal")
    assert coordinator.email in {address for row in rows for address in row.to}
    assert coordinator.email in {m.to[0] for m in mail.outbox}


def test_reactivating_in_admin_clears_the_withdrawal_and_is_audited(client, coordinator, candidate):
    from core.models import AuditEntry
    from courses.services import withdraw_registration

    registration = candidate.registrations.get()
    withdraw_registration(actor=candidate, registration=registration, reason="Déménagement")
    client.force_login(coordinator)
    response = _post_status(client, registration, "active")
    assert response.status_code == 302, response.context["adminform"].form.errors
    registration.refresh_from_db()
    assert (registration.status, registration.withdrawn_at, registration.withdrawal_reason) == (
        "active",
        None,
        "",
    )
    entry = AuditEntry.objects.get(
        action="courses.registration.reactivated", target_id=str(registration.pk)
    )
    assert entry.actor == coordinator


def test_saving_without_a_status_change_writes_no_status_entry(client, coordinator, candidate):
    from core.models import AuditEntry

    registration = candidate.registrations.get()
    client.force_login(coordinator)
    assert _post_status(client, registration, "active").status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="courses.registration.").exists()
