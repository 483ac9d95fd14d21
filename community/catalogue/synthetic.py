"""A synthetic Directory export in the EMX2 format, as large as asked (benchmarks and the
scale corpus): biobanks with 1–4 materials, 0–4 ICD-10 codes out of 1,300, 20% with a quality
mark, using the demo catalogue's term lists."""

import csv
import random
import shutil
from pathlib import Path

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
        b, c, q = csv.writer(bb), csv.writer(cc), csv.writer(qq)
        b.writerow(
            [
                "id",
                "pid",
                "name",
                "acronym",
                "description",
                "url",
                "location",
                "country",
                "latitude",
                "longitude",
                "juridical_person",
                "network",
                "collaboration_commercial",
                "collaboration_non_for_profit",
                "withdrawn",
            ]
        )
        c.writerow(
            [
                "id",
                "name",
                "acronym",
                "description",
                "country",
                "biobank",
                "parent_collection",
                "type",
                "data_categories",
                "order_of_magnitude",
                "size",
                "number_of_donors",
                "sex",
                "diagnosis_available",
                "age_low",
                "age_high",
                "age_unit",
                "materials",
                "storage_temperatures",
                "collaboration_commercial",
                "collaboration_non_for_profit",
                "commercial_use",
                "access_fee",
                "access_joint_project",
                "access_description",
                "access_uri",
                "withdrawn",
            ]
        )
        q.writerow(["id", "biobank", "quality_standard", "assess_level_bio"])
        for n in range(biobanks):
            country = rng.choice(COUNTRIES)
            bid = f"bbmri-eric:ID:{country}_bench{n}"
            words = rng.sample(WORDS, 3)
            b.writerow(
                [
                    bid,
                    f"pid{n}",
                    f"{words[0].title()} {words[1]} biobank {n}",
                    f"B{n}",
                    f"A synthetic biobank about {' and '.join(words)}.\nSecond line.",
                    "",
                    rng.choice(CITIES),
                    country,
                    "",
                    "",
                    f"Institute {n % 500}",
                    "",
                    rng.random() < 0.3,
                    True,
                    False,
                ]
            )
            if rng.random() < 0.2:
                q.writerow([f"q{n}", bid, rng.choice(standards), "accredited"])
            for k in range(per_biobank):
                cw = rng.sample(WORDS, 2)
                c.writerow(
                    [
                        f"{bid}:collection:{k}",
                        f"{cw[0].title()} {cw[1]} collection {n}.{k}",
                        "",
                        f"Samples of {cw[0]} {cw[1]} patients.",
                        country,
                        bid,
                        "",
                        ",".join(rng.sample(types, rng.randint(1, 2))),
                        ",".join(rng.sample(categories, rng.randint(1, 3))),
                        rng.randint(0, 5),
                        rng.randint(10, 100000),
                        rng.randint(10, 50000),
                        ",".join(rng.sample(sexes[:2], rng.randint(1, 2))),
                        ",".join(rng.sample(diseases, rng.randint(0, 4))),
                        18,
                        90,
                        "YEAR",
                        ",".join(rng.sample(materials, rng.randint(1, 4))),
                        ",".join(rng.sample(temperatures, 1)),
                        False,
                        True,
                        rng.random() < 0.2,
                        "samples",
                        "data",
                        "Ask us.",
                        "",
                        False,
                    ]
                )
