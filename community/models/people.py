from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from community.models.messages import contact_messages_relation


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A contact person, shown by name (or role), role and organisation.

    The e-mail address is only used to forward messages sent through the contact form:
    it is never printed in a page.

    Translatable (wagtail-localize): a Dutch or French row replaces the role; the name, photo,
    organisation and address are the English row's (a translator may override the name or the
    organisation when they are words). Pages point to the English rows and show the reader's
    translation (hub.translated_snippets).
    """

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("A person's name, or a role such as “Community coordinator”."),
    )
    role = models.CharField(_("role"), max_length=160, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(
        _("e-mail address for the contact form"),
        blank=True,
        help_text=_("Messages from the site's contact form are sent here; never shown publicly."),
    )
    contact_messages = contact_messages_relation(related_query_name="person")

    override_translatable_fields = [
        SynchronizedField("name"),
        TranslatableField("role"),
        SynchronizedField("organisation"),
        SynchronizedField("photo"),
        SynchronizedField("email", overridable=False),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("email"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def source_pk(self) -> int:
        """The English row's id, for links (the contact form) from a translation shown."""
        return getattr(self, "_source_snippet", self).pk

    @property
    def can_be_contacted(self) -> bool:
        return bool(self.email)

    # Writing to a person (community.services.contact): one mail, no copy to the sender.
    contact_mail_templates = ("community/email/contact_message",)

    @property
    def contact_address(self) -> str:
        return self.email

    def contact_mail_context(self, request=None) -> dict:
        return {"person": self}
