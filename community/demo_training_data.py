"""The demo's training items (``community.demo_training`` loads them): thirteen courses,
e-learning modules, recordings, slides and guidelines, in our own words.

External links point at real public sites (they are never fetched by the tests); two items are
documents uploaded by the loader.
"""

from datetime import date

from community.models.training_vocabularies import Difficulty, Licence, TrainingType

TRAINING_INTRO = (
    "Courses, e-learning, recordings, slides and guidelines for everyone who works with human "
    "samples and data, from biobank technicians to ethics committees and the next generation of "
    "researchers. Filter by type, audience, level, topic and language, or by the themes ELSI, "
    "FAIR and Open Science."
)

NODE = "National biobank node"


# Each item: slug, title, description, type, audiences, difficulty, objectives, prerequisites,
# minutes, language, licence, provider, date, version, url or ("document", title, filename,
# text), topics, themes.
def _item(**fields) -> dict:
    return fields


TRAINING = [
    _item(
        slug="pre-analytical-sample-handling",
        title="Pre-analytical sample handling: from collection to freezer",
        description="What happens to a sample before it is analysed decides what it can tell "
        "us. This module follows blood and tissue from the ward to the freezer and "
        "shows which steps introduce variation, and how to record them.",
        training_type=TrainingType.E_LEARNING,
        audiences=["biobank-staff", "researchers"],
        difficulty=Difficulty.BEGINNER,
        objectives="Name the pre-analytical variables that affect blood and tissue samples\n"
        "Explain why time to processing and storage temperature must be recorded\n"
        "Apply a checklist when you receive samples",
        prerequisites="",
        minutes=90,
        language="en",
        licence=Licence.CC_BY_4,
        provider=NODE,
        date=date(2024, 9, 16),
        version="2.1",
        url="https://www.bbmri-eric.eu/",
        topics=["quality"],
        themes=[],
    ),
    _item(
        slug="iso-20387-introduction",
        title="Introduction to ISO 20387, the international standard for biobanking",
        description="A recorded webinar on the general requirements for biobanks in ISO 20387: "
        "what the standard asks of a biobank's organisation, processes and quality "
        "management, and how it relates to accreditation.",
        training_type=TrainingType.WEBINAR_RECORDING,
        audiences=["biobank-staff"],
        difficulty=Difficulty.INTERMEDIATE,
        objectives="Describe the structure of ISO 20387\n"
        "Relate the standard's requirements to your own procedures\n"
        "Decide whether accreditation is a sensible next step for your biobank",
        prerequisites="Working knowledge of your biobank's standard operating procedures",
        minutes=60,
        language="en",
        licence=Licence.NOT_SPECIFIED,
        provider="BBMRI-ERIC quality management services",
        date=date(2024, 3, 12),
        version="",
        url="https://www.bbmri-eric.eu/",
        topics=["quality"],
        themes=[],
    ),
    _item(
        slug="fair-data-for-biobanks",
        title="FAIR data for biobanks",
        description="A two-day course on making sample collections and their data findable, "
        "accessible, interoperable and reusable: persistent identifiers, rich "
        "metadata, controlled vocabularies and clear access conditions.",
        training_type=TrainingType.COURSE,
        audiences=["data-stewards", "biobank-staff", "researchers"],
        difficulty=Difficulty.INTERMEDIATE,
        objectives="Explain the FAIR principles with examples from biobanking\n"
        "Assess how FAIR your own collection's metadata is\n"
        "Draw up the first steps of a FAIRification plan",
        prerequisites="Basic knowledge of spreadsheets or databases",
        minutes=720,
        language="en",
        licence=Licence.CC_BY_4,
        provider=f"{NODE} and regional data stewards",
        date=date(2025, 2, 3),
        version="2025",
        url="https://www.go-fair.org/fair-principles/",
        topics=["findability", "linking-data"],
        themes=["fair", "open-science"],
    ),
    _item(
        slug="elsi-of-reuse",
        title="Ethical, legal and societal aspects of reusing samples and data",
        description="Slides from a lecture series on what researchers must weigh before reusing "
        "samples and data collected for another purpose: consent, privacy law, "
        "incidental findings, and the expectations of donors.",
        training_type=TrainingType.SLIDES,
        audiences=["researchers", "ethics-committees", "students"],
        difficulty=Difficulty.INTERMEDIATE,
        objectives="Identify the ethical and legal questions raised by secondary use\n"
        "Explain how the privacy regulation applies to research on stored samples\n"
        "Discuss the return of incidental findings",
        prerequisites="",
        minutes=45,
        language="en",
        licence=Licence.CC_BY_SA_4,
        provider="ELSI community",
        date=date(2024, 11, 5),
        version="1.0",
        url="https://www.bbmri-eric.eu/",
        topics=["incentives-for-reuse", "access-procedures"],
        themes=["elsi"],
    ),
    _item(
        slug="informed-and-broad-consent",
        title="Informed consent and broad consent in biobanking",
        description="An e-learning module on consent for biobanks: what specific, broad and "
        "tiered consent mean, what donors should be told, and how consent choices "
        "travel with samples and data.",
        training_type=TrainingType.E_LEARNING,
        audiences=["ethics-committees", "biobank-staff", "researchers", "patients-and-public"],
        difficulty=Difficulty.BEGINNER,
        objectives="Tell specific, broad and tiered consent apart\n"
        "Write donor information that is clear and complete\n"
        "Record consent so that it can be checked at every request",
        prerequisites="",
        minutes=60,
        language="en",
        licence=Licence.CC_BY_4,
        provider=NODE,
        date=date(2025, 1, 20),
        version="1.2",
        url="https://www.bbmri-eric.eu/",
        topics=["access-procedures"],
        themes=["elsi"],
    ),
    _item(
        slug="using-the-bbmri-eric-directory",
        title="Finding collections in the BBMRI-ERIC Directory",
        description="A short video that shows how to search the Directory of European biobanks "
        "by disease, material type and data, and how to send a request to the "
        "biobanks you found.",
        training_type=TrainingType.VIDEO,
        audiences=["researchers", "students"],
        difficulty=Difficulty.BEGINNER,
        objectives="Search the Directory with filters\n"
        "Read a collection's description and access conditions\n"
        "Start a request to one or more biobanks",
        prerequisites="",
        minutes=20,
        language="en",
        licence=Licence.CC_BY_4,
        provider="BBMRI-ERIC",
        date=date(2024, 6, 4),
        version="",
        url="https://directory.bbmri-eric.eu/",
        topics=["findability"],
        themes=["fair"],
    ),
    _item(
        slug="miabis-metadata",
        title="Describing your collection with MIABIS",
        description="A guideline for describing biobanks, collections and sample donors with "
        "MIABIS, the minimum information about biobank data sharing, so that "
        "catalogues can show and link them.",
        training_type=TrainingType.GUIDELINE,
        audiences=["data-stewards", "biobank-staff"],
        difficulty=Difficulty.INTERMEDIATE,
        objectives="Map your collection's description to the MIABIS core attributes\n"
        "Choose the right terms for material types and diseases",
        prerequisites="Access to your collection's data dictionary",
        minutes=None,
        language="en",
        licence=Licence.CC_BY_4,
        provider="BBMRI-ERIC",
        date=date(2023, 10, 9),
        version="3.0",
        url="https://github.com/BBMRI-ERIC/miabis",
        topics=["findability", "linking-data"],
        themes=["fair", "open-science"],
    ),
    _item(
        slug="data-access-committees",
        title="Running a data access committee",
        description="A recorded panel with chairs and secretaries of access committees on "
        "reviewing requests for samples and data fairly and quickly: criteria, "
        "turnaround times, conflicts of interest and transparency.",
        training_type=TrainingType.WEBINAR_RECORDING,
        audiences=["ethics-committees", "biobank-staff"],
        difficulty=Difficulty.ADVANCED,
        objectives="Set out review criteria that applicants can read in advance\n"
        "Organise the review so that decisions take weeks, not months\n"
        "Publish decisions in a way that builds trust",
        prerequisites="Experience with access requests, as a reviewer or a secretary",
        minutes=75,
        language="en",
        licence=Licence.NOT_SPECIFIED,
        provider=NODE,
        date=date(2025, 3, 18),
        version="",
        url="https://www.health-ri.nl/",
        topics=["access-procedures"],
        themes=["elsi"],
    ),
    _item(
        slug="public-engagement-for-biobanks",
        title="Talking about biobanks: public engagement for biobank staff",
        description="A half-day workshop course on explaining biobanks to donors, patients and "
        "the public: telling what happens with their samples, answering hard "
        "questions, and involving patient representatives.",
        training_type=TrainingType.COURSE,
        audiences=["biobank-staff", "researchers"],
        difficulty=Difficulty.BEGINNER,
        objectives="Explain in plain language what a biobank does\n"
        "Answer common questions about privacy and commercial use\n"
        "Plan a small public engagement activity",
        prerequisites="",
        minutes=180,
        language="nl",
        licence=Licence.NOT_SPECIFIED,
        provider=NODE,
        date=date(2025, 4, 7),
        version="",
        url="https://www.health-ri.nl/",
        topics=["image-and-reputation"],
        themes=["elsi", "open-science"],
    ),
    _item(
        slug="transfer-agreements-explained",
        title="Material and data transfer agreements explained",
        description="A short document that walks through the clauses of a typical material and "
        "data transfer agreement: scope of use, publication, return of results, "
        "and what changes when a company is the recipient.",
        training_type=TrainingType.DOCUMENT,
        audiences=["researchers", "biobank-staff"],
        difficulty=Difficulty.INTERMEDIATE,
        objectives="Read a transfer agreement clause by clause\n"
        "Spot the clauses that usually need negotiation",
        prerequisites="",
        minutes=30,
        language="en",
        licence=Licence.CC_BY_4,
        provider=NODE,
        date=date(2024, 12, 2),
        version="1.0",
        document=(
            "Transfer agreements explained",
            "training-transfer-agreements-explained.txt",
            "Material and data transfer agreements explained\n\n"
            "1. Scope of use: what the recipient may do with the samples and data.\n"
            "2. Publication and acknowledgement of the biobank.\n"
            "3. Return of results and derived data.\n"
            "4. Commercial recipients: what changes.\n",
        ),
        topics=["access-procedures", "public-private-cooperation"],
        themes=["elsi"],
    ),
    _item(
        slug="biobank-business-planning",
        title="Financing a biobank: from project money to a business plan",
        description="Slides on the long-term financing of collections and biobanks: costing "
        "your services, cost recovery without closing doors, and combining "
        "institutional, national and European funding.",
        training_type=TrainingType.SLIDES,
        audiences=["biobank-staff"],
        difficulty=Difficulty.ADVANCED,
        objectives="Calculate the real cost of storing and issuing a sample\n"
        "Outline a business plan that funders recognise",
        prerequisites="Insight into your biobank's budget",
        minutes=60,
        language="nl",
        licence=Licence.CC_BY_NC_4,
        provider=NODE,
        date=date(2024, 5, 27),
        version="1.1",
        document=(
            "Financing a biobank (slides outline)",
            "training-biobank-financing.txt",
            "Financing a biobank\n\n- What a sample really costs\n- Cost recovery\n"
            "- Funding sources, from institutional to European\n",
        ),
        topics=["financing"],
        themes=[],
    ),
    _item(
        slug="research-infrastructures-in-the-curriculum",
        title="Research infrastructures, ELSI, FAIR and Open Science for students",
        description="An introductory e-learning module for biomedical students, the next "
        "generation of users: what research infrastructures such as biobanks offer, "
        "and how to reuse samples and data responsibly and openly.",
        training_type=TrainingType.E_LEARNING,
        audiences=["students", "researchers"],
        difficulty=Difficulty.BEGINNER,
        objectives="Name the national and European research infrastructures for health research\n"
        "Explain why reuse of samples and data should be the norm\n"
        "Apply the FAIR principles to a student project",
        prerequisites="",
        minutes=120,
        language="en",
        licence=Licence.CC_BY_4,
        provider=f"{NODE} with university teaching staff",
        date=date(2025, 5, 12),
        version="1.0",
        url="https://tess.elixir-europe.org/",
        topics=["image-and-reputation", "incentives-for-reuse"],
        themes=["elsi", "fair", "open-science"],
    ),
    _item(
        slug="donor-information-plain-language",
        title="Informer les donneurs : guide de rédaction en langage clair",
        description="A French-language guide for biobanks that write information leaflets "
        "and consent forms for donors: what donors want to know, how to explain reuse "
        "and data linkage in plain words, and how to test a leaflet with patients.",
        training_type=TrainingType.GUIDELINE,
        audiences=["biobank-staff", "patients-and-public", "ethics-committees"],
        difficulty=Difficulty.BEGINNER,
        objectives="Write donor information that a lay reader understands\n"
        "Explain broad consent and future reuse honestly",
        prerequisites="",
        minutes=40,
        language="fr",
        licence=Licence.CC_BY_4,
        provider=f"{NODE} with a patient federation",
        date=date(2025, 2, 24),
        version="1.0",
        document=(
            "Informer les donneurs (guide)",
            "training-donor-information-fr.txt",
            "Informer les donneurs : guide de rédaction en langage clair\n\n"
            "1. Ce que les donneurs veulent savoir.\n"
            "2. Expliquer la réutilisation des échantillons et des données.\n"
            "3. Tester la brochure avec des patients.\n",
        ),
        topics=["image-and-reputation", "access-procedures"],
        themes=["elsi"],
    ),
]
