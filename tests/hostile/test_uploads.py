"""Uploads are limited by type and size, and a refused file leaves nothing behind.

The only uploads are the editors' images and documents in the Wagtail admin (one at a time, or
several with the multiple uploader); members upload nothing (checked below, so a new upload
field cannot arrive unnoticed). An editor who uploads a file that is too big, of a type the hub
does not take, or disguised as another type (a program or a web page renamed .pdf or .png, an
SVG carrying a script) reads why it was refused, and neither a row nor a file is stored. A
normal file is accepted.
"""

import html
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)


def png(size=(40, 30), mode="RGB") -> bytes:
    out = io.BytesIO()
    PILImage.new(mode, size).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(out, "JPEG")
    return out.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n"
        b"%%EOF\n"
    )


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    return out.getvalue()


def too_big(kind):
    """A valid file of the kind, one byte over the configured limit (trailing bytes are
    ignored by readers, so only the size is wrong)."""
    from django.conf import settings

    if kind == "image":
        content = png()
        limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    else:
        content = pdf()
        limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    return content + bytes(limit + 1 - len(content))


@dataclass(frozen=True)
class Upload:
    name: str  # the case, as the test id
    kind: str  # "image" or "document"
    filename: str
    content: object  # bytes, or a callable making them
    refusal: str | None  # what the editor reads; None: accepted


