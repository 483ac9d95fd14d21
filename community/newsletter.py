"""The newsletter: double opt-in sign-up, confirmation, unsubscribe, and the mails around them.

Views and commands call these functions; nothing here reads request data beyond what is needed
to build absolute links and find the site settings.

Tokens are signed with django.core.signing (salted per purpose, so a confirmation token cannot
be used to unsubscribe and vice versa). Confirmation tokens expire after
settings.NEWSLETTER_CONFIRMATION_DAYS; unsubscribe tokens never expire, so the link in an old
newsletter keeps working.

Mails are put in the outbox (hub.outbox) in the transaction that records the sign-up, and sent
by the worker after it commits: the pages answer without waiting for the mail server, a failed
send is retried (and shown to staff if it fails for good), and the sign-up itself is kept.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from community.models import Subscriber

# --- Consent. Change CONSENT_VERSION whenever CONSENT_TEXT changes meaning: every subscriber
# row records the wording they were shown (in their language) and this version.
CONSENT_VERSION = "2026-11-v1"
CONSENT_TEXT = _(
    "I agree to receive the community newsletter by e-mail. I can unsubscribe at any time, "
    "with the link in every newsletter. My e-mail address is handled as described in the "
    "privacy notice."
)

CONFIRM_SALT = "community.newsletter.confirm"
UNSUBSCRIBE_SALT = "community.newsletter.unsubscribe"


# --- E-mail addresses.


def normalise_email(email: str) -> str:
    """Strip spaces and lower-case the domain (the local part is, strictly, case-sensitive)."""
    email = (email or "").strip()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    return f"{local}@{domain.lower()}"


def find_subscriber(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email__iexact=normalise_email(email)).first()


# --- Tokens.


def confirmation_days() -> int:
    return settings.NEWSLETTER_CONFIRMATION_DAYS


def make_confirm_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> str | None:
    """The e-mail address in a confirmation token, or None if tampered with or expired."""
    return _read_token(token, CONFIRM_SALT, max_age=timedelta(days=confirmation_days()))


def make_unsubscribe_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> str | None:
    """The e-mail address in an unsubscribe token (these never expire), or None if tampered."""
    return _read_token(token, UNSUBSCRIBE_SALT, max_age=None)


def _read_token(token: str, salt: str, max_age) -> str | None:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return value if isinstance(value, str) and "@" in value else None


# --- Links and site details.


def absolute_url(path: str, request=None) -> str:
    """An absolute link on HUB_BASE_URL (`request` is not used: the confirmation link is the
    same whoever sends it)."""
    from hub.base_url import absolute

    return absolute(path)


def confirm_url(email: str, request=None) -> str:
    return absolute_url(reverse("newsletter_confirm", args=[make_confirm_token(email)]), request)


def unsubscribe_url(email: str, request=None) -> str:
    return absolute_url(
        reverse("newsletter_unsubscribe", args=[make_unsubscribe_token(email)]), request
    )


def site_settings(request=None):
    """The hub's SiteSettings for this request (or the default site), or None if there is none."""
    from home.models import SiteSettings

    try:
        if request is not None:
            return SiteSettings.for_request(request)
        return SiteSettings.for_site(Site.objects.filter(is_default_site=True).first())
    except SiteSettings.DoesNotExist:
        return None


def privacy_notice_url(request=None) -> str | None:
    """The link to the privacy notice page chosen in the site settings, if it is set and live."""
    found = site_settings(request)
    page = found.privacy_notice if found else None
    if page is None or not page.live:
        return None
    from hub.i18n import translation_for_reader

    return translation_for_reader(page.specific).get_url(request)


# --- Mails.


def list_unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 + RFC 8058 one-click unsubscribe headers."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _mail_context(email: str, request=None, **extra) -> dict:
    found = site_settings(request)
    return {
        "email": email,
        "organisation_name": (found.organisation_name if found else settings.WAGTAIL_SITE_NAME),
        "contact_email": found.contact_email if found else "",
        "site_url": absolute_url("/", request),
        "signup_url": absolute_url(reverse("newsletter"), request),
        "unsubscribe_url": unsubscribe_url(email, request),
        **extra,
    }


def _render_optional(template_name: str, context: dict) -> str | None:
    try:
        return render_to_string(template_name, context)
    except TemplateDoesNotExist:
        return None


def build_mail(
    to: str,
    subject: str,
    text_body: str,
    *,
    unsubscribe_link: str,
    html_body: str | None = None,
    reply_to: str = "",
) -> EmailMultiAlternatives:
    """A mail to one subscriber, with the one-click unsubscribe headers."""
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a subject is one line
        body=text_body,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers=list_unsubscribe_headers(unsubscribe_link),
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message


