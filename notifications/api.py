"""What other apps use from ``notifications`` (functions and plain data).

Each app calls ``notify`` from its services when something happens that a
person should hear of, and asks ``email_now`` before sending its own email
for it: "On the site only" and "Daily digest" stop that email (the digest
gathers the notifications of the day)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Kind

COPY_RETURNED = Kind.COPY_RETURNED.value
TUTOR_ANSWERED = Kind.TUTOR_ANSWERED.value
ANNOUNCEMENT = Kind.ANNOUNCEMENT.value
REMINDER = Kind.REMINDER.value
DEADLINE = Kind.DEADLINE.value
WORKSHOP = Kind.WORKSHOP.value
REPORT_ANSWERED = Kind.REPORT_ANSWERED.value
TRAINER_ASKED = Kind.TRAINER_ASKED.value
FORUM = Kind.FORUM.value

IN_SITE = Channel.IN_SITE.value
IMMEDIATE = Channel.IMMEDIATE.value
DIGEST = Channel.DIGEST.value


def notify(
    *,
    user_ids,
    kind: str,
    title: str,
    url: str,
    target: str = "",
    dedup_key: str = "",
    at=None,
) -> list[int]:
    """Notify ``user_ids`` (runs in the caller's transaction); returns those
    who want an email at once. ``at``: when it happened, if not now (a copy
    returned at its feedback's date)."""
    from .services import notify as _notify

    return _notify(
        user_ids=user_ids,
        kind=kind,
        title=title,
        url=url,
        target=target,
        dedup_key=dedup_key,
        at=at,
    )


def email_now(user, kind: str) -> bool:
    """Whether ``user`` (or a user id) wants an email at once for ``kind``. One query."""
    from .services import email_now as _email_now

    return _email_now(user, kind)


def channel_of(user, kind: str) -> str:
    """``user``'s channel for ``kind`` (``IN_SITE``, ``IMMEDIATE``, ``DIGEST``)."""
    from .selectors import channels_for_users

    user_id = getattr(user, "pk", user)
    return channels_for_users([user_id], kind)[user_id]


def channels_of(user) -> dict[str, str]:
    """{kind: channel} of ``user`` (or a user id), defaults filled. One query."""
    from .selectors import channels_for

    return channels_for(user)


def mark_read(*, user, target: str) -> int:
    """``user`` visited ``target``: its notifications are read."""
    from .services import mark_read as _mark_read

    return _mark_read(user=user, target=target)


def unread_count(user) -> int:
    from .selectors import unread_count as _count

    return _count(user)


def connect_preferences_changed(receiver, dispatch_uid: str) -> None:
    """``receiver(user_id=..., changed={kind: channel})`` after a person changed
    their channels in "Mon compte"."""
    from .services import preferences_changed

    preferences_changed.connect(receiver, dispatch_uid=dispatch_uid)


# Kinds that only some people receive, by the roles that receive them (the
# menus' role names, core/navigation.py): "Mon compte" shows a person only
# the settings that can change what they get.
KINDS_FOR_ROLES = {
    TRAINER_ASKED: frozenset({"trainer", "admin"}),
    TUTOR_ANSWERED: frozenset({"tutored"}),
    REMINDER: frozenset({"tutored"}),
}


class PreferencesForm(forms.Form):
    """One radio group per kind, in "Mon compte" (accounts); with ``roles``
    (the person's role names), only the kinds they can receive
    (``KINDS_FOR_ROLES``). A kind not shown keeps its channel."""

    def __init__(self, *args, user, roles=None, **kwargs):
        from .selectors import CHOICES, channels_for

        super().__init__(*args, **kwargs)
        current = channels_for(user)
        for kind in Kind:
            needed = KINDS_FOR_ROLES.get(kind.value)
            if roles is not None and needed is not None and not needed & set(roles):
                continue
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=[(c.value, c.label) for c in CHOICES[kind]],
                initial=current[kind.value],
                widget=forms.RadioSelect,
                required=False,  # not sent: left as it is
            )
        self.fields[FORUM].help_text = _(
            "Applied to every discussion forum you follow; each one can then be "
            "changed on the forums' subscriptions page."
        )
        self.fields[ANNOUNCEMENT].help_text = _("Announcements always reach you by email.")
        self.user = user

    def save(self, *, actor) -> dict[str, str]:
        from .services import preferences_save

        return preferences_save(
            actor=actor, channels={k: v for k, v in self.cleaned_data.items() if v}
        )
