"""Working groups: who belongs to them, and the writes that change it.

Membership *is* membership of the group's Django auth Group, the same group that Wagtail's
view restrictions check on the members area and the document collection (both kept in step
with the page by ``community.services.group_access``). Requests to join a closed group are
JoinRequest rows.

Every write function runs in one transaction, raises a `GroupError` subclass (with a message
for the member) when it refuses, and queues its mails in the same transaction (hub.outbox):
the worker sends them after the commit, and a mail that fails never undoes the change.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import JoinRequest, JoinRequestStatus, WorkingGroupPage
from community.models.groups import MOTIVATION_MAX_LENGTH, REASON_MAX_LENGTH
from community.services import mail

# --- Domain exceptions -------------------------------------------------------------------------


class GroupError(Exception):
    """A refused action; `message` is written for the member."""

    default_message = _("This cannot be done.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class GroupNotAvailable(GroupError):
    default_message = _("This working group does not take members at the moment.")


class AlreadyMember(GroupError):
    default_message = _("You are already a member of this working group.")


class NotMember(GroupError):
    default_message = _("You are not a member of this working group.")


class MembershipOnRequest(GroupError):
    default_message = _(
        "This working group admits members on request: send a short "
        "motivation and a coordinator will decide."
    )


class OpenGroup(GroupError):
    default_message = _(
        "This working group is open to all members: you can join it straight "
        "away, no request needed."
    )


class RequestAlreadyPending(GroupError):
    default_message = _(
        "You have already asked to join this working group. A coordinator will "
        "decide on your request; you will get an e-mail either way."
    )


class InvalidText(GroupError):
    pass


class NotCoordinator(GroupError):
    default_message = _("Only the coordinators of this working group can do this.")


class RequestAlreadyDecided(GroupError):
    default_message = _("This request has already been decided.")


class CoordinatorCannotLeave(GroupError):
    default_message = _(
        "Coordinators cannot leave their working group. Ask the community "
        "coordinator to hand your role to someone else first."
    )


# --- Reading -----------------------------------------------------------------------------------


def is_member(user, page: WorkingGroupPage) -> bool:
    if not user.is_authenticated or not page.group_id:
        return False
    return user.groups.filter(pk=page.group_id).exists()


def is_coordinator(user, page: WorkingGroupPage) -> bool:
    if not user.is_authenticated or not page.pk:
        return False
    return page.coordinators.filter(pk=user.pk).exists()


def can_review(user, page: WorkingGroupPage) -> bool:
    """Coordinators (and superusers, who pass every Wagtail view restriction anyway)."""
    return user.is_authenticated and (user.is_superuser or is_coordinator(user, page))


def can_see_members(user, page: WorkingGroupPage) -> bool:
    return user.is_authenticated and (
        user.is_superuser or is_member(user, page) or is_coordinator(user, page)
    )


def pending_request(user, page: WorkingGroupPage) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.pending().filter(group_page=page, user=user).first()


def display_name(user) -> str:
    """How members see each other: the name they gave, never their e-mail address."""
    return user.get_full_name().strip() or str(_("A member who has not given a name"))


def organisation(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.organisation if profile else ""


def members(page: WorkingGroupPage):
    """The members (users) of the group, with their profiles, by name."""
    from django.contrib.auth import get_user_model

    if not page.group_id:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(groups=page.group_id, is_active=True)
        .select_related("profile")
        .order_by("first_name", "last_name", "pk")
    )


# --- Writes ------------------------------------------------------------------------------------


def _require_available(page: WorkingGroupPage) -> None:
    if not page.live or not page.group_id:
        raise GroupNotAvailable()


def _clean_text(text: str, *, max_length: int, empty_message, too_long_message) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidText(empty_message)
    if len(text) > max_length:
        raise InvalidText(too_long_message)
    return text


def join(user, page: WorkingGroupPage) -> None:
    """Join an open group at once."""
    _require_available(page)
    with transaction.atomic():
        if not page.is_open:
            raise MembershipOnRequest()
        if is_member(user, page):
            raise AlreadyMember()
        page.group.user_set.add(user)
        # A request left over from when the group was closed is settled by joining.
        JoinRequest.objects.pending().filter(group_page=page, user=user).update(
            status=JoinRequestStatus.APPROVED, decided_at=timezone.now()
        )


def request_to_join(user, page: WorkingGroupPage, motivation: str, *, request=None) -> JoinRequest:
    """Ask to join a closed group; the coordinators get a mail."""
    _require_available(page)
    motivation = _clean_text(
        motivation,
        max_length=MOTIVATION_MAX_LENGTH,
        empty_message=_("Tell the coordinators in a sentence or two why you want to join."),
        too_long_message=_("Keep your motivation to %(max)d characters or fewer.")
        % {"max": MOTIVATION_MAX_LENGTH},
    )
    with transaction.atomic():
        if page.is_open:
            raise OpenGroup()
        if is_member(user, page):
            raise AlreadyMember()
        if JoinRequest.objects.pending().filter(group_page=page, user=user).exists():
            raise RequestAlreadyPending()
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(
                    group_page=page, user=user, motivation=motivation
                )
        except IntegrityError:  # a simultaneous request got there first
            raise RequestAlreadyPending() from None
        mail.queue(
            *_request_received_mails(join_request, request),
            kind="groups.join_request",
            about=join_request,
        )
    return join_request


def approve(coordinator, join_request: JoinRequest, *, request=None) -> JoinRequest:
    page = join_request.group_page
    if not can_review(coordinator, page):
        raise NotCoordinator()
    _require_available(page)
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if not join_request.is_pending:
            raise RequestAlreadyDecided()
        join_request.status = JoinRequestStatus.APPROVED
        join_request.decided_at = timezone.now()
        join_request.decided_by = coordinator
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        page.group.user_set.add(join_request.user)
        mail.queue(
            _decision_mail(join_request, page, "approved", request),
            kind="groups.approved",
            about=join_request,
        )
    return join_request


def reject(coordinator, join_request: JoinRequest, reason: str, *, request=None) -> JoinRequest:
    page = join_request.group_page
    if not can_review(coordinator, page):
        raise NotCoordinator()
    reason = _clean_text(
        reason,
        max_length=REASON_MAX_LENGTH,
        empty_message=_("Give the member a reason: it is sent to them."),
        too_long_message=_("Keep the reason to %(max)d characters or fewer.")
        % {"max": REASON_MAX_LENGTH},
    )
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if not join_request.is_pending:
            raise RequestAlreadyDecided()
        join_request.status = JoinRequestStatus.REJECTED
        join_request.decided_at = timezone.now()
        join_request.decided_by = coordinator
        join_request.reason = reason
        join_request.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        mail.queue(
            _decision_mail(join_request, page, "rejected", request),
            kind="groups.rejected",
            about=join_request,
        )
    return join_request


def leave(user, page: WorkingGroupPage) -> None:
    with transaction.atomic():
        if is_coordinator(user, page):
            raise CoordinatorCannotLeave()
        if not is_member(user, page):
            raise NotMember()
        page.group.user_set.remove(user)


# --- Mails -------------------------------------------------------------------------------------


def _address(user) -> list[str]:
    from community.personal_data import verified_email_addresses

    addresses = verified_email_addresses(user)
    return addresses[:1]


def _page_url(page, request, route: str | None = None) -> str:
    # With a request: the address the member used (host and port); without: the Site's. The
    # source page's, under the prefix of the language the mail is written in.
    page = mail.source_page(page)
    url = (page.get_url(request) if request is not None else page.full_url) or "/"
    if route:
        url = url.rstrip("/") + "/" + page.reverse_subpage(route).lstrip("/")
    return mail.absolute_url(url, request)


def _request_received_mails(join_request: JoinRequest, request=None):
    """One mail per coordinator, each in the coordinator's language."""
    page = join_request.group_page
    coordinators = list(page.coordinators.filter(is_active=True).order_by("pk"))
    languages = mail.of_users(coordinators)
    messages = []
    for coordinator in coordinators:
        with mail.speaking(languages[coordinator.pk]):
            context = {
                "organisation_name": mail.organisation_name(request),
                "group_title": mail.title_for_reader(page),
                "requester_name": display_name(join_request.user),
                "requester_organisation": organisation(join_request.user),
                "motivation": join_request.motivation,
                "review_url": _page_url(page, request, "requests"),
            }
            messages.append(
                mail.render_mail(
                    "community/email/group_request_received", context, to=_address(coordinator)
                )
            )
    return messages


def _decision_mail(join_request: JoinRequest, page, decision: str, request=None):
    """In the member's language, not the deciding coordinator's."""
    with mail.speaking(mail.of_user(join_request.user)):
        context = {
            "organisation_name": mail.organisation_name(request),
            "group_title": mail.title_for_reader(page),
            "name": display_name(join_request.user),
            "reason": join_request.reason,
            "group_url": _page_url(page, request),
        }
        return mail.render_mail(
            f"community/email/group_request_{decision}", context, to=_address(join_request.user)
        )
