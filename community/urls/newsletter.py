from django.urls import path

from community.views import newsletter

urlpatterns = [
    path("", newsletter.signup, name="newsletter"),
    path("check-your-inbox/", newsletter.signup_done, name="newsletter_signup_done"),
    path("confirm/<str:token>/", newsletter.confirm, name="newsletter_confirm"),
    path("unsubscribe/<str:token>/", newsletter.unsubscribe, name="newsletter_unsubscribe"),
]
