"""Registrations: one row per event and e-mail address, written only by events/services.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    # Holds no seat and no waiting-list place until the person follows the link mailed to the
    # address (events.services.confirm_pending); released after PENDING_HOURS.
    PENDING = "pending", _("Awaiting e-mail confirmation")


DEFAULT_PENDING_HOURS = 24


def pending_hours() -> int:
    """How long a registration may wait for its address to be confirmed (EVENTS_PENDING_HOURS)."""
    return int(getattr(settings, "EVENTS_PENDING_HOURS", DEFAULT_PENDING_HOURS))


def pending_cutoff(now=None):
    """Pending registrations made before this moment are expired."""
    return (now or timezone.now()) - timezone.timedelta(hours=pending_hours())


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED)

    def active(self):
        """Confirmed or on the waiting list: people who still expect to come."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def pending_expired(self, now=None):
        """Never confirmed within PENDING_HOURS: they hold nothing and may be deleted."""
        return self.filter(status=RegistrationStatus.PENDING, created_at__lt=pending_cutoff(now))

    def waiting_order(self):
        """The waiting list, first come first served."""
        return self.waitlisted().order_by("created_at", "pk")

    def for_email(self, email: str):
        """Case-insensitive, through the unique (lower(email), event) index."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.strip().lower())

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def search(self, text: str):
        """Name, e-mail address or organisation contains `text` (case-insensitive)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(email__icontains=text) | Q(organisation__icontains=text)
        )

    def for_retention_purge(self, days: int, now=None):
        """Registrations of events that ended more than `days` days ago, not yet anonymised."""
        cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
        return self.not_anonymised().filter(event__end__lt=cutoff)


class Registration(models.Model):
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    # Blank only once anonymised (the unique constraint ignores blank addresses).
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)

    created_at = models.DateTimeField(
        _("registered"),
        default=timezone.now,
        help_text=_("Also the place in the waiting list (first come, first served)."),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    consent_text = models.TextField(_("consent wording shown"), blank=True)
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    added_by_organiser = models.BooleanField(_("added by an organiser"), default=False)
    # The language of the page they registered from: their mails are written in it (blank:
    # the site default). Set by events.services.register().
    language = models.CharField(_("language"), max_length=10, blank=True)
    mail_failed_at = models.DateTimeField(
        _("last mail failed"),
        null=True,
        blank=True,
        help_text=_("Set when a mail to this person could not be sent; cleared by a resend."),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~Q(email=""),
                name="events_registration_one_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED

    @property
    def is_pending(self) -> bool:
        return self.status == RegistrationStatus.PENDING

    def is_expired(self, now=None) -> bool:
        """A pending registration that was not confirmed in time (it holds nothing)."""
        return self.is_pending and self.created_at < pending_cutoff(now)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def checked_in(self) -> bool:
        return self.checked_in_at is not None

    def waiting_position(self) -> int | None:
        """1 for the first person on the waiting list; None when not waiting."""
        if not self.is_waitlisted:
            return None
        ahead = (
            Registration.objects.waitlisted()
            .filter(event_id=self.event_id)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
        )
        return ahead.count() + 1
