"""Which funding calls are open, closing soon, forthcoming or closed, as database queries.

The page keeps two derived datetimes for these queries: `opens_at` (the opening date, 00:00 in
the call's zone) and `closes_at` (the last deadline); the next deadline comes from a subquery on
the deadlines. They agree with `call_status`, which decides the status of one call in Python.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from funding.fields import has_choice
from funding.models.deadlines import CallStatus, FundingDeadline, closing_soon_days


class FundingCallQuerySet(PageQuerySet):
    def with_next_deadline(self, now=None):
        """Annotate `next_deadline`: the first deadline after `now` (None once closed)."""
        now = now or timezone.now()
        # A subquery per listed call, not a GROUP BY over every page column of every call.
        upcoming = FundingDeadline.objects.filter(call=OuterRef("pk"), due_at__gt=now)
        return self.annotate(
            next_deadline=Subquery(upcoming.order_by("due_at").values("due_at")[:1])
        )

    def forthcoming(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now())

    def open_now(self, now=None):
        """Open or closing soon."""
        now = now or timezone.now()
        return self.filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now)).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def closing_soon(self, now=None):
        now = now or timezone.now()
        soon = FundingDeadline.objects.filter(
            due_at__gt=now, due_at__lte=now + timedelta(days=closing_soon_days())
        )
        return self.open_now(now).filter(pk__in=soon.values("call_id"))

    def open_not_closing_soon(self, now=None):
        now = now or timezone.now()
        return self.open_now(now).exclude(pk__in=self.closing_soon(now).values("pk"))

    def not_closed(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))

    def closed(self, now=None):
        return self.filter(closes_at__lte=now or timezone.now())

    def with_status(self, status: str, now=None):
        now = now or timezone.now()
        return {
            CallStatus.FORTHCOMING: self.forthcoming,
            CallStatus.OPEN: self.open_not_closing_soon,
            CallStatus.CLOSING_SOON: self.closing_soon,
            CallStatus.CLOSED: self.closed,
        }[status](now)

    def current_first(self, now=None):
        """Open and closing-soon calls by next deadline, then forthcoming ones by opening."""
        now = now or timezone.now()
        return (
            self.with_next_deadline(now)
            .annotate(
                status_rank=Case(
                    When(opens_at__gt=now, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .order_by("status_rank", models.F("next_deadline").asc(nulls_last=True), "title", "pk")
        )

    def for_stakeholder(self, stakeholder: str):
        """Calls open to this stakeholder type (no restriction counts as open to all)."""
        return self.filter(
            Q(eligible_stakeholders="") | has_choice("eligible_stakeholders", stakeholder)
        )

    def with_award_at_least(self, amount: int):
        return self.filter(
            Q(award_max__gte=amount) | Q(award_max__isnull=True, award_min__gte=amount)
        )


FundingCallManager = PageManager.from_queryset(FundingCallQuerySet)
