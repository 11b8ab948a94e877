"""Demo accounts (see DESIGN.md, "Demo"). All share one password."""

from .models import Centre, User

DEMO_PASSWORD = "callisto-demo"  # noqa: S105 - published demo password

CENTRES = [
    {
        "code": "mediadix",
        "name": "Médiadix (CRFCB Paris-Nanterre)",
        "region": "Île-de-France",
        "contact_email": "mediadix@callisto.example.fr",
    },
    {
        "code": "mediat",
        "name": "Médiat Rhône-Alpes (CRFCB Grenoble)",
        "region": "Auvergne-Rhône-Alpes",
        "contact_email": "mediat@callisto.example.fr",
    },
]

# username, first name, last name, role label, flags
ACCOUNTS = [
    (
        "admin",
        "Claire",
        "Administratrice",
        "administratrice nationale",
        {"is_staff": True, "is_superuser": True},
    ),
    ("responsable", "Marc", "Lefèvre", "responsable pédagogique (Médiadix)", {"is_staff": True}),
    ("formateur", "Sophie", "Martin", "formatrice", {}),
    ("tuteur", "Julien", "Moreau", "tuteur", {}),
    ("producteur", "Hélène", "Bernard", "groupe de production", {}),
    ("candidat", "Camille", "Durand", "stagiaire Callisto, avec tuteur", {}),
    ("candidat-regional", "Thomas", "Petit", "stagiaire en préparation régionale", {}),
    ("candidat-nouveau", "Léa", "Roux", "stagiaire n'ayant pas encore accepté les CGU", {}),
]


def seed(stdout) -> None:
    centres = {}
    for data in CENTRES:
        centre, _ = Centre.objects.update_or_create(code=data["code"], defaults=data)
        centres[data["code"]] = centre
    for username, first, last, _label, flags in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@callisto.example.fr",
                **flags,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    centres["mediadix"].coordinators.add(User.objects.get(username="responsable"))


def describe_accounts() -> list[str]:
    return [f"{username:<18} {label}" for username, _f, _l, label, _flags in ACCOUNTS]
