# ruff: noqa: RUF001 - French prose uses the typographic apostrophe
"""The text of the demo fiches (sheet activities of ``demo.courses``), by
title: several paragraphs with headings and lists, on the exams, the
administration and library science. Where a detail is fixed by a text that
changes (coefficients, dates of a session), the fiche sends the reader to
that text rather than copying it."""


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _ol(*items: str) -> str:
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def _h(title: str) -> str:
    return f"<h2>{title}</h2>"


SHEETS = {
    # --- Les Fondamentaux ---------------------------------------------------------
    "Bienvenue dans Les Fondamentaux": _p(
        "Bienvenue ! Ce cours rassemble les connaissances communes à tous les concours des "
        "bibliothèques : l’environnement administratif, la bibliothéconomie et la culture "
        "générale. Commencez par « Les incontournables », puis avancez à votre rythme."
    )
    + _h("Comment le cours est organisé")
    + _ul(
        "<strong>Administration et fonction publique</strong> : le statut, les employeurs, "
        "l’organisation territoriale ;",
        "<strong>Bibliothéconomie</strong> : missions, circuit du document, catalogage, avec "
        "un podcast et un lien vers le Sudoc ;",
        "<strong>Culture générale</strong> : politiques culturelles, numérique, et un quiz "
        "pour vous évaluer.",
    )
    + _h("Votre progression")
    + _p(
        "Chaque activité terminée fait avancer la barre de progression : vous cochez "
        "vous-même les fiches lues et les podcasts écoutés, le quiz est validé quand vous "
        "atteignez 60 %, un lien est compté dès que vous l’ouvrez.",
        "Une question sur le fonctionnement ? Écrivez à votre tuteur ou tutrice, ou sur le "
        "forum « Signaler une erreur ou un dysfonctionnement ». Une erreur dans une fiche ? "
        "Le lien « Signaler une erreur » en bas de chaque page prévient le groupe de "
        "production.",
    ),
    "Méthodologie : organiser ses révisions": _p(
        "Une préparation aux concours se gagne dans la durée : entre la rentrée et les "
        "écrits de mars, vous disposez de six mois. Mieux vaut un travail régulier et "
        "modeste qu’un effort intense les dernières semaines."
    )
    + _h("Un planning réaliste")
    + _ul(
        "deux à trois demi-journées de travail personnel par semaine, fixées à l’avance ;",
        "un devoir par mois en temps limité, rendu sur la plateforme et corrigé ;",
        "un quart d’heure de presse chaque jour, généraliste et professionnelle "
        "(<em>Bulletin des bibliothèques de France</em>, <em>Archimag</em>, "
        "<em>Livres Hebdo</em>).",
    )
    + _h("Des fiches qui servent")
    + _p(
        "Tenez un carnet de fiches : une notion, une définition, un exemple daté, une source. "
        "Une fiche qui tient sur une page se relit ; une fiche de cinq pages ne se relit pas. "
        "Relisez vos fiches chaque semaine et reprenez celles que vous ne savez pas "
        "expliquer à voix haute.",
        "Le glossaire du cours et le quiz d’auto-évaluation vous aident à repérer ce qui "
        "reste fragile.",
    )
    + _h("Le jour de l’épreuve")
    + _ul(
        "gardez dix minutes pour vous relire : orthographe et syntaxe sont notées ;",
        "écrivez lisiblement, aérez la copie, soulignez les titres des parties ;",
        "n’oubliez pas votre convocation et une pièce d’identité.",
    ),
    "Les trois versants de la fonction publique": _p(
        "La fonction publique française compte environ 5,7 millions d’agents, répartis en "
        "trois versants : la fonction publique de l’État (environ 2,5 millions d’agents), la "
        "fonction publique territoriale (près de 2 millions) et la fonction publique "
        "hospitalière (environ 1,2 million)."
    )
    + _h("Où travaillent les personnels des bibliothèques ?")
    + _p(
        "Les bibliothèques relèvent surtout de l’État (bibliothèques universitaires, "
        "Bibliothèque nationale de France, Bibliothèque publique d’information) et des "
        "collectivités territoriales (bibliothèques municipales, intercommunales et "
        "départementales)."
    )
    + _ul(
        "à l’État, les agents appartiennent à des <strong>corps</strong> : conservateurs et "
        "bibliothécaires (catégorie A), bibliothécaires assistants spécialisés (B), "
        "magasiniers des bibliothèques (C) ;",
        "dans la territoriale, à des <strong>cadres d’emplois</strong> : conservateurs et "
        "bibliothécaires territoriaux (A), assistants territoriaux de conservation du "
        "patrimoine et des bibliothèques (B), adjoints territoriaux du patrimoine (C).",
    )
    + _h("Recrutement : ce qui diffère")
    + _p(
        "À l’État, le lauréat d’un concours est nommé stagiaire sur un poste, puis titularisé "
        "après un an. Dans la territoriale, il est inscrit sur une liste d’aptitude valable "
        "quatre ans et doit lui-même trouver un poste auprès d’une collectivité."
    )
    + _h("À retenir")
    + _ul(
        "le code général de la fonction publique (en vigueur depuis le 1er mars 2022) "
        "rassemble les règles communes aux trois versants ;",
        "catégories A, B et C selon le niveau de recrutement et les fonctions ;",
        "concours externe, concours interne, troisième concours et examen professionnel.",
    ),
    "Le statut du fonctionnaire : droits et obligations": _p(
        "Le fonctionnaire est dans une situation « statutaire et réglementaire » : ses droits "
        "et obligations sont fixés par la loi et le règlement, non par un contrat. Ils sont "
        "aujourd’hui rassemblés dans le code général de la fonction publique, qui a repris "
        "en 2022 les lois de 1983 et 1984."
    )
    + _h("Les droits")
    + _ul(
        "la rémunération après service fait : traitement, indemnité de résidence, "
        "supplément familial, primes ;",
        "la liberté d’opinion, le droit syndical et le droit de grève ;",
        "le droit à la formation tout au long de la carrière ;",
        "la protection fonctionnelle : l’administration protège l’agent attaqué dans "
        "l’exercice de ses fonctions.",
    )
    + _h("Les obligations")
    + _ul(
        "consacrer son activité professionnelle à ses fonctions (le cumul d’activités est "
        "encadré) ;",
        "obéir aux instructions de son supérieur, sauf ordre manifestement illégal et de "
        "nature à compromettre gravement un intérêt public ;",
        "neutralité et laïcité : en bibliothèque, accueillir chaque usager sans distinction "
        "et ne pas manifester ses convictions dans le service ;",
        "discrétion professionnelle et secret professionnel : les données des lecteurs, "
        "leurs emprunts, ne se communiquent pas ;",
        "dignité, impartialité, intégrité et probité, inscrites par la loi du 20 avril 2016 "
        "relative à la déontologie, avec la prévention des conflits d’intérêts.",
    )
    + _h("Et si une obligation n’est pas respectée ?")
    + _p(
        "Les sanctions disciplinaires sont réparties en quatre groupes, de l’avertissement à "
        "la révocation ; les plus lourdes supposent l’avis d’un conseil de discipline. Le "
        "devoir de réserve, construit par la jurisprudence, s’apprécie selon les fonctions "
        "et le niveau de responsabilité de l’agent."
    ),
    "L’organisation territoriale et la lecture publique": _p(
        "La lecture publique repose d’abord sur les collectivités territoriales. Chaque "
        "niveau a son rôle, et l’État les accompagne."
    )
    + _h("Qui fait quoi ?")
    + _ul(
        "<strong>les communes</strong> créent et gèrent les bibliothèques municipales ;",
        "<strong>les intercommunalités</strong> (communautés de communes, d’agglomération, "
        "urbaines, métropoles) construisent de plus en plus des réseaux de lecture publique "
        "quand la compétence leur est transférée ;",
        "<strong>les départements</strong> ont la charge des bibliothèques départementales, "
        "héritières des bibliothèques centrales de prêt de 1945, qui appuient les "
        "bibliothèques des petites communes : prêt de collections, formation, conseil ;",
        "<strong>les régions</strong> soutiennent la vie littéraire et l’économie du livre, "
        "souvent avec une agence régionale du livre.",
    )
    + _h("L’accompagnement de l’État")
    + _p(
        "Le ministère de la Culture agit par ses directions régionales des affaires "
        "culturelles (DRAC), où des conseillers pour le livre et la lecture conseillent les "
        "collectivités. Le concours particulier de la dotation générale de décentralisation "
        "finance une part des constructions, des équipements et des extensions d’horaires.",
        "Les contrats territoire-lecture, signés entre l’État et une collectivité pour "
        "plusieurs années, soutiennent des projets : publics éloignés, petite enfance, "
        "mise en réseau.",
    )
    + _h("À retenir pour l’oral")
    + _p(
        "Depuis la loi du 21 décembre 2021, les missions des bibliothèques territoriales et "
        "des bibliothèques départementales sont inscrites dans le code du patrimoine : sachez "
        "situer la bibliothèque où vous travaillez dans ce paysage."
    ),
    "Les missions des bibliothèques : la loi du 21 décembre 2021": _p(
        "La loi n° 2021-1717 du 21 décembre 2021 relative aux bibliothèques et au "
        "développement de la lecture publique, dite loi Robert du nom de la sénatrice Sylvie "
        "Robert, définit pour la première fois dans la loi les missions des bibliothèques des "
        "collectivités territoriales. Elle est codifiée dans le code du patrimoine."
    )
    + _h("Les missions")
    + _p(
        "Les bibliothèques ont pour missions de garantir l’égal accès de tous à la culture, "
        "à l’information, à l’éducation, à la recherche, aux savoirs et aux loisirs, et de "
        "favoriser le développement de la lecture. Elles constituent, conservent et "
        "communiquent des collections, conçoivent des services et des actions culturelles, "
        "coopèrent avec les acteurs éducatifs, sociaux et culturels et contribuent à la "
        "réduction de l’illettrisme et de l’illectronisme."
    )
    + _h("Les principes")
    + _ul(
        "l’accès aux bibliothèques municipales et intercommunales est libre ; l’accès et la "
        "consultation sur place des collections sont gratuits ;",
        "les collections reflètent la pluralité et la diversité des connaissances, des "
        "courants d’idées et d’opinions, sans censure idéologique, politique ou religieuse "
        "ni pression commerciale ;",
        "les orientations de la politique documentaire sont présentées à l’assemblée "
        "délibérante de la collectivité.",
    )
    + _h("Pourquoi c’est important")
    + _p(
        "Avant 2021, les bibliothèques territoriales s’appuyaient sur des textes sans force "
        "de loi : le Manifeste de l’Unesco sur la bibliothèque publique, la charte des "
        "bibliothèques de 1991. La loi protège désormais le pluralisme des collections face "
        "aux pressions et donne une base aux projets d’établissement.",
        "Un sujet d’oral fréquent : comment la loi change-t-elle le travail d’une "
        "bibliothèque que vous connaissez ?",
    ),
    "Le circuit du document": _p(
        "Du choix à l’élimination, le document suit un circuit. Chaque étape applique la "
        "politique documentaire de l’établissement, écrite dans une charte ou un plan de "
        "développement des collections."
    )
    + _h("Les étapes")
    + _ol(
        "<strong>sélection</strong> : veille éditoriale, offices, suggestions des lecteurs, "
        "critères de la politique documentaire ;",
        "<strong>acquisition</strong> : commande auprès des fournisseurs retenus par un "
        "marché public ; pour les livres, la remise consentie aux collectivités est "
        "plafonnée à 9 % depuis la loi du 18 juin 2003 ;",
        "<strong>réception</strong> : vérification de la livraison et de la facture, "
        "bulletinage des périodiques ;",
        "<strong>catalogage et indexation</strong> : notice bibliographique, souvent "
        "récupérée de la BnF ou du Sudoc, indice de classification (Dewey) et "
        "mots-matière (RAMEAU) ;",
        "<strong>équipement</strong> : cote, code-barres ou puce RFID, couverture ;",
        "<strong>mise en rayon et circulation</strong> : prêt, réservation, prêt entre "
        "bibliothèques ;",
        "<strong>conservation ou désherbage</strong> : réparation, mise en réserve, don, "
        "vente ou pilon selon une délibération de la collectivité.",
    )
    + _h("Le désherbage")
    + _p(
        "Retirer des documents n’est pas un échec : une collection vivante se renouvelle. "
        "La méthode IOUPI (Incorrect, Ordinaire, Usé, Périmé, Inadéquat) combine l’âge du "
        "document, la date de son dernier prêt et son état ou son contenu.",
        "Les statistiques de prêt éclairent les acquisitions suivantes : le circuit est une "
        "boucle.",
    ),
    "Catalogage : la Transition bibliographique": _p(
        "Le programme national Transition bibliographique, conduit par la BnF et l’Abes "
        "avec les ministères de la Culture et de l’Enseignement supérieur, fait évoluer les "
        "catalogues français vers un nouveau modèle de données, pour qu’ils soient mieux "
        "exposés et réutilisés sur le web."
    )
    + _h("Le modèle IFLA LRM")
    + _p(
        "Publié par l’IFLA en 2017, IFLA LRM succède aux modèles FRBR. Il décrit des entités "
        "liées entre elles plutôt que des notices isolées :"
    )
    + _ul(
        "<strong>œuvre</strong> : la création intellectuelle (<em>Les Misérables</em>) ;",
        "<strong>expression</strong> : une réalisation de l’œuvre (le texte français, une "
        "traduction anglaise, une version audio) ;",
        "<strong>manifestation</strong> : une édition publiée (une édition de poche donnée) ;",
        "<strong>item</strong> : l’exemplaire sur le rayon, avec sa cote.",
    )
    + _h("Le code RDA-FR")
    + _p(
        "RDA-FR, transposition française du code international RDA, remplace "
        "progressivement les normes AFNOR de catalogage. Il se publie par sections, au fil "
        "des décisions du programme.",
        "Concrètement, le catalogueur relie la manifestation à l’œuvre et aux personnes "
        "(notices d’autorité, identifiants comme IdRef ou ISNI), et les catalogues "
        "regroupent les éditions d’une même œuvre.",
    )
    + _h("À retenir")
    + _ul(
        "Transition bibliographique : un programme national ;",
        "IFLA LRM : le modèle ; RDA-FR : le code ; UNIMARC reste le format d’échange ;",
        "l’objectif : des données liées, visibles et réutilisables.",
    ),
    "Les politiques culturelles depuis 1959": _p(
        "La politique culturelle de l’État naît avec le ministère des Affaires culturelles "
        "confié à André Malraux en 1959, chargé de rendre accessibles au plus grand nombre "
        "les œuvres capitales de l’humanité."
    )
    + _h("Les grandes étapes")
    + _ul(
        "<strong>1959-1969</strong> : Malraux et les maisons de la culture, la "
        "démocratisation par le contact direct avec les œuvres ;",
        "<strong>années 1970</strong> : le « développement culturel » ; création de la "
        "Direction du livre et de la lecture en 1975, qui reprend la tutelle des "
        "bibliothèques de lecture publique ; ouverture de la Bpi au Centre Pompidou en "
        "1977 ;",
        "<strong>années 1980</strong> : Jack Lang, le doublement du budget de la Culture en "
        "1982, la loi sur le prix unique du livre (10 août 1981), la décentralisation qui "
        "confie les bibliothèques centrales de prêt aux départements (1986) ;",
        "<strong>années 1990</strong> : les bibliothèques municipales à vocation régionale "
        "(loi du 13 juillet 1992), la Bibliothèque nationale de France (créée en 1994, "
        "ouverte en 1996) ;",
        "<strong>depuis 2015</strong> : l’extension des horaires d’ouverture, le plan "
        "« Bibliothèques » de 2018 après le rapport d’Erik Orsenna, la loi du "
        "21 décembre 2021.",
    )
    + _h("Démocratisation ou démocratie culturelle ?")
    + _p(
        "Deux idées traversent cette histoire : diffuser à tous une culture reconnue "
        "(démocratisation) ou reconnaître la diversité des pratiques et des cultures "
        "(démocratie culturelle). Les droits culturels, inscrits dans la loi NOTRe de 2015 "
        "et la loi LCAP de 2016, prolongent la seconde.",
        "Les enquêtes « Pratiques culturelles des Français », menées depuis 1973, "
        "permettent de mesurer ce qui a changé.",
    ),
    "Le numérique et l’accès aux savoirs": _p(
        "Le numérique transforme l’offre, les services et les métiers des bibliothèques, et "
        "pose la question de l’inclusion des publics éloignés."
    )
    + _h("L’offre numérique")
    + _ul(
        "ressources en ligne : presse, autoformation, musique, films, accessibles à "
        "distance aux inscrits ;",
        "prêt de livres numériques, en France par le dispositif PNB (Prêt numérique en "
        "bibliothèque) lancé en 2014 ;",
        "bibliothèques numériques patrimoniales : Gallica pour la BnF et ses partenaires, "
        "Europeana à l’échelle européenne.",
    )
    + _h("La médiation numérique")
    + _p(
        "Une part importante de la population manque de compétences numériques de base "
        "(l’Insee estimait en 2019 que 17 % des personnes étaient en situation "
        "d’illectronisme). La loi de 2021 confie aux bibliothèques une contribution à la "
        "réduction de l’illectronisme : ateliers, aide aux démarches, éducation aux médias "
        "et à l’information.",
        "Aider quelqu’un dans une démarche en ligne suppose des règles : expliquer plutôt "
        "que faire à sa place, ne pas conserver ses identifiants, orienter vers les espaces "
        "France Services ou les aidants habilités quand il le faut.",
    )
    + _h("Les données personnelles")
    + _p(
        "Le règlement général sur la protection des données (RGPD), applicable depuis mai "
        "2018, s’applique aux fichiers des lecteurs et aux historiques de prêt : ne "
        "conserver que ce qui est nécessaire, et pas plus longtemps que nécessaire."
    ),
    # --- Les Ateliers -------------------------------------------------------------
    "Comment se déroulent les ateliers": _p(
        "Les Ateliers préparent aux épreuves elles-mêmes : la note de synthèse, la "
        "composition et l’oral. Chaque séquence alterne un apport de méthode, un "
        "entraînement en temps limité et une correction commentée."
    )
    + _h("Les ateliers du mois")
    + _ul(
        "une heure en visioconférence, le premier jeudi du mois à 18 h, sur inscription ;",
        "le lien de connexion apparaît sur la page de l’atelier un quart d’heure avant le début ;",
        "votre présence, notée par le formateur, valide l’activité dans votre progression ;",
        "vous pouvez annuler votre inscription jusqu’au début de la séance, pour libérer "
        "votre place.",
    )
    + _h("Les devoirs")
    + _p(
        "Les devoirs se déposent sur la plateforme en PDF, DOCX ou ODT avant la date "
        "limite. Les formateurs les corrigent dans un délai de trois semaines ; vous "
        "recevez un courriel quand votre copie annotée et votre note sont disponibles.",
        "Un devoir rendu, même imparfait, vaut mieux qu’un devoir parfait jamais rendu : "
        "c’est la correction qui fait progresser.",
    )
    + _h("L’oral blanc")
    + _p(
        "Au printemps, un oral blanc avec deux formateurs vous met en situation : "
        "présentation de cinq minutes, questions, puis retour sur votre prestation."
    ),
    "Méthodologie de la note de synthèse": _p(
        "La note de synthèse présente, en un nombre de pages limité, les informations "
        "essentielles d’un dossier documentaire, de façon objective et ordonnée, à "
        "l’attention d’un destinataire. Elle n’admet aucun apport personnel : ni opinion, "
        "ni connaissance extérieure au dossier."
    )
    + _h("Les étapes")
    + _ol(
        "lire le sujet : le destinataire, la question posée, la longueur demandée ;",
        "lire le dossier en repérant les idées clés de chaque document (surlignez, annotez) ;",
        "classer les idées dans un tableau : une ligne par idée, une colonne par document ;",
        "construire un plan en deux ou trois parties qui répond à la question ;",
        "rédiger une introduction qui pose le sujet et annonce le plan, puis le "
        "développement, en citant les documents entre parenthèses (doc. 3) ;",
        "garder du temps pour se relire.",
    )
    + _h("La gestion du temps (4 heures)")
    + _ul(
        "lecture et analyse du dossier : 1 h 30 ;",
        "plan : 30 minutes ;",
        "rédaction : 1 h 45 ;",
        "relecture : 15 minutes.",
    )
    + _h("Les erreurs fréquentes")
    + _p(
        "Résumer les documents l’un après l’autre au lieu de les croiser ; oublier un "
        "document important ; ajouter ses connaissances ou son avis ; dépasser la longueur "
        "demandée. Le rapport du jury sanctionne chacune de ces erreurs."
    ),
    "Préparer l’entretien avec le jury": _p(
        "L’épreuve orale d’admission est un entretien avec le jury. Elle commence en général "
        "par une présentation du candidat, puis le jury pose des questions sur son parcours, "
        "sa motivation et sa connaissance de l’environnement professionnel. La durée et le "
        "déroulement exacts sont fixés par l’arrêté du concours : lisez-le."
    )
    + _h("Ce que le jury évalue")
    + _ul(
        "votre capacité à présenter votre parcours de façon claire et construite ;",
        "votre connaissance des bibliothèques, de leurs publics et de leur actualité ;",
        "votre aptitude à vous projeter dans les fonctions du grade, y compris "
        "l’encadrement d’une équipe pour les concours de catégorie A ;",
        "votre réaction à une situation professionnelle concrète.",
    )
    + _h("Se préparer")
    + _p(
        "Rédigez votre présentation puis apprenez à la dire sans la lire. Entraînez-vous "
        "devant d’autres candidats et chronométrez-vous. Préparez des réponses aux questions "
        "attendues : pourquoi ce concours ? quel poste visez-vous ? quel projet mèneriez-vous "
        "dans votre bibliothèque ?",
        "Révisez l’actualité professionnelle des douze derniers mois : lois, rapports, "
        "grands projets. Le jour venu, écoutez la question jusqu’au bout, prenez le temps de "
        "réfléchir et reconnaissez ce que vous ne savez pas plutôt que d’inventer.",
    ),
    # --- Devenir bibliothécaire ----------------------------------------------------
    "Le concours de bibliothécaire : épreuves et coefficients": _p(
        "Les bibliothécaires de l’État sont des fonctionnaires de catégorie A, recrutés par "
        "concours externe et interne organisés par le ministère chargé de l’enseignement "
        "supérieur. Ils exercent dans les bibliothèques universitaires, à la BnF, à la Bpi "
        "et dans d’autres établissements."
    )
    + _h("Le déroulement")
    + _ul(
        "<strong>admissibilité</strong> : des épreuves écrites, corrigées de façon "
        "anonyme ; la note de synthèse à partir d’un dossier y tient une place centrale ;",
        "<strong>admission</strong> : un entretien avec le jury, qui part de la présentation "
        "du candidat ; au concours interne, il s’appuie sur le dossier de reconnaissance des "
        "acquis de l’expérience professionnelle (RAEP) ;",
        "une liste principale et, le cas échéant, une liste complémentaire, par ordre de mérite.",
    )
    + _h("Les coefficients")
    + _p(
        "La nature, la durée et le coefficient de chaque épreuve sont fixés par l’arrêté qui "
        "organise le concours et rappelés dans la notice de chaque session, publiée sur le "
        "site du ministère (lien « Le calendrier officiel des concours » ci-dessous). "
        "Reportez-les dans votre planning de révision : l’épreuve au plus fort coefficient "
        "mérite le plus d’entraînement."
    )
    + _h("Après le concours")
    + _p(
        "Les lauréats sont nommés stagiaires et suivent une formation initiale à l’Enssib, "
        "l’école nationale supérieure des sciences de l’information et des bibliothèques, à "
        "Villeurbanne, en alternance avec leur poste. Ils sont titularisés à l’issue du "
        "stage."
    ),
    "La note de synthèse au concours de bibliothécaire": _p(
        "Les rapports du jury reviennent chaque année sur les mêmes attentes : une note qui "
        "répond à une question, construite, fidèle au dossier et lisible par son "
        "destinataire."
    )
    + _h("Problématiser")
    + _p(
        "L’introduction présente le sujet, le replace dans son contexte et pose une "
        "question à laquelle le plan répond. Une problématique qui se contente de reprendre "
        "le titre du dossier ne suffit pas."
    )
    + _h("Construire")
    + _ul(
        "deux ou trois parties équilibrées, avec des titres apparents et informatifs ;",
        "dans chaque partie, des paragraphes d’une idée chacun, qui croisent plusieurs documents ;",
        "des transitions qui montrent la progression du raisonnement ;",
        "une conclusion brève, sans idée nouvelle.",
    )
    + _h("Rester fidèle au dossier")
    + _p(
        "Tous les documents importants doivent être exploités et cités (doc. 2). Aucun "
        "apport extérieur, aucun jugement personnel : le jury vérifie que l’information "
        "restituée est exacte et hiérarchisée.",
        "Entraînez-vous avec le devoir « Note de synthèse : la médiation numérique en "
        "bibliothèque » et son dossier de six documents, puis comparez votre plan à la "
        "correction.",
    ),
    "Les bibliothèques universitaires et la science ouverte": _p(
        "La science ouverte consiste à rendre accessibles, sans obstacle, les publications "
        "et les données issues de la recherche financée sur fonds publics. Les bibliothèques "
        "universitaires en sont des actrices de premier plan : c’est un sujet récurrent à "
        "l’écrit comme à l’oral."
    )
    + _h("Les textes et les plans")
    + _ul(
        "la déclaration de Budapest (2002) et la déclaration de Berlin (2003) fondent le "
        "mouvement du libre accès ;",
        "la loi pour une République numérique du 7 octobre 2016 permet au chercheur de "
        "diffuser librement son article après un délai de six mois (sciences, techniques, "
        "médecine) ou de douze mois (sciences humaines et sociales), même après l’avoir "
        "cédé à un éditeur ;",
        "le premier plan national pour la science ouverte (2018), suivi d’un deuxième "
        "(2021-2024), fixe l’objectif de publications 100 % ouvertes et encourage l’ouverture "
        "des données de la recherche.",
    )
    + _h("Les outils")
    + _p(
        "HAL, l’archive ouverte nationale, accueille les dépôts des chercheurs. Le "
        "Baromètre de la science ouverte mesure la part des publications françaises en "
        "accès ouvert. Recherche Data Gouv accueille des jeux de données.",
        "Le consortium Couperin négocie les abonnements des établissements aux revues et "
        "bases de données, et défend dans ces négociations l’ouverture des publications.",
    )
    + _h("Le rôle de la bibliothèque")
    + _ul(
        "accompagner le dépôt dans HAL et la rédaction des plans de gestion des données ;",
        "former doctorants et chercheurs aux droits d’auteur et aux licences ouvertes ;",
        "suivre les dépenses d’abonnement et de frais de publication.",
    ),
    "Se présenter en cinq minutes": _p(
        "La présentation ouvre l’entretien et donne au jury sa première impression. Cinq "
        "minutes, c’est court : environ 600 mots à l’oral. Chaque phrase doit servir."
    )
    + _h("Un plan en trois temps")
    + _ol(
        "<strong>qui vous êtes</strong> : formation, situation actuelle, en une ou deux phrases ;",
        "<strong>ce que vous avez fait</strong> : deux ou trois expériences choisies, avec "
        "ce qu’elles vous ont appris, plutôt qu’une liste exhaustive ;",
        "<strong>ce que vous voulez faire</strong> : le poste visé, ce que vous y apporterez, "
        "un projet précis.",
    )
    + _h("Conseils")
    + _ul(
        "parlez sans lire ; gardez au plus une fiche de mots-clés ;",
        "chronométrez-vous : moins de quatre minutes paraît léger, plus de six est coupé ;",
        "chaque expérience citée peut devenir une question : ne citez que ce que vous "
        "pouvez développer ;",
        "regardez les membres du jury, tous, et finissez sur une phrase préparée.",
    )
    + _p(
        "Enregistrez-vous, réécoutez-vous, recommencez : l’oral blanc des Ateliers est "
        "l’occasion de la tester devant un jury."
    ),
    # --- RAEP, BIBAS, magasinier ------------------------------------------------------
    "Qu’est-ce que le dossier RAEP ?": _p(
        "La reconnaissance des acquis de l’expérience professionnelle (RAEP) remplace, "
        "dans de nombreux concours internes et examens professionnels, une épreuve "
        "académique par un dossier où le candidat présente son parcours et les compétences "
        "qu’il a acquises."
    )
    + _h("À quoi sert-il ?")
    + _p(
        "Le dossier est remis au jury avant l’oral et sert de support à l’entretien. Selon "
        "le concours, il est noté ou non : l’arrêté du concours le précise, comme le "
        "formulaire à utiliser et les pièces à joindre."
    )
    + _h("Ce qu’il contient")
    + _ul(
        "votre formation et vos diplômes ;",
        "vos expériences professionnelles, du plus récent au plus ancien ;",
        "une présentation détaillée d’une ou plusieurs réalisations, selon le formulaire ;",
        "vos motivations et votre projet.",
    )
    + _p(
        "Le jury lit le dossier avant de vous rencontrer : il doit donner envie de vous "
        "interroger, et tout ce qui y figure peut faire l’objet d’une question."
    ),
    "Décrire son parcours professionnel": _p(
        "Le parcours professionnel est le cœur du dossier RAEP. Il ne s’agit pas de "
        "recopier un CV, mais de montrer ce que chaque poste vous a appris."
    )
    + _h("Pour chaque poste")
    + _ul(
        "l’employeur, le service, les dates, le grade ;",
        "votre place dans l’organigramme : à qui vous rendiez compte, qui vous encadriez ;",
        "vos missions principales, avec des verbes d’action (accueillir, cataloguer, "
        "piloter, former) ;",
        "les compétences acquises et ce que vous en retenez.",
    )
    + _h("Écrire")
    + _p(
        "Soyez précis et concret : « j’ai réorganisé le circuit des périodiques (120 "
        "titres) » dit plus que « j’ai participé à la gestion des périodiques ». Respectez "
        "la longueur demandée par le formulaire.",
        "Faites relire votre dossier par votre tuteur, votre tutrice ou un collègue : "
        "l’orthographe et la clarté comptent autant que le contenu.",
    ),
    "Le concours BIBAS en bref": _p(
        "Les bibliothécaires assistants spécialisés (BIBAS) forment le corps de catégorie B "
        "de la filière bibliothèques de l’État. Ils travaillent dans les bibliothèques "
        "universitaires, à la BnF et dans d’autres établissements."
    )
    + _h("Les missions")
    + _ul(
        "accueil, renseignement et formation des usagers ;",
        "traitement des collections : catalogage, indexation, conservation ;",
        "participation à la politique documentaire et aux actions culturelles ;",
        "encadrement possible d’une petite équipe de magasiniers.",
    )
    + _h("Le concours")
    + _p(
        "Le corps compte deux grades, recrutés par des concours distincts. Les épreuves, "
        "écrites puis orales, portent sur l’environnement professionnel et la capacité à "
        "traiter une situation concrète ; leur nature et leurs coefficients sont fixés par "
        "l’arrêté du concours et rappelés dans la notice de chaque session.",
        "Lisez les rapports du jury des sessions précédentes : ils montrent ce qui est "
        "attendu et les erreurs à éviter.",
    ),
    "Réussir le cas pratique": _p(
        "Le cas pratique vous place dans une situation professionnelle réaliste : à partir "
        "de quelques documents, vous proposez des solutions à un problème concret."
    )
    + _h("La méthode")
    + _ol(
        "identifier la demande : qui vous la pose, quel problème, quelles contraintes "
        "(budget, délais, personnel) ;",
        "exploiter les documents fournis, et eux seuls pour les chiffres ;",
        "proposer des solutions argumentées, chiffrées et hiérarchisées, en distinguant le "
        "court et le moyen terme ;",
        "présenter la réponse sous la forme demandée (note, courriel, tableau).",
    )
    + _p(
        "Le jury attend du réalisme : une solution coûteuse sans financement, ou qui ignore "
        "le personnel disponible, ne convainc pas. Montrez que vous savez associer "
        "l’équipe et rendre compte à la hiérarchie."
    )
    + _h("Un exemple de sujet")
    + _p(
        "« Vous êtes adjoint au responsable d’une bibliothèque universitaire. La salle de "
        "lecture est saturée en période d’examens. À partir des statistiques de fréquentation "
        "et du plan des locaux fournis, proposez au directeur des mesures pour améliorer "
        "l’accueil des étudiants. » Une bonne copie distingue des mesures immédiates "
        "(réservation de places, horaires élargis) et des mesures à préparer (nouveaux "
        "espaces, partenariats), avec leur coût et le personnel nécessaire."
    ),
    "Le métier de magasinier": _p(
        "Les magasiniers des bibliothèques forment le corps de catégorie C de la filière "
        "bibliothèques de l’État. Ils sont au cœur du service public : c’est souvent eux que "
        "le lecteur rencontre en premier."
    )
    + _h("Les missions")
    + _ul(
        "accueillir, renseigner et orienter les usagers ;",
        "ranger les documents, communiquer ceux des magasins, gérer les prêts et retours ;",
        "équiper les documents et réaliser de petites réparations ;",
        "participer à la sécurité des personnes et des collections.",
    )
    + _h("Le concours")
    + _p(
        "Le concours de magasinier principal comporte des épreuves écrites puis un "
        "entretien avec le jury ; leur nature et leurs coefficients sont fixés par l’arrêté "
        "du concours et rappelés dans la notice de chaque session. Le jury attend une bonne "
        "connaissance du fonctionnement d’une bibliothèque et le sens du service public.",
        "Après le concours, une carrière est possible vers le corps des bibliothécaires "
        "assistants spécialisés, par concours interne ou examen professionnel.",
    ),
    "Conservation préventive : les bons gestes": _p(
        "La conservation préventive regroupe les mesures qui ralentissent la dégradation "
        "des collections sans intervenir sur les documents eux-mêmes. Elle coûte moins cher "
        "que la restauration et concerne chaque agent."
    )
    + _h("Le climat et la lumière")
    + _ul(
        "une température stable, autour de 18 °C, et une humidité relative autour de "
        "50 % dans les magasins : ce sont surtout les variations qui abîment le papier ;",
        "pas de lumière directe du soleil ; des ampoules sans ultraviolets ;",
        "un magasin propre, dépoussiéré, surveillé contre les insectes et les moisissures.",
    )
    + _h("La manipulation")
    + _ul(
        "des mains propres et sèches ; les gants de coton, qui font perdre le toucher, "
        "ne sont pas recommandés pour le papier ;",
        "un livre ancien s’ouvre sur un support (futon, lutrin), sans forcer la reliure ;",
        "on ne tire pas un livre par la coiffe : on repousse ses voisins pour le saisir "
        "par le milieu du dos ;",
        "pas de ruban adhésif, de trombone ni de Post-it sur un document patrimonial.",
    )
    + _h("Le conditionnement")
    + _p(
        "Boîtes et pochettes en matériaux neutres (sans acide) protègent de la poussière, de "
        "la lumière et des chocs. Un plan d’urgence prévoit quoi faire en cas de dégât des "
        "eaux ou d’incendie."
    ),
}
