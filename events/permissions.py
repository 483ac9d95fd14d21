"""The "Event organisers" group (created by migration 0002) and what it may do.

Organisers may add, edit and publish pages under the events index; the organiser tools
(registrations, check-in, messages) follow the page permissions: whoever may edit an event may
manage its registrations, and nobody else (superusers aside).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.pages import PagePermissionPolicy

ORGANISERS_GROUP = "Event organisers"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def organisers_group() -> Group:
    return Group.objects.get_or_create(name=ORGANISERS_GROUP)[0]


def grant_organiser_permissions(index_page) -> None:
    """Let the organisers' group add, edit and publish events under `index_page` (idempotent)."""
    group = organisers_group()
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=index_page, permission=permission
        )


def can_manage(user, event) -> bool:
    return event.permissions_for_user(user).can_edit()


def manageable_events(user):
    """The events this user may edit, as an EventPage queryset."""
    from events.models import EventPage

    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return EventPage.objects.filter(pk__in=pages.values("pk"))
