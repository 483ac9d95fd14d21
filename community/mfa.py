"""Two-factor sign-in before the Wagtail admin opens (settings.HUB_REQUIRE_MFA_FOR_STAFF).

allauth.mfa does the rest: the setup pages, the code at login, recovery codes, security keys.
Members may turn it on from their account; everyone who can reach /admin/ (editors, moderators,
event organisers, superusers) must. Such a user is sent

- to set up an authenticator app, when they have none;
- to give a code, when this session was signed in without one (Wagtail's own /admin/login/
  form checks the password only, and a session from before the authenticator was added).
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib import messages
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Recovery codes only stand in for one of these, never alone.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def may_reach_admin(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def session_passed_second_factor(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class AdminRequiresMFAMiddleware:
    """After authentication, messages and allauth's AccountMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "HUB_REQUIRE_MFA_FOR_STAFF", True)
            and request.path_info.startswith(reverse("wagtailadmin_home"))
            and request.path_info != reverse("wagtailadmin_logout")
            and may_reach_admin(request.user)
        ):
            if not Authenticator.objects.filter(
                user_id=request.user.pk, type__in=SECOND_FACTORS
            ).exists():
                messages.warning(request, _(
                    "Two-factor sign-in is required for the administration. Set up an "
                    "authenticator app (after confirming your password), then open the "
                    "administration again."
                ))
                return redirect("mfa_activate_totp")
            if not session_passed_second_factor(request):
                messages.info(request, _(
                    "Two-factor sign-in is required for the administration: enter a code "
                    "from your authenticator app."
                ))
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)


@receiver(authenticator_added)
def _count_setup_as_second_factor(sender, request, user, authenticator, **kwargs):
    """Adding an authenticator took a valid code from it: this session has shown the second
    factor, and the admin opens without asking for another code at once."""
    if request is not None and getattr(request, "user", None) == user:
        record_authentication(request, user, "mfa", id=authenticator.pk,
                              type=authenticator.type, added=True)
