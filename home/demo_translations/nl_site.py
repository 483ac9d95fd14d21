"""Dutch texts of the demo's site pages: the home page, About, the topics index and the eight
topic pages (informal "je", terms of docs/glossary.md).

PAGES: a page's path below the English home page ("" is the home page itself) → the English
source text as wagtail-localize extracts it (its PO msgid: "&amp;" for "&", "<br/>" for a line
break) → the Dutch text in the same form. COMMON: texts that several pages share.
"""

COMMON = {
    "Want to contribute to this theme? Join a working group or contact the person below.": (
        "Wil je bijdragen aan dit thema? Word lid van een werkgroep of neem contact op met de "
        "persoon hieronder."
    ),
}

PAGES = {
    "news": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        ("News from the community and its biobanks. This section is being built."): (
            "Nieuws uit de community en van haar biobanken. Aan deze rubriek wordt nog gewerkt."
        ),
        "News": "Nieuws",
        "News from the community, its working groups and the biobanks in the network.": (
            "Nieuws uit de community, van de werkgroepen en van de biobanken in het netwerk."
        ),
    },
    "funding": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        (
            "Funding opportunities for collections, biobanks and research that reuses them, "
            "with their deadlines. This section is being built."
        ): (
            "Financieringsmogelijkheden voor collecties, biobanken en onderzoek dat ze "
            "hergebruikt, met hun deadlines. Aan deze rubriek wordt nog gewerkt."
        ),
        "Funding": "Financiering",
        "Funding opportunities for collections, biobanks and research that reuses them, with "
        "their deadlines. Follow a call for a reminder before each deadline, or save a filter "
        "to hear about new calls.": (
            "Financieringsmogelijkheden voor collecties, biobanken en onderzoek dat ze "
            "hergebruikt, met hun deadlines. Volg een oproep voor een herinnering vóór elke "
            "deadline, of bewaar een filter om over nieuwe oproepen te horen."
        ),
    },
    "partnerships": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        (
            "Offers and requests from companies, biobanks and research institutes looking for"
            " a partner. This section is being built."
        ): (
            "Aanbod en vragen van bedrijven, biobanken en onderzoeksinstituten die een "
            "partner zoeken. Aan deze rubriek wordt nog gewerkt."
        ),
        "Partnerships": "Partnerschappen",
        "Offers and requests from companies, biobanks, research institutes and patient "
        "organisations looking for a partner: samples, data, images, expertise, services, "
        "co-development or funding.": (
            "Aanbod en vragen van bedrijven, biobanken, onderzoeksinstituten en "
            "patiëntenorganisaties die een partner zoeken: monsters, data, beelden, expertise, "
            "diensten, co-development of financiering."
        ),
    },
    "biobanks": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        (
            "Searchable profiles of the biobanks and collections in the network, imported "
            "from the BBMRI-ERIC Directory and the national catalogue. This section is being "
            "built."
        ): (
            "Doorzoekbare profielen van de biobanken en collecties in het netwerk, "
            "overgenomen uit de BBMRI-ERIC Directory en de nationale catalogus. Aan deze "
            "rubriek wordt nog gewerkt."
        ),
        "Biobanks": "Biobanken",
        "Find biobanks and their collections by disease, material, data and quality marks. The "
        "profiles are kept in sync with the BBMRI-ERIC Directory; each one links to its "
        "Directory page and lets you contact the biobank.": (
            "Vind biobanken en hun collecties op ziekte, materiaal, data en kwaliteitskenmerken. "
            "De profielen blijven gelijk met de BBMRI-ERIC Directory; elk profiel linkt naar zijn "
            "Directory-pagina en laat je contact opnemen met de biobank."
        ),
    },
    "": {
        "Biobank Community Hub": "Biobank Community Hub",
        "The meeting place of the national biobank community: find biobanks and their "
        "collections, join working groups, learn, and find partners and funding for the reuse "
        "of human samples and data.": (
            "De ontmoetingsplek van de nationale biobankcommunity: vind biobanken en hun "
            "collecties, word lid van werkgroepen, leer bij, en vind partners en financiering "
            "voor het hergebruik van menselijke monsters en data."
        ),
        "Why biobanks matter": "Waarom biobanken ertoe doen",
        "High-quality, securely stored human biomaterials and data, shared through a national "
        "infrastructure, make personalised medicine and health research possible. That needs "
        "professionals from many disciplines who exchange expertise and learn from each other: "
        "this hub is where they meet.": (
            "Hoogwaardig menselijk lichaamsmateriaal, zoals bloed en weefsel, en de bijbehorende "
            "data, veilig opgeslagen en gedeeld via een nationale infrastructuur, maken "
            "gepersonaliseerde geneeskunde en gezondheidsonderzoek mogelijk. Daarvoor zijn "
            "professionals uit veel disciplines nodig die hun expertise uitwisselen en van "
            "elkaar leren: op deze hub komen ze samen."
        ),
    },
    "about": {
        "About": "Over ons",
        "The national biobank community and the BBMRI national node: what they do and how "
        "they work.": (
            "De nationale biobankcommunity en het nationale BBMRI-knooppunt: wat ze doen en hoe "
            "ze werken."
        ),
        "Who we are": "Wie we zijn",
        "The Biobank Community brings together everyone who works with human biomaterials and "
        "the data that belong to them: biobanks and collections, researchers, policymakers, "
        "funders, patients and participants, and companies. Its aim is that samples and data "
        "are used as well as possible for personalised medicine and health research.": (
            "De Biobank Community brengt iedereen samen die werkt met menselijk "
            "lichaamsmateriaal en de data die erbij horen: biobanken en collecties, onderzoekers, "
            "beleidsmakers, financiers, patiënten en deelnemers, en bedrijven. Het doel: monsters "
            "en data zo goed mogelijk benutten voor gepersonaliseerde geneeskunde en "
            "gezondheidsonderzoek."
        ),
        "The community maps and links the biobanks in the country and harmonises how "
        "biomaterials and data are collected and described, nationally and internationally. "
        "It unites the local biobank communities, most of which already take part in the "
        "national BBMRI node or the clinical biobank programme, under one umbrella.": (
            "De community brengt de biobanken in het land in kaart, verbindt ze en harmoniseert "
            "hoe lichaamsmateriaal en data worden verzameld en beschreven, nationaal en "
            "internationaal. Ze brengt de lokale biobankcommunity's onder één paraplu; de meeste "
            "doen al mee aan het nationale BBMRI-knooppunt of aan het programma voor klinische "
            "biobanken."
        ),
        "The national node": "Het nationale knooppunt",
        "The national node of BBMRI-ERIC, the European research infrastructure for biobanks, "
        "grew out of successive programmes funded by the national research council. It first "
        "linked existing clinical and population biobanks to the European infrastructure, then "
        "made the shared infrastructure future-proof. Today it works within the national health "
        "data infrastructure, with a national hub and regional nodes at the academic "
        "hospitals.": (
            "Het nationale knooppunt van BBMRI-ERIC, de Europese onderzoeksinfrastructuur voor "
            "biobanken, is voortgekomen uit opeenvolgende programma's die de nationale "
            "onderzoeksraad financierde. Eerst koppelde het bestaande klinische biobanken en "
            "populatiebiobanken aan de Europese infrastructuur, daarna maakte het de gedeelde "
            "infrastructuur toekomstbestendig. Nu werkt het binnen de nationale "
            "gezondheidsdata-infrastructuur, met een nationale hub en regionale knooppunten bij "
            "de academische ziekenhuizen."
        ),
        "The node works on three things:": "Het knooppunt werkt aan drie dingen:",
        "harmonisation: procedures, guidelines and standards for samples, images and data, "
        "based on evidence and aligned internationally;": (
            "harmonisatie: procedures, richtlijnen en standaarden voor monsters, beelden en data, "
            "onderbouwd met bewijs en internationaal afgestemd;"
        ),
        "support: services that help researchers find and share samples, images and data;": (
            "ondersteuning: diensten die onderzoekers helpen om monsters, beelden en data te "
            "vinden en te delen;"
        ),
        "knowledge: websites, contributions to current debates and community meetings such as "
        "the annual Biobanks &amp; Collections Day.": (
            "kennis: websites, bijdragen aan actuele debatten en bijeenkomsten van de community, "
            "zoals de jaarlijkse Biobanken- en Collectiedag."
        ),
        "How we work": "Hoe we werken",
        "The community is a national platform for collaboration at strategic and operational "
        "level. Stakeholders work and take steps together, and with neighbouring communities "
        "such as the ELSI community where a theme calls for it. Working groups take on the "
        "themes; the community coordinator is the first point of contact for anyone who wants "
        "to know more or contribute.": (
            "De community is een nationaal platform voor samenwerking op strategisch en "
            "operationeel niveau. Betrokken partijen werken samen en zetten samen stappen, ook "
            "met verwante community's zoals de ELSI-community als een thema daarom vraagt. "
            "Werkgroepen pakken de thema's op; de communitycoördinator is het eerste "
            "aanspreekpunt voor iedereen die meer wil weten of wil bijdragen."
        ),
        "Get involved": "Doe mee",
        "Create an account to join a working group and receive members-only material.": (
            "Maak een account aan om lid te worden van een werkgroep en materiaal te ontvangen "
            "dat alleen voor leden is."
        ),
        "Create an account": "Account aanmaken",
        "Leadership": "Leiding",
        "National node directors (two, from the academic hospitals)": (
            "Directeuren van het nationale knooppunt (twee, uit de academische ziekenhuizen)"
        ),
        "Management committee representative to BBMRI-ERIC": (
            "Vertegenwoordiger in het Management Committee van BBMRI-ERIC"
        ),
        "Community coordinator": "Communitycoördinator",
    },
    "topics": {
        "Topics": "Thema's",
        "The eight themes the community works on. Each page gathers the related training, "
        "news, events, funding calls, partnership listings and working groups.": (
            "De acht thema's waar de community aan werkt. Elke pagina verzamelt de trainingen, "
            "het nieuws, de evenementen, de subsidieoproepen, het samenwerkingsaanbod en de "
            "werkgroepen die erbij horen."
        ),
    },
    "topics/incentives-for-reuse": {
        "Incentives for reuse": "Prikkels voor hergebruik",
        "Collections are built with public money and voluntary donations: their broad use "
        "should be the norm.": (
            "Collecties worden opgebouwd met publiek geld en vrijwillige donaties: breed gebruik "
            "ervan hoort de norm te zijn."
        ),
        "Today's scientific system rewards a sense of ownership (“my samples and data”) and "
        "the shielding of collections from others.": (
            "Het huidige wetenschappelijke systeem beloont een gevoel van eigendom (“mijn monsters "
            "en data”) en het afschermen van collecties voor anderen."
        ),
        "The community builds a collective voice that makes the case for broad access aimed at "
        "maximum impact.": (
            "De community bouwt aan een gezamenlijke stem die pleit voor brede toegang, gericht op "
            "zo veel mogelijk impact."
        ),
    },
    "topics/access-procedures": {
        "Application, review and issue procedures": (
            "Procedures voor aanvraag, beoordeling en uitgifte"
        ),
        "Requesting, reviewing and releasing samples and data should be simple and transparent.": (
            "Het aanvragen, beoordelen en uitgeven van monsters en data moet eenvoudig en "
            "transparant zijn."
        ),
        "Procedures are often complex and opaque, which confuses applicants and delays "
        "projects. Regulations (privacy, international data sharing, research outside the "
        "medical research act) and differing institutional policies on consent, ethics review "
        "and incidental findings all play a part.": (
            "Procedures zijn vaak ingewikkeld en ondoorzichtig. Dat verwart aanvragers en "
            "vertraagt projecten. Regelgeving (privacy, internationaal delen van data, onderzoek "
            "buiten de wet op medisch-wetenschappelijk onderzoek) en het uiteenlopende beleid van "
            "instellingen voor toestemming, ethische toetsing en nevenbevindingen spelen allemaal "
            "een rol."
        ),
        "The community works on harmonised processes and closer cooperation between the "
        "central biobanks, so that biobanks, as responsible parties, can simplify their "
        "procedures.": (
            "De community werkt aan geharmoniseerde processen en nauwere samenwerking tussen de "
            "centrale biobanken, zodat biobanken als verantwoordelijke partijen hun procedures "
            "kunnen vereenvoudigen."
        ),
    },
    "topics/quality": {
        "Sample and data quality and reproducibility": (
            "Kwaliteit van monsters en data, en reproduceerbaarheid"
        ),
        "Research results are only as good as the samples and data behind them.": (
            "Onderzoeksresultaten zijn maar zo goed als de monsters en data waarop ze berusten."
        ),
        "Differences in collecting, processing and storing samples, and in the condition of "
        "donors, create variation within and between collections that shows up in the "
        "results.": (
            "Verschillen in het afnemen, verwerken en opslaan van monsters, zoals bloed en "
            "weefsel, en in de conditie van donors zorgen voor variatie binnen en tussen "
            "collecties, en die zie je terug in de resultaten."
        ),
        "The community develops evidence-based protocols for comparable quality and correct "
        "pre-analytical metadata, and helps put them into practice.": (
            "De community ontwikkelt onderbouwde protocollen voor vergelijkbare kwaliteit en "
            "correcte pre-analytische metadata, en helpt om ze in de praktijk te brengen."
        ),
    },
    "topics/linking-data": {
        "Linking data sources and IT systems": "Databronnen en IT-systemen koppelen",
        "Linked sources answer questions that no single collection can.": (
            "Gekoppelde bronnen beantwoorden vragen waar geen enkele collectie op zichzelf een "
            "antwoord op heeft."
        ),
        "Establishing links is slow and labour-intensive, and the non-technical issues (legal "
        "agreements, standards) are the greatest obstacles.": (
            "Koppelingen leggen gaat traag en kost veel werk, en de niet-technische kwesties "
            "(juridische afspraken, standaarden) zijn de grootste obstakels."
        ),
        "The community joins existing linkage initiatives and shares knowledge and expertise.": (
            "De community sluit aan bij bestaande koppelingsinitiatieven en deelt kennis en "
            "expertise."
        ),
    },
    "topics/findability": {
        "Findability of samples and data": "Vindbaarheid van monsters en data",
        "Samples and data must be findable to be used, and to avoid duplicated collections.": (
            "Monsters en data moeten vindbaar zijn om gebruikt te worden, en om dubbele collecties "
            "te voorkomen."
        ),
        "Catalogues are not yet complete, easy to use or widely known, inside or outside the "
        "field.": (
            "Catalogi zijn nog niet volledig, niet makkelijk in gebruik en niet breed bekend, "
            "binnen noch buiten het vakgebied."
        ),
        "Every institute keeps a local catalogue linked to the national catalogue; local "
        "biobank infrastructures act as linking pins to their communities, and the hub "
        "publishes biobank profiles straight from the catalogue.": (
            "Elk instituut houdt een lokale catalogus bij die gekoppeld is aan de nationale "
            "catalogus; lokale biobankinfrastructuren zijn de schakel naar hun eigen community, "
            "en de hub publiceert biobankprofielen rechtstreeks uit de catalogus."
        ),
    },
    "topics/image-and-reputation": {
        "Image and reputation": "Imago en reputatie",
        "Biobanks depend on the trust and support of many stakeholders.": (
            "Biobanken zijn afhankelijk van het vertrouwen en de steun van veel betrokken partijen."
        ),
        "The general public, funders, policymakers and institutes often do not see the value "
        "of biobanks.": (
            "Het brede publiek, financiers, beleidsmakers en instellingen zien vaak niet wat "
            "biobanken waard zijn."
        ),
        "A joint communication strategy: more awareness and transparency towards the public, "
        "the scientific and social value of biobanks made visible, and training for current "
        "and next generation users in research infrastructures, ELSI, reuse, FAIR and Open "
        "Science.": (
            "Een gezamenlijke communicatiestrategie: meer bekendheid en transparantie naar het "
            "publiek, de wetenschappelijke en maatschappelijke waarde van biobanken zichtbaar "
            "gemaakt, en training voor huidige en toekomstige gebruikers in "
            "onderzoeksinfrastructuren, ELSI, hergebruik, FAIR en Open Science."
        ),
    },
    "topics/public-private-cooperation": {
        "Public-private cooperation": "Publiek-private samenwerking",
        "Companies ask for samples, data and ideas; biobanks can gain income and knowledge.": (
            "Bedrijven vragen om monsters, data en ideeën; biobanken kunnen er inkomsten en "
            "kennis mee winnen."
        ),
        "Public-private partnerships are under-used, although industry is often needed to "
        "bring innovations to patients.": (
            "Publiek-private partnerschappen worden te weinig benut, terwijl de industrie vaak "
            "nodig is om innovaties bij patiënten te brengen."
        ),
        "Members share experience and expertise, and the hub lists partnership offers and "
        "requests.": (
            "Leden delen ervaring en expertise, en de hub toont aanbod en vragen voor samenwerking."
        ),
    },
    "topics/financing": {
        "Financing collections, biobanks and reuse": (
            "Financiering van collecties, biobanken en hergebruik"
        ),
        "Biobanks are not self-sustaining: external funding is always needed.": (
            "Biobanken kunnen zichzelf niet bedruipen: externe financiering is altijd nodig."
        ),
        "The funding landscape is not geared to financing research infrastructure for the long "
        "term.": (
            "Het financieringslandschap is niet ingericht op het langdurig financieren van "
            "onderzoeksinfrastructuur."
        ),
        "The community explores national and international funding options, works on a joint "
        "strategy and publishes funding calls on the hub.": (
            "De community verkent nationale en internationale financieringsmogelijkheden, werkt "
            "aan een gezamenlijke strategie en publiceert subsidieoproepen op de hub."
        ),
    },
}
