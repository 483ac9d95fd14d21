"""Wagtail's access machinery kept in step with each working group page.

Every WorkingGroupPage owns a Django auth ``Group`` (its members) and a document ``Collection``;
``sync_working_group`` creates or renames both when the page is saved, gives the collection and
the group's members area a GROUPS view restriction for that group, and makes the coordinators
members. Nothing here decides who may join: that is ``community.services.groups``.
"""

import logging

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from community.models import WorkingGroupMembersPage, WorkingGroupPage

logger = logging.getLogger(__name__)

GROUP_NAME_PREFIX = "Working group: "
COLLECTION_PARENT_NAME = "Working groups"
GROUP_NAME_MAX_LENGTH = 150  # django.contrib.auth.models.Group.name


def _unique_name(model, base: str, exclude_pk, suffix: str) -> str:
    name = base[:GROUP_NAME_MAX_LENGTH]
    if model.objects.filter(name=name).exclude(pk=exclude_pk).exists():
        name = f"{base[: GROUP_NAME_MAX_LENGTH - len(suffix) - 1]} {suffix}"
    return name


def _collection_parent() -> Collection:
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=COLLECTION_PARENT_NAME).first()
    if parent is None:
        parent = root.add_child(name=COLLECTION_PARENT_NAME)
    return parent


def sync_working_group(page: WorkingGroupPage) -> None:
    """Create or rename the group's auth Group and document Collection, restrict the collection
    and the members area to the group, and make the coordinators members.

    Called from WorkingGroupPage.save() on every full save (creation, publish, move)."""
    suffix = f"({page.pk})"
    base_name = f"{GROUP_NAME_PREFIX}{page.title}"
    with transaction.atomic():
        group = Group.objects.filter(pk=page.group_id).first() if page.group_id else None
        name = _unique_name(Group, base_name, group.pk if group else None, suffix)
        if group is None:
            group = Group.objects.create(name=name)
        elif group.name != name:
            group.name = name
            group.save(update_fields=["name"])

        collection = (
            Collection.objects.filter(pk=page.collection_id).first() if page.collection_id else None
        )
        if collection is None:
            collection = _collection_parent().add_child(name=base_name[:255])
        elif collection.name != base_name[:255]:
            collection.name = base_name[:255]
            collection.save(update_fields=["name"])
        _restrict(CollectionViewRestriction, {"collection": collection}, group)

        updates = {}
        if page.group_id != group.pk:
            updates["group"] = group
        if page.collection_id != collection.pk:
            updates["collection"] = collection
        if updates:
            WorkingGroupPage.objects.filter(pk=page.pk).update(**updates)
            for field, value in updates.items():
                setattr(page, field, value)

        coordinators = list(page.coordinators.all())
        if coordinators:
            group.user_set.add(*coordinators)
        for area in WorkingGroupMembersPage.objects.child_of(page):
            restrict_members_area(area, group_page=page)


def _restrict(model, target: dict, group: Group):
    restriction = model.objects.filter(
        restriction_type=BaseViewRestriction.GROUPS, **target
    ).first()
    if restriction is None:
        restriction = model(restriction_type=BaseViewRestriction.GROUPS, **target)
        restriction.save()
    if list(restriction.groups.values_list("pk", flat=True)) != [group.pk]:
        restriction.groups.set([group])
    return restriction


def restrict_members_area(area: WorkingGroupMembersPage, group_page=None) -> None:
    """Wagtail's GROUPS view restriction on the members area, for the group's members only."""
    group_page = group_page or area.get_working_group()
    if group_page is None or not group_page.group_id:
        logger.warning("Members area %s has no working group above it", area.pk)
        return
    _restrict(PageViewRestriction, {"page": area}, group_page.group)
