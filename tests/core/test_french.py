"""French as a careful person types it, in every French catalogue: the
typographic apostrophe, a no-break space before « : ; ? ! » and inside
« », real plurals (``ngettext``) rather than « fichier(s) », and « 1er »
for the first day of a month. scripts/french_typography.py mends the
catalogues; these checks are written independently of it."""

import importlib.util
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

BASE = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", ".git", "staticfiles", "media"}
# locale/, <app>/locale/ and accounts/allauth_locale/ (allauth in our words).
CATALOGUES = sorted(
    [*BASE.glob("locale/fr/LC_MESSAGES/django.po"), *BASE.glob("[!.]*/*/fr/LC_MESSAGES/django.po")]
)
NO_BREAK = "\u00a0\u202f"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Not prose: tags, placeholders, template syntax, entities, addresses.
NOT_PROSE = re.compile(
    r"<[^>]*>|%\([^)]*\)\w|%[sd]|\{\{.*?\}\}|\{%.*?%\}|\{\w*\}|&#?\w+;|(?:https?|mailto):\S+"
)


def _prose(text: str) -> str:
    # A tag disappears; a placeholder stands for a word.
    return NOT_PROSE.sub(lambda m: "" if m.group(0).startswith("<") else "X", text)


def typography_problems(text: str) -> list[str]:
    prose = _prose(text)
    problems = []
    if "'" in prose:
        problems.append("straight apostrophe")
    if re.search(r" [:;?!]", prose):
        problems.append("ordinary space before : ; ? !")
    if re.search(rf"[^\s{NO_BREAK}:;?!][:;?!](?=\s|$)", prose):
        problems.append("no space before : ; ? !")
    if re.search(rf"«[^{NO_BREAK}\n]|[^{NO_BREAK}\n]»", prose):
        problems.append("no no-break space inside « »")
    if re.search(r"\w\((?:e|s|es|x)\)", prose):
        problems.append("plural in brackets")
    if re.search(rf"\b1 (?:{MONTHS})\b", prose):
        problems.append("« 1 <month> » instead of « 1er »")
    return problems


def _msgstrs(po_path: Path):
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or not entry.msgid:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry.msgid, text


def test_every_french_app_catalogue_is_checked():
    apps = {p.relative_to(BASE).parts[0] for p in CATALOGUES}
    assert {"accounts", "assignments", "calendar_app", "content", "core", "courses"} <= apps
    assert {"forums", "tutoring", "locale"} <= apps
    assert BASE / "accounts/allauth_locale/fr/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_catalogue_follows_french_typography(po_path):
    problems = [
        f"{msgid!r} → {text!r}: {', '.join(found)}"
        for msgid, text in _msgstrs(po_path)
        if (found := typography_problems(text))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Vous n'avez pas de copie.", "straight apostrophe"),
        ("Erreur : fichier trop gros.", "ordinary space before : ; ? !"),
        ("Erreur: fichier trop gros.", "no space before : ; ? !"),
        ("Mot de passe perdu ?", "ordinary space before : ; ? !"),
        ("« Mes devoirs »", "no no-break space inside « »"),
        ("3 fichier(s) rendu(s)", "plural in brackets"),
        ("le 1 septembre 2027", "« 1 <month> » instead of « 1er »"),
    ],
)
def test_the_check_sees_each_mistake(text, problem):
    assert problem in typography_problems(text)


def test_the_check_leaves_markup_times_and_addresses_alone():
    text = (
        "Rendez-vous à 14:30 sur <a href='https://visio.example.fr/a?b=1'>la salle</a>"
        "\u00a0: %(name)s, le 1er\u00a0septembre, «\u00a0Aide\u00a0»\u202f?"
    )
    assert typography_problems(text) == []


def _script():
    spec = importlib.util.spec_from_file_location(
        "french_typography", BASE / "scripts" / "french_typography.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Vous n'avez pas d'%(kind)s.", "Vous n’avez pas d’%(kind)s."),
        ("Erreur : %(title)s", "Erreur\u00a0: %(title)s"),
        ("Statut:", "Statut\u00a0:"),
        ("Perdu ? Oui ; non !", "Perdu\u202f? Oui\u202f; non\u202f!"),
        ("utilisez « Aide »", "utilisez «\u00a0Aide\u00a0»"),
        ("utilisez «Aide»", "utilisez «\u00a0Aide\u00a0»"),
        ("le 1 septembre", "le 1er septembre"),
        ("à 14:30, <a href='x'>ici</a> &amp; là", "à 14:30, <a href='x'>ici</a> &amp; là"),
        ("https://exemple.fr/?a=1 et mailto:x@y.fr", "https://exemple.fr/?a=1 et mailto:x@y.fr"),
    ],
)
def test_the_script_mends_a_string_once(before, after):
    script = _script()
    assert script.normalise(before) == after
    assert script.normalise(after) == after  # idempotent


def test_the_script_keeps_line_breaks_of_a_wrapped_msgstr(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Too many attempts: use Forgot?"\nmsgstr ""\n'
        '"Trop de tentatives : utilisez « "\n"Mot de passe perdu ? »."\n',
        encoding="utf-8",
    )
    script = _script()
    script.BASE = tmp_path
    changed, notes = script.fix_catalogue(po, write=True)
    assert (changed, notes) == (1, [])
    assert po.read_text(encoding="utf-8").splitlines()[-2:] == [
        '"Trop de tentatives\u00a0: utilisez «\u00a0"',
        '"Mot de passe perdu\u202f?\u00a0»."',
    ]
    assert polib.pofile(str(po)).find("Too many attempts: use Forgot?").msgstr == (
        "Trop de tentatives\u00a0: utilisez «\u00a0Mot de passe perdu\u202f?\u00a0»."
    )


