"""A call's dates: deadlines in the funder's time zone, and the status that follows from them.

A call's status is never typed: it follows from its opening date and deadlines (`call_status`),
so it changes by itself as time passes. Deadlines are typed as the funder writes them (a date,
a time and the funder's time zone) and stored as well as an aware datetime (`due_at`, UTC in
the database) to sort and filter on.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

DEFAULT_DEADLINE_TIME = time(17, 0)
DEFAULT_CLOSING_SOON_DAYS = 14


def closing_soon_days() -> int:
    """How many days before a deadline a call counts as "closing soon" (settings override)."""
    return int(getattr(settings, "FUNDING_CLOSING_SOON_DAYS", DEFAULT_CLOSING_SOON_DAYS))


class CallStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSING_SOON = "closing_soon", _("Closing soon")
    CLOSED = "closed", _("Closed")


def call_status(opens_at, deadlines, now=None, soon_days=None) -> str:
    """The status at `now` of a call that opens at `opens_at` (None: already open) with these
    deadlines (aware datetimes; none: a rolling call, open until an editor unpublishes it).

    - before `opens_at`: forthcoming;
    - from the last deadline on (the deadline itself is the first closed moment): closed;
    - while the next deadline is at most `soon_days` days away: closing soon;
    - otherwise: open.
    """
    now = now or timezone.now()
    soon_days = closing_soon_days() if soon_days is None else soon_days
    if opens_at is not None and now < opens_at:
        return CallStatus.FORTHCOMING
    upcoming = sorted(deadline for deadline in deadlines if deadline > now)
    if deadlines and not upcoming:
        return CallStatus.CLOSED
    if upcoming and upcoming[0] - now <= timedelta(days=soon_days):
        return CallStatus.CLOSING_SOON
    return CallStatus.OPEN


def date_errors(opens_on, deadline_dates) -> list[str]:
    """What is wrong with the dates of a call (messages for the editor)."""
    errors = []
    if opens_on and any(due < opens_on for due in deadline_dates if due):
        errors.append(
            _("A deadline cannot be before the opening date (%(date)s).")
            % {"date": formats.date_format(opens_on, "DATE_FORMAT")}
        )
    return errors


class FundingDeadline(Orderable):
    """One deadline of a call (two-stage calls have two: pre-proposal and full proposal)."""

    call = ParentalKey(
        "funding.FundingCallPage", on_delete=models.CASCADE, related_name="deadlines"
    )
    label = models.CharField(
        _("stage"),
        max_length=120,
        blank=True,
        help_text=_("E.g. “Pre-proposal” or “Full proposal”."),
    )
    due_date = models.DateField(_("date"))
    due_time = models.TimeField(_("time"), default=DEFAULT_DEADLINE_TIME)
    due_at = models.DateTimeField(_("due"), editable=False, db_index=True)

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("due_date"), FieldPanel("due_time")])]

    class Meta(Orderable.Meta):
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self):
        return self.label or formats.date_format(self.due_date, "DATE_FORMAT")

    def computed_due_at(self, call=None):
        call = call or self.call
        return timezone.make_aware(
            datetime.combine(self.due_date, self.due_time or DEFAULT_DEADLINE_TIME), call.tz
        )

    def save(self, *args, **kwargs):
        self.due_at = self.computed_due_at()
        return super().save(*args, **kwargs)

    @property
    def date_display(self) -> str:
        return formats.date_format(self.due_date, "DATE_FORMAT")

    @property
    def time_display(self) -> str:
        """'17:00 CET' (the time in the call's zone, which is how it was typed)."""
        local = self.computed_due_at()
        return f"{formats.time_format(self.due_time, 'H:i')} {local.tzname()}"
