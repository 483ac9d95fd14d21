"""French texts of the demo's site pages: the home page, About, the topics index and the eight
topic pages ("vous", terms of docs/glossary.md).

PAGES: a page's path below the English home page ("" is the home page itself) → the English
source text as wagtail-localize extracts it (its PO msgid: "&amp;" for "&", "<br/>" for a line
break) → the French text in the same form. COMMON: texts that several pages share.
"""

COMMON = {
    "Want to contribute to this theme? Join a working group or contact the person below.": (
        "Vous souhaitez contribuer à ce thème ? Rejoignez un groupe de travail ou contactez la "
        "personne ci-dessous."
    ),
}

PAGES = {
    "news": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        ("News from the community and its biobanks. This section is being built."): (
            "Les actualités de la communauté et de ses biobanques. Cette rubrique est en "
            "construction."
        ),
        "News": "Actualités",
        "News from the community, its working groups and the biobanks in the network.": (
            "Les actualités de la communauté, de ses groupes de travail et des biobanques du "
            "réseau."
        ),
    },
    "funding": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        (
            "Funding opportunities for collections, biobanks and research that reuses them, "
            "with their deadlines. This section is being built."
        ): (
            "Les possibilités de financement pour les collections, les biobanques et la "
            "recherche qui les réutilise, avec leurs échéances. Cette rubrique est en "
            "construction."
        ),
        "Funding": "Financement",
        "Funding opportunities for collections, biobanks and research that reuses them, with "
        "their deadlines. Follow a call for a reminder before each deadline, or save a filter "
        "to hear about new calls.": (
            "Les possibilités de financement pour les collections, les biobanques et la "
            "recherche qui les réutilise, avec leurs échéances. Suivez un appel pour recevoir un "
            "rappel avant chaque échéance, ou enregistrez un filtre pour être informé des "
            "nouveaux appels."
        ),
    },
    "partnerships": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        (
            "Offers and requests from companies, biobanks and research institutes looking for"
            " a partner. This section is being built."
        ): (
            "Offres et demandes d’entreprises, de biobanques et d’instituts de recherche à la"
            " recherche d’un partenaire. Cette rubrique est en construction."
        ),
        "Partnerships": "Partenariats",
        "Offers and requests from companies, biobanks, research institutes and patient "
        "organisations looking for a partner: samples, data, images, expertise, services, "
        "co-development or funding.": (
            "Offres et demandes d’entreprises, de biobanques, d’instituts de recherche et "
            "d’associations de patients à la recherche d’un partenaire : échantillons, données, "
            "images, expertise, services, co-développement ou financement."
        ),
    },
    "biobanks": {
        # The shell's placeholder (home/demo.py), before the section's own demo.
        (
            "Searchable profiles of the biobanks and collections in the network, imported "
            "from the BBMRI-ERIC Directory and the national catalogue. This section is being "
            "built."
        ): (
            "Des profils consultables des biobanques et des collections du réseau, repris du "
            "BBMRI-ERIC Directory et du catalogue national. Cette rubrique est en "
            "construction."
        ),
        "Biobanks": "Biobanques",
        "Find biobanks and their collections by disease, material, data and quality marks. The "
        "profiles are kept in sync with the BBMRI-ERIC Directory; each one links to its "
        "Directory page and lets you contact the biobank.": (
            "Trouvez des biobanques et leurs collections par maladie, matériel, données et "
            "labels de qualité. Les profils sont synchronisés avec le BBMRI-ERIC Directory ; "
            "chacun renvoie à sa page dans le Directory et vous permet de contacter la biobanque."
        ),
    },
    "": {
        "Biobank Community Hub": "Biobank Community Hub",
        "The meeting place of the national biobank community: find biobanks and their "
        "collections, join working groups, learn, and find partners and funding for the reuse "
        "of human samples and data.": (
            "Le lieu de rencontre de la communauté nationale des biobanques : trouvez des "
            "biobanques et leurs collections, rejoignez des groupes de travail, formez-vous, et "
            "trouvez des partenaires et des financements pour réutiliser des échantillons et des "
            "données humains."
        ),
        "Why biobanks matter": "Pourquoi les biobanques comptent",
        "High-quality, securely stored human biomaterials and data, shared through a national "
        "infrastructure, make personalised medicine and health research possible. That needs "
        "professionals from many disciplines who exchange expertise and learn from each other: "
        "this hub is where they meet.": (
            "Des biomatériaux humains et des données de haute qualité, conservés en toute "
            "sécurité et partagés au moyen d'une infrastructure nationale, rendent possibles la "
            "médecine personnalisée et la recherche en santé. Il faut pour cela des "
            "professionnels de nombreuses disciplines qui échangent leur expertise et apprennent "
            "les uns des autres : c'est sur ce hub qu'ils se retrouvent."
        ),
    },
    "about": {
        "About": "À propos",
        "The national biobank community and the BBMRI national node: what they do and how "
        "they work.": (
            "La communauté nationale des biobanques et le nœud national de BBMRI : ce qu'ils font "
            "et comment ils travaillent."
        ),
        "Who we are": "Qui sommes-nous ?",
        "The Biobank Community brings together everyone who works with human biomaterials and "
        "the data that belong to them: biobanks and collections, researchers, policymakers, "
        "funders, patients and participants, and companies. Its aim is that samples and data "
        "are used as well as possible for personalised medicine and health research.": (
            "La Biobank Community réunit toutes les personnes qui travaillent avec des "
            "biomatériaux humains et les données qui s'y rattachent : biobanques et collections, "
            "chercheurs, décideurs politiques, financeurs, patients et participants, et "
            "entreprises. Son objectif : que les échantillons et les données servent au mieux la "
            "médecine personnalisée et la recherche en santé."
        ),
        "The community maps and links the biobanks in the country and harmonises how "
        "biomaterials and data are collected and described, nationally and internationally. "
        "It unites the local biobank communities, most of which already take part in the "
        "national BBMRI node or the clinical biobank programme, under one umbrella.": (
            "La communauté recense et relie les biobanques du pays, et harmonise la manière dont "
            "les biomatériaux et les données sont collectés et décrits, au niveau national comme "
            "international. Elle rassemble sous un même toit les communautés locales de "
            "biobanques, dont la plupart participent déjà au nœud national de BBMRI ou au "
            "programme des biobanques cliniques."
        ),
        "The national node": "Le nœud national",
        "The national node of BBMRI-ERIC, the European research infrastructure for biobanks, "
        "grew out of successive programmes funded by the national research council. It first "
        "linked existing clinical and population biobanks to the European infrastructure, then "
        "made the shared infrastructure future-proof. Today it works within the national health "
        "data infrastructure, with a national hub and regional nodes at the academic "
        "hospitals.": (
            "Le nœud national de BBMRI-ERIC, l'infrastructure de recherche européenne pour les "
            "biobanques, est né de programmes successifs financés par le conseil national de la "
            "recherche. Il a d'abord relié les biobanques cliniques et de population existantes à "
            "l'infrastructure européenne, puis a rendu l'infrastructure commune durable. "
            "Aujourd'hui, il s'inscrit dans l'infrastructure nationale de données de santé, avec "
            "un hub national et des nœuds régionaux dans les hôpitaux universitaires."
        ),
        "The node works on three things:": "Le nœud travaille sur trois axes :",
        "harmonisation: procedures, guidelines and standards for samples, images and data, "
        "based on evidence and aligned internationally;": (
            "l'harmonisation : procédures, lignes directrices et normes pour les échantillons, "
            "les images et les données, fondées sur des preuves et alignées au niveau "
            "international ;"
        ),
        "support: services that help researchers find and share samples, images and data;": (
            "le soutien : des services qui aident les chercheurs à trouver et à partager des "
            "échantillons, des images et des données ;"
        ),
        "knowledge: websites, contributions to current debates and community meetings such as "
        "the annual Biobanks &amp; Collections Day.": (
            "la connaissance : sites web, contributions aux débats actuels et rencontres de la "
            "communauté, comme la Journée annuelle des biobanques et des collections."
        ),
        "How we work": "Notre façon de travailler",
        "The community is a national platform for collaboration at strategic and operational "
        "level. Stakeholders work and take steps together, and with neighbouring communities "
        "such as the ELSI community where a theme calls for it. Working groups take on the "
        "themes; the community coordinator is the first point of contact for anyone who wants "
        "to know more or contribute.": (
            "La communauté est une plateforme nationale de collaboration, aux niveaux stratégique "
            "et opérationnel. Les parties prenantes travaillent et avancent ensemble, et avec des "
            "communautés voisines comme la communauté ELSI lorsqu'un thème le demande. Des "
            "groupes de travail prennent en charge les thèmes ; le coordinateur de la communauté "
            "est le premier point de contact pour toute personne qui souhaite en savoir plus ou "
            "contribuer."
        ),
        "Get involved": "Participez",
        "Create an account to join a working group and receive members-only material.": (
            "Créez un compte pour rejoindre un groupe de travail et recevoir les documents "
            "réservés aux membres."
        ),
        "Create an account": "Créer un compte",
        "Leadership": "Direction",
        "National node directors (two, from the academic hospitals)": (
            "Directeurs du nœud national (deux, issus des hôpitaux universitaires)"
        ),
        "Management committee representative to BBMRI-ERIC": (
            "Représentant au comité de gestion de BBMRI-ERIC"
        ),
        "Community coordinator": "Coordinateur de la communauté",
    },
    "topics": {
        "Topics": "Thèmes",
        "The eight themes the community works on. Each page gathers the related training, "
        "news, events, funding calls, partnership listings and working groups.": (
            "Les huit thèmes sur lesquels travaille la communauté. Chaque page rassemble les "
            "formations, actualités, événements, appels à financement, annonces de partenariat "
            "et groupes de travail qui s'y rapportent."
        ),
    },
    "topics/incentives-for-reuse": {
        "Incentives for reuse": "Incitations à la réutilisation",
        "Collections are built with public money and voluntary donations: their broad use "
        "should be the norm.": (
            "Les collections sont constituées grâce à des fonds publics et à des dons volontaires "
            ": leur large utilisation devrait être la norme."
        ),
        "Today's scientific system rewards a sense of ownership (“my samples and data”) and "
        "the shielding of collections from others.": (
            "Le système scientifique actuel récompense un sentiment de propriété (« mes "
            "échantillons et mes données ») et le cloisonnement des collections."
        ),
        "The community builds a collective voice that makes the case for broad access aimed at "
        "maximum impact.": (
            "La communauté construit une voix collective qui plaide pour un large accès, en vue "
            "d'un impact maximal."
        ),
    },
    "topics/access-procedures": {
        "Application, review and issue procedures": (
            "Procédures de demande, d'évaluation et de mise à disposition"
        ),
        "Requesting, reviewing and releasing samples and data should be simple and transparent.": (
            "Demander, évaluer et mettre à disposition des échantillons et des données devrait "
            "être simple et transparent."
        ),
        "Procedures are often complex and opaque, which confuses applicants and delays "
        "projects. Regulations (privacy, international data sharing, research outside the "
        "medical research act) and differing institutional policies on consent, ethics review "
        "and incidental findings all play a part.": (
            "Les procédures sont souvent complexes et opaques, ce qui déroute les demandeurs et "
            "retarde les projets. La réglementation (vie privée, partage international de "
            "données, recherche hors du champ de la loi sur la recherche médicale) et des "
            "politiques institutionnelles différentes en matière de consentement, d'évaluation "
            "éthique et de découvertes fortuites jouent toutes un rôle."
        ),
        "The community works on harmonised processes and closer cooperation between the "
        "central biobanks, so that biobanks, as responsible parties, can simplify their "
        "procedures.": (
            "La communauté travaille à des processus harmonisés et à une coopération plus étroite "
            "entre les biobanques centrales, afin que les biobanques, en tant que parties "
            "responsables, puissent simplifier leurs procédures."
        ),
    },
    "topics/quality": {
        "Sample and data quality and reproducibility": (
            "Qualité des échantillons et des données, et reproductibilité"
        ),
        "Research results are only as good as the samples and data behind them.": (
            "Les résultats de recherche ne valent que ce que valent les échantillons et les "
            "données sur lesquels ils reposent."
        ),
        "Differences in collecting, processing and storing samples, and in the condition of "
        "donors, create variation within and between collections that shows up in the "
        "results.": (
            "Les différences dans la collecte, le traitement et la conservation des échantillons, "
            "ainsi que dans l'état des donneurs, créent au sein des collections et entre elles "
            "une variabilité qui se retrouve dans les résultats."
        ),
        "The community develops evidence-based protocols for comparable quality and correct "
        "pre-analytical metadata, and helps put them into practice.": (
            "La communauté élabore des protocoles fondés sur des preuves pour une qualité "
            "comparable et des métadonnées pré-analytiques correctes, et aide à les mettre en "
            "pratique."
        ),
    },
    "topics/linking-data": {
        "Linking data sources and IT systems": (
            "Relier les sources de données et les systèmes informatiques"
        ),
        "Linked sources answer questions that no single collection can.": (
            "Des sources reliées répondent à des questions qu'aucune collection ne peut résoudre "
            "seule."
        ),
        "Establishing links is slow and labour-intensive, and the non-technical issues (legal "
        "agreements, standards) are the greatest obstacles.": (
            "Établir des liens est lent et demande beaucoup de travail, et les questions non "
            "techniques (accords juridiques, normes) sont les principaux obstacles."
        ),
        "The community joins existing linkage initiatives and shares knowledge and expertise.": (
            "La communauté s'associe aux initiatives de couplage existantes et partage ses "
            "connaissances et son expertise."
        ),
    },
    "topics/findability": {
        "Findability of samples and data": "Trouver les échantillons et les données",
        "Samples and data must be findable to be used, and to avoid duplicated collections.": (
            "Les échantillons et les données doivent être faciles à trouver pour être utilisés, "
            "et pour éviter les collections en double."
        ),
        "Catalogues are not yet complete, easy to use or widely known, inside or outside the "
        "field.": (
            "Les catalogues ne sont pas encore complets, faciles à utiliser ni largement connus, "
            "dans le domaine comme en dehors."
        ),
        "Every institute keeps a local catalogue linked to the national catalogue; local "
        "biobank infrastructures act as linking pins to their communities, and the hub "
        "publishes biobank profiles straight from the catalogue.": (
            "Chaque institut tient un catalogue local relié au catalogue national ; les "
            "infrastructures locales de biobanques font le lien avec leurs communautés, et le hub "
            "publie les profils des biobanques directement à partir du catalogue."
        ),
    },
    "topics/image-and-reputation": {
        "Image and reputation": "Image et réputation",
        "Biobanks depend on the trust and support of many stakeholders.": (
            "Les biobanques dépendent de la confiance et du soutien de nombreuses parties "
            "prenantes."
        ),
        "The general public, funders, policymakers and institutes often do not see the value "
        "of biobanks.": (
            "Le grand public, les financeurs, les décideurs politiques et les instituts ne "
            "perçoivent souvent pas la valeur des biobanques."
        ),
        "A joint communication strategy: more awareness and transparency towards the public, "
        "the scientific and social value of biobanks made visible, and training for current "
        "and next generation users in research infrastructures, ELSI, reuse, FAIR and Open "
        "Science.": (
            "Une stratégie de communication commune : plus de sensibilisation et de transparence "
            "envers le public, la valeur scientifique et sociale des biobanques rendue visible, et "
            "des formations pour les utilisateurs d'aujourd'hui et de demain sur les "
            "infrastructures de recherche, l'ELSI, la réutilisation, FAIR et la science ouverte."
        ),
    },
    "topics/public-private-cooperation": {
        "Public-private cooperation": "Coopération public-privé",
        "Companies ask for samples, data and ideas; biobanks can gain income and knowledge.": (
            "Les entreprises demandent des échantillons, des données et des idées ; les "
            "biobanques peuvent y gagner des revenus et des connaissances."
        ),
        "Public-private partnerships are under-used, although industry is often needed to "
        "bring innovations to patients.": (
            "Les partenariats public-privé sont sous-utilisés, alors que l'industrie est souvent "
            "nécessaire pour que les innovations parviennent aux patients."
        ),
        "Members share experience and expertise, and the hub lists partnership offers and "
        "requests.": (
            "Les membres partagent leur expérience et leur expertise, et le hub publie des offres "
            "et des demandes de partenariat."
        ),
    },
    "topics/financing": {
        "Financing collections, biobanks and reuse": (
            "Financer les collections, les biobanques et la réutilisation"
        ),
        "Biobanks are not self-sustaining: external funding is always needed.": (
            "Les biobanques ne sont pas autosuffisantes : un financement externe est toujours "
            "nécessaire."
        ),
        "The funding landscape is not geared to financing research infrastructure for the long "
        "term.": (
            "Le paysage du financement n'est pas conçu pour financer des infrastructures de "
            "recherche sur le long terme."
        ),
        "The community explores national and international funding options, works on a joint "
        "strategy and publishes funding calls on the hub.": (
            "La communauté explore les possibilités de financement nationales et internationales, "
            "travaille à une stratégie commune et publie des appels à financement sur le hub."
        ),
    },
}
