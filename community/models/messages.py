"""Messages written to someone through the hub's contact forms: to a contact person (Person), a
biobank (Biobank) or a partner (funding.PartnershipListing).

One table holds them all; the recipient is a generic relation (funding depends on community,
not the reverse). Each is stored before it is mailed (community.services.contact), kept so that
it can be mailed again when the mail server failed (``manage.py resend_failed_mails``) and so
staff can see it, and deleted after CONTACT_MESSAGE_RETENTION_DAYS
(``manage.py purge_contact_messages``).

A model that can be written to declares how (see `community.services.contact.Contactable`) and
a ``contact_messages = GenericRelation(ContactMessage, ...)``, so its messages go with it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMessageQuerySet(models.QuerySet):
    def to_kind(self, model):
        """The messages written to any instance of `model` (Person, Biobank...)."""
        return self.filter(target_type=ContentType.objects.get_for_model(model))

    def to(self, target):
        """The messages written to `target`."""
        return self.to_kind(type(target)).filter(target_id=target.pk)

    def mail_failed(self):
        return self.filter(mail_failed_at__isnull=False)


class ContactMessage(models.Model):
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("recipient's id"))
    target = GenericForeignKey("target_type", "target_id")
    # The member who wrote it, where the form needs an account (partners): their data export and
    # erasure find the message through it.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    sent_to = models.EmailField(
        _("sent to"),
        max_length=254,
        help_text=_("The recipient's address when the message was written (never shown)."),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    mail_failed_at = models.DateTimeField(
        _("mail failed"),
        null=True,
        blank=True,
        help_text=_(
            "When the mail could not be sent; empty once it went (manage.py resend_failed_mails)."
        ),
    )

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.name} → {self.target}"


def contact_messages_relation(related_query_name: str) -> GenericRelation:
    """The ``contact_messages`` field of a model that can be written to (deleted with it)."""
    return GenericRelation(
        ContactMessage,
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name=related_query_name,
    )
