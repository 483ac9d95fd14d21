"""The old BBMRI-NL catalogue export (MOLGENIS EMX1, ``bbmri_nl_*`` tables), mapped onto the
Directory's model.

IDs become Directory IDs (``bbmri-eric:ID:NL_<id>``, ``…:collection:<id>``); ``website`` →
url, ``juristic_person`` → juridical person (its name), ``disease`` → diagnoses,
``numberOfDonors`` → number of donors, the sample/data access fee and joint-project flags →
access types ``samples``/``data``, ``sampleAccessURI``/``dataAccessURI`` → the access links.
The "not available"/"no information" codes of the old lists (``NAV_*``, ``NI``) mean "nothing"
and are dropped rather than shown as a material or a disease.
"""

from community.biobanks.catalogue.parsed import Cells, Parsed, Record, Term
from community.biobanks.catalogue.sources import Source, read_table

BIOBANK_PREFIX = "bbmri-eric:ID:NL_"
# NL term list file -> vocabulary key.
TERM_FILES = {
    "bbmri_nl_collection_types.csv": "collection_type",
    "bbmri_nl_data_category_types.csv": "data_category",
    "bbmri_nl_material_types.csv": "material",
    "bbmri_nl_sex_types.csv": "sex",
    "bbmri_nl_age_types.csv": "age_unit",
    "bbmri_nl_disease_types.csv": "disease",
}
ACCESS_TYPES = [
    Term("samples", "Samples", "Access to Samples"),
    Term("data", "Data", "Access to Data"),
    Term("images", "Images", "Access to Images"),
]


def _meaningful(code: str) -> bool:
    return bool(code) and not code.startswith("NAV") and code != "NI"


def parse(source: Source) -> Parsed:
    parsed = Parsed(format="bbmri-nl")
    table = read_table(source, "bbmri_nl_countries.csv", required=("id", "name"), optional=True)
    if table is not None:
        parsed.vocabularies["country"] = [
            Term(
                values["id"].strip(),
                values["name"].strip() or values["id"].strip(),
                sort_order=index,
            )
            for index, (_number, values) in enumerate(table.rows)
            if values["id"].strip()
        ]
    for file_name, key in TERM_FILES.items():
        table = read_table(source, file_name, required=("id", "label"), optional=True)
        if table is None:
            continue
        parsed.vocabularies[key] = [
            Term(
                values["id"].strip(),
                values["label"].strip() or values["id"].strip(),
                (values.get("description") or "").strip(),
                (values.get("uri") or "").strip(),
                index,
            )
            for index, (_number, values) in enumerate(table.rows)
            if _meaningful(values["id"].strip())
        ]
    parsed.vocabularies["access_type"] = ACCESS_TYPES

    juristic = {}
    table = read_table(
        source, "bbmri_nl_juristic_persons.csv", required=("id", "name"), optional=True
    )
    if table is not None:
        juristic = {values["id"].strip(): values["name"].strip() for _n, values in table.rows}

    table = read_table(source, "bbmri_nl_biobanks.csv", required=("id", "name"))
    countries = {}
    for number, values in table.rows:
        cells = Cells(table.name, number, values, parsed.problems)
        local = cells.text("id")
        record = Record(
            BIOBANK_PREFIX + local if local else "",
            table.name,
            number,
            columns={
                "catalogue_id": "id",
                "url": "website",
                "juridical_person": "juristic_person",
            },
        )
        country = cells.text("country") or None
        countries[local] = country
        record.values = {
            "pid": "",
            "name": cells.text("name"),
            "acronym": cells.text("acronym"),
            "description": cells.text("description"),
            "url": cells.text("website"),
            "location": "",
            "latitude": cells.number("latitude"),
            "longitude": cells.number("longitude"),
            "juridical_person": juristic.get(
                cells.text("juristic_person"), cells.text("juristic_person")
            ),
            "networks": [],
            "collaboration_commercial": False,
            "collaboration_non_for_profit": False,
            "withdrawn": False,
            "country": country,
        }
        parsed.biobanks.append(record)

    table = read_table(
        source, "bbmri_nl_sample_collections.csv", required=("id", "name", "biobanks")
    )
    for number, values in table.rows:
        cells = Cells(table.name, number, values, parsed.problems)
        owners = cells.list("biobanks")
        biobank_id = BIOBANK_PREFIX + owners[0] if owners else ""
        local = cells.text("id")
        record = Record(
            f"{biobank_id}:collection:{local}" if local and biobank_id else local,
            table.name,
            number,
            columns={
                "catalogue_id": "id",
                "types": "type",
                "diagnoses": "disease",
                "number_of_donors": "numberOfDonors",
                "url": "website",
                "biobank": "biobanks",
                "access_uri": "sampleAccessURI",
                "data_access_uri": "dataAccessURI",
                "access_fee": "sampleAccessFee",
                "access_joint_project": "sampleAccessJointProjects",
            },
            biobank=biobank_id,
        )
        fee, joint = [], []
        if cells.boolean("sampleAccessFee"):
            fee.append("samples")
        if cells.boolean("dataAccessFee"):
            fee.append("data")
        if cells.boolean("sampleAccessJointProjects"):
            joint.append("samples")
        if cells.boolean("dataAccessJointProjects"):
            joint.append("data")
        descriptions = []
        if cells.text("sampleAccessDescription"):
            descriptions.append(f"Samples: {cells.text('sampleAccessDescription')}")
        if cells.text("dataAccessDescription"):
            descriptions.append(f"Data: {cells.text('dataAccessDescription')}")
        record.values = {
            "name": cells.text("name"),
            "acronym": cells.text("acronym"),
            "description": cells.text("description"),
            "url": cells.text("website"),
            "size": None,
            "number_of_donors": cells.integer("numberOfDonors", minimum=0),
            "age_low": cells.integer("age_low"),
            "age_high": cells.integer("age_high"),
            "collaboration_commercial": False,
            "collaboration_non_for_profit": False,
            "commercial_use": False,
            "access_description": "\n\n".join(descriptions),
            "access_uri": cells.text("sampleAccessURI"),
            "data_access_uri": cells.text("dataAccessURI"),
            "image_access_uri": "",
            "withdrawn": False,
            "country": countries.get(owners[0]) if owners else None,
            "order_of_magnitude": None,
            "order_of_magnitude_donors": None,
            "age_unit": (cells.text("age_unit") or None)
            if (cells.text("age_low") or cells.text("age_high"))
            else None,
            "types": [c for c in cells.list("type") if _meaningful(c)],
            "data_categories": [c for c in cells.list("data_categories") if _meaningful(c)],
            "materials": [c for c in cells.list("materials") if _meaningful(c)],
            "diagnoses": [c for c in cells.list("disease") if _meaningful(c)],
            "sex": [c for c in cells.list("sex") if _meaningful(c) and c != "NASK"],
            "storage_temperatures": [],
            "access_fee": fee,
            "access_joint_project": joint,
        }
        parsed.collections.append(record)
    return parsed
