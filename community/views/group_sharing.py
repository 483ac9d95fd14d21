"""Working-group sharing views: announcements, the library, the meetings calendar, and what
the members area shows of them.

The routes are declared on WorkingGroupPage and call these functions. Every request is checked
here, on the server: signed in, allowed, right method; state changes are POSTs (CSRF-protected)
and go through community.services.group_sharing, whose refusals become messages. Two routes
work without a session, on a signed token: the opt-out link of the announcement mails and the
calendar feed (calendar apps cannot sign in). Every answer is private (never cached).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form

from community.models.group_sharing import SharedDocument
from community.services import group_sharing as sharing
from community.services import groups as group_services
from community.views.groups import _forbidden, _private, _route_url
from hub.pagination import page_of

ANNOUNCEMENTS_PER_PAGE = 10
GET = ("GET", "HEAD")


# --- Forms -------------------------------------------------------------------------------------


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=sharing.ANNOUNCEMENT_TITLE_MAX)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=sharing.ANNOUNCEMENT_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Shown in the members area and mailed to every member who has not opted out."
        ),
    )


def share_form_class():
    """The editors' document form (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE: extension list,
    size limit, contents matching the name), limited to a title and a file; the collection is
    always the group's own (set by the service)."""
    base = get_document_form(get_document_model(), fields=["title", "file"])

    class ShareDocumentForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields.pop("collection", None)
            self.fields["file"].widget = forms.FileInput()

    return ShareDocumentForm


# --- Helpers -----------------------------------------------------------------------------------


def _members_area_url(page, request) -> str:
    area = sharing.members_area(page)
    return area.get_url(request) if area else page.get_url(request)


def _refused(request, page, *, allowed: bool, message, methods=("GET", "HEAD", "POST")):
    """None when a signed-in, allowed user uses an allowed method, else the response."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed:
        return _forbidden(request, page, message)
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _render(request, page, template, **context):
    return _private(
        page.render(request, template=f"community/groups/{template}", context_overrides=context)
    )


# --- The members area --------------------------------------------------------------------------


def members_area_context(request, group_page) -> dict:
    """What the members area adds about announcements, the library and meetings."""
    if group_page is None:
        return {}
    user = request.user
    is_member = group_services.is_member(user, group_page)
    can_manage = sharing.can_manage(user, group_page)
    waiting_ids = sharing.waiting_documents(group_page).values("document_id")
    context = {
        "announcements": page_of(
            sharing.announcements(group_page).order_by("-created_at", "-pk"),
            ANNOUNCEMENTS_PER_PAGE,
            request.GET.get("page"),
        ),
        "can_manage": can_manage,
        "is_group_member": is_member,
        "mail_opted_out": is_member and sharing.has_opted_out(user, group_page),
        "meetings": list(sharing.upcoming_meetings(group_page)[:20]),
        "calendar_url": (
            sharing.route_url(group_page, "calendar", sharing.calendar_token(user, group_page))
            if is_member
            else ""
        ),
        "waiting_count": sharing.waiting_documents(group_page).count() if can_manage else 0,
    }
    if group_page.collection_id:
        # Documents waiting for a coordinator are not in the library yet.
        context["documents"] = (
            get_document_model()
            .objects.filter(collection_id=group_page.collection_id)
            .exclude(pk__in=waiting_ids)
            .order_by("-created_at", "title")
        )
    return context


# --- Announcements -----------------------------------------------------------------------------


def announce(request, page):
    refused = _refused(
        request,
        page,
        allowed=sharing.can_manage(request.user, page),
        message=_("Only the coordinators of this working group can post announcements."),
    )
    if refused:
        return refused
    form = AnnouncementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            announcement = sharing.post_announcement(
                request.user, page, data["title"], data["body"]
            )
        except group_services.InvalidText as error:
            form.add_error(None, error.message)
        except group_services.GroupError as error:
            messages.error(request, error.message)
            return redirect(_members_area_url(page, request))
        else:
            messages.success(
                request,
                _("Your announcement “%(title)s” is posted and mailed to the members.")
                % {"title": announcement.title},
            )
            return redirect(_members_area_url(page, request))
    return _render(request, page, "announce.html", form=form, page_title=_("Post an announcement"))


def announcement_mail(request, page):
    """A member's toggle: announcement mails of this group on or off."""
    refused = _refused(
        request,
        page,
        allowed=group_services.is_member(request.user, page),
        message=_("Only members of this working group get its announcements."),
        methods=("POST",),
    )
    if refused:
        return refused
    opt_out = request.POST.get("mails") == "off"
    sharing.set_opted_out(request.user, page, opt_out)
    if opt_out:
        messages.success(request, _("You no longer get this group's announcements by e-mail."))
    else:
        messages.success(request, _("You get this group's announcements by e-mail again."))
    return redirect(_members_area_url(page, request))


