"""The log of the messages organisers sent to an event's registrants (events/organising.py
`send_message`): what was sent, to which audience, by whom and when, and to how many people."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserMessage(models.Model):
    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.CASCADE,
        related_name="organiser_messages",
        verbose_name=_("event"),
    )
    # The audience's key (organising.audiences) and its label as shown when sent: a workshop
    # renamed later still reads as it did.
    audience = models.CharField(_("audience"), max_length=300)
    audience_label = models.CharField(_("sent to"), max_length=400)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    # The confirm form's token: a second submit of the same form sends nothing.
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("organiser message")
        verbose_name_plural = _("organiser messages")

    def __str__(self):
        return self.subject