UPLOADS = [
    # Accepted.
    Upload("a normal PNG", "image", "microscope.png", png, None),
    Upload("a normal JPEG", "image", "freezer.jpg", jpeg, None),
    Upload("a normal PDF", "document", "minutes.pdf", pdf, None),
    Upload("a normal Word file", "document", "protocol.docx", docx, None),
    Upload("a normal text file", "document", "readme.txt", b"Sample handling notes.\n", None),
    # Too big.
    Upload(
        "an image over the size limit",
        "image",
        "huge.png",
        lambda: too_big("image"),
        "This file is too big",
    ),
    Upload(
        "a document over the size limit",
        "document",
        "huge.pdf",
        lambda: too_big("document"),
        "This file is too big",
    ),
    Upload(
        "an image with too many pixels",
        "image",
        "bomb.png",
        lambda: png((8000, 8000), mode="1"),
        "This file has too many pixels",
    ),
    # Not a type the hub takes.
    Upload(
        "an SVG image with a script",
        "image",
        "logo.svg",
        SVG_WITH_SCRIPT,
        "Not a supported image format",
    ),
    Upload("a program as a document", "document", "setup.exe", EXE, "is not allowed"),
    Upload("a web page as a document", "document", "page.html", HTML, "is not allowed"),
    Upload("an SVG as a document", "document", "logo.svg", SVG_WITH_SCRIPT, "is not allowed"),
    # Disguised.
    Upload("a program renamed .png", "image", "photo.png", EXE, "Upload a valid image"),
    Upload("a web page renamed .png", "image", "photo.png", HTML, "Not a valid .png image"),
    Upload(
        "a PNG renamed .jpg",
        "image",
        "photo.jpg",
        png,
        "The extension does not match the file format",
    ),
    Upload("a program renamed .pdf", "document", "report.pdf", EXE, "not a real .pdf file"),
    Upload("a web page renamed .pdf", "document", "report.pdf", HTML, "not a real .pdf file"),
    Upload("a web page renamed .docx", "document", "report.docx", HTML, "not a real .docx file"),
    Upload("a program renamed .txt", "document", "notes.txt", EXE, "not a real .txt file"),
    Upload("a program renamed .zip", "document", "data.zip", EXE, "not a real .zip file"),
]
MODELS = {"image": "wagtailimages.Image", "document": "wagtaildocs.Document"}
ADMIN = {"image": "/admin/images/", "document": "/admin/documents/"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(client, user_factory):
    """A member of Wagtail's "Editors" group: may add images and documents, nothing more."""
    from django.contrib.auth.models import Group

    user = user_factory("editor@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def stored_files(media: Path) -> list[str]:
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def counts(kind) -> tuple[int, int]:
    from wagtail.models import UploadedFile

    return apps.get_model(MODELS[kind]).objects.count(), UploadedFile.objects.count()


def upload_one(client, case, content):
    """The admin's "Add an image / a document" form."""
    from wagtail.models import Collection

    response = client.post(
        f"{ADMIN[case.kind]}add/",
        {
            "title": "Upload under test",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(case.filename, content),
        },
    )
    if case.refusal is None:
        assert response.status_code == 302, html.unescape(response.content.decode())[:2000]
        return None
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def upload_many(client, case, content):
    """The multiple uploader (drag and drop): one request per file, answered in JSON."""
    response = client.post(
        f"{ADMIN[case.kind]}multiple/add/", {"files[]": SimpleUploadedFile(case.filename, content)}
    )
    assert response.status_code == 200
    answer = json.loads(response.content)
    if case.refusal is None:
        assert answer["success"] is True, answer
        return None
    assert answer["success"] is False, answer
    assert "form" not in answer, "kept aside for editing instead of refused"
    return answer["error_message"]


@pytest.mark.parametrize("way", [upload_one, upload_many], ids=["one file", "multiple uploader"])
@pytest.mark.parametrize("case", UPLOADS, ids=[case.name for case in UPLOADS])
def test_uploads_are_limited_by_type_and_size(editor, media, case, way):
    content = case.content() if callable(case.content) else case.content
    before = counts(case.kind)

    message = way(editor, case, content)

    if case.refusal is None:
        assert counts(case.kind)[0] == before[0] + 1
        [stored] = stored_files(media)
        assert Path(media, stored).read_bytes() == content
        listing = editor.get(ADMIN[case.kind]).content.decode()
        assert "Upload under test" in listing or Path(case.filename).stem in listing
    else:
        assert case.refusal in message, re.findall(r'class="error-message">([^<]*)', message)
        assert counts(case.kind) == before, "a refused upload was stored"
        assert stored_files(media) == [], "a refused upload left a file behind"


def test_editors_are_told_the_limits_before_they_upload(editor, settings):
    from django.template.defaultfilters import filesizeformat

    page = html.unescape(editor.get("/admin/images/multiple/add/").content.decode())
    assert f"Maximum filesize: {filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)}" in page
    assert "SVG" not in page.split("Supported formats:")[1].split(".")[0]
    page = html.unescape(editor.get("/admin/documents/multiple/add/").content.decode())
    assert f"Maximum filesize: {filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}" in page


def test_replacing_a_document_file_is_checked_too_and_editing_its_title_is_not(editor, media):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    editor.post(
        "/admin/documents/add/",
        {
            "title": "Minutes",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("minutes.pdf", pdf()),
        },
    )
    document = Document.objects.get(title="Minutes")
    original = stored_files(media)
    edit_url = f"/admin/documents/edit/{document.pk}/"

    response = editor.post(
        edit_url,
        {
            "title": "Minutes",
            "collection": document.collection_id,
            "file": SimpleUploadedFile("minutes.pdf", HTML),
        },
    )
    assert response.status_code == 200
    assert "not a real .pdf file" in html.unescape(response.content.decode())
    assert stored_files(media) == original
    document.refresh_from_db()
    assert document.file.read() == pdf()

    response = editor.post(
        edit_url, {"title": "Minutes of May", "collection": document.collection_id}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Minutes of May"


def test_the_limits_can_be_set_per_site_in_production(tmp_path):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "hub.example.org",
        "HUB_VAR_DIR": str(tmp_path),
        "MAX_IMAGE_UPLOAD_MB": "2",
        "MAX_DOCUMENT_UPLOAD_MB": "5",
        "MAX_IMAGE_MEGAPIXELS": "30",
    }
    code = (
        "import json, hub.settings.production as s; print(json.dumps([s.WAGTAILIMAGES_MAX_"
        "UPLOAD_SIZE, s.WAGTAILDOCS_MAX_UPLOAD_SIZE, s.WAGTAILIMAGES_MAX_IMAGE_PIXELS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        2 * 1024 * 1024,
        5 * 1024 * 1024,
        30_000_000,
    ]
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "MAX_IMAGE_UPLOAD_MB": "ten"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "MAX_IMAGE_UPLOAD_MB='ten' is not a whole number" in result.stderr


# The one place outside the admin where members send files: a working group's library, through
# the editors' own document form (type, size and content checks; tests/community/
# test_group_sharing.py refuses an .exe, a fake PDF and an oversized file, nothing written).
MEMBER_UPLOADS = {
    "community/views/group_sharing.py",
    "templates/community/groups/share.html",
}


def test_members_cannot_upload_anything():
    """Only the admin and a working group's library (MEMBER_UPLOADS) take files. A file field on
    a hub model, another multipart form in the hub's templates or request.FILES elsewhere in its
    code would be a new upload: give it limits and a test here first."""
    from django.db import models

    for app in ("home", "community", "events", "funding"):
        for model in apps.get_app_config(app).get_models():
            for model_field in model._meta.get_fields():
                assert not isinstance(model_field, models.FileField), (
                    f"{model.__name__}.{model_field.name} takes uploads"
                )
    for folder in ("home", "community", "events", "funding", "hub", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            if path.relative_to(ROOT).as_posix() in MEMBER_UPLOADS:
                continue
            source = path.read_text(encoding="utf-8")
            assert "multipart/form-data" not in source, f"{path} has an upload form"
            assert "request.FILES" not in source, f"{path} reads uploaded files"
