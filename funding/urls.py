"""Django URLs of the funding section that Wagtail's page routing cannot serve.

Wagtail serves only paths made of letters, digits, "-" and "_" between slashes, so
/funding/deadlines.ics (and the unsubscribe links, whose tokens hold ":") need URL patterns of
their own, included in hub/urls.py before Wagtail's catch-all. Everything else lives in the
pages' routes (FundingIndexPage, FundingCallPage, PartnershipIndexPage).
"""

from django.urls import path

from funding import views

urlpatterns = [
    path("deadlines.ics", views.deadlines_ics, name="funding_deadlines_ics"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="funding_unsubscribe"),
]
