"""Every stored rich text is cleaned by the one sanitiser (core/markup.py)
when it is saved, whatever the route (admin, view, service), and again when
it is shown, so that a row written around the save (``QuerySet.update``, an
old row) is still safe on screen (issue 21)."""

import pytest
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.urls import reverse

from assignments.models import Assignment
from content.models import GlossaryEntry
from core import markup
from courses.models import Activity
from forums.models import Forum, Post
from tests.content.factories import GlossaryEntryFactory, QuizFactory
from tests.factories import ActivityFactory
from tests.forums.factories import forum_of, make_thread

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Texte<script>alert("xss")</script>'
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">lien</a></p>'
)
SIGNS = ("<script", "onerror", "javascript:", "alert(")

RICH_FIELDS = [
    (Activity, "body", "content"),
    (GlossaryEntry, "definition", "plain"),
    (Post, "body", "forum"),
    (Assignment, "instructions", "content"),
]


def _clean(text: str) -> bool:
    return not any(sign in text for sign in SIGNS)


@pytest.mark.parametrize("policy", sorted(markup.POLICIES))
def test_every_policy_removes_scripts_handlers_and_javascript_links(policy):
    cleaned = markup.clean(HOSTILE, policy)
    assert _clean(cleaned)
    assert "Texte" in cleaned


def test_the_rich_fields_clean_on_save_with_their_policy():
    for model, name, policy in RICH_FIELDS:
        field = model._meta.get_field(name)
        assert isinstance(field, markup.RichTextField), f"{model.__name__}.{name}"
        assert field.policy == policy


def _admin_data(response) -> dict:
    """The change form's current values, as the browser would send them."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        widget = field.widget
        if isinstance(widget, MultiWidget):
            for i, part in enumerate(widget.decompress(value)):
                data[f"{name}_{i}"] = widget.widgets[i].format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None and not isinstance(value, FieldFile):
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


def _admin_change(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = {**_admin_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    return obj


def test_quiz_description_written_in_admin_is_stored_and_shown_clean(client, admin_user, candidate):
    quiz = QuizFactory(activity__course=candidate.enrolments.first().course)
    client.force_login(admin_user)
    activity = _admin_change(client, quiz.activity, body=HOSTILE)
    assert _clean(activity.body) and "Texte" in activity.body
    # Shown clean even when the row was written around the save.
    Activity.objects.filter(pk=activity.pk).update(body=HOSTILE)
    client.force_login(candidate)
    page = client.get(reverse("content:quiz", args=[quiz.pk])).content.decode()
    assert "Texte" in page and "onerror" not in page and "alert(" not in page


def test_activity_body_written_in_admin_is_stored_clean(client, admin_user, exam_course):
    activity = ActivityFactory(section=exam_course.sections.first(), kind=Activity.Kind.SHEET)
    client.force_login(admin_user)
    assert _clean(_admin_change(client, activity, body=HOSTILE).body)


def test_glossary_definition_written_in_admin_is_stored_and_shown_clean(
    client, admin_user, candidate
):
    course = candidate.enrolments.first().course
    entry = GlossaryEntryFactory(course=course, status=GlossaryEntry.Status.APPROVED)
    client.force_login(admin_user)
    entry = _admin_change(client, entry, definition=HOSTILE)
    assert _clean(entry.definition) and "Texte" in entry.definition
    GlossaryEntry.objects.filter(pk=entry.pk).update(definition=HOSTILE)
    client.force_login(candidate)
    page = client.get(reverse("content:glossary", args=[course.slug])).content.decode()
    assert "Texte" in page and "onerror" not in page and "alert(" not in page


def test_glossary_definition_proposed_in_the_view_is_stored_clean(client, candidate):
    course = candidate.enrolments.first().course
    client.force_login(candidate)
    client.post(
        reverse("content:glossary_create", args=[course.slug]),
        {"term": "Récolement", "definition": HOSTILE},
    )
    entry = GlossaryEntry.objects.get(term="Récolement")
    assert _clean(entry.definition) and "Texte" in entry.definition


def test_forum_post_written_in_the_view_is_stored_and_shown_clean(client, candidate, preparation):
    thread = make_thread(forum_of(preparation), candidate, "Révisions")
    client.force_login(candidate)
    client.post(reverse("forums:reply", args=[thread.pk]), {"body": HOSTILE})
    post = thread.posts.order_by("-pk").first()
    assert _clean(post.body) and "Texte" in post.body
    Post.objects.filter(pk=post.pk).update(body=HOSTILE)
    page = client.get(reverse("forums:thread", args=[thread.pk])).content.decode()
    assert "Texte" in page and "onerror" not in page and "alert(" not in page


def test_an_announcement_saved_by_any_route_is_clean(admin_user, preparation):
    forum = Forum.objects.filter(kind=Forum.Kind.ANNOUNCEMENTS).first() or Forum.objects.create(
        kind=Forum.Kind.ANNOUNCEMENTS, title="Annonces", preparation=preparation
    )
    thread = make_thread(forum, admin_user, "Rentrée")
    post = Post.objects.create(thread=thread, author=admin_user, body=HOSTILE, body_text="x")
    post.refresh_from_db()
    assert _clean(post.body) and "Texte" in post.body
    # bulk_create too (the demo and the factories use it).
    (bulk,) = Post.objects.bulk_create([Post(thread=thread, author=admin_user, body=HOSTILE)])
    assert _clean(Post.objects.get(pk=bulk.pk).body)


def test_activity_body_written_in_the_content_studio_is_stored_clean(producer, exam_course):
    from content.studio import services as studio

    activity = ActivityFactory(section=exam_course.sections.first(), kind=Activity.Kind.SHEET)
    studio.activity_save(
        actor=producer, section=activity.section, activity=activity, data={"body": HOSTILE}
    )
    activity.refresh_from_db()
    assert _clean(activity.body) and "Texte" in activity.body


def test_assignment_instructions_saved_by_a_trainer_or_the_admin_are_clean(
    client, admin_user, trainer, exam_course
):
    from assignments import services
    from tests.assignments.factories import AssignmentFactory

    assignment = AssignmentFactory(course=exam_course)
    services.assignment_save(
        actor=trainer, course=exam_course, assignment=assignment, data={"instructions": HOSTILE}
    )
    assignment.refresh_from_db()
    assert _clean(assignment.instructions) and "Texte" in assignment.instructions
    Assignment.objects.filter(pk=assignment.pk).update(instructions="")
    client.force_login(admin_user)
    assignment = _admin_change(client, assignment, instructions=HOSTILE)
    assert _clean(assignment.instructions) and "Texte" in assignment.instructions
