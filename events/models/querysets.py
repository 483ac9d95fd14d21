"""What the event lists ask of events: upcoming or past, and the seats taken, in one query."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Events that have ended, most recent first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_confirmed_count(self):
        """Annotate `confirmed_count` (one query for a whole listing, no query per card).

        A subquery per listed event rather than a join and GROUP BY: the database then counts
        only the page's events, not the registrations of every event before paginating.
        """
        from events.models.registrations import Registration

        confirmed = (
            Registration.objects.filter(event=OuterRef("pk"), status="confirmed")
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(confirmed_count=Coalesce(Subquery(confirmed), 0))


EventPageManager = PageManager.from_queryset(EventPageQuerySet)
