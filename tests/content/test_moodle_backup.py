"""Import of a real Moodle 5.1 course backup (tests/content/fixtures/moodle,
made by Moodle's own generator; its README lists what it holds)."""

import datetime
import gzip
import io
import tarfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from assignments.models import Assignment
from content import scoring
from content.interop import services
from content.models import EmbeddedFile, GlossaryEntry, MoodleImport, MoodleKey, Question, Quiz
from courses.models import Activity, Course, Section
from forums.models import Forum, Post, Thread

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
MBZ = FIXTURES / "backup-moodle2-course-6-prepa-bibas-2027-20261202-0614.mbz"


def upload(data: bytes | None = None, name: str = "sauvegarde.mbz"):
    return SimpleUploadedFile(name, MBZ.read_bytes() if data is None else data)


def members() -> list[tuple[tarfile.TarInfo, bytes | None]]:
    with tarfile.open(MBZ, "r:gz") as archive:
        return [
            (m, archive.extractfile(m).read() if m.isfile() else None) for m in archive.getmembers()
        ]


def rebuilt(changes: dict[str, bytes] | None = None, extra=(), fmt="tgz") -> bytes:
    """The fixture backup again, with some entries replaced or added."""
    changes = changes or {}
    buffer = io.BytesIO()
    if fmt == "zip":
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in members():
                if data is not None:
                    archive.writestr(info.name, changes.get(info.name, data))
            for name, data in extra:
                archive.writestr(name, data)
        return buffer.getvalue()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info, data in members():
            if data is not None:
                data = changes.get(info.name, data)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                archive.addfile(info)
        for item, data in extra:
            if isinstance(item, tarfile.TarInfo):
                archive.addfile(item, io.BytesIO(data) if data is not None else None)
            else:
                info = tarfile.TarInfo(item)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def target(producer, courses):
    return courses["bibliothecaire"]


def imported(actor, course, data=None):
    return services.moodle_backup_import(actor=actor, upload=upload(data), course=course)


