"""schema.org JSON-LD of a biobank profile: a ``DataCatalog`` whose collections are ``Dataset``s.

``script`` gives the text for the profile's ``<script type="application/ld+json">``, escaped so
that no value can close the script element.
"""

from django.utils.safestring import SafeString

from hub.base_url import absolute
from hub.jsonld import script_text


def json_ld(request, index_page, data) -> dict:
    """The JSON-LD of the profile `data` (``community.biobanks.profile.load_profile``)."""
    biobank = data["biobank"]
    url = absolute(f"{index_page.url}{biobank.slug}/")
    datasets = []
    for item in data["collections"]:
        collection = item["collection"]
        if collection.withdrawn:
            continue
        keywords = [
            t["label"]
            for name in ("materials", "diagnoses", "data_categories")
            for t in item["terms"][name]
        ]
        dataset = {
            "@type": "Dataset",
            "@id": collection.directory_url,
            "identifier": collection.catalogue_id,
            "name": collection.name,
            "description": collection.description or collection.name,
            "url": collection.directory_url,
            "keywords": keywords,
            "includedInDataCatalog": {"@id": url},
        }
        if collection.country_id:
            dataset["spatialCoverage"] = collection.country.label
        datasets.append(dataset)
    catalogue = {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "@id": url,
        "identifier": biobank.catalogue_id,
        "name": biobank.name,
        "alternateName": biobank.acronym or None,
        "description": biobank.local_introduction or biobank.description or biobank.name,
        "url": url,
        "sameAs": [link for link in (biobank.directory_url, biobank.url) if link],
        "dataset": datasets,
    }
    if biobank.juridical_person:
        catalogue["provider"] = {"@type": "Organization", "name": biobank.juridical_person}
    if biobank.location or biobank.country_id:
        catalogue["spatialCoverage"] = ", ".join(
            part for part in (biobank.location, biobank.country and biobank.country.label) if part
        )
    return {key: value for key, value in catalogue.items() if value is not None}


def script(request, index_page, data) -> SafeString:
    """The JSON-LD as the content of a script element."""
    return script_text(json_ld(request, index_page, data))