# --- Dates: « 1er septembre » wherever a day of the month is shown ---------------

TEMPLATE_DIRS = [p for p in BASE.glob("**/templates") if not SKIP & set(p.relative_to(BASE).parts)]
# |date: with a format that prints the day of the month as « 1 » (j), a named
# format that does in French (DATE_FORMAT, DATETIME_FORMAT), or no format.
DAY_DATE_FILTER = re.compile(r"\|date(?::(['\"])(?P<fmt>[^'\"]*)\1)?")


def _prints_day_one(fmt: str | None) -> bool:
    if not fmt:
        return True
    if re.fullmatch(r"[A-Z_]+", fmt):
        with translation.override("fr"):
            fmt = formats.get_format(fmt)
    return bool(re.search(r"(?<!\\)j", fmt))


def test_templates_show_days_with_the_french_date_filter():
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*"):
            if path.suffix not in {".html", ".txt"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in DAY_DATE_FILTER.finditer(line):
                    if _prints_day_one(match.group("fmt")):
                        found.append(f"{path.relative_to(BASE)}:{number}: {match.group(0)}")
    assert not found, "use {% load dates %}|fr_date for these:\n" + "\n".join(found)


# A format string with « j », a French named format with it, « %-d » or « %e ».
DAY_ONE_FORMAT = re.compile(r"['\"](?:[^'\"]*(?<!\\)j|(?:DATE|DATETIME|MONTH_DAY)_FORMAT)|%-d|%e")


def test_python_shows_days_through_core_dates():
    call = re.compile(r"(?:date_format|dateformat\.format|strftime)\((?P<args>[^)]*)")
    found = []
    for path in BASE.glob("**/*.py"):
        rel = path.relative_to(BASE)
        if SKIP & set(rel.parts) or rel.parts[0] in {"tests", "bench", "scripts"}:
            continue
        if rel.as_posix() == "core/dates.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = call.search(line)
            if match and DAY_ONE_FORMAT.search(match.group("args")):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert not found, "use core.dates.format_date for these:\n" + "\n".join(found)


def test_a_template_shows_the_first_of_the_month_as_an_ordinal():
    import datetime

    template = Template('{% load dates %}{{ day|fr_date:"l j F Y" }} · {{ other|fr_date }}')
    with translation.override("fr"):
        text = template.render(
            Context({"day": datetime.date(2027, 9, 1), "other": datetime.date(2027, 9, 2)})
        )
    assert text == "mercredi 1er septembre 2027 · 2 septembre 2027"


# --- Status labels agree with the noun they qualify -------------------------------


def test_status_labels_agree_with_their_noun():
    from assignments.models import CopiesArchive, Submission
    from content.models import Attempt
    from core.models import DataExport
    from courses.models import Completion, Enrolment, Registration
    from forums.models import Delivery
    from tutoring.models import Reminder

    with translation.override("fr"):
        labels = {
            "une inscription": str(Registration.Status.ACTIVE.label),
            "une inscription au cours": str(Enrolment.Status.ACTIVE.label),
            "une inscription suspendue": str(Enrolment.Status.SUSPENDED.label),
            "une copie notée": str(Submission.Status.GRADED.label),
            "une copie rendue": str(Submission.Status.SUBMITTED.label),
            "une tentative": str(Attempt.State.SUBMITTED.label),
            "une archive": str(CopiesArchive.Status.READY.label),
            "un export": str(DataExport.Status.READY.label),
            "un courriel du forum": str(Delivery.Status.SENT.label),
            "une relance": str(Reminder.Status.SENT.label),
            "une activité rendue": str(Completion.Source.SUBMISSION.label),
            "une activité notée": str(Completion.Source.GRADE.label),
        }
    assert labels == {
        "une inscription": "active",
        "une inscription au cours": "active",
        "une inscription suspendue": "suspendue",
        "une copie notée": "corrigée",
        "une copie rendue": "rendue",
        "une tentative": "rendue",
        "une archive": "prête",
        "un export": "prêt",
        "un courriel du forum": "envoyé",
        "une relance": "envoyée",
        "une activité rendue": "rendue",
        "une activité notée": "notée",
    }


def test_punctuation_typed_in_templates_has_its_no_break_space():
    # Text written in a template itself, between variables and tags (« {{ a }} : {{ b }} »):
    # translations are checked in the catalogues, comments and styles are not text.
    blocks = re.compile(
        r"\{%\s*(blocktranslate|blocktrans|comment)\b.*?\{%\s*end\1\s*%\}|<style.*?</style>",
        re.S,
    )
    markup = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<[^>]*>", re.S)
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*"):
            if path.suffix not in {".html", ".txt"}:
                continue
            text = markup.sub("\x00", blocks.sub("", path.read_text(encoding="utf-8")))
            for match in re.finditer(r".{0,20} [:;?!](?=[\s\x00]|$).{0,20}", text):
                found.append(f"{path.relative_to(BASE)}: {match.group(0)!r}")
    assert not found, "\n".join(found)


def test_an_email_subject_on_one_line_keeps_its_no_break_spaces():
    from core.text import one_line

    assert (
        one_line("Rappel\u00a0: «\u00a0Oral\u00a0»\n  demain\t ")
        == "Rappel\u00a0: «\u00a0Oral\u00a0» demain"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "de", ""])
def test_a_browser_set_to_another_language_gets_the_site_in_french(client, accept):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/connexion/", headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Se connecter" in html or "Connexion" in html
    assert "Password" not in html and "Sign in" not in html
