"""allauth's account adapter for the hub (settings.ACCOUNT_ADAPTER).

A mail server that is down never turns a sign-up, a login or a password reset into a server
error: the account is stored, the failure is logged, and the page says the e-mail could not be
sent (the "Confirmation e-mail sent" message is replaced, and the "check your inbox" pages read
the session flag below). Signing in again sends a new verification link: the address's
cool-down (ACCOUNT_EMAIL_CONFIRMATION_COOLDOWN) is lifted when a send fails.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django.contrib import messages
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# True while the last account mail of this session could not be sent.
MAIL_FAILED_SESSION_KEY = "account_mail_failed"
SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request or self.request
        try:
            super().send_mail(template_prefix, email, context)
        except Exception:  # SMTP down, refused, timed out...: the account itself is stored.
            logger.exception("Accounts: could not send the %s mail", template_prefix)
            if request is not None:
                request.hub_account_mail_failed = True
                if hasattr(request, "session"):
                    request.session[MAIL_FAILED_SESSION_KEY] = True
                # The link was never sent: let the next sign-in send one at once.
                ratelimit.clear(request, action="confirm_email", key=email.lower())
        else:
            if request is not None and hasattr(request, "session"):
                request.session.pop(MAIL_FAILED_SESSION_KEY, None)

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        if message_template == SENT_MESSAGE and getattr(request, "hub_account_mail_failed", False):
            level = messages.ERROR
            message_template = None
            message = _(
                "We could not send the e-mail to %(email)s just now. Your account is saved: "
                "sign in again in a few minutes and we will send a new link."
            ) % {"email": (message_context or {}).get("email", "")}
        super().add_message(request, level, message_template, message_context, extra_tags, message)
