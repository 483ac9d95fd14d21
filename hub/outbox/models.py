"""One stored e-mail and what became of it."""

import base64

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Waiting mails whose next attempt has come, and whose predecessor (if any) went."""
        now = now or timezone.now()
        return self.filter(state=OutgoingMail.State.QUEUED, next_attempt_at__lte=now).filter(
            models.Q(after__isnull=True) | models.Q(after__state=OutgoingMail.State.SENT)
        )

    def failed(self):
        return self.filter(state=OutgoingMail.State.FAILED)


class OutgoingMail(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=80, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("text"))
    content_subtype = models.CharField(max_length=20, default="plain")  # "html": an HTML-only mail
    # [[content, mimetype], ...] and [[filename, base64 content, mimetype], ...]
    alternatives = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    # Its worker stopped mid-send: it may have gone. Only a person sends it again (the admin).
    uncertain = models.BooleanField(_("may have been sent"), default=False)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # A copy that must not say "we have forwarded your message" before the message went.
    # Deleting the message deletes its copy: a copy must never go without its message.
    after = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
        verbose_name=_("sent after"),
    )
    # What the mail is about (a registration, a contact message...): its `mail_failed_at`, if it
    # has one, is set when the mail finally fails and cleared when it goes.
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    objects = MailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="hub_outbox_due"),
            # The organisers' lists, their resend and erasure look mails up by what they are about.
            models.Index(fields=["about_type", "about_id"], name="hub_outbox_about"),
        ]

    def __str__(self):
        return self.subject

    @property
    def recipients(self) -> str:
        return ", ".join(self.to + self.cc + self.bcc)

    @classmethod
    def from_message(cls, message, *, kind: str = "", about=None, after=None):
        attachments = []
        for attachment in message.attachments:
            filename, content, mimetype = attachment  # MIMEBase attachments are not used here
            data = content.encode() if isinstance(content, str) else content
            attachments.append([filename, base64.b64encode(data).decode("ascii"), mimetype])
        mail = cls(
            kind=kind,
            subject=message.subject,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            to=list(message.to),
            cc=list(message.cc),
            bcc=list(message.bcc),
            reply_to=list(message.reply_to),
            headers=dict(message.extra_headers),
            body=message.body,
            content_subtype=message.content_subtype,
            alternatives=[[content, mimetype] for content, mimetype in message.alternatives]
            if hasattr(message, "alternatives")
            else [],
            attachments=attachments,
            after=after,
        )
        if about is not None:
            mail.about_type = ContentType.objects.get_for_model(about)
            mail.about_id = str(about.pk)
        return mail

    def as_message(self, connection=None) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email,
            to=self.to,
            cc=self.cc,
            bcc=self.bcc,
            reply_to=self.reply_to,
            headers=self.headers,
            connection=connection,
        )
        message.content_subtype = self.content_subtype
        for content, mimetype in self.alternatives:
            message.attach_alternative(content, mimetype)
        for filename, data, mimetype in self.attachments:
            content = base64.b64decode(data)
            if mimetype.startswith("text/"):
                content = content.decode()
            message.attach(filename, content, mimetype)
        return message
