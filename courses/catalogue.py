"""The real exams of the library service (concours des bibliothèques).
Created by a data migration; ``ensure_exams`` is also called by the tests
after a database flush."""

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


def ensure_exams(Exam) -> None:
    """Create or refresh the real exams (``Exam`` may be a historical model)."""
    for slug, name, kind, category in EXAMS:
        Exam.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "category": category}
        )
