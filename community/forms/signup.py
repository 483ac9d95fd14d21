"""allauth's sign-up form (settings.ACCOUNT_FORMS["signup"]) with an even answer time."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # With ACCOUNT_PREVENT_ENUMERATION allauth creates nobody for a known address, so the
            # answer came ~3x faster than a real sign-up's, which hashes the password. Hash it
            # here too (and throw it away): both answers cost the same.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
