"""An event's programme: its sessions, grouped by day and time slot (parallel sessions share a
slot, one per track), and the speakers who appear in it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class EventSession(TranslatableMixin, Orderable, ClusterableModel):
    """One item of the programme; sessions with the same times and a track run in parallel.

    Translated with its event page (wagtail-localize): a translation's sessions have the page's
    locale and replace the title, room and description; the day, times, track and speakers are
    the source session's."""

    event = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(
        _("day"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the day the event starts."),
    )
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    room = models.CharField(_("room"), max_length=120, blank=True)
    track = models.CharField(
        _("track"),
        max_length=80,
        blank=True,
        help_text=_(
            "For parallel workshops, e.g. “Workshop track A”. Leave empty for plenary sessions."
        ),
    )
    description = models.TextField(_("description"), blank=True, max_length=1000)
    speakers = ParentalManyToManyField(
        "community.Person", verbose_name=_("speakers"), blank=True, related_name="+"
    )

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("room"), FieldPanel("track")]),
        FieldPanel("description"),
        FieldPanel("speakers"),
    ]
    override_translatable_fields = [
        SynchronizedField("day", overridable=False),
        SynchronizedField("start_time", overridable=False),
        SynchronizedField("end_time", overridable=False),
        TranslatableField("title"),
        TranslatableField("room"),
        SynchronizedField("track", overridable=False),
        TranslatableField("description"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("A session must end after it starts.")})


class ProgrammeMixin:
    """EventPage's programme, built from its sessions (pass them to save a query)."""

    def programme(self, sessions=None):
        """[(day, [(start, end, [sessions side by side])])]: parallel sessions share a slot."""
        sessions = self.sessions.all() if sessions is None else sessions
        days: dict = {}
        for session in sessions:
            day = session.day or self.local_start.date()
            slots = days.setdefault(day, {})
            slots.setdefault((session.start_time, session.end_time), []).append(session)
        result = []
        for day in sorted(days):
            slots = sorted(
                days[day].items(), key=lambda item: (item[0][0], item[0][1] or item[0][0])
            )
            result.append(
                (
                    day,
                    [
                        (start, end, sorted(group, key=lambda s: (s.track, s.sort_order or 0)))
                        for (start, end), group in slots
                    ],
                )
            )
        return result

    def tracks(self, sessions=None) -> list[str]:
        sessions = self.sessions.all() if sessions is None else sessions
        return sorted({session.track for session in sessions if session.track})

    def speakers(self, sessions=None):
        """Everyone who speaks in a session, in programme order, once each."""
        sessions = self.sessions.all() if sessions is None else sessions
        seen, people = set(), []
        for _day, slots in self.programme(sessions):
            for _start, _end, group in slots:
                for session in group:
                    for person in session.speakers.all():
                        if person.pk not in seen:
                            seen.add(person.pk)
                            people.append(person)
        return people
