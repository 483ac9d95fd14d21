"""/media/ for single-machine sites: uploaded images and the like, never documents.

Documents are served by Wagtail at /documents/ after their collection's view restrictions are
checked; their files must not be reachable under /media/documents/ as well. Images get the same
check here: Wagtail checks collection view restrictions for documents only, so an image filed
in a working group's collection (or any collection below a restricted one) would otherwise be
public. Originals (original_images/) and renditions (images/) are served only when the path is
exactly a stored Image.file / Rendition.file; one query finds the file and whether any
collection above it is restricted, so public images stay cheap.

Django's static `serve` view normalises the path it is given ("//", "./", "x/../" all fall
away), so every check is made on the normalised path, and an image is then served by the name
stored in the database: what was checked is what is sent, whatever the spelling of the URL (a
case-insensitive file system included).

A front web server that serves /media/ itself (SERVE_MEDIA=false) or S3 storage bypasses this
view: see docs/operations.md.
"""

import posixpath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.views.static import serve
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, CollectionViewRestriction
from wagtail.permissions import policy_registry

PRIVATE_DIRECTORIES = ("documents",)
ORIGINALS = "original_images"
RENDITIONS = "images"


def serve_media(request, path):
    normalised = posixpath.normpath(path).lstrip("/")
    top = normalised.split("/", 1)[0].casefold()
    if top in PRIVATE_DIRECTORIES:
        raise Http404("Documents are served at /documents/.")
    if top in (ORIGINALS, RENDITIONS):
        return _serve_image(request, normalised, rendition=top == RENDITIONS)
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def _restricted(collection_path: str) -> Exists:
    """Whether the collection at `collection_path`, or one above it, has a view restriction
    (treebeard paths: an ancestor's path is a prefix of its descendants')."""
    return Exists(
        CollectionViewRestriction.objects.filter(
            StartsWith(OuterRef(collection_path), F("collection__path"))
        )
    )


def _serve_image(request, name, rendition):
    Image = get_image_model()
    if rendition:
        found = (
            Image.get_rendition_model()
            .objects.filter(file=name)
            .annotate(restricted=_restricted("image__collection__path"))
            .values("image_id", "restricted")
            .first()
        )
    else:
        found = (
            Image.objects.filter(file=name)
            .annotate(restricted=_restricted("collection__path"))
            .values("restricted", image_id=F("pk"))
            .first()
        )
    if found is None:  # not an image the hub knows under this exact name
        raise Http404
    if not found["restricted"]:
        return serve(request, name, document_root=settings.MEDIA_ROOT)

    image = Image.objects.select_related("collection").get(pk=found["image_id"])
    refusal = _check_view_restrictions(image, request)
    if refusal is not None:
        add_never_cache_headers(refusal)
        return refusal
    response = serve(request, name, document_root=settings.MEDIA_ROOT)
    # For this reader only: never kept by the page cache, a proxy or a shared browser cache.
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def _check_view_restrictions(image, request):
    """Wagtail's `check_view_restrictions` for documents (wagtail/documents/wagtail_hooks.py),
    applied to an image: None when every restriction accepts the request, else the answer."""
    for restriction in image.collection.get_view_restrictions():
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == BaseViewRestriction.PASSWORD:
            from wagtail.forms import PasswordViewRestrictionForm

            # Wagtail's own form and view for collection passwords (named after documents).
            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action_url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
            template = getattr(
                settings,
                "WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE",
                "wagtaildocs/password_required.html",
            )
            return TemplateResponse(request, template, {"form": form, "action_url": action_url})
        if not request.user.is_authenticated:
            from wagtail.wagtail_hooks import require_wagtail_login

            return require_wagtail_login(next=request.get_full_path())
        # Signed in but outside the group: the login page would be a dead end. Editors who may
        # choose or edit the image in the admin see it there, so they may load it too.
        if policy_registry.get_by_type(type(image)).user_has_any_permission_for_instance(
            request.user, ["change", "choose"], image
        ):
            return None
        raise PermissionDenied
    return None
