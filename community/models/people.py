from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from community.models.messages import contact_messages_relation


class Person(index.Indexed, models.Model):
    """A contact person, shown by name (or role), role and organisation.

    The e-mail address is only used to forward messages sent through the contact form:
    it is never printed in a page.
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

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

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
