"""What the hub holds, written in the Directory's EMX2 model (the reader is ``emx2``).

``Biobanks.csv``, ``Collections.csv``, ``QualityInfoBiobanks.csv`` and
``QualityInfoCollections.csv`` in one zip, with the reader's columns (``BIOBANK_HEADER``,
``COLLECTION_HEADER``) and, last in ``Collections.csv``, the hub's own access links that the
Directory's model has no column for (``HUB_COLLECTION_HEADER``): ``sync_catalogue`` reads it
back unchanged (EMX2 skips the extra columns, with a warning). What it cannot hold:
docs/catalogue.md.

Cells are written exactly as stored, formulas included (no ``hub.csvsafe`` apostrophe): this
file is data for programs, and a round trip through the hub must change no byte of it.
"""

import csv
import io
import zipfile
from collections import defaultdict

from community.biobanks.catalogue.emx2 import (
    BIOBANK_HEADER,
    COLLECTION_HEADER,
    HUB_COLLECTION_HEADER,
)
from community.biobanks.catalogue.parsed import COLLECTION_M2MS
from community.biobanks.models import Biobank, Collection, QualityMark

CHUNK = 2000  # rows read per query


def zip_bytes() -> bytes:
    """The whole export, as the bytes of a zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Biobanks.csv", _table(BIOBANK_HEADER, _biobank_rows()))
        archive.writestr(
            "Collections.csv",
            _table(COLLECTION_HEADER + HUB_COLLECTION_HEADER, _collection_rows()),
        )
        for file_name, owner, level_column in (
            ("QualityInfoBiobanks.csv", "biobank", "assess_level_bio"),
            ("QualityInfoCollections.csv", "collection", "assess_level_col"),
        ):
            archive.writestr(
                file_name,
                _table(["id", owner, "quality_standard", level_column], _mark_rows(owner)),
            )
    return buffer.getvalue()


def _table(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _biobank_rows():
    biobanks = Biobank.objects.select_related("country").order_by("catalogue_id")
    for b in biobanks.iterator(chunk_size=CHUNK):
        yield [
            b.catalogue_id,
            b.pid,
            b.name,
            b.acronym,
            b.description,
            b.url,
            b.location,
            b.country.code if b.country_id else "",
            "" if b.latitude is None else b.latitude,
            "" if b.longitude is None else b.longitude,
            b.juridical_person,
            ",".join(b.networks or []),
            _bool(b.collaboration_commercial),
            _bool(b.collaboration_non_for_profit),
            _bool(b.withdrawn),
        ]


def _collection_rows():
    m2m = {}
    for name in COLLECTION_M2MS:
        relation = getattr(Collection, name)
        target = relation.field.remote_field.model._meta.model_name
        codes = defaultdict(list)
        for owner, code in relation.through.objects.values_list("collection_id", f"{target}__code"):
            codes[owner].append(code)
        m2m[name] = codes
    collections = Collection.objects.values(
        "pk",
        "catalogue_id",
        "name",
        "acronym",
        "description",
        "url",
        "country__code",
        "biobank__catalogue_id",
        "parent__catalogue_id",
        "order_of_magnitude__code",
        "size",
        "number_of_donors",
        "order_of_magnitude_donors__code",
        "age_low",
        "age_high",
        "age_unit__code",
        "collaboration_commercial",
        "collaboration_non_for_profit",
        "commercial_use",
        "access_description",
        "access_uri",
        "withdrawn",
        *HUB_COLLECTION_HEADER,
    ).order_by("catalogue_id")
    for c in collections.iterator(chunk_size=CHUNK):

        def joined(name, c=c):
            return ",".join(sorted(m2m[name].get(c["pk"], [])))

        yield [
            c["catalogue_id"],
            c["name"],
            c["acronym"],
            c["description"],
            c["url"],
            c["country__code"] or "",
            c["biobank__catalogue_id"],
            c["parent__catalogue_id"] or "",
            joined("types"),
            joined("data_categories"),
            c["order_of_magnitude__code"] or "",
            _blank(c["size"]),
            _blank(c["number_of_donors"]),
            c["order_of_magnitude_donors__code"] or "",
            joined("sex"),
            joined("diagnoses"),
            _blank(c["age_low"]),
            _blank(c["age_high"]),
            c["age_unit__code"] or "",
            joined("materials"),
            joined("storage_temperatures"),
            _bool(c["collaboration_commercial"]),
            _bool(c["collaboration_non_for_profit"]),
            _bool(c["commercial_use"]),
            joined("access_fee"),
            joined("access_joint_project"),
            c["access_description"],
            c["access_uri"],
            _bool(c["withdrawn"]),
            *(c[name] for name in HUB_COLLECTION_HEADER),
        ]


def _mark_rows(owner):
    marks = QualityMark.objects.filter(**{f"{owner}__isnull": False}).values_list(
        "pk", f"{owner}__catalogue_id", "standard__code", "level__code"
    )
    for pk, owner_id, standard, level in marks.order_by("pk"):
        yield [f"hub-{pk}", owner_id, standard, level or ""]


def _bool(value) -> str:
    return "true" if value else "false"


def _blank(value) -> str:
    return "" if value is None else str(value)
