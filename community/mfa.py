"""Two-factor sign-in: required for everyone who can reach the Wagtail admin, and never
skipped by anyone who has set it up (settings.HUB_REQUIRE_MFA_FOR_STAFF).

allauth.mfa does the rest: the setup pages, the code at login, recovery codes, security keys.
Members may turn it on from their account; everyone who can reach /admin/ (editors, moderators,
event organisers, superusers) must. On every path, not only /admin/ (a superuser passes every
view restriction, a moderator sees unmoderated listings):

- a signed-in user who has an authenticator but whose session never gave a code (Wagtail's own
  /admin/login/ form checks the password only; a session from before the authenticator was
  added) is sent to give one, and may do nothing else meanwhile: not remove the authenticator
  and add their own, not read members-only pages;
- a user who may reach the admin and has no authenticator is sent to set one up, and may use
  only the account pages (the setup asks for the password again) until then.
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

# Until a required authenticator is set up, only these pages open (setup, password, e-mail).
ACCOUNT_PAGES = "/accounts/"
# Recovery codes only stand in for one of these, never alone.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def may_reach_admin(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def session_passed_second_factor(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


class AdminRequiresMFAMiddleware:
    """After authentication, messages and allauth's AccountMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refusal(self, request):
        path = request.path_info
        if path in _always_open():
            return None
        if has_second_factor(request.user):
            if session_passed_second_factor(request) or path in _code_pages():
                return None
            messages.info(
                request, _("Please confirm it is you: enter a code from your authenticator app.")
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        if (
            getattr(settings, "HUB_REQUIRE_MFA_FOR_STAFF", True)
            and may_reach_admin(request.user)
            and not path.startswith(ACCOUNT_PAGES)
        ):
            messages.warning(
                request,
                _(
                    "Two-factor sign-in is required for everyone who can open the administration. "
                    "Set up an authenticator app (after confirming your password), then open the "
                    "administration again."
                ),
            )
            return redirect("mfa_activate_totp")
        return None


def _always_open() -> set[str]:
    return {reverse("account_logout"), reverse("wagtailadmin_logout")}


def _code_pages() -> set[str]:
    """Where a session that has not given its code yet may go: to give it."""
    return {
        reverse("mfa_reauthenticate"),
        reverse("mfa_reauthenticate_webauthn"),
        reverse("mfa_authenticate"),
    }


@receiver(authenticator_added)
def _count_setup_as_second_factor(sender, request, user, authenticator, **kwargs):
    """Adding a first authenticator took a valid code from it: this session has shown the
    second factor, and the admin opens without asking for another code at once. (A session
    that had to give a code first could not reach the setup pages: see the middleware.)"""
    first = (
        not Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS)
        .exclude(pk=authenticator.pk)
        .exists()
    )
    if first and request is not None and getattr(request, "user", None) == user:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, added=True
        )
