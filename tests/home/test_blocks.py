"""Every block of the shared body renders what the editor chose, accessibly."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image

from home.blocks import CallToActionBlock
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=demo"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    image = Image.objects.create(title="Freezer room", file=ImageFile(buffer, name="freezer.png"))
    document = Document.objects.create(
        title="Sample quality guideline", file=ContentFile(b"%PDF-1.4 demo", name="guideline.pdf")
    )
    # A stored embed, so rendering never asks the provider over the network.
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        width=640,
        height=360,
        html='<iframe title="Biobanking explained" src="https://www.youtube-nocookie.com/embed/x">'
        "</iframe>",
    )
    return image, document


def test_all_body_blocks_render(client, media):
    image, document = media
    StandardPageFactory(
        title="Block showcase",
        slug="showcase",
        body=[
            {"type": "heading", "value": {"text": "Quality first", "level": "h3"}},
            {"type": "paragraph", "value": "<p>Pre-analytical <b>variables</b> matter.</p>"},
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "Rows of freezers",
                    "caption": "The freezer room",
                },
            },
            {"type": "embed", "value": VIDEO_URL},
            {"type": "document", "value": {"document": document.pk, "title": ""}},
            {
                "type": "call_to_action",
                "value": {
                    "title": "Join us",
                    "text": "Work with peers.",
                    "page": None,
                    "url": "https://example.org/join",
                    "button_text": "Join a working group",
                },
            },
            {
                "type": "quote",
                "value": {
                    "quote": "Broad access should be the norm.",
                    "attribution": "Community position paper",
                },
            },
        ],
    )

    html = client.get("/showcase/").content.decode()
    assert "<h3>Quality first</h3>" in html
    assert "Pre-analytical <b>variables</b> matter." in html
    assert 'alt="Rows of freezers"' in html and "<figcaption>The freezer room</figcaption>" in html
    assert 'title="Biobanking explained"' in html
    assert ">Sample quality guideline</a>" in html and "(PDF" in html
    assert 'href="https://example.org/join">Join a working group</a>' in html
    assert "<blockquote><p>Broad access should be the norm.</p></blockquote>" in html


def test_call_to_action_needs_a_target():
    from wagtail.blocks import StructBlockValidationError

    block = CallToActionBlock()
    value = block.to_python(
        {"title": "Join", "text": "", "page": None, "url": "", "button_text": "Go"}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "Choose a page or give a link." in str(error.value.block_errors["page"])
