"""A synthetic Directory export in the EMX2 format, as large as asked (benchmarks and the
scale corpus): biobanks with 1–4 materials, 0–4 ICD-10 codes out of 1,300, 20% with a quality
mark, using the demo catalogue's term lists."""

import csv
import random
import shutil
from pathlib import Path

from community.biobanks.catalogue.emx2 import BIOBANK_HEADER, COLLECTION_HEADER

DEMO_ONTOLOGIES = Path(__file__).resolve().parent / "demo" / "ontologies"
WORDS = [
    "cohort",
    "heart",
    "kidney",
    "liver",
    "lung",
    "colon",
    "breast",
    "brain",
    "blood",
    "tumour",
    "rare",
    "paediatric",
    "diabetes",
    "transplant",
    "infection",
    "ageing",
    "twin",
    "birth",
    "cancer",
    "neuro",
    "immune",
    "skin",
    "bone",
    "population",
    "hospital",
    "clinical",
    "regional",
    "national",
    "university",
]
CITIES = [
    "Amsterdam",
    "Utrecht",
    "Leiden",
    "Groningen",
    "Ghent",
    "Leuven",
    "Antwerp",
    "Liège",
    "Brussels",
    "Nijmegen",
    "Maastricht",
    "Rotterdam",
    "Hasselt",
    "Graz",
]
COUNTRIES = ["NL", "BE", "DE", "FR", "LU"]


def codes(name):
    with (DEMO_ONTOLOGIES / f"{name}.csv").open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def generate(folder: Path, biobanks: int, per_biobank: int, seed: int):
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    (folder / "ontologies").mkdir(parents=True)
    for path in DEMO_ONTOLOGIES.glob("*.csv"):
        if path.name != "DiseaseTypes.csv":
            shutil.copy(path, folder / "ontologies" / path.name)
    diseases = [
        f"urn:miriam:icd:{letter}{number:02d}"
        for letter in "ABCDEFGIJKMNQ"
        for number in range(100)
    ]
    with (folder / "ontologies" / "DiseaseTypes.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "order",
                "name",
                "label",
                "parent",
                "codesystem",
                "code",
                "ontologyTermURI",
                "definition",
            ]
        )
        for code in diseases:
            short = code.rsplit(":", 1)[-1]
            writer.writerow(
                ["", code, f"Disease {short} {rng.choice(WORDS)}", "", "ICD-10", short, "", ""]
            )
    materials, types, categories = (
        codes("MaterialTypes"),
        codes("CollectionTypes"),
        codes("DataCategories"),
    )
    sexes, temperatures, standards = (
        codes("SexTypes"),
        codes("StorageTemperatureTypes"),
        codes("QualityStandards"),
    )
    with (
        (folder / "Biobanks.csv").open("w", newline="") as bb,
        (folder / "Collections.csv").open("w", newline="") as cc,
        (folder / "QualityInfoBiobanks.csv").open("w", newline="") as qq,
    ):
        b = csv.DictWriter(bb, BIOBANK_HEADER, restval="")
        c = csv.DictWriter(cc, COLLECTION_HEADER, restval="")
        q = csv.writer(qq)
        b.writeheader()
        c.writeheader()
        q.writerow(["id", "biobank", "quality_standard", "assess_level_bio"])
        for n in range(biobanks):
            country = rng.choice(COUNTRIES)
            bid = f"bbmri-eric:ID:{country}_bench{n}"
            words = rng.sample(WORDS, 3)
            b.writerow(
                {
                    "id": bid,
                    "pid": f"pid{n}",
                    "name": f"{words[0].title()} {words[1]} biobank {n}",
                    "acronym": f"B{n}",
                    "description": f"A synthetic biobank about {' and '.join(words)}.\n"
                    "Second line.",
                    "location": rng.choice(CITIES),
                    "country": country,
                    "juridical_person": f"Institute {n % 500}",
                    "collaboration_commercial": rng.random() < 0.3,
                    "collaboration_non_for_profit": True,
                    "withdrawn": False,
                }
            )
            if rng.random() < 0.2:
                q.writerow([f"q{n}", bid, rng.choice(standards), "accredited"])
            for k in range(per_biobank):
                cw = rng.sample(WORDS, 2)
                c.writerow(
                    {
                        "id": f"{bid}:collection:{k}",
                        "name": f"{cw[0].title()} {cw[1]} collection {n}.{k}",
                        "description": f"Samples of {cw[0]} {cw[1]} patients.",
                        "country": country,
                        "biobank": bid,
                        "type": ",".join(rng.sample(types, rng.randint(1, 2))),
                        "data_categories": ",".join(rng.sample(categories, rng.randint(1, 3))),
                        "order_of_magnitude": rng.randint(0, 5),
                        "size": rng.randint(10, 100000),
                        "number_of_donors": rng.randint(10, 50000),
                        "sex": ",".join(rng.sample(sexes[:2], rng.randint(1, 2))),
                        "diagnosis_available": ",".join(rng.sample(diseases, rng.randint(0, 4))),
                        "age_low": 18,
                        "age_high": 90,
                        "age_unit": "YEAR",
                        "materials": ",".join(rng.sample(materials, rng.randint(1, 4))),
                        "storage_temperatures": ",".join(rng.sample(temperatures, 1)),
                        "collaboration_commercial": False,
                        "collaboration_non_for_profit": True,
                        "commercial_use": rng.random() < 0.2,
                        "access_fee": "samples",
                        "access_joint_project": "data",
                        "access_description": "Ask us.",
                        "withdrawn": False,
                    }
                )
