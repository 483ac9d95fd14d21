from django.urls import path

from community.views import contact

urlpatterns = [
    path("<int:person_id>/", contact.contact_person, name="contact_person"),
    path("<int:person_id>/thanks/", contact.thanks, name="contact_person_thanks"),
]
