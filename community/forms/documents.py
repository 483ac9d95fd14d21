"""The admin's document form (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE): the file must be what
its name says.

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE) but not its contents, so a program or a web page renamed
"minutes.pdf" would be stored and offered for download as a PDF. Here the first bytes must match
the extension. Errors are raised on the file field, so the multiple uploader refuses the file
at once instead of keeping it aside for later editing.
"""

import os
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

HEAD_BYTES = 64 * 1024
# Office Open XML, OpenDocument and Keynote files are ZIP packages.
ZIP_EXTENSIONS = {"docx", "xlsx", "pptx", "odt", "ods", "odp", "key", "zip"}
TEXT_EXTENSIONS = {"txt", "csv"}
# Content that is never a text file, whatever its name.
BINARY_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"%PDF-",
    b"PK\x03\x04",
)


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def content_matches_extension(upload, extension: str) -> bool:
    head = _head(upload)
    if extension == "pdf":
        return b"%PDF-" in head[:1024]  # readers accept a little junk before the header
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in ZIP_EXTENSIONS:
        if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return False
        try:
            upload.seek(0)
            return zipfile.is_zipfile(upload)
        finally:
            upload.seek(0)
    if extension in TEXT_EXTENSIONS:
        return b"\x00" not in head and not head.startswith(BINARY_SIGNATURES)
    return True  # an extension without a known signature: the extension list decides


class HubDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # no new file (editing the title, say): the stored one stays
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        if not content_matches_extension(upload, extension):
            raise ValidationError(
                _(
                    "This file is not a real .%(extension)s file: its contents do not match its "
                    "name. Upload the original file, not a renamed one."
                )
                % {"extension": extension},
                code="content_mismatch",
            )
        return upload
