"""What a working group's members share with each other: announcements from the coordinators
(kept on the group's members area, mailed to members through the outbox, each member able to
opt out per group) and documents members add to the group's library (reviewed by a coordinator
when the group wants it). Members-only like the rest of the members area."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GroupAnnouncement(models.Model):
    group = models.ForeignKey(
        "community.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("working group"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("posted by"),
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    # Set when its mails were queued (once: posting twice never mails twice).
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("group announcement")
        verbose_name_plural = _("group announcements")

    def __str__(self):
        return self.title


class GroupMailOptOut(models.Model):
    """A member who gets no announcement mails from this group (they still see them there)."""

    group = models.ForeignKey(
        "community.WorkingGroupPage", on_delete=models.CASCADE, related_name="mail_opt_outs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_mail_opt_outs"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_opt_out_per_group_user")
        ]
        verbose_name = _("announcement opt-out")
        verbose_name_plural = _("announcement opt-outs")

    def __str__(self):
        return f"{self.user} × {self.group}"


class SharedDocument(models.Model):
    """A document a member added to the group's library (a Wagtail document in the group's
    collection); shown to members once approved (at once when the group needs no review)."""

    group = models.ForeignKey(
        "community.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="shared_documents",
        verbose_name=_("working group"),
    )
    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="shared_in_group",
        verbose_name=_("document"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shared by"),
    )
    created_at = models.DateTimeField(_("shared"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("shared document")
        verbose_name_plural = _("shared documents")

    def __str__(self):
        return self.document.title
