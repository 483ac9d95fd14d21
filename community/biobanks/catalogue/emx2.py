"""The BBMRI-ERIC Directory's EMX2 model: ``Biobanks.csv``, ``Collections.csv``,
``QualityInfoBiobanks.csv``, ``QualityInfoCollections.csv`` and the term lists of the
``DirectoryOntologies`` schema (``Countries.csv``, ``MaterialTypes.csv``…), all optional except
the first two. Term lists that are absent are taken from what the hub already holds.
``Collections.csv`` may also have the hub's own columns (``HUB_COLLECTION_HEADER``), which the
hub's EMX2 export (``emx2_writer``) adds.
"""

from community.biobanks.catalogue.parsed import Cells, Mark, Parsed, Record, Term
from community.biobanks.catalogue.sources import Source, read_table
from community.biobanks.terms import VOCABULARIES

ONTOLOGY_FILES = {file_name: key for key, (_model, file_name) in VOCABULARIES.items()}
DEMO_MARKER = "demo.txt"
# Model field -> source column where they differ; shared by all records (read only).
BIOBANK_COLUMNS = {"catalogue_id": "id", "networks": "network"}
# The columns of Biobanks.csv and Collections.csv the hub reads, in the Directory's order
# (the EMX2 export writes them; the synthetic bench catalogue too).
BIOBANK_HEADER = (
    "id", "pid", "name", "acronym", "description", "url", "location", "country", "latitude",
    "longitude", "juridical_person", "network", "collaboration_commercial",
    "collaboration_non_for_profit", "withdrawn",
)  # fmt: skip
COLLECTION_HEADER = (
    "id", "name", "acronym", "description", "url", "country", "biobank", "parent_collection",
    "type", "data_categories", "order_of_magnitude", "size", "number_of_donors",
    "order_of_magnitude_donors", "sex", "diagnosis_available", "age_low", "age_high",
    "age_unit", "materials", "storage_temperatures", "collaboration_commercial",
    "collaboration_non_for_profit", "commercial_use", "access_fee", "access_joint_project",
    "access_description", "access_uri", "withdrawn",
)  # fmt: skip
# The hub's own Collections.csv columns, after the Directory's: the Directory's model has one
# access URI (``access_uri``; BBMRI-NL's sample access link goes there), the hub also holds a
# link to data access (BBMRI-NL's ``dataAccessURI``) and one to image access. The hub's export
# writes them so that its zip syncs back unchanged; an export without them (the Directory's)
# reads them as empty.
HUB_COLLECTION_HEADER = ("data_access_uri", "image_access_uri")
COLLECTION_COLUMNS = {
    "catalogue_id": "id",
    "types": "type",
    "diagnoses": "diagnosis_available",
    "biobank": "biobank",
    "parent": "parent_collection",
}


def read_vocabularies(source: Source, parsed: Parsed) -> None:
    for file_name, key in ONTOLOGY_FILES.items():
        table = read_table(source, f"{file_name}.csv", required=("name",), optional=True)
        if table is None:
            continue
        terms = []
        for number, values in table.rows:
            cells = Cells(table.name, number, values, parsed.problems)
            code = cells.text("name")
            if not code:
                continue
            order = cells.integer("order") if cells.text("order") else None
            terms.append(
                Term(
                    code=code,
                    label=cells.text("label") or code,
                    definition=cells.text("definition"),
                    uri=cells.text("ontologyTermURI"),
                    sort_order=order if order is not None else len(terms),
                )
            )
        parsed.vocabularies[key] = terms


def parse(source: Source) -> Parsed:
    parsed = Parsed(format="emx2", demo=source.has(DEMO_MARKER))
    read_vocabularies(source, parsed)

    table = read_table(source, "Biobanks.csv", required=("id", "name", "country"))
    for number, values in table.rows:
        cells = Cells(table.name, number, values, parsed.problems)
        record = Record(
            cells.text("id"),
            table.name,
            number,
            columns=BIOBANK_COLUMNS,
        )
        record.values = {
            "pid": cells.text("pid"),
            "name": cells.text("name"),
            "acronym": cells.text("acronym"),
            "description": cells.text("description"),
            "url": cells.text("url"),
            "location": cells.text("location"),
            "latitude": cells.number("latitude"),
            "longitude": cells.number("longitude"),
            "juridical_person": cells.text("juridical_person"),
            "networks": cells.list("network"),
            "collaboration_commercial": cells.boolean("collaboration_commercial"),
            "collaboration_non_for_profit": cells.boolean("collaboration_non_for_profit"),
            "withdrawn": cells.boolean("withdrawn"),
            "country": cells.text("country") or None,
        }
        parsed.biobanks.append(record)

    table = read_table(source, "Collections.csv", required=("id", "name", "biobank"))
    for number, values in table.rows:
        cells = Cells(table.name, number, values, parsed.problems)
        record = Record(
            cells.text("id"),
            table.name,
            number,
            columns=COLLECTION_COLUMNS,
            biobank=cells.text("biobank"),
            parent=cells.text("parent_collection"),
        )
        record.values = {
            "name": cells.text("name"),
            "acronym": cells.text("acronym"),
            "description": cells.text("description"),
            "url": cells.text("url"),
            "size": cells.integer("size", minimum=0),
            "number_of_donors": cells.integer("number_of_donors", minimum=0),
            "age_low": cells.integer("age_low"),
            "age_high": cells.integer("age_high"),
            "collaboration_commercial": cells.boolean("collaboration_commercial"),
            "collaboration_non_for_profit": cells.boolean("collaboration_non_for_profit"),
            "commercial_use": cells.boolean("commercial_use"),
            "access_description": cells.text("access_description"),
            "access_uri": cells.text("access_uri"),
            "data_access_uri": cells.text("data_access_uri"),
            "image_access_uri": cells.text("image_access_uri"),
            "withdrawn": cells.boolean("withdrawn"),
            "country": cells.text("country") or None,
            "order_of_magnitude": cells.text("order_of_magnitude") or None,
            "order_of_magnitude_donors": cells.text("order_of_magnitude_donors") or None,
            "age_unit": cells.text("age_unit") or None,
            "types": cells.list("type"),
            "data_categories": cells.list("data_categories"),
            "materials": cells.list("materials"),
            "diagnoses": cells.list("diagnosis_available"),
            "sex": cells.list("sex"),
            "storage_temperatures": cells.list("storage_temperatures"),
            "access_fee": cells.list("access_fee"),
            "access_joint_project": cells.list("access_joint_project"),
        }
        parsed.collections.append(record)

    for file_name, owner_column, level_column, marks in (
        ("QualityInfoBiobanks.csv", "biobank", "assess_level_bio", parsed.biobank_marks),
        ("QualityInfoCollections.csv", "collection", "assess_level_col", parsed.collection_marks),
    ):
        table = read_table(
            source, file_name, required=(owner_column, "quality_standard"), optional=True
        )
        if table is None:
            continue
        for number, values in table.rows:
            cells = Cells(table.name, number, values, parsed.problems)
            marks.append(
                Mark(
                    cells.text(owner_column),
                    cells.text("quality_standard"),
                    cells.text(level_column),
                    table.name,
                    number,
                    {"owner": owner_column, "standard": "quality_standard", "level": level_column},
                )
            )
    return parsed