def test_the_backup_comes_in_as_the_readme_says(producer, target):
    before_sections = Section.objects.filter(course=target).count()
    record = imported(producer, target)

    sections = list(Section.objects.filter(course=target).order_by("position", "pk"))
    new_sections = sections[before_sections:]
    assert [s.title for s in new_sections] == [
        "Généralités",
        "Séance 1 — Le catalogage et ses normes",
        "Séance 2 — Échanges et vocabulaire",
        "Séance 3 — Entraînement et devoir",
    ]
    activities = {
        a.title: a
        for a in Activity.objects.filter(section__in=new_sections).select_related("section")
    }
    kinds = sorted((a.section.title[:8], a.kind) for a in activities.values())
    assert kinds == [
        ("Séance 1", "file"),
        ("Séance 1", "link"),
        ("Séance 1", "sheet"),
        ("Séance 1", "sheet"),
        ("Séance 2", "forum"),
        ("Séance 2", "glossary"),
        ("Séance 3", "assignment"),
        ("Séance 3", "quiz"),
    ]
    # The label is a fiche titled by its heading, the page a fiche with its HTML.
    label = activities["Bienvenue !"]
    assert "<em>mars 2027</em>" in label.body
    page = activities["Fiche de cours — Le catalogage"]
    assert "<strong>catalogage</strong>" in page.body and "<ul>" in page.body
    assert 'href="https://www.transition-bibliographique.fr/"' in page.body
    # The resource: the PDF from files/ by its content hash.
    resource = activities["Fiche de révision — Le dépôt légal (PDF)"]
    name = resource.file.name.rsplit("/", 1)[-1]
    assert name.startswith("fiche-revision-depot-legal") and name.endswith(".pdf")
    assert resource.file.size == 68569
    with resource.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    link = activities["Code du patrimoine — dépôt légal (Légifrance)"]
    assert link.url == "https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006074236/"
    # The forum: its structure, not the users' messages (reported).
    forum_activity = activities["Forum de la promotion BIBAS"]
    forum = Forum.objects.get(activity=forum_activity)
    assert forum.course == target and forum.kind == Forum.Kind.GENERAL
    assert not Thread.objects.filter(forum=forum).exists() and not Post.objects.exists()
    # The glossary: 6 entries, with the alias.
    entries = {e.term: e for e in GlossaryEntry.objects.filter(course=target)}
    assert set(entries) == {
        "catalogage",
        "dépôt légal",
        "notice bibliographique",
        "ISBN",
        "désherbage",
        "point d'accès",
    }
    assert entries["catalogage"].alias_list == ["catalogue"]
    assert "<p>Obligation faite aux éditeurs" in entries["dépôt légal"].definition
    assert all(e.status == GlossaryEntry.Status.APPROVED for e in entries.values())
    # The quiz: its 6 questions with their right answers.
    quiz = Quiz.objects.get(activity=activities["Quiz d'entraînement — catalogage et dépôt légal"])
    questions = {q.name: q for q in quiz.bank.questions.prefetch_related("choices")}
    assert sorted(q.kind for q in questions.values()) == [
        "matching",
        "multiple",
        "numerical",
        "short",
        "single",
        "true_false",
    ]
    single = questions["Dépositaire du dépôt légal"]
    assert [c.text for c in single.choices.all() if c.is_correct] == [
        "La Bibliothèque nationale de France"
    ]
    assert scoring.is_right(
        "single", single.choices.all(), {"choice": single.choices.get(is_correct=True).pk}
    )
    multiple = questions["Formats de catalogage"]
    right = {c.text for c in multiple.choices.all() if c.is_correct}
    assert right == {"UNIMARC", "MARC 21"}
    by_text = {c.text: c.pk for c in multiple.choices.all()}
    assert scoring.fraction(
        "multiple", multiple.choices.all(), {"choices": [by_text["UNIMARC"]]}
    ) == Decimal("0.5")
    assert (
        scoring.fraction(
            "multiple", multiple.choices.all(), {"choices": [by_text["UNIMARC"], by_text["EPUB"]]}
        )
        == 0
    )
    truth = questions["Ordonnance de Montpellier"]
    assert [c.is_correct for c in truth.choices.all()] == [True, False]
    short = questions["Sigle de l'identifiant du livre"]
    assert scoring.is_right("short", short.choices.all(), {"text": " isbn "})
    assert not scoring.is_right("short", short.choices.all(), {"text": "ISSN"})
    assert scoring.matched_choice("short", short.choices.all(), {"text": "ISSN"}).feedback == (
        "Non : c'est l'ISBN."
    )
    year = questions["Année du dépôt légal"]
    assert scoring.is_right("numerical", year.choices.all(), {"text": "1537"})
    assert not scoring.is_right("numerical", year.choices.all(), {"text": "1538"})
    matching = questions["Identifiants normalisés"]
    assert {(c.text, c.match) for c in matching.choices.all()} == {
        ("ISBN", "livre"),
        ("ISSN", "publication en série"),
        ("ISMN", "musique imprimée"),
        ("ISAN", "œuvre audiovisuelle"),
    }
    assert quiz.max_attempts is None and quiz.grading == Quiz.Grading.BEST
    # The assignment, with its dates.
    assignment = Assignment.objects.get(
        activity=activities["Devoir — Note de synthèse sur le dépôt légal"]
    )
    assert assignment.due_at == datetime.datetime(2027, 1, 15, 18, 0, tzinfo=datetime.UTC)
    assert assignment.opens_at == datetime.datetime(2026, 12, 25, 18, 0, tzinfo=datetime.UTC)
    assert assignment.cutoff_at is None and assignment.scale == 20
    assert "note de synthèse de 4 pages" in assignment.instructions
    # The report says what came in and what did not.
    report = {(line["kind"], line["status"]) for line in record.report}
    assert ("users", "skipped") in report
    forum_line = next(line for line in record.report if line["kind"] == "forum")
    assert any("2 discussions (5 messages)" in note for note in forum_line["notes"])
    assert sum(1 for line in record.report if line["kind"] == "question") == 6
    assert record.site == "37e786db234574afac888281d5765bae" and record.moodle_course_id == 6
    assert "5.1.3" in record.moodle_release


