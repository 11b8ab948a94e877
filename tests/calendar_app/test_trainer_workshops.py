"""Trainers schedule workshops from the site (issue 19): a monthly series,
changes to one session or to the rest of the series, cancellation with an
email to the registrants, the registrants list, attendance with corrections,
recording and slides after, the videoconference link shown near the start,
and who may do what."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from calendar_app import services
from calendar_app.models import Event, WorkshopRegistration, WorkshopSeries
from calendar_app.permissions import can_manage_event
from calendar_app.selectors import events_managed_by
from courses.models import Activity, Completion
from tests.calendar_app import world
from tests.calendar_app.factories import EventFactory, WorkshopRegistrationFactory, paris
from tests.content.test_media import tiny_wav
from tests.core.upload_samples import PDF_BYTES
from tests.factories import UserFactory, give_totp, register

pytestmark = pytest.mark.django_db

# The role fixtures built once for the module (tests/calendar_app/world.py);
# each test runs in a savepoint of it. The race for the last place needs
# real transactions: it is in test_workshop_race.py.
_world = world.module_world()
_test_world = world.per_test_world()
admin_user = world.shared("admin_user")
centre = world.shared("centre")
other_centre = world.shared("other_centre")
courses = world.shared("courses")
preparation = world.shared("preparation")
other_preparation = world.shared("other_preparation")
coordinator = world.shared("coordinator")
other_coordinator = world.shared("other_coordinator")
candidate = world.shared("candidate")
other_candidate = world.shared("other_candidate")
candidate_other_centre = world.shared("candidate_other_centre")
tutor = world.shared("tutor")
other_tutor = world.shared("other_tutor")
trainer = world.shared("trainer")
other_trainer = world.shared("other_trainer")
producer = world.shared("producer")
user = world.shared("user")

# "Today" for these tests: the series start in the coming months.
TODAY = paris(2026, 9, 15, 10, 0)
CREATE = reverse("calendar_app:workshop_create")
LIST = reverse("calendar_app:workshops")


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _text(response) -> str:
    """The page as a reader sees it: no-break spaces (French typography)
    as spaces, HTML-escaped apostrophes as apostrophes."""
    return response.content.decode().replace("\u00a0", " ").replace("&#x27;", "'")


def _url(name, event):
    return reverse(f"calendar_app:{name}", kwargs={"pk": event.pk})


def _form(courses, **changes):
    data = {
        "title": "Atelier : la note de synthèse",
        "course": str(courses["ateliers"].pk),
        "activity": "",
        "theme": "professional_culture",
        "description": "Une heure d'entraînement en visioconférence.",
        "day": "2026-10-08",
        "time": "18:00",
        "duration": "60",
        "recurrence": "monthly",
        "occurrences": "3",
        "capacity": "12",
        "video_url": "https://visio.example.fr/synthese",
    }
    data.update(changes)
    return data


def _nothing_created():
    assert not Event.objects.filter(title__startswith="Atelier : la note").exists()
    assert not WorkshopSeries.objects.exists()
    assert not Activity.objects.filter(title__startswith="Atelier : la note").exists()


@pytest.fixture
def ateliers_trainer(other_trainer):
    """``other_trainer`` teaches Les Ateliers only."""
    return other_trainer


@pytest.fixture
def staff_candidate(centre, preparation, courses):
    """A candidate of centre A's preparation given the staff flag by mistake
    (with the TOTP staff must have, so that the calendar's own rules
    answer)."""
    user = UserFactory(username="candidate-staff", centre=centre, staff=True)
    give_totp(user)
    register(user, preparation)
    return user


def _schedule(trainer, courses, *, first_day=datetime.date(2026, 10, 8), count=3, **extra):
    with _at(TODAY):
        return services.workshop_schedule(
            actor=trainer,
            course=courses["ateliers"],
            title=extra.pop("title", "Atelier : la note de synthèse"),
            first_day=first_day,
            time=extra.pop("time", datetime.time(18, 0)),
            occurrences=count,
            theme="professional_culture",
            capacity=extra.pop("capacity", 12),
            video_url="https://visio.example.fr/synthese",
            **extra,
        )


# --- Creating a series through the pages -----------------------------------------


def test_trainer_creates_a_monthly_series_of_three_sessions(client, ateliers_trainer, courses):
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        assert client.get(CREATE).status_code == 200
        response = client.post(CREATE, _form(courses), follow=True)
    page = _text(response)
    assert response.redirect_chain[-1][0] == LIST
    assert (
        "3 séances programmées, le 2e jeudi de chaque mois à 18:00 : "
        "8 octobre 2026, 12 novembre 2026, 10 décembre 2026." in page
    )
    events = list(Event.objects.filter(kind="workshop").order_by("starts_at"))
    assert [e.starts_at for e in events] == [
        paris(2026, 10, 8, 18, 0),
        paris(2026, 11, 12, 18, 0),
        paris(2026, 12, 10, 18, 0),
    ]
    assert all(e.ends_at - e.starts_at == datetime.timedelta(hours=1) for e in events)
    assert len({e.series_id for e in events}) == 1 and events[0].series_id
    assert {e.capacity for e in events} == {12}
    assert {e.link_opens_minutes for e in events} == {15}
    # Each session is its own activity of the course, completed on attendance.
    activities = [e.activity for e in events]
    assert len({a.pk for a in activities}) == 3
    assert [a.title for a in activities] == [
        "Atelier : la note de synthèse — 8 octobre 2026",
        "Atelier : la note de synthèse — 12 novembre 2026",
        "Atelier : la note de synthèse — 10 décembre 2026",
    ]
    assert {(a.course_id, a.kind, a.completion_rule) for a in activities} == {
        (courses["ateliers"].pk, "workshop", "attendance")
    }
    assert all(e.activity_is_own for e in events)
    # The list shows them, coming.
    assert page.count("Atelier : la note de synthèse") >= 3
    assert "jeudi 8 octobre 2026</time>, 18:00–19:00" in page


def test_a_single_workshop_with_the_default_hour_in_an_existing_activity(
    client, ateliers_trainer, courses, workshop_activity
):
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        page = _text(client.get(CREATE))
        assert 'value="60" selected' in page  # 1 h by default
        response = client.post(
            CREATE,
            _form(
                courses,
                recurrence="none",
                occurrences="5",
                activity=str(workshop_activity.pk),
                duration="60",
            ),
        )
    assert response.status_code == 302
    event = Event.objects.get(kind="workshop")
    assert event.series_id is None and not event.activity_is_own
    assert event.activity == workshop_activity
    assert event.ends_at == paris(2026, 10, 8, 19, 0)


def test_sessions_sharing_an_activity_complete_it_once(
    ateliers_trainer, candidate, courses, workshop_activity
):
    events = _schedule(ateliers_trainer, courses, count=2, activity=workshop_activity)
    assert {e.activity_id for e in events} == {workshop_activity.pk}
    for event in events:
        WorkshopRegistrationFactory(event=event, user=candidate)
    with _at(paris(2026, 11, 12, 19, 30)):
        services.workshop_record_attendance(
            actor=ateliers_trainer, event=events[0], attended_user_ids=[candidate.pk]
        )
        services.workshop_record_attendance(
            actor=ateliers_trainer, event=events[1], attended_user_ids=[candidate.pk]
        )
        # Absent from the second after all: present at the first, still done.
        services.workshop_record_attendance(
            actor=ateliers_trainer, event=events[1], attended_user_ids=[]
        )
    assert Completion.objects.filter(user=candidate, activity=workshop_activity).count() == 1


def test_a_series_crossing_the_summer_time_changes_keeps_18h_in_paris(ateliers_trainer, courses):
    spring = _schedule(ateliers_trainer, courses, first_day=datetime.date(2027, 2, 11), count=3)
    assert [e.starts_at.astimezone(datetime.UTC).hour for e in spring] == [17, 17, 16]
    assert [e.starts_at for e in spring] == [
        paris(2027, 2, 11, 18, 0),
        paris(2027, 3, 11, 18, 0),
        paris(2027, 4, 8, 18, 0),
    ]
    autumn = _schedule(
        ateliers_trainer, courses, first_day=datetime.date(2026, 10, 22), count=2, title="B"
    )
    assert [e.starts_at.astimezone(datetime.UTC).hour for e in autumn] == [16, 17]
    assert [e.starts_at for e in autumn] == [paris(2026, 10, 22, 18), paris(2026, 11, 26, 18)]


def test_a_fifth_thursday_repeats_on_the_last_thursday(client, ateliers_trainer, courses):
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        response = client.post(CREATE, _form(courses, day="2026-12-31"), follow=True)
    assert "le dernier jeudi de chaque mois" in _text(response)
    assert [e.starts_at.date() for e in Event.objects.order_by("starts_at")] == [
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 28),
        datetime.date(2027, 2, 25),
    ]


def test_a_time_the_clocks_skip_fails_the_whole_series(client, ateliers_trainer, courses):
    # The last Sunday of each month at 02:30: 28 March 2027 has no 02:30.
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        response = client.post(
            CREATE, _form(courses, day="2027-01-31", time="02:30", occurrences="12")
        )
    assert response.status_code == 400
    assert "02:30 n’existe pas le 28 mars 2027 à Paris" in _text(response)
    _nothing_created()


def test_a_failure_at_the_seventh_of_twelve_sessions_leaves_nothing(ateliers_trainer, courses):
    from courses import api as courses_api

    real = courses_api.workshop_activity_create
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 7:
            raise IntegrityError("disk full")
        return real(**kwargs)

    with (
        mock.patch.object(courses_api, "workshop_activity_create", failing),
        pytest.raises(IntegrityError),
    ):
        _schedule(ateliers_trainer, courses, count=12)
    _nothing_created()


def test_twelve_sessions_are_created_whole(ateliers_trainer, courses):
    events = _schedule(ateliers_trainer, courses, count=12)
    assert len(events) == 12 and WorkshopSeries.objects.get().events.count() == 12


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"capacity": str(10**30)}, "inférieure ou égale à 32767"),
        ({"capacity": "0"}, "supérieure ou égale à 1"),
        ({"capacity": "beaucoup"}, "Saisissez un nombre entier"),
        ({"occurrences": "13"}, "inférieure ou égale à 12"),
        ({"occurrences": str(10**30)}, "inférieure ou égale à 12"),
        ({"day": "2026-02-31"}, "Saisissez une date valide"),
        ({"day": "2026-09-10"}, "La première séance doit être dans le futur."),
        ({"day": "9999-12-09", "occurrences": "12"}, "Ces dates sont hors des limites."),
        (
            {"day": "9999-12-31", "time": "23:30", "recurrence": "none"},
            "Ces dates sont hors des limites.",
        ),
        # Beyond the years the month view shows.
        ({"day": "2101-01-06", "recurrence": "none"}, "Ces dates sont hors des limites."),
        ({"time": "25:00"}, "Saisissez une heure valide"),
        ({"duration": "7"}, "Sélectionnez un choix valide"),
        ({"duration": str(10**30)}, "Sélectionnez un choix valide"),
        ({"video_url": "http://visio.example.fr/x"}, "doit commencer par https://"),
        ({"title": "   "}, "Ce champ est obligatoire"),
        ({"recurrence": "weekly"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_a_french_form_error_and_creates_nothing(
    client, ateliers_trainer, courses, changes, error
):
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        response = client.post(CREATE, _form(courses, **changes))
    assert response.status_code == 400
    assert error in _text(response)
    _nothing_created()


def test_a_course_or_activity_the_trainer_does_not_teach_is_refused(
    client, ateliers_trainer, courses
):
    other_activity = Activity.objects.create(
        course=courses["bibliothecaire"],
        section=courses["bibliothecaire"].sections.first(),
        kind="workshop",
        title="Atelier d'un autre cours",
    )
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        by_course = client.post(CREATE, _form(courses, course=str(courses["bibliothecaire"].pk)))
        by_activity = client.post(CREATE, _form(courses, activity=str(other_activity.pk)))
    assert by_course.status_code == by_activity.status_code == 400
    assert "Sélectionnez un choix valide" in _text(by_course)
    assert "Sélectionnez un choix valide" in _text(by_activity)
    _nothing_created()


def test_the_service_refuses_whoever_does_not_teach_the_course(trainer, staff_candidate, courses):
    for actor in (trainer, staff_candidate):
        with pytest.raises(services.PermissionDenied):
            _schedule(actor, courses)
    _nothing_created()


# --- The videoconference link near the start -------------------------------------


@pytest.fixture
def series(ateliers_trainer, courses):
    return _schedule(ateliers_trainer, courses, count=3)


def test_link_shows_to_registrants_from_15_minutes_before_until_the_end(
    client, candidate, other_candidate, ateliers_trainer, series
):
    first = series[0]
    WorkshopRegistrationFactory(event=first, user=candidate)
    link = "https://visio.example.fr/synthese"

    def page(user, moment):
        client.force_login(user)
        with _at(moment):
            return _text(client.get(_url("event", first)))

    before = page(candidate, paris(2026, 10, 8, 17, 44))
    assert link not in before
    assert "Le lien apparaîtra ici le 8 octobre à 17:45." in before
    assert link in page(candidate, paris(2026, 10, 8, 17, 45))
    assert link in page(candidate, paris(2026, 10, 8, 19, 0))
    after = page(candidate, paris(2026, 10, 8, 19, 1))
    assert link not in after and "La séance est terminée." in after
    # Not registered: never; the trainer: always.
    assert link not in page(other_candidate, paris(2026, 10, 8, 18, 10))
    assert link in page(ateliers_trainer, paris(2026, 10, 1, 9, 0))


def test_the_link_delay_is_a_setting(settings, ateliers_trainer, courses):
    settings.WORKSHOP_LINK_OPENS_MINUTES = 30
    (event,) = _schedule(ateliers_trainer, courses, count=1)
    assert event.link_opens_at == paris(2026, 10, 8, 17, 30)


# --- Registration: places, race, cancellations ---------------------------------------


def test_registrants_list_shows_names_times_and_cancellations(
    client, ateliers_trainer, candidate, other_candidate, series
):
    first = series[0]
    with _at(paris(2026, 10, 1, 9, 0)):
        services.workshop_register(actor=candidate, event=first)
    with _at(paris(2026, 10, 2, 10, 30)):
        services.workshop_register(actor=other_candidate, event=first)
    with _at(paris(2026, 10, 3, 8, 15)):
        services.workshop_unregister(actor=other_candidate, event=first)
    client.force_login(ateliers_trainer)
    with _at(paris(2026, 10, 4, 9, 0)):
        page = _text(client.get(_url("registrants", first)))
    assert "1 inscrit sur 12 places" in page
    assert candidate.get_display_name() in page and "1er octobre 2026, 09:00" in page
    assert (
        f"{other_candidate.get_display_name()} : inscrit le 2 octobre 2026, 10:30, "
        "annulé le 3 octobre 2026, 08:15" in page
    )
    # The cancelled place is free again; registering again revives the row.
    with _at(paris(2026, 10, 5, 9, 0)):
        services.workshop_register(actor=other_candidate, event=first)
    assert first.registrations.active().count() == 2 and first.registrations.count() == 2


def test_a_full_session_refuses_and_a_cancellation_frees_a_place(
    ateliers_trainer, courses, candidate, other_candidate
):
    (event,) = _schedule(ateliers_trainer, courses, count=1, capacity=1)
    with _at(TODAY):
        services.workshop_register(actor=candidate, event=event)
        with pytest.raises(ValidationError, match="Cet atelier est complet"):
            services.workshop_register(actor=other_candidate, event=event)
        services.workshop_unregister(actor=candidate, event=event)
        services.workshop_register(actor=other_candidate, event=event)
    assert [r.user for r in event.registrations.active()] == [other_candidate]


# --- Attendance -------------------------------------------------------------------------


def test_attendance_ticks_and_corrections_follow_the_completion(
    client, ateliers_trainer, candidate, other_candidate, series
):
    first = series[0]
    for user in (candidate, other_candidate):
        WorkshopRegistrationFactory(event=first, user=user)
    url = _url("attendance", first)
    client.force_login(ateliers_trainer)

    def done(user):
        return Completion.objects.filter(user=user, activity=first.activity).exists()

    with _at(paris(2026, 10, 8, 17, 59)):
        refused = client.post(url, {"present": [str(candidate.pk)]})
    assert refused.status_code == 400 and not done(candidate)
    with _at(paris(2026, 10, 8, 18, 5)):  # once started
        recorded_page = client.post(url, {"present": [str(candidate.pk)]}, follow=True)
    assert recorded_page.redirect_chain[-1][1] == 302
    assert "Présences relevées : 1 personne présente." in _text(recorded_page)
    assert done(candidate) and not done(other_candidate)
    recorded = WorkshopRegistration.objects.get(user=candidate).attendance_recorded_at
    # Again with the same ticks: nothing changes.
    with _at(paris(2026, 10, 8, 19, 30)):
        client.post(url, {"present": [str(candidate.pk)]})
    assert WorkshopRegistration.objects.get(user=candidate).attendance_recorded_at == recorded
    assert Completion.objects.filter(activity=first.activity).count() == 1
    # A correction: A was absent, B present.
    with _at(paris(2026, 10, 8, 19, 40)):
        corrected = client.post(url, {"present": [str(other_candidate.pk)]}, follow=True)
    assert "Présences relevées : 1 personne présente." in _text(corrected)
    assert not done(candidate) and done(other_candidate)
    with _at(paris(2026, 10, 8, 19, 42)):
        both = client.post(
            url, {"present": [str(candidate.pk), str(other_candidate.pk)]}, follow=True
        )
    assert "Présences relevées : 2 personnes présentes." in _text(both)
    with _at(paris(2026, 10, 8, 19, 44)):
        client.post(url, {"present": [str(other_candidate.pk)]})
    attended = dict(first.registrations.values_list("user_id", "attended"))
    assert attended == {candidate.pk: False, other_candidate.pk: True}
    # The registrants list tells it.
    with _at(paris(2026, 10, 8, 19, 45)):
        page = _text(client.get(_url("registrants", first)))
    assert "1 présent" in page and "absent" in page


def test_an_absent_tick_keeps_a_completion_from_elsewhere(ateliers_trainer, candidate, series):
    from courses.services import complete_activity

    first = series[0]
    WorkshopRegistrationFactory(event=first, user=candidate)
    complete_activity(user=candidate, activity=first.activity, source="view")
    with _at(paris(2026, 10, 8, 19, 30)):
        services.workshop_record_attendance(
            actor=ateliers_trainer, event=first, attended_user_ids=[candidate.pk]
        )
        services.workshop_record_attendance(
            actor=ateliers_trainer, event=first, attended_user_ids=[]
        )
    assert Completion.objects.get(user=candidate, activity=first.activity).source == "view"


def test_cancelled_registrations_are_not_in_the_attendance(
    client, ateliers_trainer, candidate, other_candidate, series
):
    first = series[0]
    WorkshopRegistrationFactory(event=first, user=candidate)
    WorkshopRegistrationFactory(event=first, user=other_candidate, cancelled_at=TODAY)
    client.force_login(ateliers_trainer)
    with _at(paris(2026, 10, 8, 19, 30)):
        page = _text(client.get(_url("attendance", first)))
        posted = client.post(_url("attendance", first), {"present": [str(other_candidate.pk)]})
    assert candidate.get_display_name() in page
    assert other_candidate.get_display_name() not in page
    assert posted.status_code == 400 and "Sélectionnez un choix valide" in _text(posted)


# --- Changing one session or the rest ----------------------------------------------------


def _edit(courses, **changes):
    data = {
        "title": "Atelier : la note de synthèse",
        "theme": "professional_culture",
        "description": "",
        "day": "2026-11-12",
        "time": "18:00",
        "duration": "60",
        "capacity": "12",
        "video_url": "https://visio.example.fr/synthese",
        "scope": "one",
    }
    data.update(changes)
    return data


def test_changing_the_rest_of_the_series_moves_the_time_and_tells_registrants(
    client, ateliers_trainer, candidate, series, django_capture_on_commit_callbacks
):
    first, second, third = series
    WorkshopRegistrationFactory(event=third, user=candidate)
    client.force_login(ateliers_trainer)
    with _at(TODAY), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("workshop_edit", second),
            _edit(None, time="17:30", duration="90", title="Atelier : synthèse", scope="following"),
        )
    assert response.status_code == 302
    for event in series:
        event.refresh_from_db()
    assert first.starts_at == paris(2026, 10, 8, 18, 0) and first.title.endswith("synthèse")
    assert (second.starts_at, second.ends_at) == (
        paris(2026, 11, 12, 17, 30),
        paris(2026, 11, 12, 19),
    )
    assert (third.starts_at, third.ends_at) == (
        paris(2026, 12, 10, 17, 30),
        paris(2026, 12, 10, 19),
    )
    assert third.title == "Atelier : synthèse"
    third.activity.refresh_from_db()
    assert third.activity.title == "Atelier : synthèse — 10 décembre 2026"
    (email,) = mail.outbox
    assert email.to == [candidate.email]
    assert (
        email.subject.replace("\u00a0", " ") == "Nouvel horaire : Atelier : synthèse le 10 décembre"
    )
    assert "jeudi 10 décembre 2026, de 17:30 à 19:00" in email.body.replace("\u00a0", " ")
    assert "au lieu du jeudi 10 décembre 2026, 18:00" in email.body.replace("\u00a0", " ")


def test_changing_one_session_moves_its_day_only(client, ateliers_trainer, series):
    second = series[1]
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        response = client.post(_url("workshop_edit", second), _edit(None, day="2026-11-19"))
    assert response.status_code == 302
    assert [e.starts_at for e in Event.objects.order_by("starts_at")] == [
        paris(2026, 10, 8, 18),
        paris(2026, 11, 19, 18),
        paris(2026, 12, 10, 18),
    ]


@pytest.mark.parametrize(
    ("changes", "moment", "error"),
    [
        ({"capacity": "1"}, TODAY, "a déjà 2 candidats inscrits"),
        ({"capacity": str(10**30)}, TODAY, "inférieure ou égale à 32767"),
        ({"day": "2026-09-01"}, TODAY, "ne peut pas être déplacée dans le passé"),
        ({"time": "19:00"}, paris(2026, 11, 12, 18, 30), "a commencé : sa date et son heure"),
        ({"day": "2026-11-31"}, TODAY, "Saisissez une date valide"),
        # The last day a date field takes, late in the evening: the end
        # would be past year 9999.
        ({"day": "9999-12-31", "time": "23:30"}, TODAY, "Ces dates sont hors des limites."),
    ],
)
def test_bad_changes_are_refused_whole(
    client, ateliers_trainer, candidate, other_candidate, series, changes, moment, error
):
    second = series[1]
    for user in (candidate, other_candidate):
        WorkshopRegistrationFactory(event=series[2], user=user)
    before = list(Event.objects.order_by("pk").values_list("title", "starts_at", "capacity"))
    client.force_login(ateliers_trainer)
    with _at(moment):
        response = client.post(
            _url("workshop_edit", second),
            _edit(None, title="Changé", scope="following", **changes),
        )
    assert response.status_code == 400
    assert error in _text(response)
    assert list(Event.objects.order_by("pk").values_list("title", "starts_at", "capacity")) == (
        before
    )


# --- Cancelling ---------------------------------------------------------------------


def test_cancelling_a_session_emails_its_registrants_and_removes_its_activity(
    client, ateliers_trainer, candidate, series, django_capture_on_commit_callbacks
):
    first = series[0]
    WorkshopRegistrationFactory(event=first, user=candidate)
    activity_id = first.activity_id
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        page = _text(client.get(_url("workshop_cancel", first)))
        assert "1 candidat est inscrit : il sera prévenu par courriel." in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("workshop_cancel", first), {"scope": "one"}, follow=True)
    assert "1 séance annulée ; ses inscrits sont prévenus par courriel." in (_text(response))
    assert not Event.objects.filter(pk=first.pk).exists()
    assert not Activity.objects.filter(pk=activity_id).exists()
    assert Event.objects.filter(series=first.series_id).count() == 2
    (email,) = mail.outbox
    assert email.to == [candidate.email]
    assert (
        email.subject.replace("\u00a0", " ")
        == "Annulé : Atelier : la note de synthèse le 8 octobre"
    )
    assert "prévu le jeudi 8 octobre 2026, de 18:00 à 19:00, est annulé" in email.body.replace(
        "\u00a0", " "
    )
    # The same cancellation delivered once, whatever happens next.
    from core.models import OutgoingEmail

    assert OutgoingEmail.objects.filter(dedup_key__startswith="workshop-cancelled:").count() == 1


def test_cancelling_the_rest_of_the_series(client, ateliers_trainer, series):
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        client.post(_url("workshop_cancel", series[1]), {"scope": "following"})
    assert list(Event.objects.values_list("pk", flat=True)) == [series[0].pk]


def test_a_started_session_cannot_be_cancelled(client, ateliers_trainer, series):
    client.force_login(ateliers_trainer)
    with _at(paris(2026, 10, 8, 18, 5)):
        response = client.post(_url("workshop_cancel", series[0]), {"scope": "one"})
    assert response.status_code == 400
    assert "a commencé : elle ne peut plus être annulée" in _text(response)
    assert Event.objects.count() == 3


# --- Recording and slides after ---------------------------------------------------------


def test_recording_and_slides_after_the_session_for_candidates_of_the_course(
    client, ateliers_trainer, candidate, candidate_other_centre, user, series
):
    first = series[0]
    url = _url("attach", first)
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        early = client.post(url, {"recording_url": "https://www.youtube.com/watch?v=abc123"})
    assert early.status_code == 400
    assert "L’enregistrement peut être ajouté une fois l’atelier commencé." in (_text(early))
    with _at(paris(2026, 10, 8, 20, 0)):
        response = client.post(
            url,
            {
                "recording_url": "https://www.youtube.com/watch?v=abc123",
                "recording": SimpleUploadedFile("seance.wav", tiny_wav(), "audio/wav"),
                "slides": SimpleUploadedFile("diaporama.pdf", PDF_BYTES, "application/pdf"),
            },
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.recording.name.startswith("calendar/recordings/")
    assert "seance" not in first.recording.name
    # Any candidate of the course (registered or not, any centre) opens them.
    for reader in (candidate, candidate_other_centre):
        client.force_login(reader)
        page = _text(client.get(_url("event", first)))
        assert "https://www.youtube-nocookie.com/embed/abc123" in page
        download = client.get(_url("recording", first))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == tiny_wav()
        assert download["Content-Type"] == "audio/wav"
        slides = client.get(_url("slides", first))
        assert b"".join(slides.streaming_content) == PDF_BYTES
    client.force_login(user)
    assert client.get(_url("recording", first)).status_code == 404


def test_a_recording_that_is_not_audio_is_refused(client, ateliers_trainer, series):
    client.force_login(ateliers_trainer)
    with _at(paris(2026, 10, 8, 20, 0)):
        response = client.post(
            _url("attach", series[0]),
            {"recording": SimpleUploadedFile("seance.mp3", PDF_BYTES, "audio/mpeg")},
        )
    assert response.status_code == 400
    series[0].refresh_from_db()
    assert not series[0].recording


# --- Who may do what -------------------------------------------------------------------

TRAINER_PAGES = ["workshop_edit", "workshop_cancel", "registrants"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("other_trainer", 200),  # teaches Les Ateliers
        ("trainer", 404),  # teaches another course
        ("candidate", 404),
        ("staff_candidate", 404),
        ("tutor", 404),
        ("producer", 404),
        ("coordinator", 404),
        ("other_coordinator", 404),
        ("user", 404),
    ],
)
@pytest.mark.parametrize("name", TRAINER_PAGES)
def test_trainer_pages_by_role(client, roles, staff_candidate, series, role, status, name):
    people = {**roles, "staff_candidate": staff_candidate}
    client.force_login(people[role])
    with _at(TODAY):
        assert client.get(_url(name, series[0])).status_code == status
        posted = client.post(_url(name, series[0]), {"scope": "one"})
    if status == 404:
        assert posted.status_code == 404
        assert Event.objects.count() == 3


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("other_trainer", 200),
        ("trainer", 200),  # teaches "Devenir bibliothécaire": may schedule there
        ("candidate", 404),
        ("staff_candidate", 404),
        ("tutor", 404),
        ("producer", 404),
        ("coordinator", 404),
        ("other_coordinator", 404),
        ("user", 404),
    ],
)
@pytest.mark.parametrize("name", ["calendar_app:workshops", "calendar_app:workshop_create"])
def test_list_and_create_pages_by_role(client, roles, staff_candidate, courses, role, status, name):
    people = {**roles, "staff_candidate": staff_candidate}
    client.force_login(people[role])
    with _at(TODAY):
        assert client.get(reverse(name)).status_code == status
        if name.endswith("create") and status == 404:
            assert client.post(reverse(name), _form(courses)).status_code == 404
    _nothing_created()


def test_the_list_shows_only_the_workshops_one_runs(
    client, ateliers_trainer, trainer, courses, series
):
    mine = EventFactory(
        workshop=True,
        course=courses["bibliothecaire"],
        title="Atelier : le rapport sur dossier",
        starts_at=paris(2026, 10, 20, 18),
        ends_at=paris(2026, 10, 20, 19),
    )
    client.force_login(trainer)
    with _at(TODAY):
        page = _text(client.get(LIST))
    assert mine.title in page and "la note de synthèse" not in page


def test_manage_predicate_agrees_with_its_selector_for_every_role(
    roles, staff_candidate, workshop, prep_event, other_prep_event, series
):
    events = [workshop, prep_event, other_prep_event, *series]
    expected = {
        "admin": {e.pk for e in events},
        "other_trainer": {workshop.pk, *(e.pk for e in series)},
        "coordinator": {prep_event.pk},
        "other_coordinator": {other_prep_event.pk},
    }
    for role, person in {**roles, "staff_candidate": staff_candidate}.items():
        managed = set(events_managed_by(person).values_list("pk", flat=True)) & {
            e.pk for e in events
        }
        assert managed == expected.get(role, set()), role
        for event in events:
            assert can_manage_event(person, event) is (event.pk in managed), (role, event)


def test_another_centre_candidate_registers_to_a_course_workshop(other_centre, series, preparation):
    # A course workshop is national: for the Callisto candidates of every
    # centre (a regional candidate is refused: tests/security/test_regional_callisto.py).
    from tests.factories import PreparationFactory

    remote_b = PreparationFactory(centre=other_centre, name="Préparation Callisto B")
    candidate_b = UserFactory(username="candidate-e", centre=other_centre)
    register(candidate_b, remote_b)
    extra = UserFactory(username="candidate-d")
    register(extra, preparation)
    with _at(TODAY):
        services.workshop_register(actor=candidate_b, event=series[0])
        services.workshop_register(actor=extra, event=series[0])
    assert series[0].registrations.active().count() == 2


def test_the_first_of_the_month_is_written_1er(client, ateliers_trainer, courses):
    client.force_login(ateliers_trainer)
    with _at(TODAY):
        response = client.post(
            CREATE, _form(courses, day="2027-04-01", occurrences="2"), follow=True
        )
    assert (
        "2 séances programmées, le 1er jeudi de chaque mois à 18:00 : "
        "1er avril 2027, 6 mai 2027." in _text(response)
    )
    assert "jeudi 1er avril 2027</time>" in _text(response)
    first = Event.objects.order_by("starts_at").first()
    assert first.activity.title == "Atelier : la note de synthèse — 1er avril 2027"
