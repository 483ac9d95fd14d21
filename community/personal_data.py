"""Personal data: how every app takes part in "download my data" and "delete my account".

How an app takes part (a hook, plus the two functions it needs)
---------------------------------------------------------------
The Wagtail hook ``hub_personal_data`` returns one `Section`; an app declares it in its
``wagtail_hooks.py`` (the functions usually live in the app's ``personal_data.py``)::

    # events/wagtail_hooks.py
    @hooks.register("hub_personal_data", order=50)
    def event_registrations_data():
        return Section(
            "event_registrations", _("Your event registrations"),
            export=personal_data.export, erase=personal_data.erase,
        )

- ``key`` names the section in the download; keys are unique.
- ``export(user)`` returns anything ``DjangoJSONEncoder`` can write (dicts, lists, strings,
  dates, lazy translations); it ends up under the section's key in the download. Never
  include secrets (password hashes, tokens, keys).
- ``erase(user)`` deletes or anonymises what the app holds on the user. It runs inside the
  account-deletion transaction, *before* the user row is deleted, so it can still follow the
  user's relations and e-mail addresses. Rows that cascade from the user need no eraser, but
  an explicit one documents the intent. Content the user authored for the site (Wagtail pages,
  documents) is not personal data to erase: its owner link is set to NULL when the user goes.
- Either function may be omitted; the description is shown to members on the download and
  delete pages, so write it for them.

Sections are exported and erased by the hook's `order` (community 10–40, events 50, funding
60). The community app's own exporters and erasers are at the end of this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks

from hub import outbox
from hub.base_url import absolute

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class Section:
    key: str
    description: str
    export: Exporter | None = None
    erase: Eraser | None = None


HOOK = "hub_personal_data"


def sections() -> list[Section]:
    """The declared sections, in hook order."""
    return [hook() for hook in hooks.get_hooks(HOOK)]


def export_user_data(user) -> dict:
    """Everything the hub holds on `user`, as a JSON-ready dict (see DjangoJSONEncoder)."""
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "site": settings.WAGTAIL_SITE_NAME,
    }
    for section in sections():
        if section.export is not None:
            data[section.key] = section.export(user)
    return data


def delete_user_and_data(user) -> None:
    """Run every section's eraser, then delete the user, all in one transaction."""
    with transaction.atomic():
        for section in sections():
            if section.erase is not None:
                section.erase(user)
        user.delete()  # EmailAddress rows cascade; Page.owner etc. are set to NULL


def verified_email_addresses(user) -> list[str]:
    """The addresses the user has shown they own: verified ones, primary first.

    Only these may pull in data keyed by e-mail (newsletter subscriptions): anyone can *add*
    someone else's address to their account, so unverified addresses must never let them see
    or erase that person's data. `user.email` counts when allauth has no record of it at all
    (accounts made with createsuperuser or in the admin).
    """
    from allauth.account.models import EmailAddress

    rows = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    result = [row.email for row in rows if row.verified]
    known = {row.email.lower() for row in rows}
    if user.email and user.email.lower() not in known:
        result.insert(0, user.email)
    return result


def matching_any(field: str, addresses: list[str]) -> Q:
    """A case-insensitive `field` IN `addresses` filter (never matches when empty)."""
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


# --- The community app's own sections -------------------------------------------------------


def export_account(user) -> dict:
    from allauth.account.models import EmailAddress

    from community.models import Profile

    profile = Profile.objects.filter(user=user).first()
    return {
        # Never the password (hash) or any other secret.
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_staff": user.is_staff,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "profile": None
        if profile is None
        else {
            "organisation": profile.organisation,
            "country": {"code": profile.country.code, "name": profile.country.name}
            if profile.country
            else None,
            "stakeholder_type": {
                "code": profile.stakeholder_type,
                "label": profile.get_stakeholder_type_display(),
            }
            if profile.stakeholder_type
            else None,
            "interests": [topic.name for topic in profile.interests.all()],
            # The language of the member's mails; none chosen: the site's default.
            "language": _language(profile.language),
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
        },
    }


