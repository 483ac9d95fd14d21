"""The demo's events content (events/demo.py loads it): the speakers, the programme and
registration questions of the Biobanks & Collections Day, and the demo attendees."""

from events.models import QuestionKind

SPEAKERS = [
    (
        "Keynote speaker, national health data infrastructure",
        "Programme lead, national health data infrastructure",
        "National health data programme",
    ),
    ("Workshop lead, sample quality", "Quality manager", "University medical centre biobank"),
    ("Workshop lead, access procedures", "Access desk coordinator", "Regional biobank"),
    ("Workshop lead, data linkage", "Data steward", "Population cohort"),
    ("Workshop lead, communication", "Communication adviser", "Patient federation"),
    ("Webinar speaker, catalogues", "Catalogue developer", "BBMRI-ERIC"),
]


# (start, end, title, room, track, description, speakers): the day's programme; speakers are
# SPEAKERS' roles by position, or the community's coordinator and director (community demo).
DAY_PROGRAMME = [
    ((9, 0), (9, 30), "Registration and coffee", "Foyer", "", "", ()),
    ((9, 30), (9, 45), "Welcome and opening", "Main hall", "", "", ("coordinator",)),
    (
        (9, 45),
        (10, 30),
        "Keynote: biobanks in the national health data infrastructure",
        "Main hall",
        "",
        "Where collections fit in the national health data infrastructure, and what that asks "
        "of biobanks.",
        (0,),
    ),
    ((10, 30), (11, 0), "Coffee break", "Foyer", "", "", ()),
    (
        (11, 0),
        (12, 15),
        "Workshop A1: sample quality in practice",
        "Room 1",
        "Track A",
        "Pre-analytical variables and how to record them.",
        (1,),
    ),
    (
        (11, 0),
        (12, 15),
        "Workshop B1: access procedures made simple",
        "Room 2",
        "Track B",
        "From request to release: harmonising the steps.",
        (2,),
    ),
    ((12, 15), (13, 15), "Lunch and posters", "Foyer", "", "", ()),
    (
        (13, 15),
        (14, 30),
        "Workshop A2: linking data sources",
        "Room 1",
        "Track A",
        "Legal agreements, standards and tools for linkage.",
        (3,),
    ),
    (
        (13, 15),
        (14, 30),
        "Workshop B2: telling the biobank story",
        "Room 2",
        "Track B",
        "Making the value of biobanks visible to the public.",
        (4,),
    ),
    ((14, 30), (15, 0), "Tea", "Foyer", "", "", ()),
    ((15, 0), (15, 45), "Panel: reuse as the norm", "Main hall", "", "", ("director", 0)),
    ((15, 45), (16, 0), "Closing", "Main hall", "", "", ("coordinator",)),
    ((16, 0), (17, 0), "Drinks", "Foyer", "", "", ()),
]


# (label, kind, required, [(option, places or None)], help text)
ROLES = ["Biobank or collection", "Researcher", "Company", "Policy or funding"]
ROLES += ["Patient or participant representative", "Other"]
DAY_QUESTIONS = [
    ("How are you involved?", QuestionKind.SINGLE, True, [(role, None) for role in ROLES], ""),
    (
        "Morning workshop",
        QuestionKind.WORKSHOP,
        True,
        [("A1 Sample quality in practice", 75), ("B1 Access procedures made simple", 75)],
        "",
    ),
    (
        "Afternoon workshop",
        QuestionKind.WORKSHOP,
        True,
        [("A2 Linking data sources", 75), ("B2 Telling the biobank story", 75)],
        "",
    ),
    ("Dietary requirements", QuestionKind.SHORT_TEXT, False, [], "Vegetarian, vegan, allergies…"),
    ("Will you stay for the drinks?", QuestionKind.YES_NO, False, [], ""),
    ("What would you like to discuss with peers?", QuestionKind.LONG_TEXT, False, [], ""),
]

DEMO_ATTENDEES = [
    ("Anna de Vries", "UMC biobank"),
    ("Bram Jansen", "Regional biobank"),
    ("Chris Peeters", "Population cohort"),
    ("Dana Smit", "University hospital"),
    ("Eva Bakker", "Research institute"),
    ("Farid El Amrani", "Biotech company"),
    ("Greet Visser", "Patient federation"),
    ("Hugo Mertens", "Ministry of Health"),
    ("Ilse Dekker", "Pathology archive"),
    ("Joost van Dijk", "Clinical biobank"),
    ("Karin Hendriks", "Research council"),
    ("Lotte Mulder", "UMC biobank"),
]
