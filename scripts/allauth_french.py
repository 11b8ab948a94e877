#!/usr/bin/env python3
# ruff: noqa: RUF001 - French wording uses the typographic apostrophe
"""French overrides of django-allauth's own catalogue, in the site's words.

    python scripts/allauth_french.py     # rewrites accounts/allauth_locale/fr/...

allauth's French writes « e-mail » where the site says « adresse
électronique » (the address) or « courriel » (the message), uses the
straight apostrophe, and a few of its pages read oddly next to ours. This
takes the installed allauth catalogue, applies the site's vocabulary and
French typography (scripts/french_typography.py) and the hand-written
wordings of ``WORDING`` below, and keeps each string that differs. Run it
again after upgrading allauth; ``accounts/allauth_locale`` comes after
``accounts/locale`` in ``LOCALE_PATHS`` (so ``makemessages`` never files
project strings there) and before allauth's own catalogue."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import allauth
import polib

BASE = Path(__file__).resolve().parent.parent
TARGET = BASE / "accounts" / "allauth_locale" / "fr" / "LC_MESSAGES" / "django.po"

_spec = importlib.util.spec_from_file_location("ft", BASE / "scripts" / "french_typography.py")
typography = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(typography)

# The site's vocabulary (order matters: the address before the message).
VOCABULARY = [
    (r"\b([Aa])dresses e-?mail\b", r"\1dresses électroniques"),
    (r"\b([Aa])dresse e-?mail\b", r"\1dresse électronique"),
    (r"\bd['’]adresse électronique\b", "d’adresse électronique"),
    (r"\b[Ll]['’]e-?mail (%\(email\)s|\{email\})", r"l’adresse \1"),
    (r"\bChanger d['’]e-?mail\b", "Changer d’adresse électronique"),
    (r"\ble même e-?mail\b", "la même adresse électronique"),
    (r"^[Ee]-?mail ou\b", "Adresse électronique ou"),
    (r"(?<=, )[Ee]-?mail ou\b", "adresse électronique ou"),
    (r"\bou e-?mail\b", "ou adresse électronique"),
    (r"\bnom d['’]utilisateur\b", "identifiant"),
    (r"\bNom d['’]utilisateur\b", "Identifiant"),
    (r"\bpar e-?mail\b", "par courriel"),
    (r"\b(un|Un) e-?mail\b", r"\1 courriel"),
    (r"\b(cet|Cet) e-?mail\b", lambda m: "ce courriel" if m.group(1) == "cet" else "Ce courriel"),
    (r"\b[lL]['’]e-?mail\b", lambda m: "le courriel" if m.group(0)[0] == "l" else "Le courriel"),
    (r"\bd['’]e-?mail\b", "de courriel"),
    (r"\b(Votre|votre) e-?mail\b", r"\1 adresse électronique"),
    (r"\bE-mail actuel\b", "Adresse électronique actuelle"),
    (r"\bE-mail modifié\b", "Adresse électronique modifiée"),
    (r"\bE-mail retiré\b", "Adresse électronique retirée"),
    (r"^E-mail\b", "Adresse électronique"),
    (r"\bE-mail de\b", "Courriel de"),
    (r"\bMot de passe oublié ?\?", "Mot de passe oublié ?"),
    (r"Êtes-vous sûr\(e\) ?\?", "Voulez-vous continuer ?"),
    (r"'(\{\})'", r"« \1 »"),
]

# Whole strings reworded by hand (msgid → French), where the rules above
# are not enough or allauth's French is odd.
WORDING = {
    "Sign In": "Se connecter",
    "Sign in": "Se connecter",
    "Sign Out": "Se déconnecter",
    "Sign out": "Se déconnecter",
    "Are you sure you want to sign out?": "Voulez-vous vous déconnecter de Callisto ?",
    "Forgot Password?": "Mot de passe oublié ?",
    "Forgot your password?": "Mot de passe oublié ?",
    "Username": "Identifiant",
    "Username or email": "Identifiant ou adresse électronique",
    "Email": "Adresse électronique",
    "Email Addresses": "Adresses électroniques",
    "Email Address": "Adresse électronique",
    "Two-Factor Authentication": "Authentification à deux facteurs",
    "Authenticator App": "Application d’authentification",
    "Add Email": "Ajouter une adresse électronique",
    "Password Reset Email": "Courriel de réinitialisation du mot de passe",
    "Your email has been confirmed.": "Votre adresse électronique est confirmée.",
    "Confirmation email sent to %(email)s.": "Courriel de confirmation envoyé à %(email)s.",
    "Email Verification": "Vérification de l’adresse électronique",
    "Email Confirmation": "Confirmation de l’adresse électronique",
    "You have confirmed %(email)s.": "L’adresse %(email)s est confirmée.",
    "Password Reset": "Mot de passe oublié",
    "Change Password": "Changer de mot de passe",
    "Current Password": "Mot de passe actuel",
    "New Password": "Nouveau mot de passe",
    "New Password (again)": "Nouveau mot de passe (confirmation)",
    "Password (again)": "Mot de passe (confirmation)",
    "Re-authenticate": "Confirmer votre identité",
    "Confirm Access": "Confirmer votre identité",
    "Enter your password:": "Saisissez votre mot de passe :",
    "Authenticator code": "Code de l’application d’authentification",
}


def _vocabulary(text: str) -> str:
    for pattern, replacement in VOCABULARY:
        text = re.sub(pattern, replacement, text)
    return text


def _sources() -> polib.POFile:
    source = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(source))


def build() -> polib.POFile:
    out = polib.POFile(wrapwidth=79)
    out.metadata = {
        "Project-Id-Version": "callisto",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    out.header = (
        "French overrides of django-allauth's catalogue in the site's words.\n"
        "Generated by scripts/allauth_french.py: edit WORDING there, not here."
    )
    for entry in _sources():
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = {
                k: typography.normalise(_vocabulary(v)) for k, v in entry.msgstr_plural.items()
            }
            if forms != entry.msgstr_plural and all(forms.values()):
                new = polib.POEntry(
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural=forms,
                    msgctxt=entry.msgctxt,
                    flags=[f for f in entry.flags if f != "fuzzy"],
                )
                out.append(new)
            continue
        wording = WORDING.get(entry.msgid)
        text = typography.normalise(wording if wording else _vocabulary(entry.msgstr))
        if text and text != entry.msgstr:
            out.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgstr=text,
                    msgctxt=entry.msgctxt,
                    flags=[f for f in entry.flags if f != "fuzzy"],
                )
            )
    return out


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    catalogue = build()
    catalogue.save(str(TARGET))
    print(f"{TARGET.relative_to(BASE)}: {len(catalogue)} strings")


if __name__ == "__main__":
    main()
