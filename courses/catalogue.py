"""The real exams of the library service (concours des bibliothèques) and
their families. Created by data migrations; ``ensure_exams`` is also called
by the tests and the demo after a database flush.

A family groups the variants of one trade (external, internal, professional
exam; State and territorial civil service): one "Devenir X" course serves
every exam of its family (docs/preparations.md)."""

FAMILIES = [
    # slug, name, position
    ("conservateur", "Conservateur des bibliothèques", 1),
    ("bibliothecaire", "Bibliothécaire", 2),
    ("bibas", "Bibliothécaire assistant spécialisé (BIBAS)", 3),
    ("assistant-conservation", "Assistant de conservation", 4),
    ("magasinier", "Magasinier des bibliothèques", 5),
    ("adjoint-patrimoine", "Adjoint du patrimoine", 6),
]

# The family of each exam, by the start of the exam's slug.
FAMILY_OF_EXAM_PREFIX = [
    ("conservateur-", "conservateur"),
    ("bibliothecaire-", "bibliothecaire"),
    ("bibas-", "bibas"),
    ("assistant-conservation-", "assistant-conservation"),
    ("magasinier-", "magasinier"),
    ("adjoint-patrimoine-", "adjoint-patrimoine"),
]


def family_slug_of(exam_slug: str) -> str | None:
    """The slug of the family of the catalogue exam ``exam_slug`` (None for
    an exam outside the catalogue)."""
    for prefix, family in FAMILY_OF_EXAM_PREFIX:
        if exam_slug.startswith(prefix):
            return family
    return None


EXAMS = [
    # slug, name, kind, category
    ("conservateur-etat-externe", "Conservateur d'État des bibliothèques", "external", "A"),
    ("conservateur-etat-interne", "Conservateur d'État des bibliothèques", "internal", "A"),
    (
        "conservateur-territorial-externe",
        "Conservateur territorial des bibliothèques",
        "external",
        "A",
    ),
    (
        "conservateur-territorial-interne",
        "Conservateur territorial des bibliothèques",
        "internal",
        "A",
    ),
    ("bibliothecaire-externe", "Bibliothécaire", "external", "A"),
    ("bibliothecaire-interne", "Bibliothécaire", "internal", "A"),
    ("bibliothecaire-territorial-externe", "Bibliothécaire territorial", "external", "A"),
    ("bibliothecaire-territorial-interne", "Bibliothécaire territorial", "internal", "A"),
    ("bibas-externe", "Bibliothécaire assistant spécialisé", "external", "B"),
    ("bibas-interne", "Bibliothécaire assistant spécialisé", "internal", "B"),
    ("bibas-examen-professionnel", "Bibliothécaire assistant spécialisé", "professional", "B"),
    ("assistant-conservation-externe", "Assistant territorial de conservation", "external", "B"),
    ("assistant-conservation-interne", "Assistant territorial de conservation", "internal", "B"),
    ("magasinier-principal-externe", "Magasinier principal", "external", "C"),
    ("magasinier-principal-interne", "Magasinier principal", "internal", "C"),
    ("magasinier-principal-examen-professionnel", "Magasinier principal", "professional", "C"),
    ("adjoint-patrimoine-externe", "Adjoint territorial du patrimoine", "external", "C"),
    ("adjoint-patrimoine-interne", "Adjoint territorial du patrimoine", "internal", "C"),
]


def ensure_families(ExamFamily) -> dict:
    """Create or refresh the exam families (``ExamFamily`` may be a historical
    model); returns them by slug."""
    families = {}
    for slug, name, position in FAMILIES:
        families[slug], _created = ExamFamily.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    return families


def ensure_exams(Exam) -> None:
    """Create or refresh the real exams (``Exam`` may be a historical model,
    with or without its family)."""
    field_names = {f.name for f in Exam._meta.get_fields()}
    families = None
    if "family" in field_names:
        families = ensure_families(Exam._meta.get_field("family").related_model)
    for slug, name, kind, category in EXAMS:
        defaults = {"name": name, "kind": kind, "category": category}
        if families is not None:
            defaults["family"] = families[family_slug_of(slug)]
        Exam.objects.update_or_create(slug=slug, defaults=defaults)
