"""French texts of the demo's working groups, events and training pages ("vous", terms of
docs/glossary.md). Same form as fr_site.PAGES; "{year}" stands for the year in a text that
carries one (the Biobanks & Collections Day is next spring's).
"""

DAY = "Journée des biobanques et des collections"

PAGES = {
    "working-groups": {
        "Working groups": "Groupes de travail",
        "Working groups take on the community's themes. Open groups take every hub member at "
        "once; others admit members on request. Members share meeting notes and draft "
        "documents in their group's members area.": (
            "Les groupes de travail prennent en charge les thèmes de la communauté. Les groupes "
            "ouverts accueillent immédiatement tout membre du hub ; les autres admettent les "
            "membres sur demande. Les membres partagent comptes rendus de réunion et projets de "
            "documents dans l'espace membres de leur groupe."
        ),
    },
    "working-groups/public-private-partnerships": {
        "Public-private partnerships": "Partenariats public-privé",
        "Fair, workable partnerships between biobanks and companies: contract templates, cost "
        "recovery and what donors may expect.": (
            "Des partenariats équitables et réalistes entre biobanques et entreprises : modèles "
            "de contrats, recouvrement des coûts et ce que les donneurs sont en droit d'attendre."
        ),
        "Companies ask biobanks for samples, data and expertise, but each agreement is "
        "negotiated from scratch. The group collects good examples, drafts model clauses and "
        "agrees on principles for cost recovery and benefit sharing that biobanks can explain "
        "to their donors.": (
            "Les entreprises sollicitent les biobanques pour des échantillons, des données et de "
            "l'expertise, mais chaque accord est négocié à partir de zéro. Le groupe rassemble de "
            "bons exemples, rédige des clauses types et s'accorde sur des principes de "
            "recouvrement des coûts et de partage des bénéfices que les biobanques peuvent "
            "expliquer à leurs donneurs."
        ),
        "For biobank managers, legal and valorisation staff, and companies that work with "
        "biobanks: say what experience you bring.": (
            "Pour les gestionnaires de biobanques, le personnel juridique et de valorisation, et "
            "les entreprises qui travaillent avec des biobanques : indiquez l'expérience que vous "
            "apportez."
        ),
        "Quarterly, on site": "Chaque trimestre, sur place",
    },
    "events": {
        "Events": "Événements",
        "Meetings, workshops and webinars of the biobank community, first among them the "
        "annual Biobanks &amp; Collections Day. Register online; members' details are filled "
        "in for them.": (
            f"Réunions, ateliers et webinaires de la communauté des biobanques, à commencer par "
            f"la {DAY}, organisée chaque année. Inscrivez-vous en ligne ; pour les membres, les "
            f"coordonnées sont déjà remplies."
        ),
    },
    "events/biobanks-collections-day-*": {
        "Biobanks &amp; Collections Day {year}": f"{DAY} {{year}}",
        "The annual meeting of everyone who works with human biomaterials and their data: a "
        "plenary programme, two parallel workshop tracks and plenty of time to meet peers.": (
            "La rencontre annuelle de toutes les personnes qui travaillent avec des biomatériaux "
            "humains et leurs données : un programme en plénière, deux parcours d'ateliers en "
            "parallèle et beaucoup de temps pour rencontrer vos pairs."
        ),
        "Central Congress Centre": "Centre central des congrès",
        "About the day": "À propos de la journée",
        "Once a year the community meets in person. Biobank managers, researchers, data "
        "stewards, policymakers, funders, companies and patient representatives exchange what "
        "works, in a plenary programme and in two parallel workshop tracks.": (
            "Une fois par an, la communauté se réunit en personne. Gestionnaires de biobanques, "
            "chercheurs, gestionnaires de données, décideurs politiques, financeurs, entreprises "
            "et représentants des patients partagent ce qui fonctionne, lors d'un programme en "
            "plénière et dans deux parcours d'ateliers en parallèle."
        ),
        "Choose one workshop in the morning and one in the afternoon when you register. Each "
        "workshop has 75 places.": (
            "Lors de votre inscription, choisissez un atelier le matin et un l'après-midi. Chaque "
            "atelier compte 75 places."
        ),
        "Who should come": "À qui s'adresse cette journée ?",
        "Biobank and collection managers and staff": (
            "Les gestionnaires et le personnel des biobanques et des collections"
        ),
        "Researchers who use or want to use samples and data": (
            "Les chercheurs qui utilisent ou souhaitent utiliser des échantillons et des données"
        ),
        "Data stewards and IT staff": (
            "Les gestionnaires de données (data stewards) et le personnel informatique"
        ),
        "Policymakers, funders and patient representatives": (
            "Les décideurs politiques, les financeurs et les représentants des patients"
        ),
        # The programme (its sessions are translated with the page; tracks stay as they are).
        "Registration and coffee": "Inscription et café",
        "Welcome and opening": "Accueil et ouverture",
        "Keynote: biobanks in the national health data infrastructure": (
            "Conférence inaugurale : les biobanques dans l'infrastructure nationale de données "
            "de santé"
        ),
        "Where collections fit in the national health data infrastructure, and what that asks "
        "of biobanks.": (
            "La place des collections dans l'infrastructure nationale de données de santé, et ce "
            "que cela demande aux biobanques."
        ),
        "Coffee break": "Pause café",
        "Workshop A1: sample quality in practice": (
            "Atelier A1 : la qualité des échantillons en pratique"
        ),
        "Pre-analytical variables and how to record them.": (
            "Les variables pré-analytiques et comment les enregistrer."
        ),
        "Workshop B1: access procedures made simple": (
            "Atelier B1 : des procédures d'accès simplifiées"
        ),
        "From request to release: harmonising the steps.": (
            "De la demande à la mise à disposition : harmoniser les étapes."
        ),
        "Lunch and posters": "Déjeuner et posters",
        "Workshop A2: linking data sources": "Atelier A2 : relier les sources de données",
        "Legal agreements, standards and tools for linkage.": (
            "Accords juridiques, normes et outils pour relier les données."
        ),
        "Workshop B2: telling the biobank story": (
            "Atelier B2 : raconter l'histoire de la biobanque"
        ),
        "Making the value of biobanks visible to the public.": (
            "Rendre visible au public la valeur des biobanques."
        ),
        "Tea": "Thé",
        "Panel: reuse as the norm": "Table ronde : la réutilisation comme norme",
        "Closing": "Clôture",
        "Drinks": "Verre de l'amitié",
        "Foyer": "Foyer",
        "Main hall": "Salle principale",
        "Room 1": "Salle 1",
        "Room 2": "Salle 2",
    },
    "training": {
        "Training": "Formation",
        "Courses, e-learning, recordings, slides and guidelines for everyone who works with "
        "human samples and data, from biobank technicians to ethics committees and the next "
        "generation of researchers. Filter by type, audience, level, topic and language, or by "
        "the themes ELSI, FAIR and Open Science.": (
            "Cours, e-learning, enregistrements, présentations et lignes directrices pour toutes "
            "les personnes qui travaillent avec des échantillons et des données humains, des "
            "techniciens de biobanque aux comités d'éthique et à la prochaine génération de "
            "chercheurs. Filtrez par type, public, niveau, thème et langue, ou selon les axes "
            "ELSI, FAIR et science ouverte."
        ),
    },
    "training/pre-analytical-sample-handling": {
        "Pre-analytical sample handling: from collection to freezer": (
            "Traitement pré-analytique des échantillons : du prélèvement au congélateur"
        ),
        "What happens to a sample before it is analysed decides what it can tell us. This "
        "module follows blood and tissue from the ward to the freezer and shows which steps "
        "introduce variation, and how to record them.": (
            "Ce qui arrive à un échantillon avant son analyse détermine ce qu'il peut nous "
            "apprendre. Ce module suit le sang et les tissus du service hospitalier jusqu'au "
            "congélateur, et montre quelles étapes introduisent de la variabilité et comment les "
            "consigner."
        ),
        "Name the pre-analytical variables that affect blood and tissue samples<br/>Explain "
        "why time to processing and storage temperature must be recorded<br/>Apply a "
        "checklist when you receive samples": (
            "Nommer les variables pré-analytiques qui influent sur les échantillons de sang et de "
            "tissu<br/>Expliquer pourquoi le délai avant traitement et la température de "
            "conservation doivent être consignés<br/>Appliquer une liste de contrôle à la "
            "réception des échantillons"
        ),
        "National biobank node": "Nœud national des biobanques",
    },
    "training/informed-and-broad-consent": {
        "Informed consent and broad consent in biobanking": (
            "Consentement éclairé et consentement large dans les biobanques"
        ),
        "An e-learning module on consent for biobanks: what specific, broad and tiered consent "
        "mean, what donors should be told, and how consent choices travel with samples and "
        "data.": (
            "Un module d'e-learning sur le consentement dans les biobanques : ce que signifient "
            "les consentements spécifique, large et à plusieurs niveaux, ce qu'il faut dire aux "
            "donneurs, et comment les choix de consentement suivent les échantillons et les "
            "données."
        ),
        "Tell specific, broad and tiered consent apart<br/>Write donor information that is "
        "clear and complete<br/>Record consent so that it can be checked at every request": (
            "Distinguer les consentements spécifique, large et à plusieurs niveaux<br/>Rédiger "
            "une information aux donneurs claire et complète<br/>Consigner le consentement de "
            "façon à pouvoir le vérifier à chaque demande"
        ),
        "National biobank node": "Nœud national des biobanques",
    },
}
