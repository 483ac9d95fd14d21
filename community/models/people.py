from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


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


class PersonMessage(models.Model):
    """A message sent to a Person through the contact form, kept so that it can be mailed again
    when the mail server failed (``manage.py resend_failed_mails``) and so staff can see it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="messages"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), max_length=254)
    message = models.TextField(_("message"))
    mail_failed_at = models.DateTimeField(
        _("mail failed"),
        null=True,
        blank=True,
        help_text=_("When the mail could not be sent; empty once it went."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.name} → {self.person}"
