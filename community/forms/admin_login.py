"""Wagtail's own sign-in form (/admin/login/, settings.WAGTAILADMIN_USER_LOGIN_FORM), held to
allauth's login limits.

Editors are sent to /accounts/login/ (WAGTAILADMIN_LOGIN_URL), but Wagtail still answers at
/admin/login/: without this form that page let anyone guess passwords without limit. It now
spends the same budgets as allauth's login page ("login" per address, "login_failed" per
address and per account), so the second door is no way around the first.
"""

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from wagtail.admin.forms.auth import LoginForm


class RateLimitedAdminLoginForm(LoginForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        adapter = get_adapter(self.request)
        if not ratelimit.consume(self.request, action="login"):
            raise adapter.validation_error("too_many_login_attempts")
        # allauth's authenticate() spends the "login_failed" budget first (and gives it back
        # on success), raising "Too many failed login attempts" once it is used up.
        self.user_cache = adapter.authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
