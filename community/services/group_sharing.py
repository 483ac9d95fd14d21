"""What a working group's members share: announcements, the group's library, its meetings.

Who may do what is decided here (and checked again by the views): coordinators and staff who
may edit the group page post announcements and review the library; members share documents,
opt out of announcement mails and subscribe to the meetings calendar. Writes run in one
transaction and queue their mails in it (hub.outbox): a mail exists exactly when what it tells
about was stored. Refusals raise `community.services.groups.GroupError` subclasses.

Links that must work without a session (the opt-out link in each mail, the calendar feed a
calendar app fetches) carry a token signed with django.core.signing's Signer (SECRET_KEY),
salted per purpose. The calendar token's signature also covers a key derived from the
member's password hash, so changing the password revokes every calendar link (as it ends
every session); leaving the group, or the account being deactivated, stops the feed at once.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from community.models import WorkingGroupMembersPage, WorkingGroupPage
from community.models.group_sharing import GroupAnnouncement, GroupMailOptOut, SharedDocument
from community.services import mail
from community.services.groups import (
    GroupError,
    GroupNotAvailable,
    InvalidText,
    NotCoordinator,
    display_name,
    is_coordinator,
    is_member,
    members,
)

OPT_OUT_SALT = "community.group_sharing.opt_out"
CALENDAR_SALT = "community.group_sharing.calendar"
# The same announcement posted again within this time (a double click, a resent form) is
# refused: members must never get the same mail twice.
DUPLICATE_WINDOW = timedelta(minutes=10)
ANNOUNCEMENT_TITLE_MAX = GroupAnnouncement._meta.get_field("title").max_length
ANNOUNCEMENT_BODY_MAX = GroupAnnouncement._meta.get_field("body").max_length


class NotAMember(GroupError):
    default_message = _("Only members of this working group can do this.")


class AlreadyPosted(GroupError):
    default_message = _("This announcement has just been posted; it was not sent again.")


class AlreadyReviewed(GroupError):
    default_message = _("This document has already been reviewed.")


# --- Who may do what ---------------------------------------------------------------------------


def can_manage(user, page: WorkingGroupPage) -> bool:
    """Coordinators, superusers and staff who may edit the group page."""
    if not user.is_authenticated or not page.pk:
        return False
    return (
        user.is_superuser
        or is_coordinator(user, page)
        or page.permissions_for_user(user).can_edit()
    )


def members_area(page: WorkingGroupPage):
    return WorkingGroupMembersPage.objects.child_of(page).live().first()


def _require_available(page: WorkingGroupPage) -> None:
    if not page.live or not page.group_id:
        raise GroupNotAvailable()


def _clean(text: str, max_length: int, empty, too_long) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidText(empty)
    if len(text) > max_length:
        raise InvalidText(too_long % {"max": max_length})
    return text


# --- Addresses and links -----------------------------------------------------------------------


def addresses(users) -> dict[int, str]:
    """Each user's first verified address (primary first), in one query: user id → address.

    As community.personal_data.verified_email_addresses, `user.email` counts when allauth has
    no record of it at all (accounts made with createsuperuser or in the admin)."""
    from allauth.account.models import EmailAddress

    users = list(users)
    rows = EmailAddress.objects.filter(user__in=users).order_by("user_id", "-primary", "email")
    found, known = {}, {}
    for row in rows:
        known.setdefault(row.user_id, set()).add(row.email.lower())
        if row.verified:
            found.setdefault(row.user_id, row.email)
    for user in users:
        if user.pk not in found and user.email and user.email.lower() not in known.get(user.pk, ()):
            found[user.pk] = user.email
    return found


def route_url(page: WorkingGroupPage, route: str, *args) -> str:
    """An absolute link to a route of the group page (mails, calendar feeds), under the prefix
    of the active language."""
    page = mail.source_page(page)
    url = (page.url or "/").rstrip("/") + "/" + page.reverse_subpage(route, args=args).lstrip("/")
    return mail.absolute_url(url)


def _sign(salt: str, value: str) -> str:
    return signing.Signer(salt=salt).signature(value)


def _token(salt: str, user, page, secret: str = "") -> str:
    """`<user id>-<page id>-<signature>`: Wagtail's page routes take only letters, digits, "_"
    and "-" in a path segment, so no django.core.signing.dumps (its ":" is refused)."""
    return f"{user.pk}-{page.pk}-{_sign(salt, f'{user.pk}-{page.pk}-{secret}')}"


def _token_user(salt: str, token: str, page, secret=lambda user: ""):
    """The active user a genuine token for `page` was made for, else None."""
    from django.contrib.auth import get_user_model

    user_id, page_id, signature = (token.split("-", 2) + ["", ""])[:3]
    if not (user_id.isdigit() and page_id.isdigit()) or int(page_id) != page.pk:
        return None
    user = get_user_model().objects.filter(pk=int(user_id), is_active=True).first()
    if user is None:
        return None
    expected = _sign(salt, f"{user.pk}-{page.pk}-{secret(user)}")
    return user if constant_time_compare(signature, expected) else None


def opt_out_token(user, page: WorkingGroupPage) -> str:
    return _token(OPT_OUT_SALT, user, page)


def user_from_opt_out_token(token: str, page: WorkingGroupPage):
    return _token_user(OPT_OUT_SALT, token, page)


# --- Announcements -----------------------------------------------------------------------------


def announcements(page: WorkingGroupPage):
    return GroupAnnouncement.objects.filter(group=page).select_related("author")


def has_opted_out(user, page: WorkingGroupPage) -> bool:
    return user.is_authenticated and GroupMailOptOut.objects.filter(group=page, user=user).exists()


def set_opted_out(user, page: WorkingGroupPage, opted_out: bool) -> None:
    """Opting out needs no membership (a former member's old link still works); opting back
    in does."""
    if opted_out:
        GroupMailOptOut.objects.get_or_create(group=page, user=user)
        return
    if not is_member(user, page):
        raise NotAMember()
    GroupMailOptOut.objects.filter(group=page, user=user).delete()


def post_announcement(user, page: WorkingGroupPage, title: str, body: str) -> GroupAnnouncement:
    """Store the announcement and queue one mail per member who has not opted out."""
    if not can_manage(user, page):
        raise NotCoordinator()
    _require_available(page)
    title = _clean(
        title,
        ANNOUNCEMENT_TITLE_MAX,
        _("Give the announcement a title."),
        _("Keep the title to %(max)d characters or fewer."),
    )
    body = _clean(
        body,
        ANNOUNCEMENT_BODY_MAX,
        _("Write the message of the announcement."),
        _("Keep the message to %(max)d characters or fewer."),
    )
    with transaction.atomic():
        # Serialises posts to this group, so two identical posts cannot both pass the check.
        WorkingGroupPage.objects.select_for_update().filter(pk=page.pk).first()
        if GroupAnnouncement.objects.filter(
            group=page, title=title, body=body, created_at__gte=timezone.now() - DUPLICATE_WINDOW
        ).exists():
            raise AlreadyPosted()
        announcement = GroupAnnouncement.objects.create(
            group=page, title=title, body=body, author=user
        )
        mail_announcement(announcement)
    return announcement


def mail_announcement(announcement: GroupAnnouncement) -> int:
    """Queue the announcement's mails unless that was done before; returns how many."""
    with transaction.atomic():
        announcement = GroupAnnouncement.objects.select_for_update().get(pk=announcement.pk)
        if announcement.mailed_at is not None:
            return 0
        page = WorkingGroupPage.objects.get(pk=announcement.group_id)
        recipients = list(members(page).exclude(group_mail_opt_outs__group=page))
        to = addresses(recipients)
        languages = mail.of_users(recipients)
        area = members_area(page) or page
        context = {
            "organisation_name": mail.organisation_name(),
            "title": announcement.title,
            "body": announcement.body,
            "author_name": display_name(announcement.author) if announcement.author else "",
        }
        messages = []
        for u in recipients:  # each in the member's language, not the author's
            if u.pk not in to:
                continue
            with mail.speaking(languages[u.pk]):
                messages.append(
                    mail.render_mail(
                        "community/email/group_announcement",
                        {
                            **context,
                            "group_title": mail.title_for_reader(page),
                            "area_url": mail.absolute_url(area.url or "/"),
                            "opt_out_url": route_url(
                                page, "announcements_opt_out", opt_out_token(u, page)
                            ),
                        },
                        to=[to[u.pk]],
                    )
                )
        stored = mail.queue(*messages, kind="groups.announcement", about=announcement)
        announcement.mailed_at = timezone.now()
        announcement.save(update_fields=["mailed_at"])
    return len(stored)


# --- The library -------------------------------------------------------------------------------


def library(page: WorkingGroupPage):
    """Approved documents, newest first."""
    return (
        SharedDocument.objects.filter(group=page, approved_at__isnull=False)
        .select_related("document", "uploaded_by")
        .order_by("-approved_at", "-pk")
    )


def waiting_documents(page: WorkingGroupPage):
    return (
        SharedDocument.objects.filter(group=page, approved_at__isnull=True)
        .select_related("document", "uploaded_by")
        .order_by("created_at", "pk")
    )


def share_document(user, page: WorkingGroupPage, form) -> SharedDocument:
    """Save a valid document form (community.views.group_sharing.ShareDocumentForm) into the
    group's collection; waits for a coordinator when the group wants it (they get a mail)."""
    if not is_member(user, page):
        raise NotAMember()
    _require_available(page)
    if not page.collection_id:
        raise GroupNotAvailable()
    needs_review = page.library_needs_approval and not can_manage(user, page)
    with transaction.atomic():
        form.instance.collection_id = page.collection_id
        form.instance.uploaded_by_user = user
        document = form.save()
        shared = SharedDocument.objects.create(
            group=page,
            document=document,
            uploaded_by=user,
            approved_at=None if needs_review else timezone.now(),
            approved_by=None if needs_review else user,
        )
        if needs_review:
            _queue_waiting_mails(shared, page)
    return shared


def _queue_waiting_mails(shared: SharedDocument, page: WorkingGroupPage) -> None:
    coordinators = list(page.coordinators.filter(is_active=True).order_by("pk"))
    to = addresses(coordinators)
    languages = mail.of_users(coordinators)
    context = {
        "organisation_name": mail.organisation_name(),
        "document_title": shared.document.title,
        "sharer_name": display_name(shared.uploaded_by),
        "waiting_count": waiting_documents(page).count(),
    }
    messages = []
    for c in coordinators:  # each in the coordinator's language
        if c.pk not in to:
            continue
        with mail.speaking(languages[c.pk]):
            extra = {
                "group_title": mail.title_for_reader(page),
                "review_url": route_url(page, "library_review"),
            }
            messages.append(
                mail.render_mail(
                    "community/email/group_library_waiting", {**context, **extra}, to=[to[c.pk]]
                )
            )
    mail.queue(*messages, kind="groups.library_waiting", about=shared)


def review_document(user, shared: SharedDocument, approve: bool) -> str:
    """Approve (listed for members) or reject (the document and its file are deleted);
    returns the document's title."""
    page = shared.group
    if not can_manage(user, page):
        raise NotCoordinator()
    with transaction.atomic():
        shared = (
            SharedDocument.objects.select_for_update()
            .select_related("document")
            .filter(pk=shared.pk)
            .first()
        )
        if shared is None or shared.approved_at is not None:
            raise AlreadyReviewed()
        title = shared.document.title
        if approve:
            shared.approved_at = timezone.now()
            shared.approved_by = user
            shared.save(update_fields=["approved_at", "approved_by"])
        else:
            # Wagtail deletes the file once the transaction commits; the row cascades.
            shared.document.delete()
    return title


# --- Meetings and their calendar ---------------------------------------------------------------


def upcoming_meetings(page: WorkingGroupPage, now=None):
    from events.models import EventPage

    return EventPage.objects.live().filter(working_groups=page).upcoming(now)


def _calendar_key(user) -> str:
    return salted_hmac(CALENDAR_SALT, f"{user.pk}:{user.password}").hexdigest()[:16]


def calendar_token(user, page: WorkingGroupPage) -> str:
    return _token(CALENDAR_SALT, user, page, _calendar_key(user))


def calendar_user(token: str, page: WorkingGroupPage):
    """The member the token was made for, if it is genuine, for this group, made since their
    last password change, and they are still a member; else None."""
    user = _token_user(CALENDAR_SALT, token, page, _calendar_key)
    return user if user is not None and is_member(user, page) else None


def calendar_ics(page: WorkingGroupPage) -> bytes:
    from events import ical

    events = upcoming_meetings(page)[: ical.CALENDAR_LIMIT]
    return ical.calendar(
        [ical.event_component(event, url=mail.absolute_url(event.url)) for event in events],
        name=page.title,
    )