def test_importing_the_same_backup_again_duplicates_nothing(producer, target):
    imported(producer, target)
    counts = (
        Section.objects.count(),
        Activity.objects.count(),
        Question.objects.count(),
        GlossaryEntry.objects.count(),
        Assignment.objects.count(),
        Forum.objects.count(),
        MoodleKey.objects.count(),
    )
    again = imported(producer, target)
    assert counts == (
        Section.objects.count(),
        Activity.objects.count(),
        Question.objects.count(),
        GlossaryEntry.objects.count(),
        Assignment.objects.count(),
        Forum.objects.count(),
        MoodleKey.objects.count(),
    )
    statuses = {line["status"] for line in again.report if line["kind"] != "users"}
    assert statuses <= {"kept", "skipped"}
    assert MoodleImport.objects.count() == 2


def test_a_deleted_activity_comes_back_on_the_next_import(producer, target):
    imported(producer, target)
    Activity.objects.get(
        course=target, kind="link", title__startswith="Code du patrimoine"
    ).delete()
    imported(producer, target)
    assert (
        Activity.objects.filter(course=target, title__startswith="Code du patrimoine").count() == 1
    )


def test_an_admin_imports_into_a_new_hidden_course(admin_user):
    record = services.moodle_backup_import(actor=admin_user, upload=upload(), course=None)
    course = record.course
    assert course.slug == "prepa-bibas-2027" and not course.is_visible
    assert course.title.startswith("Préparation au concours de bibliothécaire assistant")
    assert course.sections.count() == 4 and course.activities.count() == 8


def test_a_producer_cannot_create_a_course_nor_import_into_another(producer, courses):
    from django.core.exceptions import PermissionDenied

    from tests.factories import CourseFactory

    other = CourseFactory(title="Cours d'un autre groupe", slug="autre-groupe")
    with pytest.raises(PermissionDenied):
        services.moodle_backup_import(actor=producer, upload=upload(), course=other)
    with pytest.raises(PermissionDenied):
        services.moodle_backup_import(actor=producer, upload=upload(), course=None)
    assert not Section.objects.filter(course=other).exists()


def test_the_management_command_imports_the_backup(admin_user, target, capsys):
    call_command("import_moodle_backup", str(MBZ), "--course", target.slug)
    out = capsys.readouterr().out
    assert "Quiz d'entraînement" in out
    assert Activity.objects.filter(course=target, kind="quiz").count() == 1
    call_command("import_moodle_backup", str(MBZ), "--course", target.slug)
    assert Activity.objects.filter(course=target, kind="quiz").count() == 1


def test_a_zip_backup_comes_in_too(producer, target):
    imported(producer, target, rebuilt(fmt="zip"))
    assert GlossaryEntry.objects.filter(course=target).count() == 6


