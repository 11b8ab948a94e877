"""Grants for the roles that existed before roles were data (decision 0017):
every tutor named on a registration holds the tutor role in that
registration's centre; every active trainer or producer enrolment becomes a
grant for the person's centre (or, for a person of no centre, for each
centre whose candidates follow the course); every coordinator of a centre
holds the coordinator role there. Suspended staff enrolments get none: a
suspended enrolment is a withdrawn right."""

from django.db import migrations


def create_grants(apps, schema_editor):
    StaffRole = apps.get_model("courses", "StaffRole")
    Registration = apps.get_model("courses", "Registration")
    Enrolment = apps.get_model("courses", "Enrolment")
    Centre = apps.get_model("accounts", "Centre")

    wanted: set[tuple[int, str, int, int | None]] = set()
    for tutor_id, centre_id in (
        Registration.objects.exclude(tutor=None)
        .values_list("tutor_id", "preparation__centre_id")
        .distinct()
    ):
        wanted.add((tutor_id, "tutor", centre_id, None))
    for user_id, user_centre_id, role, course_id in (
        Enrolment.objects.filter(role__in=["trainer", "producer"], status="active")
        .values_list("user_id", "user__centre_id", "role", "course_id")
        .distinct()
    ):
        if user_centre_id is not None:
            centres = [user_centre_id]
        else:
            centres = (
                Enrolment.objects.filter(role="candidate", course_id=course_id)
                .values_list("registration__preparation__centre_id", flat=True)
                .distinct()
            )
        for centre_id in centres:
            wanted.add((user_id, role, centre_id, course_id))
    for centre in Centre.objects.prefetch_related("coordinators"):
        for user in centre.coordinators.all():
            wanted.add((user.pk, "coordinator", centre.pk, None))
    existing = set(
        StaffRole.objects.filter(withdrawn_at=None).values_list(
            "user_id", "role", "centre_id", "course_id"
        )
    )
    StaffRole.objects.bulk_create(
        StaffRole(user_id=user_id, role=role, centre_id=centre_id, course_id=course_id)
        for user_id, role, centre_id, course_id in sorted(wanted - existing, key=str)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_staff_roles"),
    ]

    operations = [migrations.RunPython(create_grants, migrations.RunPython.noop)]
