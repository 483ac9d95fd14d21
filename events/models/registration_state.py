"""Where an event stands for registration: its phase (open, closed, over…) and the line a card
or the event page shows about it ("12 places left · registration closes 3 March")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class RegistrationPhase(models.TextChoices):
    """Where an event stands for registration, whatever the number of seats."""

    NONE = "none", _("No registration")
    CANCELLED = "cancelled", _("Cancelled")
    OVER = "over", _("Taken place")
    NOT_OPEN = "not_open", _("Not open yet")
    CLOSED = "closed", _("Registration closed")
    OPEN = "open", _("Open")


@dataclass(frozen=True)
class RegistrationState:
    """What a card or the event page says about registration: a code and a sentence."""

    code: str  # one of RegistrationPhase, or "full", "waiting_list"
    label: str
    seats_left: int | None = None

    @property
    def can_register(self) -> bool:
        return self.code in ("open", "waiting_list")


def short_date(value: datetime, tz) -> str:
    """'3 March' (in the event's time zone), with the year when it is not this year."""
    local = value.astimezone(tz)
    fmt = "j F" if local.year == timezone.now().astimezone(tz).year else "j F Y"
    return formats.date_format(local, fmt)


class RegistrationStateMixin:
    """EventPage's registration phase, seats and state (from its fields and registrations)."""

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def registration_closes(self) -> datetime:
        return self.registration_closes_at or self.start

    def registration_phase(self, now=None) -> str:
        now = now or timezone.now()
        if self.is_cancelled:
            return RegistrationPhase.CANCELLED
        if self.end < now:
            return RegistrationPhase.OVER
        if not self.registration_enabled:
            return RegistrationPhase.NONE
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationPhase.NOT_OPEN
        if now >= self.registration_closes:
            return RegistrationPhase.CLOSED
        return RegistrationPhase.OPEN

    @cached_property
    def confirmed_count(self) -> int:
        # Listings annotate it (EventPageQuerySet.with_confirmed_count) and so skip this query.
        if self.pk is None:  # previewing a page that is not saved yet
            return 0
        return self.registrations.filter(status="confirmed").count()

    def seats_left(self, confirmed: int | None = None) -> int | None:
        if self.capacity is None:
            return None
        confirmed = self.confirmed_count if confirmed is None else confirmed
        return max(self.capacity - confirmed, 0)

    def registration_state(self, now=None) -> RegistrationState:
        """The line a card shows: "12 places left · registration closes 3 March", etc."""
        now = now or timezone.now()
        phase = self.registration_phase(now)
        tz = self.tz
        if phase == RegistrationPhase.CANCELLED:
            return RegistrationState("cancelled", str(_("Cancelled")))
        if phase == RegistrationPhase.OVER:
            return RegistrationState("over", str(_("This event has taken place")))
        if phase == RegistrationPhase.NONE:
            return RegistrationState("none", str(_("No registration needed")))
        if phase == RegistrationPhase.NOT_OPEN:
            return RegistrationState(
                "not_open",
                str(
                    _("Registration opens %(date)s")
                    % {"date": short_date(self.registration_opens_at, tz)}
                ),
            )
        if phase == RegistrationPhase.CLOSED:
            return RegistrationState("closed", str(_("Registration closed")))
        closes = self.registration_closes
        closes_text = str(_("registration closes %(date)s") % {"date": short_date(closes, tz)})
        seats = self.seats_left()
        if seats is None:
            return RegistrationState("open", str(_("Registration open")) + " · " + closes_text)
        if seats == 0:
            if self.waiting_list_enabled:
                return RegistrationState("waiting_list", str(_("Full: waiting list open")), 0)
            return RegistrationState("full", str(_("Full")), 0)
        places = ngettext("%(count)d place left", "%(count)d places left", seats) % {"count": seats}
        return RegistrationState("open", f"{places} · {closes_text}", seats)