def announcements_opt_out(request, page, token):
    """The link in each announcement mail: one click (a POST) opts out, signed in or not."""
    user = sharing.user_from_opt_out_token(token, page)
    if user is None:
        raise Http404
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    done = request.method == "POST"
    if done:
        sharing.set_opted_out(user, page, True)
    return _render(
        request,
        page,
        "opt_out.html",
        done=done,
        already=not done and sharing.has_opted_out(user, page),
        page_title=_("Announcement e-mails"),
    )


# --- The library -------------------------------------------------------------------------------


def share(request, page):
    refused = _refused(
        request,
        page,
        allowed=group_services.is_member(request.user, page),
        message=_("Only members of this working group can share documents with it."),
    )
    if refused:
        return refused
    form_class = share_form_class()
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                shared = sharing.share_document(request.user, page, form)
            except group_services.GroupError as error:
                messages.error(request, error.message)
            else:
                if shared.approved_at:
                    text = _("“%(title)s” is now in the group's library.")
                else:
                    text = _(
                        "Thank you: “%(title)s” is waiting for a coordinator, who will add it "
                        "to the group's library."
                    )
                messages.success(request, text % {"title": shared.document.title})
                return redirect(_members_area_url(page, request))
        else:
            messages.error(request, _("The document was not shared: see the form below."))
    else:
        form = form_class()
    return _render(request, page, "share.html", form=form, page_title=_("Share a document"))


def review_library(request, page):
    refused = _refused(
        request,
        page,
        allowed=sharing.can_manage(request.user, page),
        message=_("Only the coordinators of this working group can review shared documents."),
        methods=GET,
    )
    if refused:
        return refused
    rows = [
        {
            "shared": shared,
            "name": group_services.display_name(shared.uploaded_by)
            if shared.uploaded_by
            else _("A former member"),
            "decide_url": _route_url(page, request, "library_decide", shared.pk),
        }
        for shared in sharing.waiting_documents(page)
    ]
    return _render(
        request, page, "library_review.html", rows=rows, page_title=_("Documents to review")
    )


def decide(request, page, shared_id):
    refused = _refused(
        request,
        page,
        allowed=sharing.can_manage(request.user, page),
        message=_("Only the coordinators of this working group can review shared documents."),
        methods=("POST",),
    )
    if refused:
        return refused
    shared = get_object_or_404(
        SharedDocument.objects.select_related("group"), pk=shared_id, group=page
    )
    approve = request.POST.get("decision") == "approve"
    try:
        title = sharing.review_document(request.user, shared, approve)
    except group_services.GroupError as error:
        messages.error(request, error.message)
    else:
        if approve:
            messages.success(request, _("“%(title)s” is now in the library.") % {"title": title})
        else:
            messages.success(
                request, _("“%(title)s” was not added and is deleted.") % {"title": title}
            )
    return redirect(_route_url(page, request, "library_review"))


# --- The meetings calendar ---------------------------------------------------------------------


def calendar(request, page, token):
    """The group's upcoming meetings for one member's calendar app (the token is theirs)."""
    from events import ical

    if request.method not in GET:
        return HttpResponseNotAllowed(list(GET))
    if sharing.calendar_user(token, page) is None:
        raise Http404
    response = ical.response(sharing.calendar_ics(page), f"{page.slug}.ics", inline=True)
    add_never_cache_headers(response)
    return response
