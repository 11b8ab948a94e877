"""The subject files of the demo assignments: multi-page PDF dossiers
rendered by WeasyPrint when the demo is seeded (``demo.assignments``), from
the HTML bodies and the style sheet of ``demo/data/assignments/``.

The documents are written for training: laws and official texts are quoted
in short extracts, studies are summarised in our own words with their
references, and the figures of the local tables are marked as made up for
the exercise."""

from django.utils.html import escape

from demo.texts import text

CSS = text("assignments/subjects.css")


def _body(stem: str) -> str:
    return text(f"assignments/subjects/{stem}.html")


# Assignment title -> (file name, HTML body of subjects/<file stem>.html). The
# titles are those of ``demo.assignments`` and of the assignment activities of
# ``demo.courses``.
SUBJECTS = {
    "Note de synthèse : la médiation numérique en bibliothèque": (
        "dossier-mediation-numerique.pdf",
        _body("dossier-mediation-numerique"),
    ),
    "Dissertation de culture générale : « Lire, est-ce encore un plaisir ? »": (
        "sujet-dissertation-lire-plaisir.pdf",
        _body("sujet-dissertation-lire-plaisir"),
    ),
    "Devoir : note de synthèse n° 1": (
        "dossier-accessibilite-bibliotheques.pdf",
        _body("dossier-accessibilite-bibliotheques"),
    ),
    "Note de synthèse : les bibliothèques « troisième lieu »": (
        "dossier-bibliotheques-troisieme-lieu.pdf",
        _body("dossier-bibliotheques-troisieme-lieu"),
    ),
}


def render(body: str, title: str) -> bytes:
    """The PDF of one dossier (WeasyPrint, fonts of the machine)."""
    from weasyprint import HTML

    page = (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{CSS}</style></head><body>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()
