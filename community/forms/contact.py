"""The form through which a visitor writes to a contact person (community.Person)."""

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
        help_text=_("So that they can answer you. We do not send you a copy of your message."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address, so that they can answer you."),
            "invalid": _("Enter a valid e-mail address, like name@example.org."),
        },
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
