"""Drop-out early warning: a small, explainable score (docs/tutoring.md).

Each signal adds points and a sentence the tutor reads; no black box.

=================================================  ======
signal                                             points
=================================================  ======
no login for 14 days (``TUTORING_INACTIVITY_DAYS``)  2
progress 25 points or more behind the share of       2
the preparation already elapsed
two late copies or more (one: 1 point)              2 (1)
a reminder sent 7 days ago or more, not followed     1
by any login or activity
=================================================  ======

3 points or more: "at risk"; 1 or 2: "to watch"; 0: "on track".
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

AT_RISK = 3
PROGRESS_GAP = 25  # percentage points
REMINDER_GRACE_DAYS = 7


@dataclass
class Risk:
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        if self.score >= AT_RISK:
            return "high"
        return "watch" if self.score else "none"

    @property
    def label(self):
        return {
            "high": _("At risk of dropping out"),
            "watch": _("To watch"),
            "none": _("On track"),
        }[self.level]

    @property
    def at_risk(self) -> bool:
        return self.level == "high"


def elapsed_percent(opens_on: datetime.date, closes_on: datetime.date, today) -> int:
    """Share of the preparation already gone, in percent (0 to 100)."""
    length = (closes_on - opens_on).days
    if length <= 0:
        return 100 if today >= closes_on else 0
    return max(0, min(100, round(100 * (today - opens_on).days / length)))


def assess(
    *,
    today: datetime.date,
    days_without_login: int | None,
    progress_percent: int,
    elapsed: int,
    late: int,
    last_reminder_at: datetime.datetime | None,
    last_seen_at: datetime.datetime | None,
) -> Risk:
    """The risk of one candidate. ``days_without_login`` is None when they
    never logged in since their registration was created long enough ago
    to matter (the caller decides); ``last_seen_at`` is their latest login
    or activity."""
    risk = Risk()
    threshold = settings.TUTORING_INACTIVITY_DAYS
    if days_without_login is None:
        risk.score += 2
        risk.reasons.append(str(_("Has never logged in.")))
    elif days_without_login >= threshold:
        risk.score += 2
        risk.reasons.append(
            ngettext(
                "No login for %(days)d day.", "No login for %(days)d days.", days_without_login
            )
            % {"days": days_without_login}
        )
    if elapsed - progress_percent >= PROGRESS_GAP:
        risk.score += 2
        risk.reasons.append(
            str(_("Progress %(progress)d%% while %(elapsed)d%% of the preparation has elapsed."))
            % {"progress": progress_percent, "elapsed": elapsed}
        )
    if late:
        risk.score += 2 if late >= 2 else 1
        risk.reasons.append(
            ngettext("%(count)d late copy.", "%(count)d late copies.", late) % {"count": late}
        )
    if (
        last_reminder_at is not None
        and (today - last_reminder_at.date()).days >= REMINDER_GRACE_DAYS
        and (last_seen_at is None or last_seen_at < last_reminder_at)
    ):
        risk.score += 1
        risk.reasons.append(str(_("No sign of life since the last reminder.")))
    return risk
