"""Working-group views: the index and group page context, and the group page's routes.

The routes are declared on WorkingGroupPage (RoutablePageMixin) and call these functions. Every
request is checked here, on the server: signed in, allowed, right method. State changes are
POSTs (CSRF-protected by Django's middleware) and go through community.services.groups; its
refusals become messages.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from community.forms.groups import JoinRequestForm, RejectForm
from community.models import (
    JoinRequest,
    JoinRequestStatus,
    Topic,
    WorkingGroupIndexPage,
    WorkingGroupMembersPage,
    WorkingGroupPage,
)
from community.models.topics import topic_from_query
from community.services import groups as services
from hub.i18n import localize, source_of
from hub.privacy import public

RECENT_DECISIONS = 20


# --- Page contexts -----------------------------------------------------------------------------


def index_context(request, index_page) -> dict:
    """The groups under the index, optionally filtered by `?topic=<slug>`.

    An unknown or malformed topic means no filter (with a note), never an error."""
    groups = (
        public(WorkingGroupPage.objects.child_of(source_of(index_page)).live())
        .annotate(member_count=Count("group__user", distinct=True))
        .prefetch_related("topics")
        .order_by("title")
    )
    topic, unknown = topic_from_query(request)
    topic_notice = None
    if unknown:
        topic_notice = _("We do not know that topic, so all working groups are shown.")
    if topic:
        groups = groups.filter(topics=topic)
    my_group_ids = (
        set(request.user.groups.values_list("pk", flat=True))
        if request.user.is_authenticated
        else set()
    )
    return {
        "groups": localize(groups),
        "topic": topic,
        "topic_notice": topic_notice,
        "filter_topics": Topic.objects.filter(
            working_groups__in=public(
                WorkingGroupPage.objects.child_of(source_of(index_page)).live()
            )
        )
        .distinct()
        .order_by("sort_order", "name"),
        "my_group_ids": my_group_ids,
    }


def group_page_context(request, page) -> dict:
    """What a group page shows; a fixed number of queries, however many members there are."""
    user = request.user
    saved = page.pk is not None  # a new page previewed in the admin is not
    is_member = saved and services.is_member(user, page)
    is_coordinator = saved and services.is_coordinator(user, page)
    can_review = is_coordinator or (user.is_authenticated and user.is_superuser)
    return {
        "topics": list(page.topics.all()),
        "contact_people": list(page.contacts.all()),
        "member_count": services.members(page).count() if saved else 0,
        "is_member": is_member,
        "is_coordinator": is_coordinator,
        "can_review": can_review,
        "can_see_members": is_member or can_review,
        "pending_request": (
            services.pending_request(user, page) if saved and not is_member else None
        ),
        "pending_count": (
            JoinRequest.objects.pending().filter(group_page=page).count()
            if saved and can_review
            else 0
        ),
        "members_area": (
            WorkingGroupMembersPage.objects.child_of(page).live().first() if saved else None
        ),
    }


# --- Helpers -----------------------------------------------------------------------------------


def _route_url(page, request, route: str, *args) -> str:
    url = page.get_url(request).rstrip("/") + "/"
    return url + page.reverse_subpage(route, args=args).lstrip("/")


def _back_to(page, request):
    return redirect(page.get_url(request))


def _forbidden(request, page, message):
    response = page.render(
        request,
        template="community/groups/forbidden.html",
        context_overrides={"message": message},
    )
    response.status_code = 403
    add_never_cache_headers(response)
    return response


def _private(response):
    add_never_cache_headers(response)
    return response


def members_only_response(request, group_page):
    """403 for a signed-in visitor who is not a member (members area, notes, documents)."""
    response = render(
        request,
        "community/groups/members_only.html",
        {"working_group": group_page, "page_title": _("For members of this working group")},
        status=403,
    )
    add_never_cache_headers(response)
    return response


# --- Routes ------------------------------------------------------------------------------------


def join(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.join(request.user, page)
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Welcome to %(group)s: the members area is open to you.") % {"group": page.title},
        )
    return _back_to(page, request)


def leave(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.leave(request.user, page)
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have left %(group)s.") % {"group": page.title})
    return _back_to(page, request)


def request_to_join(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    user = request.user
    # Nothing to ask for: say why, on the group page.
    refusal = None
    if services.is_member(user, page):
        refusal = services.AlreadyMember()
    elif page.is_open:
        refusal = services.OpenGroup()
    elif services.pending_request(user, page):
        refusal = services.RequestAlreadyPending()
    if refusal is not None:
        messages.info(request, refusal.message)
        return _back_to(page, request)

    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(user, page, form.cleaned_data["motivation"], request=request)
        except services.InvalidText as error:
            form.add_error("motivation", error.message)
        except services.GroupError as error:
            messages.error(request, error.message)
            return _back_to(page, request)
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent to the coordinators. You "
                    "will get an e-mail when they have decided."
                ),
            )
            return _back_to(page, request)
    return _private(
        page.render(
            request,
            template="community/groups/request.html",
            context_overrides={"form": form, "page_title": _("Ask to join")},
        )
    )


def review(request, page, *, reject_form=None, reject_for=None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_review(request.user, page):
        return _forbidden(
            request,
            page,
            _("Only the coordinators of this working group can review requests to join."),
        )
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    pending = (
        JoinRequest.objects.pending()
        .filter(group_page=page)
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )
    rows = [
        {
            "request": join_request,
            "name": services.display_name(join_request.user),
            "organisation": services.organisation(join_request.user),
            "reject_form": reject_form
            if join_request.pk == reject_for
            else RejectForm(auto_id=f"reject-{join_request.pk}-%s"),
            "approve_url": _route_url(page, request, "approve", join_request.pk),
            "reject_url": _route_url(page, request, "reject", join_request.pk),
        }
        for join_request in pending
    ]
    decided = [
        {"request": join_request, "name": services.display_name(join_request.user)}
        for join_request in (
            JoinRequest.objects.filter(group_page=page)
            .exclude(status=JoinRequestStatus.PENDING)
            .select_related("user")
            .order_by("-decided_at", "-pk")[:RECENT_DECISIONS]
        )
    ]
    return _private(
        page.render(
            request,
            template="community/groups/review.html",
            context_overrides={
                "rows": rows,
                "decided": decided,
                "page_title": _("Requests to join"),
            },
        )
    )


def _decision_allowed(request, page):
    """None if the signed-in coordinator may decide, else the response to send."""
    if not request.user.is_authenticated:
        return redirect_to_login(_route_url(page, request, "requests"))
    if not services.can_review(request.user, page):
        return _forbidden(
            request,
            page,
            _("Only the coordinators of this working group can decide on requests to join."),
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def approve(request, page, request_id):
    refused = _decision_allowed(request, page)
    if refused is not None:
        return refused
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user"), pk=request_id, group_page=page
    )
    try:
        services.approve(request.user, join_request, request=request)
    except services.NotCoordinator as error:
        return _forbidden(request, page, error.message)
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now a member. We have told them by e-mail.")
            % {"name": services.display_name(join_request.user)},
        )
    return redirect(_route_url(page, request, "requests"))


def reject(request, page, request_id):
    refused = _decision_allowed(request, page)
    if refused is not None:
        return refused
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user"), pk=request_id, group_page=page
    )
    form = RejectForm(request.POST, auto_id=f"reject-{join_request.pk}-%s")
    if not form.is_valid():
        return review(request, page, reject_form=form, reject_for=join_request.pk)
    try:
        services.reject(request.user, join_request, form.cleaned_data["reason"], request=request)
    except services.NotCoordinator as error:
        return _forbidden(request, page, error.message)
    except services.InvalidText as error:
        form.add_error("reason", error.message)
        return review(request, page, reject_form=form, reject_for=join_request.pk)
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The request of %(name)s was not approved. We have sent them your reason by e-mail.")
            % {"name": services.display_name(join_request.user)},
        )
    return redirect(_route_url(page, request, "requests"))


def members(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_see_members(request.user, page):
        return _forbidden(request, page, _("The member list is for members of this working group."))
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    coordinator_ids = set(page.coordinators.values_list("pk", flat=True))
    rows = [
        {
            "name": services.display_name(user),
            "organisation": services.organisation(user),
            "is_coordinator": user.pk in coordinator_ids,
            "is_you": user.pk == request.user.pk,
        }
        for user in services.members(page)
    ]
    return _private(
        page.render(
            request,
            template="community/groups/members.html",
            context_overrides={"rows": rows, "page_title": _("Members")},
        )
    )


# --- "My account" ------------------------------------------------------------------------------


def account_section_context(request) -> dict:
    """My groups, my pending requests, and the groups I coordinate (community.account_sections)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    my_groups = list(WorkingGroupPage.objects.live().filter(group__user=user).order_by("title"))
    coordinated = list(
        WorkingGroupPage.objects.live()
        .filter(coordinators=user)
        .annotate(
            pending_count=Count(
                "join_requests",
                filter=Q(join_requests__status=JoinRequestStatus.PENDING),
                distinct=True,
            )
        )
        .order_by("title")
    )
    pending = list(
        JoinRequest.objects.pending()
        .filter(user=user, group_page__live=True)
        .select_related("group_page")
        .order_by("created_at")
    )
    for group_page in coordinated:
        group_page.review_url = _route_url(group_page, request, "requests")
    return {
        "my_groups": my_groups,
        "pending_requests": pending,
        "coordinated": coordinated,
        "index_page": WorkingGroupIndexPage.objects.live().first(),
    }
