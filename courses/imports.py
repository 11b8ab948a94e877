"""Checking a CSV file of candidates before a coordinator imports it into a
preparation. Reads only: ``courses.services.candidates_import`` writes.

The file is the coordinators' own: column names in French or English
(``Nom``, ``Prénom``, ``Courriel``, ``Concours``, ``Tuteur``, or
``last_name``, ``first_name``...), cells separated by ``;`` or ``,``,
UTF-8 or Windows-1252 (what Excel saves in France), exams by their French
names ("Bibliothécaire (concours interne)") or their short names
(``bibliothecaire-interne``). ``template_rows`` gives the downloadable
model.

A file is accepted whole or refused whole: every problem is reported with
its line number (line 1 is the header). The check runs in phases: read the
table, map its columns, load what the rows refer to (a constant number of
queries), check each row, then name the new accounts."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Exam, Preparation, Registration
from .relations import candidate_in_preparation_q, tutor_grant_q

REQUIRED_COLUMNS = ("email", "first_name", "last_name", "exams")
OPTIONAL_COLUMNS = ("username", "tutor")
# Every name a column may have in a file, accents and case aside.
COLUMN_ALIASES = {
    "email": ("email", "courriel", "e-mail", "mail", "adresse electronique", "adresse mail"),
    "first_name": ("first_name", "prenom"),
    "last_name": ("last_name", "nom", "nom de famille"),
    "exams": ("exams", "concours", "examens"),
    "username": ("username", "identifiant", "nom d'utilisateur"),
    "tutor": ("tutor", "tuteur", "tutrice", "tuteur ou tutrice"),
}
# The columns of the template, in the coordinators' words.
TEMPLATE_HEADER = ("Nom", "Prénom", "Courriel", "Concours", "Tuteur", "Identifiant")
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    username: str
    exams: list = field(default_factory=list)
    tutor: object = None
    existing_user: object = None
    already_registered: bool = False


@dataclass
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def decode_upload(data: bytes) -> str:
    """Text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252
    (what a spreadsheet saves in France)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _line_error(line: int, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def _username_from(email: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0].lower())[:130] or "stagiaire"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate.lower())
    return candidate


def _plain(text: str) -> str:
    """``text`` without accents, case or repeated spaces (how names compare)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare.replace("_", " ").replace("\u2019", "'")).strip().lower()


_COLUMN_OF = {_plain(alias): column for column, names in COLUMN_ALIASES.items() for alias in names}


def exam_label(exam: Exam) -> str:
    """The French name of an exam in a file: "Bibliothécaire (concours
    interne)"."""
    with translation.override("fr"):
        return f"{exam.name} ({exam.get_kind_display()})"


def _exam_keys(exam: Exam) -> set[str]:
    """Every way a file may name ``exam``: its short name, its French name
    with the kind in brackets or after it."""
    with translation.override("fr"):
        kind = str(exam.get_kind_display())
    return {_plain(exam.slug), _plain(exam_label(exam)), _plain(f"{exam.name} {kind}")}


def template_exams(preparation: Preparation) -> list[Exam]:
    """The exams a file for ``preparation`` may name: those it prepares, or
    every exam when it lists none."""
    exams = list(preparation.exams.all()) or list(Exam.objects.all())
    return sorted(exams, key=lambda e: (e.category, e.name, e.kind))


def template_rows(preparation: Preparation) -> list[list[str]]:
    """The downloadable model: one line per valid exam, its name in the
    "Concours" column and the person's cells left to fill (a line whose
    name, first name and email are all empty is skipped on import)."""
    return [["", "", "", exam_label(exam), "", ""] for exam in template_exams(preparation)]


# --- Phase 1: the table --------------------------------------------------------------


def _read_table(text: str, check: ImportCheck) -> list[list[str]] | None:
    if len(text.encode()) > MAX_BYTES:
        check.errors.append(_("The file is too large (1 MB at most)."))
        return None
    sample = text.split("\n", 1)[0]
    delimiter = ";" if sample.count(";") >= sample.count(",") and ";" in sample else ","
    if "\t" in sample and not (";" in sample or "," in sample):
        delimiter = "\t"
    try:
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        check.errors.append(_("The file is not a readable CSV file (%(error)s).") % {"error": exc})
        return None
    if not lines or not any(cell.strip() for cell in lines[0]):
        check.errors.append(_("The file is empty."))
        return None
    return lines


# --- Phase 2: the columns ------------------------------------------------------------


