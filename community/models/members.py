from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class StakeholderType(models.TextChoices):
    BIOBANK = "biobank", _("Biobank or collection")
    RESEARCHER = "researcher", _("Researcher")
    COMPANY = "company", _("Company")
    PATIENT = "patient", _("Patient or participant representative")
    POLICYMAKER = "policymaker", _("Policymaker")
    FUNDER = "funder", _("Funder")
    OTHER = "other", _("Other")


class Profile(models.Model):
    """What a member tells the community about themselves; the name lives on the user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    stakeholder_type = models.CharField(
        _("I am involved as"), max_length=20, choices=StakeholderType.choices, blank=True
    )
    interests = models.ManyToManyField(
        "community.Topic",
        blank=True,
        related_name="interested_profiles",
        verbose_name=_("topics of interest"),
    )
    # The language of the member's mails (set at sign-up from the page's language, changed in
    # My account); blank: the site default.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.email
