"""Images in a restricted collection (a working group's) are for those the restriction accepts.

Wagtail checks a collection's view restrictions for documents only; hub.media makes the same
check for the originals (/media/original_images/) and renditions (/media/images/) of images,
with Wagtail's answers: the login page for anonymous readers, a password form for a password
restriction, 403 for signed-in readers outside the group. Real PNG files, real renditions.
"""

import io
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

PASSWORD = "shared-secret"  # noqa: S105


@dataclass
class Picture:
    original: str  # path under /media/
    rendition: str
    data: bytes  # the original's bytes


def _upload(collection, name, colour) -> Picture:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title=name, collection=collection, file=ImageFile(buffer, name=f"{name}.png")
    )
    rendition = image.get_rendition("fill-20x20")
    return Picture(image.file.name, rendition.file.name, buffer.getvalue())


def _restrict(collection, kind, group=None):
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=kind,
        password=PASSWORD if kind == BaseViewRestriction.PASSWORD else "",
    )
    if group:
        restriction.groups.set([group])


@pytest.fixture
def group(db):
    return Group.objects.create(name="Working group: Access procedures")


@pytest.fixture
def pictures(group):
    """One picture per kind of collection, as the admin would file them."""
    root = Collection.get_first_root_node()
    working_group = root.add_child(name="Working group: Access procedures")
    _restrict(working_group, BaseViewRestriction.GROUPS, group)
    minutes = working_group.add_child(name="Minutes")  # restricted through its parent only
    signed_in = root.add_child(name="Members of the hub")
    _restrict(signed_in, BaseViewRestriction.LOGIN)
    password = root.add_child(name="Workshop")
    _restrict(password, BaseViewRestriction.PASSWORD)
    public = root.add_child(name="Press")
    return {
        "group": _upload(working_group, "freezer-room", "teal"),
        "child": _upload(minutes, "whiteboard", "navy"),
        "login": _upload(signed_in, "poster", "olive"),
        "password": _upload(password, "slides", "maroon"),
        "public": _upload(public, "logo", "orange"),
    }


def _get(client, path, **extra):
    return client.get(settings.MEDIA_URL + path, **extra)


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def member(user_factory, group):
    user = user_factory("member@example.org")
    group.user_set.add(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def outsider(user_factory):
    client = Client()
    client.force_login(user_factory("outsider@example.org"))
    return client


WHICH = ["original", "rendition"]
RESTRICTED = ["group", "child", "login"]


@pytest.mark.parametrize("which", WHICH)
@pytest.mark.parametrize("kind", RESTRICTED)
def test_anonymous_readers_are_sent_to_the_login_page(client, pictures, kind, which):
    path = getattr(pictures[kind], which)
    response = _get(client, path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


@pytest.mark.parametrize("which", WHICH)
@pytest.mark.parametrize("kind", ["group", "child"])
def test_group_members_get_the_image_kept_private(member, pictures, kind, which):
    picture = pictures[kind]
    response = _get(member, getattr(picture, which))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    body = _body(response)
    assert body.startswith(b"\x89PNG")
    if which == "original":
        assert body == picture.data
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("which", WHICH)
def test_signed_in_readers_outside_the_group_are_refused(outsider, pictures, which):
    response = _get(outsider, getattr(pictures["group"], which))
    assert response.status_code == 403
    assert b"PNG" not in _body(response)


def test_a_login_restriction_accepts_any_signed_in_reader(outsider, pictures):
    response = _get(outsider, pictures["login"].rendition)
    assert response.status_code == 200
    assert _body(response).startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]


def test_editors_who_may_choose_the_image_see_it_in_the_admin(user_factory, pictures):
    """An editor outside the group still sees the thumbnails of the images they may choose."""
    editor = user_factory("editor@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    assert _get(client, pictures["group"].rendition).status_code == 200


def test_a_password_restriction_asks_for_the_password_then_serves(client, pictures):
    path = pictures["password"].original
    response = _get(client, path)
    assert response.status_code == 200
    assert b"PNG" not in response.content
    assert "no-cache" in response["Cache-Control"]
    action = response.context["action_url"]
    response = client.post(action, {"password": PASSWORD, "return_url": settings.MEDIA_URL + path})
    assert response.status_code == 302
    response = _get(client, path)
    assert response.status_code == 200
    assert _body(response) == pictures["password"].data


@pytest.mark.parametrize("which", WHICH)
def test_public_images_stay_public_with_one_lookup(
    client, pictures, which, django_assert_max_num_queries
):
    picture = pictures["public"]
    _get(client, picture.original)  # the site lookup, cached from then on
    # The content generation (hub.cache, read as every request starts) and the image's file.
    with django_assert_max_num_queries(2):
        response = _get(client, getattr(picture, which))
        body = _body(response)
    assert response.status_code == 200
    assert body.startswith(b"\x89PNG")
    assert "private" not in response.get("Cache-Control", "")


def _tricks(path: str) -> list[str]:
    top, rest = path.split("/", 1)
    return [
        "/" + path,  # //original_images/...
        "./" + path,
        f"{top}/./{rest}",
        f"{top}//{rest}",
        f"x/../{path}",
        f"{top}/x/../{rest}",
        path + "/",
        top.upper() + "/" + rest,
        top.capitalize() + "/" + rest,
        f"{top}%2F{rest}",  # an encoded slash
        f"%2E/{path}",  # an encoded dot
        f"{top}%252F{rest}",  # encoded twice
        "".join(f"%{ord(c):02X}" for c in top) + "/" + rest,
    ]


@pytest.mark.parametrize("which", WHICH)
def test_path_tricks_do_not_get_past_the_check(client, pictures, which):
    picture = pictures["group"]
    for trick in _tricks(getattr(picture, which)):
        response = _get(client, trick)
        assert response.status_code in (302, 404), trick
        assert b"PNG" not in _body(response), trick


@pytest.mark.parametrize("serve_media", [True, False])
def test_the_admin_files_images_in_restricted_collections_only_where_they_stay_private(
    pictures, settings, serve_media
):
    """With SERVE_MEDIA=false a front web server or S3 serves the files, unchecked."""
    from wagtail.images.forms import get_image_form

    settings.SERVE_MEDIA = serve_media
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    working_group = Collection.objects.get(name="Working group: Access procedures")
    Image = get_image_model()
    form = get_image_form(Image)(
        data={"title": "Freezer inventory", "collection": working_group.pk},
        files={"file": ImageFile(io.BytesIO(buffer.getvalue()), name="inventory.png")},
        instance=Image(),
    )
    assert form.is_valid() is serve_media
    if not serve_media:
        assert "would not be private" in form.errors["collection"][0]
    press = Collection.objects.get(name="Press")
    form = get_image_form(Image)(
        data={"title": "Freezer inventory", "collection": press.pk},
        files={"file": ImageFile(io.BytesIO(buffer.getvalue()), name="inventory.png")},
        instance=Image(),
    )
    assert form.is_valid(), form.errors
