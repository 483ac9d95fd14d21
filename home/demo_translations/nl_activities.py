"""Dutch texts of the demo's working groups, events and training pages (informal "je", terms of
docs/glossary.md). Same form as nl_site.PAGES; "{year}" stands for the year in a text that
carries one (the Biobanks & Collections Day is next spring's).
"""

DAY = "Biobanken- en Collectiedag"

PAGES = {
    "working-groups": {
        "Working groups": "Werkgroepen",
        "Working groups take on the community's themes. Open groups take every hub member at "
        "once; others admit members on request. Members share meeting notes and draft "
        "documents in their group's members area.": (
            "Werkgroepen pakken de thema's van de community op. Een open groep laat elk lid van "
            "de hub meteen toe; andere groepen laten leden toe op aanvraag. Leden delen "
            "vergaderverslagen en conceptdocumenten in de ledenomgeving van hun groep."
        ),
    },
    "working-groups/public-private-partnerships": {
        "Public-private partnerships": "Publiek-private partnerschappen",
        "Fair, workable partnerships between biobanks and companies: contract templates, cost "
        "recovery and what donors may expect.": (
            "Eerlijke, werkbare partnerschappen tussen biobanken en bedrijven: modelcontracten, "
            "kostendekking en wat donors mogen verwachten."
        ),
        "Companies ask biobanks for samples, data and expertise, but each agreement is "
        "negotiated from scratch. The group collects good examples, drafts model clauses and "
        "agrees on principles for cost recovery and benefit sharing that biobanks can explain "
        "to their donors.": (
            "Bedrijven vragen biobanken om monsters, data en expertise, maar elke overeenkomst "
            "wordt opnieuw vanaf nul uitonderhandeld. De groep verzamelt goede voorbeelden, "
            "schrijft modelclausules en spreekt principes af voor kostendekking en het delen van "
            "opbrengsten, die biobanken aan hun donors kunnen uitleggen."
        ),
        "For biobank managers, legal and valorisation staff, and companies that work with "
        "biobanks: say what experience you bring.": (
            "Voor biobankmanagers, juridische en valorisatiemedewerkers, en bedrijven die met "
            "biobanken werken: vertel welke ervaring je meebrengt."
        ),
        "Quarterly, on site": "Elk kwartaal, op locatie",
    },
    "events": {
        "Events": "Evenementen",
        "Meetings, workshops and webinars of the biobank community, first among them the "
        "annual Biobanks &amp; Collections Day. Register online; members' details are filled "
        "in for them.": (
            f"Bijeenkomsten, workshops en webinars van de biobankcommunity, met als belangrijkste "
            f"de jaarlijkse {DAY}. Meld je online aan; als lid zijn je gegevens al voor je "
            f"ingevuld."
        ),
    },
    "events/biobanks-collections-day-*": {
        "Biobanks &amp; Collections Day {year}": f"{DAY} {{year}}",
        "The annual meeting of everyone who works with human biomaterials and their data: a "
        "plenary programme, two parallel workshop tracks and plenty of time to meet peers.": (
            "De jaarlijkse bijeenkomst voor iedereen die werkt met menselijk lichaamsmateriaal "
            "en de bijbehorende data: een plenair programma, twee parallelle reeksen workshops "
            "en volop tijd om vakgenoten te ontmoeten."
        ),
        "Central Congress Centre": "Centraal Congrescentrum",
        "About the day": "Over de dag",
        "Once a year the community meets in person. Biobank managers, researchers, data "
        "stewards, policymakers, funders, companies and patient representatives exchange what "
        "works, in a plenary programme and in two parallel workshop tracks.": (
            "Eén keer per jaar ziet de community elkaar in het echt. Biobankmanagers, "
            "onderzoekers, datastewards, beleidsmakers, financiers, bedrijven en "
            "patiëntvertegenwoordigers wisselen uit wat werkt, in een plenair programma en in "
            "twee parallelle reeksen workshops."
        ),
        "Choose one workshop in the morning and one in the afternoon when you register. Each "
        "workshop has 75 places.": (
            "Kies bij je aanmelding één workshop in de ochtend en één in de middag. Elke workshop "
            "heeft 75 plaatsen."
        ),
        "Who should come": "Voor wie is deze dag?",
        "Biobank and collection managers and staff": (
            "Managers en medewerkers van biobanken en collecties"
        ),
        "Researchers who use or want to use samples and data": (
            "Onderzoekers die monsters en data gebruiken of willen gebruiken"
        ),
        "Data stewards and IT staff": "Datastewards en IT-medewerkers",
        "Policymakers, funders and patient representatives": (
            "Beleidsmakers, financiers en patiëntvertegenwoordigers"
        ),
        # The programme (its sessions are translated with the page; tracks stay as they are).
        "Registration and coffee": "Aanmelding en koffie",
        "Welcome and opening": "Welkom en opening",
        "Keynote: biobanks in the national health data infrastructure": (
            "Keynote: biobanken in de nationale gezondheidsdata-infrastructuur"
        ),
        "Where collections fit in the national health data infrastructure, and what that asks "
        "of biobanks.": (
            "Waar collecties passen in de nationale gezondheidsdata-infrastructuur, en wat dat "
            "van biobanken vraagt."
        ),
        "Coffee break": "Koffiepauze",
        "Workshop A1: sample quality in practice": (
            "Workshop A1: de kwaliteit van monsters in de praktijk"
        ),
        "Pre-analytical variables and how to record them.": (
            "Pre-analytische variabelen en hoe je ze vastlegt."
        ),
        "Workshop B1: access procedures made simple": (
            "Workshop B1: toegangsprocedures eenvoudig gemaakt"
        ),
        "From request to release: harmonising the steps.": (
            "Van aanvraag tot uitgifte: de stappen op elkaar afstemmen."
        ),
        "Lunch and posters": "Lunch en posters",
        "Workshop A2: linking data sources": "Workshop A2: databronnen koppelen",
        "Legal agreements, standards and tools for linkage.": (
            "Juridische afspraken, standaarden en tools om data te koppelen."
        ),
        "Workshop B2: telling the biobank story": (
            "Workshop B2: het verhaal van de biobank vertellen"
        ),
        "Making the value of biobanks visible to the public.": (
            "De waarde van biobanken zichtbaar maken voor het publiek."
        ),
        "Tea": "Thee",
        "Panel: reuse as the norm": "Panel: hergebruik als norm",
        "Closing": "Afsluiting",
        "Drinks": "Borrel",
        "Foyer": "Foyer",
        "Main hall": "Grote zaal",
        "Room 1": "Zaal 1",
        "Room 2": "Zaal 2",
    },
    "training": {
        "Training": "Training",
        "Courses, e-learning, recordings, slides and guidelines for everyone who works with "
        "human samples and data, from biobank technicians to ethics committees and the next "
        "generation of researchers. Filter by type, audience, level, topic and language, or by "
        "the themes ELSI, FAIR and Open Science.": (
            "Cursussen, e-learning, opnames, slides en richtlijnen voor iedereen die werkt met "
            "menselijke monsters en data, van biobankanalisten tot ethische commissies en de "
            "volgende generatie onderzoekers. Filter op type, doelgroep, niveau, thema en taal, "
            "of op ELSI, FAIR en Open Science."
        ),
    },
    "training/pre-analytical-sample-handling": {
        "Pre-analytical sample handling: from collection to freezer": (
            "Pre-analytische verwerking van monsters: van afname tot vriezer"
        ),
        "What happens to a sample before it is analysed decides what it can tell us. This "
        "module follows blood and tissue from the ward to the freezer and shows which steps "
        "introduce variation, and how to record them.": (
            "Wat er met een monster gebeurt voordat het wordt geanalyseerd, bepaalt wat het ons "
            "kan vertellen. Deze module volgt bloed en weefsel van de afdeling tot in de vriezer "
            "en laat zien welke stappen variatie veroorzaken, en hoe je die vastlegt."
        ),
        "Name the pre-analytical variables that affect blood and tissue samples<br/>Explain "
        "why time to processing and storage temperature must be recorded<br/>Apply a "
        "checklist when you receive samples": (
            "De pre-analytische variabelen noemen die bloed- en weefselmonsters beïnvloeden<br/>"
            "Uitleggen waarom de tijd tot verwerking en de opslagtemperatuur moeten worden "
            "vastgelegd<br/>Een checklist gebruiken als je monsters ontvangt"
        ),
        "National biobank node": "Nationaal biobankknooppunt",
    },
    "training/informed-and-broad-consent": {
        "Informed consent and broad consent in biobanking": (
            "Geïnformeerde toestemming en brede toestemming bij biobanken"
        ),
        "An e-learning module on consent for biobanks: what specific, broad and tiered consent "
        "mean, what donors should be told, and how consent choices travel with samples and "
        "data.": (
            "Een e-learningmodule over toestemming voor biobanken: wat specifieke, brede en "
            "gelaagde toestemming betekenen, wat je donors moet vertellen, en hoe "
            "toestemmingskeuzes met monsters en data meereizen."
        ),
        "Tell specific, broad and tiered consent apart<br/>Write donor information that is "
        "clear and complete<br/>Record consent so that it can be checked at every request": (
            "Specifieke, brede en gelaagde toestemming uit elkaar houden<br/>Donorinformatie "
            "schrijven die helder en volledig is<br/>Toestemming zo vastleggen dat je die bij "
            "elke aanvraag kunt controleren"
        ),
        "National biobank node": "Nationaal biobankknooppunt",
    },
}
