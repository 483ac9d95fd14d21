"""Forms of the public site: submitting a listing, contacting a partner, renewing a listing,
saving a filter of the call list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms.contact import ContactForm
from community.models import Biobank, Topic
from funding.models import PartnershipListing

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
            "biobanks": forms.SelectMultiple(attrs={"size": 8}),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        field_classes = {"topics": IdsField, "biobanks": IdsField}
        error_messages = {
            "title": {"required": _("Give your listing a title.")},
            "summary": {"required": _("Summarise your listing in a sentence or two.")},
            "description": {"required": _("Describe what you offer or seek.")},
            "resources": {"required": _("Tick at least one thing you offer or seek.")},
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
        self.fields["biobanks"].help_text = _("Optional. Hold Ctrl (⌘ on a Mac) to choose several.")
        self.fields["kind"].choices = self.fields["kind"].choices[1:]  # no empty radio
        for name in ("title", "organisation_name", "contact_role"):
            self.fields[name].validators.append(_one_line)


class ContactPartnerForm(ContactForm):
    email_help_text = _("The partner answers you at this address; you get a copy of your message.")

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
