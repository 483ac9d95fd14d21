"""The newsletter in "My account": the member's subscription, subscribing, topics, unsubscribing.

Only verified addresses count (`personal_data.verified_email_addresses`): anyone can add someone
else's address to their account, and must never see or change that person's subscription.

Subscribing here confirms at once, without the confirmation mail of the public form. Double
opt-in exists to prove that the owner of the address asked for the newsletter; a member's
verified address was proven by allauth's verification mail already, and the request comes from
their signed-in session (CSRF-protected) with the same consent box ticked as on the public form.
The consent wording (in the reader's language), its version and the time are recorded as for any
sign-up, and the welcome mail, with its unsubscribe link, still goes to the address: a session
used by someone else cannot subscribe the member silently.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import newsletter
from community.forms.interests import MemberSubscribeForm, NewsletterTopicsForm
from community.models import Subscriber
from community.personal_data import matching_any, verified_email_addresses

ACTION = "newsletter_action"  # the hidden field that says which of the section's forms was sent
SUBSCRIBE, TOPICS, UNSUBSCRIBE = "subscribe", "topics", "unsubscribe"


def subscription_address(user) -> str | None:
    """The address a member subscribes with: the primary one if verified, else the first
    verified one; None while they have none."""
    addresses = verified_email_addresses(user)
    return addresses[0] if addresses else None


def member_subscriptions(user) -> list[Subscriber]:
    """The subscriptions of the member's verified addresses: confirmed first, then by address
    (primary first)."""
    addresses = verified_email_addresses(user)
    rank = {address.lower(): n for n, address in enumerate(addresses)}
    found = Subscriber.objects.filter(matching_any("email", addresses)).prefetch_related("topics")
    return sorted(
        found, key=lambda s: (not s.is_confirmed, rank.get(s.email.lower(), len(rank)), s.email)
    )


def subscribe_at_once(email: str, topics, request=None) -> tuple[Subscriber, bool]:
    """Subscribe a verified address, confirmed now (see the module's docstring).

    Returns (subscriber, changed): an already confirmed subscription is left as it is.
    """
    email = newsletter.normalise_email(email)
    now = timezone.now()
    fields = {
        "consent_text": str(newsletter.CONSENT_TEXT),  # the wording in the reader's language
        "consent_version": newsletter.CONSENT_VERSION,
        "signed_up_at": now,
        "confirmed_at": now,
        "language": newsletter.reading_language(),
    }
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update().filter(email__iexact=email)
        subscriber = locked.first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email, **fields)
            except IntegrityError:  # a simultaneous sign-up got there first
                subscriber = locked.get()
        elif subscriber.is_confirmed:
            return subscriber, False
        else:  # a pending sign-up: this consent replaces the earlier one
            for name, value in fields.items():
                setattr(subscriber, name, value)
            subscriber.save(update_fields=list(fields))
        newsletter.set_topics(subscriber, topics)
        welcome = newsletter.build_welcome_mail(subscriber.email, request)
        newsletter.queue(welcome, kind="welcome", subscriber=subscriber)
    return subscriber, True


# --- The section on the My account page -----------------------------------------------------


def section_context(user, bound_form=None) -> dict:
    """What templates/community/account/newsletter_section.html shows; `bound_form` is a form
    that was sent with errors, shown again in place of its fresh copy."""
    subscriptions = member_subscriptions(user)
    subscriber = subscriptions[0] if subscriptions else None
    if subscriber is None:
        status = "none"
    else:
        status = "subscribed" if subscriber.is_confirmed else "pending"
    context = {
        "newsletter": {
            "status": status,
            "email": subscriber.email if subscriber else None,
            "topics": list(subscriber.topics.all()) if subscriber else [],
        },
        "subscribe_address": subscription_address(user),
        "action_field": ACTION,
    }
    if status == "subscribed":
        context["topics_form"] = (
            bound_form
            if isinstance(bound_form, NewsletterTopicsForm)
            and not isinstance(bound_form, MemberSubscribeForm)
            else _topics_form(initial={"topics": subscriber.topics.all()})
        )
    else:
        context["subscribe_form"] = (
            bound_form if isinstance(bound_form, MemberSubscribeForm) else _subscribe_form()
        )
    return context


def _topics_form(data=None, **kwargs):
    return NewsletterTopicsForm(data, auto_id="newsletter-topics-%s", **kwargs)


def _subscribe_form(data=None):
    return MemberSubscribeForm(data, auto_id="newsletter-subscribe-%s")


@dataclass
class Outcome:
    """What a POST did: `form` is set when it was refused (show it again, status 400)."""

    form: object = None


def act(request) -> Outcome:
    """Carry out the section's form that was sent, with a message saying what happened."""
    action = request.POST.get(ACTION)
    handler = {SUBSCRIBE: _subscribe, TOPICS: _change_topics, UNSUBSCRIBE: _unsubscribe}.get(action)
    if handler is None:
        messages.error(request, _("Nothing was changed: the form sent was not recognised."))
        return Outcome()
    return handler(request)


def _subscribe(request) -> Outcome:
    address = subscription_address(request.user)
    if address is None:
        messages.error(request, _("Verify your e-mail address first, then subscribe here."))
        return Outcome()
    form = _subscribe_form(request.POST)
    if not form.is_valid():
        return Outcome(form)
    _subscriber, changed = subscribe_at_once(address, form.cleaned_data["topics"], request)
    if changed:
        messages.success(
            request, _("You are subscribed to the newsletter at %(email)s.") % {"email": address}
        )
    else:
        messages.info(request, _("You were already subscribed: nothing was changed."))
    return Outcome()


def _change_topics(request) -> Outcome:
    subscriptions = [s for s in member_subscriptions(request.user) if s.is_confirmed]
    if not subscriptions:
        messages.error(request, _("You are not subscribed to the newsletter."))
        return Outcome()
    form = _topics_form(request.POST)
    if not form.is_valid():
        return Outcome(form)
    newsletter.set_topics(subscriptions[0], form.cleaned_data["topics"])
    if form.cleaned_data["topics"]:
        messages.success(request, _("Saved: you will hear about the topics you chose."))
    else:
        messages.success(request, _("Saved: you will hear about everything."))
    return Outcome()


def _unsubscribe(request) -> Outcome:
    # Every subscription of the member's verified addresses: "stop the newsletter to me".
    addresses = verified_email_addresses(request.user)
    deleted, _by_model = Subscriber.objects.filter(matching_any("email", addresses)).delete()
    if deleted:
        messages.success(request, _("You have unsubscribed from the newsletter."))
    else:
        messages.info(request, _("You were not subscribed: nothing was changed."))
    return Outcome()