def test_pluginfile_links_point_at_the_files_brought_in(producer, target, client):
    from tests.core.upload_samples import image_bytes

    png = image_bytes("PNG")
    import hashlib

    digest = hashlib.sha1(png, usedforsecurity=False).hexdigest()
    page = MBZ_ENTRY("activities/page_140/page.xml").replace(
        b"&lt;h3&gt;Qu'est-ce",
        b"&lt;p&gt;&lt;img src=&quot;@@PLUGINFILE@@/sch%C3%A9ma.png&quot; "
        b"alt=&quot;Sch&#xE9;ma&quot;&gt;"
        b"&lt;img src=&quot;@@PLUGINFILE@@/absent.png&quot;&gt;&lt;/p&gt;&lt;h3&gt;Qu'est-ce",
    )
    files = MBZ_ENTRY("files.xml").replace(
        b"</files>",
        f"""<file id="900"><contenthash>{digest}</contenthash><contextid>318</contextid>
<component>mod_page</component><filearea>content</filearea><itemid>0</itemid>
<filepath>/</filepath><filename>schéma.png</filename><filesize>{len(png)}</filesize>
<mimetype>image/png</mimetype><sortorder>0</sortorder></file></files>""".encode(),
    )
    data = rebuilt(
        {"activities/page_140/page.xml": page, "files.xml": files},
        extra=[(f"files/{digest[:2]}/{digest}", png)],
    )
    record = imported(producer, target, data)
    sheet = Activity.objects.get(course=target, title="Fiche de cours — Le catalogage")
    embedded = EmbeddedFile.objects.get(activity=sheet)
    assert embedded.name == "schéma.png" and embedded.size == len(png)
    assert f'src="{embedded.get_absolute_url()}"' in sheet.body
    assert "@@PLUGINFILE@@" not in sheet.body and "absent.png" not in sheet.body
    page_line = next(line for line in record.report if line["title"] == sheet.title)
    assert any("removed" in n or "supprim" in n for n in page_line["notes"])
    client.force_login(producer)
    response = client.get(embedded.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png


def MBZ_ENTRY(name: str) -> bytes:
    with tarfile.open(MBZ, "r:gz") as archive:
        return archive.extractfile(name).read()


# --- Bad backups: a French message, nothing imported ---------------------------------


def refused(producer, target, data: bytes, name="sauvegarde.mbz") -> str:
    before = (Section.objects.count(), Activity.objects.count(), MoodleImport.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.moodle_backup_import(actor=producer, upload=upload(data, name), course=target)
    assert before == (
        Section.objects.count(),
        Activity.objects.count(),
        MoodleImport.objects.count(),
    )
    return " ".join(caught.value.messages)


def test_a_corrupt_archive_is_refused(producer, target):
    data = MBZ.read_bytes()
    message = refused(producer, target, data[: len(data) // 2])
    assert "endommagé" in message or "incomplet" in message


def test_random_bytes_are_not_a_backup(producer, target):
    assert "Moodle" in refused(producer, target, b"ceci n'est pas une sauvegarde" * 10)


def test_a_tar_with_a_path_traversal_is_refused(producer, target):
    message = refused(producer, target, rebuilt(extra=[("../../etc/passwd", b"root:x:0:0")]))
    assert "noms dangereux" in message


def test_a_tar_with_a_symlink_is_refused(producer, target):
    link = tarfile.TarInfo("files/aa/lien")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    assert "noms dangereux" in refused(producer, target, rebuilt(extra=[(link, None)]))


def test_a_gzip_bomb_is_refused_before_it_is_unpacked(producer, target):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("files/00/bombe")
        info.size = 200 * 1024 * 1024
        archive.addfile(info)  # header only: the size is a lie
    bomb = gzip.compress(buffer.getvalue() + b"\0" * (20 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100 * 1024
    assert "beaucoup trop" in refused(producer, target, bomb)


def test_a_billion_laughs_in_the_backup_is_refused(producer, target):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<moodle_backup>&lol2;</moodle_backup>"
    )
    message = refused(producer, target, rebuilt({"moodle_backup.xml": laughs}))
    assert "DTD" in message


def test_a_huge_backup_is_refused_by_size(producer, target):
    message = None
    before = Activity.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.moodle_backup_import(
            actor=producer, upload=upload(), course=target, max_size=50 * 1024
        )
    message = " ".join(caught.value.messages)
    assert "trop volumineux" in message and Activity.objects.count() == before


def test_broken_xml_is_refused_with_its_entry_named(producer, target):
    message = refused(producer, target, rebuilt({"moodle_backup.xml": b"<moodle_backup><inform"}))
    assert "moodle_backup.xml" in message


def test_a_backup_in_another_encoding_is_read_as_it_declares(producer, target):
    page = MBZ_ENTRY("activities/page_140/page.xml").decode("utf-8")
    latin = (
        page.replace('encoding="UTF-8"', 'encoding="ISO-8859-15"')
        .replace("—", "-")
        .replace("…", "...")
    )
    imported(
        producer, target, rebuilt({"activities/page_140/page.xml": latin.encode("iso-8859-15")})
    )
    assert Activity.objects.filter(course=target, title="Fiche de cours - Le catalogage").exists()


def test_a_failure_midway_leaves_nothing_behind(producer, target, monkeypatch):
    from content.interop import services as interop

    def broken(self, module, section, position, notes):
        raise RuntimeError("disk full")

    monkeypatch.setattr(interop._Import, "assign", broken)
    before = (Section.objects.count(), Activity.objects.count(), GlossaryEntry.objects.count())
    with pytest.raises(RuntimeError):
        imported(producer, target)
    assert before == (
        Section.objects.count(),
        Activity.objects.count(),
        GlossaryEntry.objects.count(),
    )
    assert not Course.objects.filter(slug="prepa-bibas-2027").exists()
