from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # replaced by the accounts work
    return HttpResponse("todo")


my_account = profile_edit = download_data = delete_account = _todo
