"""allauth's account adapter for the hub (settings.ACCOUNT_ADAPTER).

allauth's mails (sign-up confirmation, password reset, login codes, notices...) go through the
outbox (hub.outbox) like every other mail: a sign-up, a login or a password reset never waits on
the mail server nor fails with it; the worker sends the mail, retries a failure, and staff see
and resend what failed for good (Settings → Outgoing mail).
"""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from community.services.mail import organisation_name


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates read as `current_site`."""

    name: str
    domain: str

    def __str__(self):
        return self.domain


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """allauth's, and the new member's language: the one of the page they signed up on
        (/nl/accounts/signup/ → Dutch), in which their mails are written; changed in My
        account."""
        user = super().save_user(request, user, form, commit=commit)
        if commit and user.pk:
            from community.models import Profile
            from hub.outbox.language import current

            Profile.objects.update_or_create(user=user, defaults={"language": current()})
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's DefaultAccountAdapter.send_mail, with the mail put in the outbox (sent by
        the worker once the request's transaction commits) instead of sent here."""
        from django.contrib.sites.shortcuts import get_current_site

        from hub import outbox

        request = allauth_context.request or self.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        outbox.queue(message, kind=f"account.{template_prefix.rsplit('/', 1)[-1]}")

    # The links allauth puts in its mails, made from the request's host.
    MAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """allauth's notices ("your password is changed"...), greeting the member by name."""
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email=email
        )

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's mails, in the site's words (templates/account/email/, mfa/email/): they
        name the site (`current_site.name`, the organisation name of the site settings) and
        sign with its address (`site_url`); notices link to the password reset
        (`password_reset_url`). Without django.contrib.sites allauth would name the request's
        host: here the host is HUB_BASE_URL's, and the mail's links are on HUB_BASE_URL, like
        every other mail's."""
        from django.urls import reverse

        from hub.base_url import absolute, host, rebase

        request = allauth_context.request or self.request
        context = {
            "password_reset_url": absolute(reverse("account_reset_password")),
            **context,
            "current_site": MailSite(organisation_name(request), host()),
            "site_url": absolute("/"),
        }
        for key in self.MAIL_LINKS:
            if isinstance(context.get(key), str):
                context[key] = rebase(context[key])
        return super().render_mail(template_prefix, email, context, headers)
