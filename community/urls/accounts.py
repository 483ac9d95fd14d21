from django.urls import path

from community.views import account

urlpatterns = [
    path("", account.my_account, name="my_account"),
    path("profile/", account.profile_edit, name="profile_edit"),
    path("data/", account.download_data, name="account_data_download"),
    path("delete/", account.delete_account, name="account_delete"),
]
