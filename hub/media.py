"""/media/ for single-machine sites: uploaded images and the like, never documents.

Documents are served by Wagtail at /documents/ after their collection's view restrictions are
checked; their files must not be reachable under /media/documents/ as well. Django's static
`serve` view normalises the path it is given ("//", "./", "x/../" all fall away), so the check
is made on the normalised path, the file `serve` would really open.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

PRIVATE_DIRECTORIES = ("documents",)


def serve_media(request, path):
    normalised = posixpath.normpath(path).lstrip("/")
    top = normalised.split("/", 1)[0].casefold()
    if top in PRIVATE_DIRECTORIES:
        raise Http404("Documents are served at /documents/.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