def build_templated_mail(name: str, email: str, request=None, **extra) -> EmailMultiAlternatives:
    """Render community/email/newsletter_<name>_subject.txt, .txt and (if present) .html."""
    context = _mail_context(email, request, **extra)
    base = f"community/email/newsletter_{name}"
    return build_mail(
        email,
        render_to_string(f"{base}_subject.txt", context),
        render_to_string(f"{base}.txt", context),
        html_body=_render_optional(f"{base}.html", context),
        unsubscribe_link=context["unsubscribe_url"],
        reply_to=context["contact_email"],
    )


def build_confirmation_mail(email: str, request=None) -> EmailMultiAlternatives:
    return build_templated_mail(
        "confirm",
        email,
        request,
        confirm_url=confirm_url(email, request),
        days=confirmation_days(),
    )


def build_already_subscribed_mail(email: str, request=None) -> EmailMultiAlternatives:
    return build_templated_mail("already_subscribed", email, request)


def build_welcome_mail(email: str, request=None) -> EmailMultiAlternatives:
    return build_templated_mail("welcome", email, request)


def build_newsletter_mail(
    subscriber: Subscriber,
    subject: str,
    text_body: str,
    *,
    html_body: str | None = None,
    request=None,
) -> EmailMultiAlternatives:
    """A newsletter issue for one confirmed subscriber: the body plus the unsubscribe footer.

    For the future newsletter sending: build one per subscriber (each has its own link) and
    send them with one connection, e.g. `get_connection().send_messages(messages)`.
    """
    context = _mail_context(subscriber.email, request)
    footer = render_to_string("community/email/newsletter_footer.txt", context)
    if html_body:
        html_body += render_to_string("community/email/newsletter_footer.html", context)
    return build_mail(
        subscriber.email,
        subject,
        f"{text_body.rstrip()}\n\n{footer}",
        html_body=html_body,
        unsubscribe_link=context["unsubscribe_url"],
        reply_to=context["contact_email"],
    )


def queue(message: EmailMultiAlternatives, *, kind: str, subscriber=None):
    """Put `message` in the outbox: the worker sends it once this transaction commits."""
    from hub import outbox

    return outbox.queue(message, kind=f"newsletter.{kind}", about=subscriber)


# --- The subscription itself.


def reading_language() -> str:
    """The language of this request (the reader's), kept so their mails can be written in it."""
    max_length = Subscriber._meta.get_field("language").max_length
    return (get_language() or "")[:max_length]


def set_topics(subscriber: Subscriber, topics) -> None:
    """Replace the subscriber's topics (none: everything)."""
    subscriber.topics.set(topics)


def sign_up(email: str, *, request=None):
    """Record a sign-up and mail the address; the caller's response must not depend on the outcome.

    New address: an unconfirmed row and a confirmation mail. Pending address: the sign-up is
    refreshed (consent, time) and the confirmation re-sent. Confirmed address: nothing changes
    and a short "you are already subscribed" mail goes out instead.
    """
    email = normalise_email(email)
    consent_text = str(CONSENT_TEXT)  # the wording in the language the reader saw
    language = reading_language()
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        consent_text=consent_text,
                        consent_version=CONSENT_VERSION,
                        signed_up_at=now,
                        language=language,
                    )
            except IntegrityError:  # a simultaneous sign-up for the same address got there first
                subscriber = Subscriber.objects.get(email__iexact=email)
        elif not subscriber.is_confirmed:
            subscriber.consent_text = consent_text
            subscriber.consent_version = CONSENT_VERSION
            subscriber.signed_up_at = now
            subscriber.language = language
            subscriber.save(
                update_fields=["consent_text", "consent_version", "signed_up_at", "language"]
            )

        if subscriber.is_confirmed:
            message = build_already_subscribed_mail(subscriber.email, request)
            kind = "already_subscribed"
        else:
            message, kind = build_confirmation_mail(subscriber.email, request), "confirm"
        queue(message, kind=kind, subscriber=subscriber)
    return subscriber


def confirm(email: str, *, request=None):
    """Confirm the sign-up for `email` (from a valid token) and send the welcome mail once.

    Returns the subscriber, or None if there is no sign-up for the address any more.
    """
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(email__iexact=normalise_email(email))
            .first()
        )
        if subscriber is None:
            return None
        if not subscriber.is_confirmed:
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["confirmed_at"])
            welcome = build_welcome_mail(subscriber.email, request)
            queue(welcome, kind="welcome", subscriber=subscriber)
    return subscriber


def unsubscribe(email: str) -> bool:
    """Remove the address from the list (its row is deleted). True if there was one."""
    deleted, _by_model = Subscriber.objects.filter(email__iexact=normalise_email(email)).delete()
    return bool(deleted)
