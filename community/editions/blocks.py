"""The blocks an edition is made of: the editor's own text and images, and blocks that fill
themselves from the hub when the edition is previewed or sent (``sources``). The editor orders,
adds and removes blocks as in any StreamField; an automatic block sets its heading and how many
items it shows."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# The rich text an e-mail can carry well: no embeds, no images inside text (the image block
# has its required description instead).
TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class EditionImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for readers who cannot see it (or whose mail hides it)."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")


class AutoBlock(blocks.StructBlock):
    """A list that fills itself from the hub: `source` names a function in ``sources``."""

    source = ""
    default_heading = ""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    count = blocks.IntegerBlock(
        label=_("How many"), min_value=1, max_value=12, default=3, required=True
    )

    def items(self, value) -> list[dict]:
        from community.editions.sources import SOURCES

        return SOURCES[self.source](value.get("count") or 3)

    def heading_text(self, value) -> str:
        return value.get("heading") or str(self.default_heading)

    class Meta:
        icon = "list-ul"


class LatestNewsBlock(AutoBlock):
    source = "latest_news"
    default_heading = _("Latest news")

    class Meta:
        label = _("Latest news (automatic)")
        icon = "doc-full"


class UpcomingEventsBlock(AutoBlock):
    source = "upcoming_events"
    default_heading = _("Upcoming events")

    class Meta:
        label = _("Upcoming events (automatic)")
        icon = "date"


class ClosingCallsBlock(AutoBlock):
    source = "closing_calls"
    default_heading = _("Funding calls closing soon")

    class Meta:
        label = _("Calls closing soon (automatic)")
        icon = "time"


class NewPartnershipsBlock(AutoBlock):
    source = "new_partnerships"
    default_heading = _("New partnership listings")

    class Meta:
        label = _("New partnership listings (automatic)")
        icon = "link"


class NewBiobanksBlock(AutoBlock):
    source = "new_biobanks"
    default_heading = _("New in the biobank catalogue")

    class Meta:
        label = _("New biobanks (automatic)")
        icon = "site"


class EditionBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)
    image = EditionImageBlock()
    latest_news = LatestNewsBlock()
    upcoming_events = UpcomingEventsBlock()
    closing_calls = ClosingCallsBlock()
    new_partnerships = NewPartnershipsBlock()
    new_biobanks = NewBiobanksBlock()
