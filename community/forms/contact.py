"""The contact forms: one base (`ContactForm`) for writing to a contact person, a biobank or a
partner, and the form for contact people (community.Person)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


def _one_line(value: str) -> str:
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        raise ValidationError(_("Write your name on one line."), code="control_characters")
    return value


class HoneypotField(forms.CharField):
    """A field hidden from people (CSS and aria-hidden) that bots fill in. It accepts anything,
    NUL characters included: the form then passes as spam (nothing sent or stored, a pretended
    success) instead of coming back with an error on a field nobody can see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]


class ContactForm(forms.Form):
    """Name, e-mail address, organisation, message and a honeypot (``website``, rendered by
    templates/community/contact/honeypot.html).

    A subclass words the address's help text and "required" message for its recipient
    (`email_help_text`, `email_required_message`), may add a help text to the message, and
    drops the organisation with ``organisation = None`` if it does not ask for it.
    """

    email_help_text = ""
    email_required_message = _("Enter your e-mail address.")
    message_help_text = ""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        validators=[_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter a valid e-mail address, like name@example.org.")},
    )
    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        required=False,
        validators=[_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write your message."),
            "max_length": _(
                "Keep your message to %(limit_value)d characters or fewer (it has %(show_value)d)."
            ),
        },
    )
    website = HoneypotField(
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "contact-%s")
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.help_text = self.email_help_text
        email.error_messages["required"] = self.email_required_message
        self.fields["message"].help_text = self.message_help_text

    def is_spam(self) -> bool:
        """The honeypot is filled in: pretend success, store and send nothing."""
        return bool(self.cleaned_data.get("website"))

    def message_fields(self) -> dict:
        """The cleaned fields community.services.contact.send takes."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "organisation": data.get("organisation") or "",
            "message": data["message"],
        }


class PersonContactForm(ContactForm):
    """Writing to a contact person: no organisation, and no copy to the sender."""

    email_help_text = _("So that they can answer you. We do not send you a copy of your message.")
    email_required_message = _("Enter your e-mail address, so that they can answer you.")

    organisation = None
