"""Checking a CSV file of candidates before a coordinator imports it into a
preparation. Reads only: ``courses.services.candidates_import`` writes.

A file is accepted whole or refused whole: every problem is reported with
its line number (line 1 is the header)."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .models import Exam, Preparation, Registration
from .relations import tutor_of_centres_condition

REQUIRED_COLUMNS = ("email", "first_name", "last_name", "exams")
OPTIONAL_COLUMNS = ("username", "tutor")
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


def check_candidates_csv(text: str, preparation: Preparation) -> ImportCheck:
    """Parse and check ``text``; returns the rows to import or every error.
    Queries: a constant handful whatever the number of rows (exams, users
    by email, usernames, tutors, existing registrations)."""
    User = get_user_model()
    check = ImportCheck()
    if len(text.encode()) > MAX_BYTES:
        check.errors.append(_("The file is too large (1 MB at most)."))
        return check
    sample = text.split("\n", 1)[0]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:
        check.errors.append(_("The file is not a readable CSV file (%(error)s).") % {"error": exc})
        return check
    if not lines or not any(cell.strip() for cell in lines[0]):
        check.errors.append(_("The file is empty."))
        return check
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or duplicated:
        expected = ", ".join(OPTIONAL_COLUMNS[:1] + REQUIRED_COLUMNS + OPTIONAL_COLUMNS[1:])
        if missing:
            check.errors.append(
                _line_error(1, _("missing columns: %(cols)s.") % {"cols": ", ".join(missing)})
            )
        if unknown:
            check.errors.append(
                _line_error(1, _("unknown columns: %(cols)s.") % {"cols": ", ".join(unknown)})
            )
        if duplicated:
            check.errors.append(
                _line_error(1, _("repeated columns: %(cols)s.") % {"cols": ", ".join(duplicated)})
            )
        check.errors.append(_("Expected columns: %(cols)s.") % {"cols": expected})
        return check
    records = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            check.errors.append(
                _line_error(
                    number,
                    _("%(found)s values instead of %(expected)s.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        records.append((number, {k: v.strip() for k, v in zip(header, cells, strict=True)}))
    if not records and not check.errors:
        check.errors.append(_("The file has no candidate."))
        return check
    if len(records) > MAX_ROWS:
        check.errors.append(
            _("The file has more than %(max)s candidates; split it.") % {"max": MAX_ROWS}
        )
        return check

    exams = {exam.slug: exam for exam in Exam.objects.all()}
    prepared = set(preparation.exams.values_list("slug", flat=True))
    emails = [r["email"].lower() for _n, r in records if r.get("email")]
    users_by_email = {
        u.email.lower(): u
        for u in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    wanted_usernames = [r["username"] for _n, r in records if r.get("username")]
    users_by_username = {
        u.username.lower(): u
        for u in User.objects.annotate(username_lower=Lower("username")).filter(
            username_lower__in=[name.lower() for name in wanted_usernames]
        )
    }
    tutor_keys = {r["tutor"].lower() for _n, r in records if r.get("tutor")}
    tutors = {}
    centre_tutors: set[int] = set()
    if tutor_keys:
        # Only a tutor of the preparation's centre may be named (the rule
        # of the admin form: relations.may_tutor_in), so that a file cannot
        # open a candidate's copies and progress to anyone else.
        of_centre = ExpressionWrapper(
            tutor_of_centres_condition([preparation.centre_id]), output_field=BooleanField()
        )
        for u in (
            User.objects.annotate(username_lower=Lower("username"), email_lower=Lower("email"))
            .filter(Q(username_lower__in=tutor_keys) | Q(email_lower__in=tutor_keys))
            .filter(is_active=True)
            .annotate(of_centre=of_centre)
        ):
            if u.of_centre:
                centre_tutors.add(u.pk)
            tutors[u.username.lower()] = u
            if u.email:
                tutors[u.email.lower()] = u
    registered = set(
        Registration.objects.filter(
            preparation=preparation, candidate__in=users_by_email.values()
        ).values_list("candidate_id", flat=True)
    )

    seen_emails: dict[str, int] = {}
    seen_usernames: dict[str, int] = {}
    existing_usernames = set(users_by_username)
    for number, record in records:
        problems = []
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
        existing = users_by_email.get(key)
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
            owner = users_by_username.get(username.lower())
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
        slugs = [s.strip() for s in record.get("exams", "").split(";") if s.strip()]
        row_exams = []
        if not slugs:
            problems.append(_("no exam given."))
        for slug in slugs:
            exam = exams.get(slug)
            if exam is None:
                problems.append(_("unknown exam “%(slug)s”.") % {"slug": slug})
            elif prepared and slug not in prepared:
                problems.append(
                    _("the exam “%(slug)s” is not prepared by this preparation.") % {"slug": slug}
                )
            else:
                row_exams.append(exam)
        tutor = None
        tutor_key = record.get("tutor", "")
        if tutor_key:
            if not preparation.has_tutors:
                problems.append(
                    _("a regional preparation has no tutors; leave the tutor column empty.")
                )
            else:
                tutor = tutors.get(tutor_key.lower())
                if tutor is None:
                    problems.append(_("unknown tutor “%(tutor)s”.") % {"tutor": tutor_key})
                elif existing is not None and tutor.pk == existing.pk:
                    problems.append(_("a candidate cannot be their own tutor."))
                elif tutor.pk not in centre_tutors:
                    problems.append(
                        _("“%(tutor)s” is not a tutor of the centre of this preparation.")
                        % {"tutor": tutor_key}
                    )
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
                already_registered=existing is not None and existing.pk in registered,
            )
        )
    if check.errors:
        check.rows = []
        return check
    # Usernames for the new accounts that gave none: from the email, unique.
    taken = existing_usernames | set(seen_usernames)
    missing_names = [row for row in check.rows if not row.username]
    if missing_names:
        bases = {re.sub(r"[^\w.@+-]", "", r.email.split("@")[0].lower()) for r in missing_names}
        condition = Q()
        for base in bases:
            condition |= Q(username__istartswith=base)
        taken |= {
            name.lower()
            for name in User.objects.filter(condition).values_list("username", flat=True)
        }
        for row in missing_names:
            row.username = _username_from(row.email, taken)
    return check
