"""allauth's account forms in the site's words (settings.ACCOUNT_FORMS).

allauth labels its fields "Email", "Remember Me", "New Password"... and repeats each label as a
placeholder. These subclasses keep allauth's fields, checks and flows and only reword them:
"E-mail address", "Keep me logged in", sentence case, no placeholders (a label says it; a
placeholder that repeats it only disappears while typing). The sign-up form also asks for the
member's name, which allauth's adapter stores on the user (first_name, last_name).
"""

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

User = get_user_model()

EMAIL_LABEL = _("E-mail address")


def _reword(form, labels: dict) -> None:
    """Give the fields in `labels` the site's label and drop allauth's placeholders."""
    for name, field in form.fields.items():
        if name in labels:
            field.label = labels[name]
        field.widget.attrs.pop("placeholder", None)
    # allauth hints "Forgot your password?" as a link in the password field's help text, which
    # the form template puts before the input (Tab would reach the link first): the pages
    # give that link once, after the form.
    for name in ("password", "oldpassword"):
        if name in form.fields:
            form.fields[name].help_text = ""


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {"login": EMAIL_LABEL, "password": _("Password"), "remember": _("Keep me logged in")},
        )
        if "remember" in self.fields:
            self.fields["remember"].help_text = _("Not on a shared computer.")


class SignupForm(allauth_forms.SignupForm):
    """Sign-up with the member's first and last name (both required), stored on the user by
    allauth's adapter (save_user reads first_name and last_name), with an even answer time."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=User._meta.get_field("first_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Enter your first name.")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=User._meta.get_field("last_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Enter your last name.")},
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {
                "email": EMAIL_LABEL,
                "password1": _("Password"),
                "password2": _("Password (again)"),
            },
        )
        self.fields["email"].help_text = _(
            "We send a link to this address to confirm it; it is also how you log in."
        )

    def clean_first_name(self):
        return self._one_line(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return self._one_line(self.cleaned_data["last_name"])

    @staticmethod
    def _one_line(value: str) -> str:
        if any(ord(character) < 32 or ord(character) == 127 for character in value):
            raise forms.ValidationError(_("Write your name on one line."), code="invalid")
        return value

    def try_save(self, request):
        if self.account_already_exists:
            # With ACCOUNT_PREVENT_ENUMERATION allauth creates nobody for a known address, so the
            # answer came ~3x faster than a real sign-up's, which hashes the password. Hash it
            # here too (and throw it away): both answers cost the same.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"email": _("New e-mail address")})


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password (again)"),
            },
        )


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"password1": _("Password"), "password2": _("Password (again)")})


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"email": EMAIL_LABEL})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"password1": _("New password"), "password2": _("New password (again)")})


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, {"password": _("Password")})