def _map_columns(cells: list[str], check: ImportCheck) -> list[str] | None:
    """The header as our column names, or None with the errors."""
    header = [_COLUMN_OF.get(_plain(cell), cell.strip()) for cell in cells]
    # A trailing empty column (a stray separator at the end of the line).
    while header and not header[-1]:
        header.pop()
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if not (missing or unknown or duplicated):
        return header
    french = {
        "email": "Courriel",
        "first_name": "Prénom",
        "last_name": "Nom",
        "exams": "Concours",
        "username": "Identifiant",
        "tutor": "Tuteur",
    }
    if missing:
        names = ", ".join(french[c] for c in missing)
        check.errors.append(_line_error(1, _("missing columns: %(cols)s.") % {"cols": names}))
    if unknown:
        names = ", ".join(c or "?" for c in unknown)
        check.errors.append(_line_error(1, _("unknown columns: %(cols)s.") % {"cols": names}))
    if duplicated:
        names = ", ".join(french.get(c, c) for c in duplicated)
        check.errors.append(_line_error(1, _("repeated columns: %(cols)s.") % {"cols": names}))
    check.errors.append(_("Expected columns: %(cols)s.") % {"cols": ", ".join(TEMPLATE_HEADER)})
    return None


def _records(lines, header, check: ImportCheck) -> list[tuple[int, dict[str, str]]]:
    records = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        # Stray separators at the end of a line (Excel keeps empty columns).
        while len(cells) > len(header) and not cells[-1].strip():
            cells = cells[:-1]
        if len(cells) != len(header):
            check.errors.append(
                _line_error(
                    number,
                    _("%(found)s values instead of %(expected)s.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        record = {k: v.strip() for k, v in zip(header, cells, strict=True)}
        if not (record.get("email") or record.get("first_name") or record.get("last_name")):
            continue  # a line of the template left unfilled
        records.append((number, record))
    return records


# --- Phase 3: what the rows refer to (a constant number of queries) -----------------


@dataclass
class _References:
    exams: dict[str, Exam]
    prepared: set[int]
    users_by_email: dict
    users_by_username: dict
    tutors: dict
    allowed_tutors: set[int]
    candidates_here: set[int]
    registered: set[int]


def _load_references(records, preparation: Preparation) -> _References:
    User = get_user_model()
    exams: dict[str, Exam] = {}
    for exam in Exam.objects.all():
        for key in _exam_keys(exam):
            exams[key] = exam
    prepared = set(preparation.exams.values_list("pk", flat=True))
    emails = [r["email"].lower() for _n, r in records if r.get("email")]
    users_by_email = {
        u.email.lower(): u
        for u in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    wanted_usernames = [r["username"].lower() for _n, r in records if r.get("username")]
    users_by_username = {
        u.username.lower(): u
        for u in User.objects.annotate(username_lower=Lower("username")).filter(
            username_lower__in=wanted_usernames
        )
    }
    tutor_keys = {r["tutor"].lower() for _n, r in records if r.get("tutor")}
    tutors: dict = {}
    allowed: set[int] = set()
    candidates_here: set[int] = set()
    if tutor_keys:
        # The rule of every entry point (relations.tutor_refusal): a tutor
        # grant in the preparation's centre, not a candidate of it, so that
        # a file cannot open a candidate's copies and progress to anyone else.
        granted = ExpressionWrapper(tutor_grant_q([preparation.centre_id]), BooleanField())
        candidate_here = ExpressionWrapper(
            candidate_in_preparation_q(preparation.pk), BooleanField()
        )
        for u in (
            User.objects.annotate(username_lower=Lower("username"), email_lower=Lower("email"))
            .filter(Q(username_lower__in=tutor_keys) | Q(email_lower__in=tutor_keys))
            .filter(is_active=True)
            .annotate(granted=granted, candidate_here=candidate_here)
        ):
            if u.granted:
                allowed.add(u.pk)
            if u.candidate_here:
                candidates_here.add(u.pk)
            tutors[u.username.lower()] = u
            if u.email:
                tutors[u.email.lower()] = u
    registered = set(
        Registration.objects.filter(
            preparation=preparation, candidate__in=users_by_email.values()
        ).values_list("candidate_id", flat=True)
    )
    return _References(
        exams=exams,
        prepared=prepared,
        users_by_email=users_by_email,
        users_by_username=users_by_username,
        tutors=tutors,
        allowed_tutors=allowed,
        candidates_here=candidates_here,
        registered=registered,
    )


# --- Phase 4: each row ----------------------------------------------------------------


def _split_exams(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n|]", cell) if part.strip()]


def _check_exams(record, refs: _References, problems: list[str]) -> list[Exam]:
    names = _split_exams(record.get("exams", ""))
    row_exams = []
    if not names:
        problems.append(_("no exam given."))
    for name in names:
        exam = refs.exams.get(_plain(name))
        if exam is None:
            problems.append(_("unknown exam “%(slug)s”.") % {"slug": name})
        elif refs.prepared and exam.pk not in refs.prepared:
            problems.append(
                _("the exam “%(slug)s” is not prepared by this preparation.") % {"slug": name}
            )
        elif exam not in row_exams:
            row_exams.append(exam)
    return row_exams


def _check_tutor(record, existing, preparation, refs: _References, file_emails, problems):
    tutor_key = record.get("tutor", "")
    if not tutor_key:
        return None
    if not preparation.has_tutors:
        problems.append(_("a regional preparation has no tutors; leave the tutor column empty."))
        return None
    tutor = refs.tutors.get(tutor_key.lower())
    if tutor is None:
        problems.append(_("unknown tutor “%(tutor)s”.") % {"tutor": tutor_key})
    elif existing is not None and tutor.pk == existing.pk:
        problems.append(_("a candidate cannot be their own tutor."))
    elif tutor.pk not in refs.allowed_tutors:
        problems.append(
            _("“%(tutor)s” is not a tutor of the centre of this preparation.")
            % {"tutor": tutor_key}
        )
    elif tutor.pk in refs.candidates_here or (tutor.email or "").lower() in file_emails:
        problems.append(
            _("“%(tutor)s” is a candidate of this preparation and cannot be a tutor in it.")
            % {"tutor": tutor_key}
        )
    else:
        return tutor
    return None


def _check_rows(records, preparation, refs: _References, check: ImportCheck) -> set[str]:
    """Check each row; fills ``check.rows`` or ``check.errors``. Returns the
    usernames the file uses."""
    file_emails = {r.get("email", "").lower() for _n, r in records if r.get("email")}
    seen_emails: dict[str, int] = {}
    seen_usernames: dict[str, int] = {}
    for number, record in records:
        problems: list[str] = []
        email = record.get("email", "")
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(value)s” is not a valid email address.") % {"value": email})
        first_name, last_name = record.get("first_name", ""), record.get("last_name", "")
        if not first_name:
            problems.append(_("the first name is missing."))
        if not last_name:
            problems.append(_("the last name is missing."))
        key = email.lower()
        if key and key in seen_emails:
            problems.append(
                _("the email address %(email)s is already on line %(line)s.")
                % {"email": email, "line": seen_emails[key]}
            )
        elif key:
            seen_emails[key] = number
        existing = refs.users_by_email.get(key)
        if existing is not None and existing.centre_id != preparation.centre_id:
            problems.append(
                _("an account with the address %(email)s already exists outside your centre.")
                % {"email": email}
            )
        username = record.get("username", "")
        if username:
            if not re.fullmatch(r"[\w.@+-]{1,150}", username):
                problems.append(
                    _("“%(value)s” is not a valid username (letters, digits and @.+-_).")
                    % {"value": username}
                )
            owner = refs.users_by_username.get(username.lower())
            if owner is not None and owner != existing:
                problems.append(
                    _("the username %(username)s is already taken.") % {"username": username}
                )
            if username.lower() in seen_usernames:
                problems.append(
                    _("the username %(username)s is already on line %(line)s.")
                    % {"username": username, "line": seen_usernames[username.lower()]}
                )
            seen_usernames.setdefault(username.lower(), number)
        row_exams = _check_exams(record, refs, problems)
        tutor = _check_tutor(record, existing, preparation, refs, file_emails, problems)
        if problems:
            check.errors.extend(_line_error(number, problem) for problem in problems)
            continue
        check.rows.append(
            ImportRow(
                line=number,
                email=email,
                first_name=first_name,
                last_name=last_name,
                username=existing.username if existing else username,
                exams=row_exams,
                tutor=tutor,
                existing_user=existing,
                already_registered=existing is not None and existing.pk in refs.registered,
            )
        )
    return set(seen_usernames)


# --- Phase 5: usernames of the new accounts -----------------------------------------


def _name_new_accounts(check: ImportCheck, taken: set[str]) -> None:
    """Usernames for the new accounts that gave none: from the email, unique."""
    missing_names = [row for row in check.rows if not row.username]
    if not missing_names:
        return
    bases = {re.sub(r"[^\w.@+-]", "", r.email.split("@")[0].lower()) for r in missing_names}
    condition = Q()
    for base in bases:
        condition |= Q(username__istartswith=base)
    taken |= {
        name.lower()
        for name in get_user_model().objects.filter(condition).values_list("username", flat=True)
    }
    for row in missing_names:
        row.username = _username_from(row.email, taken)


def check_candidates_csv(text: str, preparation: Preparation) -> ImportCheck:
    """Parse and check ``text``; returns the rows to import or every error.
    Queries: a constant handful whatever the number of rows (exams, the
    preparation's exams, users by email, usernames, tutors, existing
    registrations, usernames taken). Access: the caller checked that the
    user coordinates the preparation's centre."""
    check = ImportCheck()
    lines = _read_table(text, check)
    if lines is None:
        return check
    header = _map_columns(lines[0], check)
    if header is None:
        return check
    records = _records(lines, header, check)
    if not records and not check.errors:
        check.errors.append(_("The file has no candidate."))
        return check
    if len(records) > MAX_ROWS:
        check.errors.append(
            _("The file has more than %(max)s candidates; split it.") % {"max": MAX_ROWS}
        )
        return check
    refs = _load_references(records, preparation)
    used_usernames = _check_rows(records, preparation, refs, check)
    if check.errors:
        check.rows = []
        return check
    _name_new_accounts(check, set(refs.users_by_username) | used_usernames)
    return check
