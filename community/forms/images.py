"""The admin's image form (settings.WAGTAILIMAGES_IMAGE_FORM_BASE).

Images in a restricted collection (a working group's) are private only while the hub serves
/media/ itself (hub/media.py checks the restriction). Where a front web server or S3 serves the
files (SERVE_MEDIA=false), anyone with the address would see them: the admin refuses to file
an image there rather than let editors believe it is private.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.images.forms import BaseImageForm


class HubImageForm(BaseImageForm):
    def clean_collection(self):
        collection = self.cleaned_data.get("collection")
        if (
            collection is not None
            and not settings.SERVE_MEDIA
            and collection.get_view_restrictions().exists()
        ):
            raise ValidationError(
                _(
                    "Images in “%(collection)s” would not be private: on this site image files are "
                    "served to anyone who has their address. Choose a collection without a "
                    "privacy restriction, or share the image as a document."
                )
                % {"collection": collection.name}
            )
        return collection
