"""Alerts: a member follows a call or saves a filter of the call list; the reminder command
(`manage.py send_funding_reminders`) mails them, and logs what it sent so that a second run
sends nothing twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallFollow(models.Model):
    """A member follows a call: a reminder before each of its deadlines."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_follows"
    )
    call = models.ForeignKey(
        "funding.FundingCallPage", on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed call")
        verbose_name_plural = _("followed calls")
        constraints = [models.UniqueConstraint(fields=["user", "call"], name="funding_follow_once")]

    def __str__(self):
        return f"{self.user} → {self.call}"


class SavedFilter(models.Model):
    """A member's saved search of the call list: a mail when new calls match it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_saved_filters"
    )
    name = models.CharField(_("name"), max_length=200)
    filters = models.JSONField(_("filters"), default=dict)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved funding filter")
        verbose_name_plural = _("saved funding filters")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class DeadlineReminder(models.Model):
    """The log of deadline reminders: one per member and deadline, ever."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deadline = models.ForeignKey(
        "funding.FundingDeadline", on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "deadline"], name="funding_remind_once")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.deadline_id}"


class FilterMatch(models.Model):
    """The log of new-call alerts: a saved filter tells about each call once."""

    saved_filter = models.ForeignKey(SavedFilter, on_delete=models.CASCADE, related_name="matches")
    call = models.ForeignKey("funding.FundingCallPage", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_filter", "call"], name="funding_match_once")
        ]

    def __str__(self):
        return f"{self.saved_filter_id} · {self.call_id}"
