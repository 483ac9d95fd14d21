from django.urls import path

from community.editions import views as editions
from community.views import newsletter

urlpatterns = [
    path("", newsletter.signup, name="newsletter"),
    path("check-your-inbox/", newsletter.signup_done, name="newsletter_signup_done"),
    path("confirm/<str:token>/", newsletter.confirm, name="newsletter_confirm"),
    path("unsubscribe/<str:token>/", newsletter.unsubscribe, name="newsletter_unsubscribe"),
    path("archive/", editions.archive, name="newsletter_archive"),
    path("archive/feed/", editions.ArchiveFeed(), name="newsletter_archive_feed"),
    path("archive/<slug:slug>/", editions.edition, name="newsletter_edition"),
]
