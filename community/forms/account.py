"""Forms of the member's own account pages (allauth's forms cover sign-up, login, e-mail and
password)."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from community.forms.interests import interests_field
from community.models import Profile, StakeholderType
from hub.outbox.language import current as current_language

User = get_user_model()


class ProfileForm(forms.ModelForm):
    """The member's name (kept on the user) and their profile, saved together."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=User._meta.get_field("first_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=User._meta.get_field("last_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    stakeholder_type = forms.ChoiceField(
        label=_("I am involved as"),
        # The opt-out last, after the answers (and chosen when nothing is saved).
        choices=[*StakeholderType.choices, ("", _("Prefer not to say"))],
        required=False,
        widget=forms.RadioSelect,
    )

    interests = interests_field()
    language = forms.ChoiceField(
        label=_("Language of your e-mails"),
        help_text=_(
            "The hub writes to you in this language: event mails, working-group announcements "
            "and funding alerts."
        ),
        choices=(),  # the site's languages, each named in its own language (__init__)
        required=False,  # not sent: the site's default language
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    class Meta:
        model = Profile
        fields = ["organisation", "country", "stakeholder_type", "interests", "language"]
        labels = {"organisation": _("Organisation"), "country": _("Country")}
        help_texts = {"organisation": _("The biobank, institute or company you work for.")}
        widgets = {
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    field_order = [
        "first_name",
        "last_name",
        "organisation",
        "country",
        "stakeholder_type",
        "interests",
        "language",
    ]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault("initial", {}).update(
            first_name=user.first_name, last_name=user.last_name
        )
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]
        # Nothing chosen yet: the language they read the site in now.
        language.initial = self.instance.language or current_language()
        self.initial["language"] = language.initial
        country = self.fields["country"]
        country.choices = [("", _("Choose a country")), *countries]
        country.widget.attrs["autocomplete"] = "country"

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.user = self.user
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        if commit:
            with transaction.atomic():
                self.user.save(update_fields=["first_name", "last_name"])
                profile.save()
                self.save_m2m()  # the interests: save(commit=False) above leaves them out
        return profile


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be deleted for good."),
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password")
        return password
