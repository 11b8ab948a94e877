"""The course studio: who may use it, what it saves (and refuses), the
revisions, the preview as a candidate, and the content loop closed (a
candidate's error report on a fiche, corrected and answered from the site)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from content.models import ErrorReport, Revision
from courses.models import Activity, Completion, LastVisit, Section
from courses.services import enrol_staff
from tests.factories import ActivityFactory, CourseFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(exam_course):
    return exam_course.sections.get(title="Méthodologie")


@pytest.fixture
def sheet(section):
    return ActivityFactory(
        section=section,
        kind=Activity.Kind.SHEET,
        title="La note de synthèse",
        body="<p>La loi date de 2013.</p>",
        completion_rule=Activity.CompletionRule.VIEW,
    )


def studio_urls(course, section, activity):
    slug = course.slug
    return [
        reverse("content:studio_course", args=[slug]),
        reverse("content:studio_course_preview", args=[slug]),
        reverse("content:studio_section_create", args=[slug]),
        reverse("content:studio_section_edit", args=[slug, section.pk]),
        reverse("content:studio_section_revisions", args=[slug, section.pk]),
        reverse("content:studio_activity_create", args=[slug, section.pk]) + "?type=lien",
        reverse("content:studio_activity_edit", args=[slug, activity.pk]),
        reverse("content:studio_activity_preview", args=[slug, activity.pk]),
        reverse("content:studio_activity_revisions", args=[slug, activity.pk]),
    ]


# --- Access -----------------------------------------------------------------------------


def test_the_courses_producers_and_admins_open_every_studio_page(
    client, producer, admin_user, exam_course, section, sheet
):
    for user in (producer, admin_user):
        client.force_login(user)
        assert client.get(reverse("content:studio")).status_code == 200
        for url in studio_urls(exam_course, section, sheet):
            assert client.get(url).status_code == 200, (user, url)


def test_people_of_the_course_without_the_producer_role_get_403(
    client, candidate, tutor, trainer, exam_course, section, sheet
):
    # A candidate given a staff field by mistake is still a candidate.
    staff_candidate = UserFactory(username="candidate-staff", staff=True)
    from tests.factories import register

    register(staff_candidate, candidate.registrations.get().preparation)
    for user in (candidate, tutor, trainer, staff_candidate):
        client.force_login(user)
        assert client.get(reverse("content:studio")).status_code == 403, user
        for url in studio_urls(exam_course, section, sheet):
            assert client.get(url).status_code == 403, (user, url)
        response = client.post(
            reverse("content:studio_activity_edit", args=[exam_course.slug, sheet.pk]),
            {"title": "Piraté", "section": section.pk, "body": "x", "completion_rule": "view"},
        )
        assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.title == "La note de synthèse"


def test_a_producer_of_another_course_gets_404(client, exam_course, section, sheet):
    other = CourseFactory(title="Autre cours", slug="autre-cours")
    producer_b = UserFactory(username="producer-b")
    enrol_staff(user=producer_b, course=other, role="producer")
    client.force_login(producer_b)
    for url in studio_urls(exam_course, section, sheet):
        assert client.get(url).status_code == 404, url
    # Their own course opens; another course's ids inside it are 404 too.
    assert client.get(reverse("content:studio_course", args=[other.slug])).status_code == 200
    url = reverse("content:studio_activity_edit", args=[other.slug, sheet.pk])
    assert client.get(url).status_code == 404
    huge = reverse("content:studio_activity_edit", args=[other.slug, 10**30])
    assert client.get(huge).status_code == 404


# --- Writing ----------------------------------------------------------------------------


def _sheet_post(section, **extra):
    return {
        "title": "La note de synthèse",
        "section": section.pk,
        "body": "<h2>Méthode</h2><p>La loi date de <strong>2003</strong>.</p>"
        '<script>alert(1)</script><p onclick="x()">Fin</p>',
        "body-format": "html",
        "is_visible": "on",
        "available_from": "",
        "completion_rule": "view",
        **extra,
    }


def test_a_producer_writes_a_sheet_cleaned_dated_and_kept_as_a_revision(
    client, producer, exam_course, section
):
    client.force_login(producer)
    url = reverse("content:studio_activity_create", args=[exam_course.slug, section.pk])
    response = client.post(url + "?type=fiche", _sheet_post(section))
    activity = Activity.objects.get(title="La note de synthèse")
    assert response.status_code == 302
    assert activity.kind == "sheet" and activity.section == section
    assert "<strong>2003</strong>" in activity.body
    assert "script" not in activity.body and "onclick" not in activity.body
    assert activity.updated_at is not None
    first = Activity.objects.filter(section=section).exclude(pk=activity.pk).get()
    assert activity.position == first.position + 1  # at the end of the section
    revision = Revision.objects.get(object_id=activity.pk)
    assert revision.author == producer and "body" in revision.changes

    page = client.get(activity.get_absolute_url()).content.decode()
    today = timezone.localdate()
    assert f"Mis à jour le {today.day}" in page


def test_without_javascript_plain_paragraphs_become_html(client, producer, exam_course, section):
    client.force_login(producer)
    url = reverse("content:studio_activity_create", args=[exam_course.slug, section.pk])
    text = "Premier paragraphe.\n\n- un\n- deux\n\nDernier <b>mot</b>."
    client.post(url, {**_sheet_post(section), "body": text, "body-format": ""})
    body = Activity.objects.get(title="La note de synthèse").body
    assert "<p>Premier paragraphe.</p>" in body
    assert "<li>un</li>" in body and "<li>deux</li>" in body
    assert "&lt;b&gt;mot&lt;/b&gt;" in body  # typed text, never HTML


def test_a_refused_date_or_huge_number_saves_nothing(client, producer, exam_course, section):
    client.force_login(producer)
    url = reverse("content:studio_activity_create", args=[exam_course.slug, section.pk])
    for bad in ({"available_from": "0202-01-01T10:00"}, {"available_from": "31/02/2027"}):
        response = client.post(url, _sheet_post(section, **bad))
        assert response.status_code == 200
    assert "Saisissez une date et une heure valides" in response.content.decode()
    response = client.post(url, _sheet_post(section, available_from="0202-01-01T10:00"))
    assert "Vérifiez l’année" in response.content.decode()
    response = client.post(
        url + "?type=devoir",
        {
            **_sheet_post(section, completion_rule="submission", title="Devoir 1"),
            "devoir-instructions": "Sujet",
            "devoir-opens_at": "2027-01-10T09:00",
            "devoir-due_at": "2027-02-10T18:00",
            "devoir-max_files": "99999999999999999999",
            "devoir-max_size_mb": "10",
            "devoir-accepted_kinds": ["pdf"],
        },
    )
    assert response.status_code == 200
    response = client.post(
        url + "?type=devoir",
        {
            **_sheet_post(
                section,
                completion_rule="submission",
                title="Devoir 1",
                available_from="2027-03-01T09:00",
            ),
            "devoir-instructions": "Sujet",
            "devoir-opens_at": "2027-01-10T09:00",
            "devoir-due_at": "2027-02-10T18:00",
            "devoir-max_files": "1",
            "devoir-max_size_mb": "10",
            "devoir-accepted_kinds": ["pdf"],
        },
    )
    assert response.status_code == 200
    assert "disponible avant la date de remise" in response.content.decode()
    assert not Activity.objects.filter(title__in=["La note de synthèse", "Devoir 1"]).exists()
    assert not Revision.objects.exists()


def test_an_assignment_activity_carries_its_subject_dates_and_file_rules(
    client, producer, exam_course, section
):
    from assignments.models import Assignment

    client.force_login(producer)
    url = reverse("content:studio_activity_create", args=[exam_course.slug, section.pk])
    response = client.post(
        url + "?type=devoir",
        {
            **_sheet_post(section, completion_rule="submission", title="Devoir 1"),
            "devoir-instructions": "<p>Rédigez une note.</p>",
            "devoir-instructions-format": "html",
            "devoir-opens_at": "2027-01-10T09:00",
            "devoir-due_at": "2027-02-10T18:00",
            "devoir-cutoff_at": "2027-02-12T18:00",
            "devoir-max_files": "2",
            "devoir-max_size_mb": "10",
            "devoir-accepted_kinds": ["pdf", "odt"],
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(activity__title="Devoir 1")
    assert assignment.title == "Devoir 1" and assignment.max_files == 2
    assert assignment.accepted_kinds == ["pdf", "odt"]
    assert timezone.localtime(assignment.due_at).day == 10
    assert "Rédigez une note." in assignment.instructions


def test_a_link_needs_a_web_address(client, producer, exam_course, section):
    client.force_login(producer)
    url = reverse("content:studio_activity_create", args=[exam_course.slug, section.pk])
    response = client.post(
        url + "?type=lien", {**_sheet_post(section, title="Enssib"), "url": "javascript:alert(1)"}
    )
    assert response.status_code == 200
    assert "https://" in response.content.decode()
    assert not Activity.objects.filter(title="Enssib").exists()
    client.post(
        url + "?type=lien",
        {**_sheet_post(section, title="Enssib"), "url": "https://www.enssib.fr/"},
    )
    assert Activity.objects.get(title="Enssib").url == "https://www.enssib.fr/"


def test_unknown_kind_is_404(client, producer, exam_course, section):
    client.force_login(producer)
    url = reverse("content:studio_activity_create", args=[exam_course.slug, section.pk])
    assert client.get(url + "?type=podcast-video").status_code == 404


# --- Outline --------------------------------------------------------------------------------


def test_sections_and_activities_move_up_and_down_and_only_empty_sections_go(
    client, producer, exam_course, section, sheet
):
    client.force_login(producer)
    slug = exam_course.slug
    first = Activity.objects.filter(section=section).exclude(pk=sheet.pk).get()
    client.post(reverse("content:studio_activity_move", args=[slug, sheet.pk]), {"direction": "up"})
    order = list(
        Activity.objects.filter(section=section).order_by("position").values_list("pk", flat=True)
    )
    assert order == [sheet.pk, first.pk]

    new = SectionFactory(course=exam_course, title="Annales", position=9)
    client.post(reverse("content:studio_section_move", args=[slug, new.pk]), {"direction": "up"})
    titles = list(
        Section.objects.filter(course=exam_course, is_essential=False)
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert titles == ["Annales", "Méthodologie"]

    response = client.post(reverse("content:studio_section_delete", args=[slug, section.pk]))
    assert Section.objects.filter(pk=section.pk).exists()
    assert "Déplacez ou supprimez" in client.get(response.url).content.decode()
    client.post(reverse("content:studio_section_delete", args=[slug, new.pk]))
    assert not Section.objects.filter(pk=new.pk).exists()


def test_one_section_only_is_les_incontournables(client, producer, exam_course, section):
    client.force_login(producer)
    client.post(
        reverse("content:studio_section_edit", args=[exam_course.slug, section.pk]),
        {"title": "Méthodologie", "summary": "L’essentiel.", "is_essential": "on"},
    )
    essentials = Section.objects.filter(course=exam_course, is_essential=True)
    assert list(essentials) == [section]


# --- Revisions --------------------------------------------------------------------------------


def test_revisions_say_what_changed_and_restoring_makes_a_new_one(
    client, producer, exam_course, section, sheet
):
    client.force_login(producer)
    url = reverse("content:studio_activity_edit", args=[exam_course.slug, sheet.pk])
    client.post(url, _sheet_post(section, body="<p>Première version du texte.</p>"))
    client.post(url, _sheet_post(section, title="Note de synthèse", body="<p>Seconde version.</p>"))
    first, second = Revision.objects.filter(object_id=sheet.pk).order_by("created_at", "pk")
    assert {c["field"] for c in second.changes} == {"title", "body"}

    page = client.get(
        reverse("content:studio_activity_revisions", args=[exam_course.slug, sheet.pk])
    ).content.decode()
    page = page.replace("\u00a0", " ")
    assert "Titre : « La note de synthèse » → « Note de synthèse »" in page
    assert "mots ajoutés" in page and producer.get_display_name() in page

    client.post(reverse("content:studio_revision_restore", args=[exam_course.slug, first.pk]))
    sheet.refresh_from_db()
    assert (sheet.title, sheet.body) == ("La note de synthèse", "<p>Première version du texte.</p>")
    latest = Revision.objects.filter(object_id=sheet.pk).first()
    assert latest.restored_from == first and latest.author == producer
    assert Revision.objects.filter(object_id=sheet.pk).count() == 3


def test_a_trainer_cannot_restore_a_revision(
    client, producer, trainer, exam_course, section, sheet
):
    client.force_login(producer)
    url = reverse("content:studio_activity_edit", args=[exam_course.slug, sheet.pk])
    client.post(url, _sheet_post(section, body="<p>Version A.</p>"))
    revision = Revision.objects.get()
    client.force_login(trainer)
    restore = reverse("content:studio_revision_restore", args=[exam_course.slug, revision.pk])
    assert client.post(restore).status_code == 403


# --- Preview --------------------------------------------------------------------------------


def test_preview_shows_what_candidates_see_and_records_nothing(
    client, producer, exam_course, section, sheet
):
    hidden = ActivityFactory(section=section, title="Brouillon caché", is_visible=False)
    later = ActivityFactory(
        section=section,
        title="Pas encore",
        available_from=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(producer)
    course_page = client.get(
        reverse("content:studio_course_preview", args=[exam_course.slug])
    ).content.decode()
    assert sheet.title in course_page
    assert hidden.title not in course_page and later.title not in course_page
    page = client.get(
        reverse("content:studio_activity_preview", args=[exam_course.slug, hidden.pk])
    ).content.decode()
    assert "Les candidats ne voient pas cette activité" in page
    client.get(reverse("content:studio_activity_preview", args=[exam_course.slug, sheet.pk]))
    assert not Completion.objects.exists() and not LastVisit.objects.exists()


# --- The content loop --------------------------------------------------------------------------


def test_a_reported_fiche_is_corrected_and_the_candidate_reads_text_and_answer(
    client, candidate, producer, exam_course, section, sheet, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    client.post(
        reverse("content:report_create", args=[sheet.pk]),
        {"text": "La loi citée date de 2003, pas de 2013."},
    )
    report = ErrorReport.objects.get()

    # The producer: dashboard → reports → the report → one click to the studio.
    client.force_login(producer)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("content:report_list") in dashboard and reverse("content:studio") in dashboard
    report_page = client.get(report.get_absolute_url()).content.decode()
    edit_url = (
        reverse("content:studio_activity_edit", args=[exam_course.slug, sheet.pk])
        + f"?signalement={report.pk}"
    )
    assert edit_url.replace("?", "?") in report_page.replace("&amp;", "&")
    assert "2003, pas de 2013" in client.get(edit_url).content.decode()
    response = client.post(edit_url, _sheet_post(section, body="<p>La loi date de 2003.</p>"))
    assert response.url == report.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            report.get_absolute_url(),
            {"status": "resolved", "answer": "Merci, la date est corrigée."},
        )
    report.refresh_from_db()
    assert report.status == "resolved"
    (email,) = mail.outbox
    assert email.to == [candidate.email]
    assert "La note de synthèse" in email.subject and "a reçu une réponse" in email.subject
    assert "Merci, la date est corrigée." in email.body

    client.force_login(candidate)
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "La loi date de 2003." in page and "2013" not in page
    assert "Merci, la date est corrigée." in page
    assert (
        "Merci, la date est corrigée."
        in client.get(reverse("content:report_list")).content.decode()
    )
    assert "Merci, la date est corrigée." in client.get(report.get_absolute_url()).content.decode()


def test_closing_a_report_without_an_answer_is_refused(client, candidate, producer, sheet):
    report = ErrorReport.objects.create(activity=sheet, reporter=candidate, text="x" * 20)
    client.force_login(producer)
    response = client.post(report.get_absolute_url(), {"status": "resolved", "answer": ""})
    assert response.status_code == 200
    assert "écrivez une réponse" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "open" and not mail.outbox
