"""Checking people in at the door: the screen built for a phone (search by name, one tap to
check in, one to undo) and the camera's scan of a registrant's check-in code."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from events import organising, services
from events.models import Registration
from events.organiser.base import EventMixin, organiser_url

CHECK_IN_LIMIT = 60


class CheckInView(EventMixin, TemplateView):
    """Built for a phone at the door: search by name, one tap to check in, one to undo."""

    template_name = "events/admin/check_in.html"
    page_title = gettext_lazy("Check-in")

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The site keeps the camera off (settings.PERMISSIONS_POLICY, hub.middleware): this
        # screen's scanner uses it, and plays its (muted) picture as soon as it starts.
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY.replace(
            "camera=()", "camera=(self)"
        ).replace("autoplay=()", "autoplay=(self)")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        confirmed = Registration.objects.filter(event=self.event).confirmed().not_anonymised()
        matches = confirmed.search(query).order_by("name", "pk")
        counts = organising.counts(self.event)
        rows = list(matches[: CHECK_IN_LIMIT + 1])
        context.update(
            {
                "query": query,
                "rows": rows[:CHECK_IN_LIMIT],
                "more": len(rows) > CHECK_IN_LIMIT,
                "counts": counts,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        registration = self.get_registration(kwargs["pk"])
        action = request.POST.get("action")
        try:
            if action == "undo":
                organising.undo_check_in(registration)
                messages.success(
                    request, _("Check-in of %(name)s undone.") % {"name": registration.name}
                )
            else:
                organising.check_in(registration)
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.name}
                )
        except services.RegistrationError as refusal:
            messages.error(request, str(refusal.message))
        url = organiser_url("check_in", self.event.pk)
        query = request.POST.get("q", "").strip()[:200]
        if query:
            url += "?" + urlencode({"q": query})
        return HttpResponseRedirect(f"{url}#r{registration.pk}")


class ScanCheckInView(EventMixin, View):
    """The check-in screen's camera read a QR code: the personal link of a registration. Checks
    in that registration if it is one of this event's; answers JSON to the scanner's script
    (`Accept: application/json`), a message and the check-in screen otherwise."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            result = organising.check_in_scanned(self.event, request.POST.get("url", ""))
        except services.RegistrationError as refusal:
            ok, text, name = False, str(refusal.message), ""
        else:
            ok, name = True, result.registration.name
            if result.already:
                when = result.registration.checked_in_at.astimezone(self.event.tz)
                text = _("%(name)s was already checked in, at %(time)s.") % {
                    "name": name,
                    "time": when.strftime("%H:%M"),
                }
            else:
                text = _("%(name)s is checked in.") % {"name": name}
        if "application/json" in request.headers.get("Accept", ""):
            counts = organising.counts(self.event)
            return JsonResponse(
                {
                    "ok": ok,
                    "message": text,
                    "name": name,
                    "counter": _("%(in)d of %(total)d checked in")
                    % {"in": counts["checked_in"], "total": counts["confirmed"]},
                },
                status=200 if ok else 400,
            )
        (messages.success if ok else messages.error)(request, text)
        return redirect(organiser_url("check_in", self.event.pk))
