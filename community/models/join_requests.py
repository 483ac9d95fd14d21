"""Requests to join a working group whose membership is on request, and the decisions on them.

The requests are made and decided in ``community.services.groups``; at most one request per
member and group waits for a decision at a time (a database constraint).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.groups import MOTIVATION_MAX_LENGTH, REASON_MAX_LENGTH, WorkingGroupPage


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a coordinator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequestStatus.PENDING)


class JoinRequest(models.Model):
    """A member's request to join a closed working group, and the coordinator's decision."""

    Status = JoinRequestStatus

    group_page = models.ForeignKey(
        WorkingGroupPage,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="working_group_requests",
    )
    motivation = models.TextField(_("motivation"), max_length=MOTIVATION_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason given"), max_length=REASON_MAX_LENGTH, blank=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_page", "user"],
                condition=Q(status="pending"),
                name="community_one_pending_join_request",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.group_page_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == JoinRequestStatus.PENDING
