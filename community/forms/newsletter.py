from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from community.newsletter import CONSENT_TEXT, normalise_email


class NewsletterSignupForm(forms.Form):
    """E-mail address plus the required consent; the checkbox label is the stored wording."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, like name@example.org."),
        },
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        required=True,
        error_messages={
            "required": _("Tick the box to agree, otherwise we cannot send you the newsletter."),
        },
    )

    def __init__(self, *args, privacy_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            # Rendered as the checkbox's help text, so it is announced with it.
            self.fields["consent"].help_text = format_html(
                '<a href="{}">{}</a>', privacy_url, _("Read the privacy notice")
            )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])
