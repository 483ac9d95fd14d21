"""Bioschemas JSON-LD of a training item: a ``Course`` for courses, a ``LearningResource``
(the TrainingMaterial profile) for everything else.

``script`` gives the ``<script type="application/ld+json">`` element, escaped as Django's
``json_script`` does (no ``<``, ``>`` or ``&`` survives, so no text can close the element).
"""

from django.utils.html import format_html

from community.models.training_vocabularies import TrainingType
from hub.base_url import absolute
from hub.jsonld import script_text


def json_ld(page, request=None) -> dict:
    """The JSON-LD of a ``TrainingPage``, its URLs on HUB_BASE_URL (like the Open Graph tags)."""
    is_course = page.training_type == TrainingType.COURSE
    page_url = absolute(page.get_url(request) or "/")
    material_url = absolute(page.material_url) if page.material_url else ""
    topics = [topic.name for topic in page.topics.all()]
    themes = [theme.name for theme in page.themes.all()]
    data = {
        "@context": "https://schema.org/",
        "@type": "Course" if is_course else "LearningResource",
        "@id": page_url,
        "dct:conformsTo": {
            "@id": "https://bioschemas.org/profiles/Course/1.0-RELEASE"
            if is_course
            else "https://bioschemas.org/profiles/TrainingMaterial/1.0-RELEASE"
        },
        "name": page.title,
        "description": page.description,
        "keywords": ", ".join([*themes, *topics]),
        "url": material_url or page_url,
        "mainEntityOfPage": page_url,
        "inLanguage": page.language,
        "educationalLevel": str(page.get_difficulty_display()),
        "audience": [
            {"@type": "Audience", "audienceType": audience.name}
            for audience in page.audiences.all()
        ],
        "dateModified": page.date.isoformat() if page.date else None,
    }
    if not is_course:
        data["learningResourceType"] = str(page.get_training_type_display())
    if page.objectives_list:
        data["teaches"] = page.objectives_list
    if page.prerequisites_list:
        data["coursePrerequisites" if is_course else "competencyRequired"] = page.prerequisites_list
    if page.duration_minutes:
        data["timeRequired"] = iso_duration(page.duration_minutes)
    if page.licence_url:
        data["license"] = page.licence_url
    if page.provider:
        data["provider"] = {"@type": "Organization", "name": page.provider}
    if page.version:
        data["version"] = page.version
    if topics:
        data["about"] = [{"@type": "Thing", "name": name} for name in topics]
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def script(data: dict):
    """`data` in a ``<script type="application/ld+json">`` element."""
    return format_html('<script type="application/ld+json">{}</script>', script_text(data))


def iso_duration(minutes: int) -> str:
    """ISO 8601 duration, as schema.org's timeRequired wants: 90 -> 'PT1H30M'."""
    hours, rest = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
