"""Every exam gets its family (courses/catalogue.py) and every exam course
the family of the exam it was tied to. The course rows stay the same rows:
their sections, activities, enrolments and completions are untouched. The
candidates of the other variants of a family (internal exam, professional
exam) get the course at the next re-sync (``manage.py resync_enrolments``,
docs/preparations.md), which also subscribes them to its forums."""

from django.db import migrations


class TwoCoursesForOneFamily(RuntimeError):
    pass


def exams_and_courses_to_families(apps, schema_editor):
    from courses.catalogue import ensure_families, family_slug_of

    ExamFamily = apps.get_model("courses", "ExamFamily")
    Exam = apps.get_model("courses", "Exam")
    Course = apps.get_model("courses", "Course")

    families = ensure_families(ExamFamily)
    for exam in Exam.objects.filter(family=None).order_by("pk"):
        slug = family_slug_of(exam.slug)
        if slug is not None:
            family = families[slug]
        else:
            # An exam added by hand: its own family, shared by its variants
            # (same name, another kind).
            family = ExamFamily.objects.filter(name=exam.name).first()
            if family is None:
                family = ExamFamily.objects.create(
                    name=exam.name, slug=exam.slug[:80], position=100
                )
        exam.family = family
        exam.save(update_fields=["family"])

    claimed: dict[int, str] = {}
    exam_courses = (
        Course.objects.filter(kind="exam").select_related("exam__family").order_by("position", "pk")
    )
    for course in exam_courses:
        family = course.exam.family
        if family.pk in claimed:
            # Two courses cannot be merged here without rewriting other
            # apps' rows (forums, assignments, content): a person decides.
            raise TwoCoursesForOneFamily(
                f"The exam courses “{claimed[family.pk]}” and “{course.slug}” both prepare "
                f"the family “{family.name}”: merge them (or make one another kind) before "
                "migrating, see docs/preparations.md."
            )
        claimed[family.pk] = course.slug
        course.family = family
        course.save(update_fields=["family"])


def courses_back_to_one_exam(apps, schema_editor):
    """Reverse: an exam course goes back to the external exam of its family
    (the one it was tied to before families), or its first exam."""
    Course = apps.get_model("courses", "Course")
    Exam = apps.get_model("courses", "Exam")
    for course in Course.objects.filter(kind="exam").exclude(family=None):
        exams = Exam.objects.filter(family=course.family_id).order_by("pk")
        course.exam = exams.filter(kind="external").first() or exams.first()
        course.save(update_fields=["exam"])


class Migration(migrations.Migration):
    dependencies = [("courses", "0004_exam_families")]

    operations = [
        migrations.RunPython(exams_and_courses_to_families, courses_back_to_one_exam),
    ]
