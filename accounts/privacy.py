"""Personal data held by accounts (see core/privacy.py)."""


def export_data(user) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "email": user.email,
        "centre": str(user.centre) if user.centre_id else None,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }
    acceptances = getattr(user, "terms_acceptances", None)
    if acceptances is not None:
        data["terms_acceptances"] = [
            {"version": str(a.version), "accepted_at": a.accepted_at}
            for a in acceptances.select_related("version")
        ]
    return data