def _language(code: str) -> dict | None:
    """A stored language code with its name in the reader's language ("nl" → "Dutch")."""
    if not code:
        return None
    names = dict(settings.LANGUAGES)
    return {"code": code, "name": str(names.get(code, code))}


def erase_account(user) -> None:
    from community.models import Profile

    # The user row itself (and its EmailAddress rows) is deleted by delete_user_and_data().
    # The profile's interests (topic links) go with it; the topics themselves are the site's.
    Profile.objects.filter(user=user).delete()
    # Mails to the member still held in the outbox (sent, waiting or failed) go too.
    outbox.forget_addresses(verified_email_addresses(user))


def export_newsletter(user) -> list[dict]:
    from community.models import Subscriber

    subscribers = Subscriber.objects.filter(matching_any("email", verified_email_addresses(user)))
    return [
        {
            "email": subscriber.email,
            "status": "subscribed" if subscriber.is_confirmed else "pending confirmation",
            "signed_up_at": subscriber.signed_up_at,
            "confirmed_at": subscriber.confirmed_at,
            "consent_version": subscriber.consent_version,
            "consent_text": subscriber.consent_text,
            # None chosen: every newsletter.
            "topics": [topic.name for topic in subscriber.topics.all()],
            "language": subscriber.language,
        }
        for subscriber in subscribers.order_by("email").prefetch_related("topics")
    ]


def erase_newsletter(user) -> None:
    from community.models import Subscriber

    # Their chosen topics (links) go with the rows.
    Subscriber.objects.filter(matching_any("email", verified_email_addresses(user))).delete()


def _contact_messages(user, kind):
    """The messages sent from the user's verified addresses to people or biobanks (`kind`)."""
    from community.models import ContactMessage

    return (
        ContactMessage.objects.to_kind(kind)
        .filter(matching_any("email", verified_email_addresses(user)))
        .prefetch_related("target")
        .order_by("created_at", "pk")
    )


def export_contact_messages(user) -> dict:
    from community.models import Biobank, Person

    return {
        "to_people": [
            {
                "to": stored.target.name,
                "name": stored.name,
                "email": stored.email,
                "message": stored.message,
                "sent_at": stored.created_at,
            }
            for stored in _contact_messages(user, Person)
        ],
        "to_biobanks": [
            {
                "to": stored.target.name,
                "name": stored.name,
                "email": stored.email,
                "organisation": stored.organisation,
                "message": stored.message,
                "sent_at": stored.created_at,
            }
            for stored in _contact_messages(user, Biobank)
        ],
    }


def erase_contact_messages(user) -> None:
    from community.models import Biobank, ContactMessage, Person

    for kind in (Person, Biobank):
        messages = _contact_messages(user, kind)
        outbox.mails_about(ContactMessage, messages).delete()  # the mails carry the text too
        messages.delete()


# --- Working groups (community/models/groups.py) ----------------------------------------------


def export_working_groups(user) -> dict:
    from community.models import JoinRequest, WorkingGroupPage

    coordinated = set(user.coordinated_working_groups.values_list("pk", flat=True))
    return {
        "memberships": [
            {
                "working_group": group_page.title,
                "url": absolute(group_page.url or "/"),
                "coordinator": group_page.pk in coordinated,
            }
            for group_page in WorkingGroupPage.objects.filter(group__user=user).order_by("title")
        ],
        "join_requests": [
            {
                "working_group": join_request.group_page.title,
                "motivation": join_request.motivation,
                "status": join_request.status,
                "requested_at": join_request.created_at,
                "decided_at": join_request.decided_at,
                "reason_given": join_request.reason,
            }
            for join_request in JoinRequest.objects.filter(user=user)
            .select_related("group_page")
            .order_by("created_at", "pk")
        ],
    }


def erase_working_groups(user) -> None:
    from community.models import JoinRequest, WorkingGroupPage

    # Memberships (auth-group rows) and coordinator links would cascade with the user row;
    # removed explicitly to document the intent. Old page revisions that still name the user as
    # a coordinator are harmless: unknown users are dropped when a revision is restored.
    JoinRequest.objects.filter(user=user).delete()
    WorkingGroupPage.coordinators.through.objects.filter(user=user).delete()
    user.groups.remove(*user.groups.filter(working_group__isnull=False))
