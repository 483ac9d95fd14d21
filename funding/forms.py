"""Forms of the public site: submitting a listing, contacting a partner, renewing a listing,
saving a filter of the call list."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.forms.contact import ContactForm
from community.models import Biobank, Topic
from funding.models import PartnershipListing
from funding.models.partnerships import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS
from hub.forms_rendering import DateInput, replace_dashes

MAX_ID = 2**63 - 1  # the largest primary key the database can hold (BigAutoField)


class IdsField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids beyond MAX_ID before they reach the database: its
    `pk__in` query is not guarded against integer overflow, and SQLite and PostgreSQL fail
    on such a number (a forged "topics=99999999999999999999" was a server error)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                too_large = abs(int(pk)) > MAX_ID
            except (TypeError, ValueError):
                continue  # not a number: Django's own check refuses it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


RENEWAL_CHOICES = [(90, _("Three months")), (180, _("Six months")), (365, _("One year"))]


def _one_line(value: str) -> str:
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        raise forms.ValidationError(_("Write this on one line."), code="control_characters")
    return value


class ListingForm(forms.ModelForm):
    """What a member fills in at /partnerships/submit/ (an editor reviews it before it shows)."""

    class Meta:
        model = PartnershipListing
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "organisation_name",
            "organisation_type",
            "sector",
            "country",
            "resources",
            "topics",
            "biobanks",
            "trl",
            "commercial_use",
            "commercial_terms",
            "contact_role",
            "contact_email",
            "expires_on",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "commercial_terms": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.CheckboxSelectMultiple,
            "biobanks": forms.CheckboxSelectMultiple,
            "commercial_use": forms.RadioSelect,
            "expires_on": DateInput,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        field_classes = {"topics": IdsField, "biobanks": IdsField}
        error_messages = {
            "kind": {"required": _("Choose whether you offer or seek something.")},
            "title": {"required": _("Give your listing a title.")},
            "summary": {"required": _("Summarise your listing in a sentence or two.")},
            "description": {"required": _("Describe what you offer or seek.")},
            "resources": {"required": _("Tick at least one thing you offer or seek.")},
            "organisation_type": {"required": _("Choose the type of your organisation.")},
            "sector": {"required": _("Choose your sector.")},
            "organisation_name": {"required": _("Give the name of your organisation.")},
            "commercial_use": {"required": _("Choose whether commercial use is possible.")},
            "contact_role": {"required": _("Give the role of the person who answers.")},
            "contact_email": {"required": _("Give the address where messages should go.")},
            "expires_on": {
                "required": _("Give the date until which the listing runs."),
                "invalid": _("Enter a date, like 2027-03-31."),
            },
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "listing-%s")
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["biobanks"].queryset = Biobank.objects.filter(withdrawn=False).order_by("name")
        self.fields["biobanks"].help_text = _(
            "Tick the biobanks of the catalogue this listing offers or asks for."
        )
        self.fields["kind"].choices = self.fields["kind"].choices[1:]  # no empty radio
        replace_dashes(
            self,
            {
                "organisation_type": _("Choose a type of organisation"),
                "sector": _("Choose a sector"),
                "country": _("Choose a country"),
                "trl": _("Choose a level"),
            },
        )
        if self.instance._state.adding:
            # Nothing commercial chosen for the member (the model's default is "negotiable"),
            # and the listing runs for the default period unless they say otherwise.
            if "commercial_use" not in kwargs.get("initial", {}):
                self.initial.pop("commercial_use", None)
                self.fields["commercial_use"].initial = None
            self.fields["expires_on"].help_text = _(
                "The listing is shown until this date, at most a year from today."
            )
            today = timezone.localdate()
            expires_on = self.fields["expires_on"]
            expires_on.initial = today + timedelta(days=DEFAULT_EXPIRY_DAYS)
            expires_on.widget.attrs.update(
                min=today.isoformat(), max=(today + timedelta(days=MAX_EXPIRY_DAYS)).isoformat()
            )
        for name in ("title", "organisation_name", "contact_role"):
            self.fields[name].validators.append(_one_line)


class ContactPartnerForm(ContactForm):
    email_help_text = _(
        "The partner answers you at this address. Signed-in members get a copy at a verified "
        "address."
    )

    organisation = None


class RenewForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Keep the listing for another"),
        coerce=int,
        choices=RENEWAL_CHOICES,
        initial=180,
        widget=forms.RadioSelect,
    )


class SaveFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Name of this alert"),
        max_length=200,
        validators=[_one_line],
        error_messages={"required": _("Give the alert a name.")},
    )
