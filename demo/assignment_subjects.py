# ruff: noqa: RUF001 - French prose uses the typographic apostrophe
"""The subject files of the demo assignments: multi-page PDF dossiers
rendered by WeasyPrint when the demo is seeded (``demo.assignments``).

The documents are written for training: laws and official texts are quoted
in short extracts, studies are summarised in our own words with their
references, and the figures of the local tables are marked as made up for
the exercise."""

from django.utils.html import escape

CSS = """
@page {
  size: A4;
  margin: 2.2cm 2cm 2.4cm;
  @top-left { content: string(dossier); font-size: 8pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " sur " counter(pages); font-size: 8pt;
                  color: #555; }
  @bottom-left { content: "Callisto · préparation aux concours des bibliothèques";
                 font-size: 8pt; color: #555; }
}
html { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
h1 { font-family: "DejaVu Sans", sans-serif; font-size: 18pt; margin: 0 0 .4em;
     string-set: dossier content(); }
h2 { font-family: "DejaVu Sans", sans-serif; font-size: 12.5pt; margin: 1.4em 0 .3em;
     border-bottom: 1px solid #999; padding-bottom: .15em; }
h3 { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; margin: 1em 0 .2em; }
.document { break-before: page; }
.source { font-size: 9pt; color: #333; font-style: italic; margin-top: 0; }
.cover { border: 2px solid #222; padding: 1em 1.2em; margin: 1em 0; }
.kicker { font-family: "DejaVu Sans", sans-serif; text-transform: uppercase;
          letter-spacing: .08em; font-size: 9pt; color: #444; }
.notice { font-size: 9pt; border-left: 3px solid #888; padding-left: .6em; color: #333; }
blockquote { margin: .6em 1.2em; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: 9.5pt; }
th, td { border: 1px solid #777; padding: .3em .45em; text-align: left; vertical-align: top; }
th { background: #eee; font-family: "DejaVu Sans", sans-serif; }
td.n { text-align: right; white-space: nowrap; }
caption { caption-side: top; text-align: left; font-weight: bold; margin-bottom: .3em; }
ol.toc li, ul li { margin-bottom: .2em; }
"""


def _cover(kicker, title, subject, duration, documents, notice):
    toc = "".join(f"<li>{escape(name)}</li>" for name in documents)
    return (
        f'<p class="kicker">{kicker}</p><h1>{title}</h1>'
        f'<div class="cover"><p><strong>Sujet.</strong> {subject}</p>'
        f"<p><strong>Durée :</strong> {duration}</p></div>"
        f'<h2>Documents du dossier</h2><ol class="toc">{toc}</ol>'
        f'<p class="notice">{notice}</p>'
    )


NOTICE = (
    "Dossier réuni pour l’entraînement. Les textes officiels sont cités par extraits ; "
    "les études sont résumées avec leur référence ; les chiffres des documents locaux "
    "sont fictifs et signalés comme tels."
)

MEDIATION_NUMERIQUE = _cover(
    "Préparation Callisto · concours blanc",
    "La médiation numérique en bibliothèque",
    "À partir des documents suivants, vous rédigerez à l’attention de la directrice de la "
    "bibliothèque une note de synthèse de quatre pages au plus sur la place de la médiation "
    "numérique dans les missions de la bibliothèque et les moyens de la développer.",
    "4 heures",
    [
        "Document 1 — Code du patrimoine, article L310-1 (extraits), issu de la loi du "
        "21 décembre 2021",
        "Document 2 — L’illectronisme en France, d’après l’Insee (2019)",
        "Document 3 — Bilan des actions numériques d’un réseau de médiathèques (données fictives)",
        "Document 4 — Des conseillers numériques dans les bibliothèques",
        "Document 5 — Accompagner sans se substituer : l’aide aux démarches en ligne",
        "Document 6 — Sources et lectures complémentaires",
    ],
    NOTICE,
) + (
    """
<section class="document">
<h2>Document 1 — Les missions des bibliothèques territoriales</h2>
<p class="source">Code du patrimoine, article L310-1 (extraits), dans sa rédaction issue de
la loi n° 2021-1717 du 21 décembre 2021 relative aux bibliothèques et au développement de
la lecture publique.</p>
<blockquote>« Les bibliothèques des collectivités territoriales ou de leurs groupements ont
pour missions de garantir l’égal accès de tous à la culture, à l’information, à
l’éducation, à la recherche, aux savoirs et aux loisirs ainsi que de favoriser le
développement de la lecture. […] »</blockquote>
<blockquote>« […] Elles contribuent à la réduction de l’illettrisme et de l’illectronisme.
[…] »</blockquote>
<h3>Ce que change la loi</h3>
<p>Avant 2021, aucun texte de niveau législatif ne définissait les missions des
bibliothèques municipales, intercommunales et départementales : la référence était le
<em>Manifeste de l’Unesco sur la bibliothèque publique</em> et la charte des bibliothèques
adoptée par le Conseil supérieur des bibliothèques en 1991. La loi inscrit désormais dans le
code du patrimoine la liberté d’accès, la gratuité de la consultation sur place, le
pluralisme des collections et l’obligation, pour les bibliothèques, de contribuer à la
réduction de l’illectronisme.</p>
<p>La médiation numérique n’est donc plus une activité annexe laissée à l’initiative de
chaque établissement : elle fait partie des missions que la collectivité doit pouvoir
justifier dans son projet d’établissement.</p>
</section>

<section class="document">
<h2>Document 2 — L’illectronisme en France</h2>
<p class="source">Résumé rédigé d’après S. Legleye et A. Rolland, « Une personne sur six
n’utilise pas Internet, plus d’un usager sur trois manque de compétences numériques de
base », <em>Insee Première</em>, n° 1780, octobre 2019.</p>
<p>L’enquête de l’Insee sur les technologies de l’information et de la communication
auprès des ménages mesure à la fois l’usage d’Internet et la maîtrise de compétences
de base : rechercher une information, communiquer, utiliser un logiciel, résoudre un
problème simple. En 2019, une personne sur six n’a pas utilisé Internet au cours de
l’année et plus d’un usager sur trois manque d’au moins une de ces compétences.
L’Insee estime ainsi que 17 % de la population est en situation
d’<strong>illectronisme</strong>, c’est-à-dire n’utilise pas Internet ou ne dispose pas
des compétences numériques de base.</p>
<h3>Qui est concerné ?</h3>
<ul>
<li>l’âge est le premier facteur : une majorité des personnes de 75 ans ou plus
n’utilise pas Internet ;</li>
<li>les personnes peu ou pas diplômées et celles aux revenus modestes sont plus souvent
concernées, à âge égal ;</li>
<li>le lieu de vie compte aussi : l’équipement et la couverture sont moins bons dans
certains territoires ruraux et d’outre-mer.</li>
</ul>
<p>Or la dématérialisation des démarches administratives (impôts, prestations sociales,
recherche d’emploi) suppose un accès et des compétences que ces personnes n’ont pas :
l’illectronisme devient un facteur d’exclusion, et pas seulement un retard d’équipement.</p>
</section>

<section class="document">
<h2>Document 3 — Bilan des actions numériques d’un réseau de médiathèques</h2>
<p class="source">Extrait du rapport d’activité 2025 du réseau des médiathèques d’une
communauté de communes de 38 000 habitants. <strong>Données fictives établies pour
l’exercice.</strong></p>
<table>
<caption>Tableau 1 — Actions de médiation numérique en 2025</caption>
<thead><tr><th scope="col">Action</th><th scope="col">Séances</th>
<th scope="col">Participants</th><th scope="col">Public principal</th></tr></thead>
<tbody>
<tr><td>Permanences d’aide aux démarches en ligne</td><td class="n">96</td>
<td class="n">412</td><td>Adultes, retraités</td></tr>
<tr><td>Ateliers « premiers pas » (smartphone, tablette)</td><td class="n">48</td>
<td class="n">301</td><td>Plus de 65 ans</td></tr>
<tr><td>Ateliers « Vérifier une information »</td><td class="n">18</td>
<td class="n">226</td><td>Collégiens (avec les enseignants)</td></tr>
<tr><td>Initiation à la programmation et à la robotique</td><td class="n">24</td>
<td class="n">180</td><td>8-12 ans</td></tr>
<tr><td>Prêt de tablettes et de liseuses</td><td class="n">—</td>
<td class="n">137 prêts</td><td>Tous publics</td></tr>
</tbody>
</table>
<table>
<caption>Tableau 2 — Moyens consacrés</caption>
<thead><tr><th scope="col">Poste</th><th scope="col">2024</th><th scope="col">2025</th></tr></thead>
<tbody>
<tr><td>Agents formés à la médiation numérique</td><td class="n">4</td>
<td class="n">9</td></tr>
<tr><td>Temps d’agent (équivalent temps plein)</td><td class="n">0,8</td>
<td class="n">1,6</td></tr>
<tr><td>Postes publics et tablettes en prêt</td><td class="n">22</td>
<td class="n">30</td></tr>
<tr><td>Budget de fonctionnement (euros)</td><td class="n">6 500</td>
<td class="n">9 200</td></tr>
</tbody>
</table>
<p>Le rapport relève que les permanences affichent complet trois semaines à l’avance,
que 40 % des participants aux ateliers « premiers pas » n’étaient pas inscrits à la
médiathèque avant de venir, et que les agents demandent une formation juridique sur
l’aide aux démarches.</p>
</section>

<section class="document">
<h2>Document 4 — Des conseillers numériques dans les bibliothèques</h2>
<p class="source">Note de présentation rédigée pour l’exercice d’après les documents du
programme Société numérique de l’Agence nationale de la cohésion des territoires
(ANCT).</p>
<p>Dans le cadre du plan France Relance, l’État a financé à partir de 2021 le recrutement
et la formation de 4 000 conseillers numériques, accueillis par des collectivités, des
associations et des établissements publics. Leur mission : accompagner les habitants dans
les usages du quotidien (messagerie, smartphone, démarches en ligne, vérification de
l’information, protection des données personnelles), en ateliers collectifs ou en
rendez-vous individuels.</p>
<p>De nombreuses bibliothèques ont accueilli un conseiller. Elles offrent ce que la
médiation numérique demande : un lieu public, ouvert sans condition ni inscription
payante, des horaires larges, des postes et une connexion, des collections et des
ressources en ligne, et des équipes qui pratiquent déjà l’accueil et l’orientation des
publics.</p>
<h3>Points de vigilance relevés par les réseaux</h3>
<ul>
<li>la pérennité des postes une fois le financement initial réduit ;</li>
<li>l’articulation avec les autres acteurs du territoire (espaces France Services,
centres sociaux, travailleurs sociaux) pour orienter chacun vers le bon interlocuteur ;</li>
<li>l’intégration du conseiller dans l’équipe, pour que la médiation numérique ne repose
pas sur une seule personne.</li>
</ul>
</section>

<section class="document">
<h2>Document 5 — Accompagner sans se substituer</h2>
<p class="source">Propos d’une responsable de médiathèque, recueillis pour l’exercice
(témoignage fictif).</p>
<p>« Au début, nous avons eu tendance à faire à la place des usagers : remplir la
déclaration, créer le compte, taper le mot de passe. C’est rapide, mais la personne
revient le mois suivant avec le même problème, et surtout nous avions entre les mains des
identifiants et des données personnelles que nous n’avions pas à connaître.</p>
<p>Nous avons changé de méthode. L’agent explique, montre, puis laisse la main. Quand une
démarche doit vraiment être faite pour quelqu’un, nous utilisons le service public
Aidants Connect, qui permet à un aidant habilité d’agir pour le compte d’une personne
avec un mandat, de façon sécurisée et traçable. Nous avons aussi affiché clairement ce que
nous faisons et ce que nous ne faisons pas.</p>
<p>La médiation numérique, ce n’est pas seulement l’informatique : c’est aussi apprendre à
distinguer une source fiable d’une rumeur, à protéger sa vie privée, à utiliser les
ressources numériques de la bibliothèque. Ce travail rejoint l’éducation aux médias et à
l’information que nous menons avec les collèges. »</p>
</section>

<section class="document">
<h2>Document 6 — Sources et lectures complémentaires</h2>
<ul>
<li>Code du patrimoine, livre III, articles L310-1 à L310-6 (Légifrance).</li>
<li>Loi n° 2021-1717 du 21 décembre 2021 relative aux bibliothèques et au développement de
la lecture publique.</li>
<li>Legleye S., Rolland A., « Une personne sur six n’utilise pas Internet, plus d’un usager
sur trois manque de compétences numériques de base », <em>Insee Première</em>, n° 1780,
octobre 2019.</li>
<li>Agence nationale de la cohésion des territoires, programme Société numérique :
dispositif des conseillers numériques et service Aidants Connect.</li>
<li>Manifeste IFLA-Unesco sur la bibliothèque publique, 2022.</li>
</ul>
<h3>Pistes pour le plan (à ne lire qu’après l’épreuve)</h3>
<p>I. La médiation numérique, une mission désormais inscrite dans la loi et appelée par
l’ampleur de l’illectronisme (doc. 1, 2). II. Des moyens à organiser et à pérenniser :
actions, équipes, partenaires et limites (doc. 3, 4, 5).</p>
</section>
"""
)

ACCESSIBILITE = _cover(
    "Préparation Callisto · Les Ateliers",
    "L’accessibilité des bibliothèques aux personnes en situation de handicap",
    "À partir des documents suivants, vous rédigerez à l’attention de l’élu chargé de la "
    "culture une note de synthèse de quatre pages au plus sur les obligations et les moyens "
    "de rendre la bibliothèque accessible aux personnes en situation de handicap.",
    "4 heures (temps conseillé)",
    [
        "Document 1 — La loi du 11 février 2005 : définition du handicap et accessibilité",
        "Document 2 — L’exception handicap au droit d’auteur",
        "Document 3 — Diagnostic d’accessibilité d’une médiathèque (données fictives)",
        "Document 4 — L’accessibilité numérique : sites, catalogues et livres numériques",
        "Document 5 — Accueillir : formation, services et « Facile à lire »",
        "Document 6 — Sources et lectures complémentaires",
    ],
    NOTICE,
) + (
    """
<section class="document">
<h2>Document 1 — La loi du 11 février 2005</h2>
<p class="source">Loi n° 2005-102 du 11 février 2005 pour l’égalité des droits et des
chances, la participation et la citoyenneté des personnes handicapées ; code de l’action
sociale et des familles, article L114 (extrait).</p>
<blockquote>« Constitue un handicap, au sens de la présente loi, toute limitation
d’activité ou restriction de participation à la vie en société subie dans son
environnement par une personne en raison d’une altération substantielle, durable ou
définitive d’une ou plusieurs fonctions physiques, sensorielles, mentales, cognitives ou
psychiques, d’un polyhandicap ou d’un trouble de santé invalidant. »</blockquote>
<p>La définition insiste sur l’<em>environnement</em> : c’est la rencontre entre une
altération et un lieu, un service ou un document inadapté qui crée la situation de
handicap. Elle vaut pour tous les handicaps, y compris ceux qui ne se voient pas.</p>
<p>La loi pose un principe d’accessibilité des établissements recevant du public, dont les
bibliothèques : cheminement, accueil, circulation, usage des équipements. L’échéance
initiale de 2015 n’ayant pas été tenue partout, l’ordonnance du 26 septembre 2014 a créé
les agendas d’accessibilité programmée (Ad’AP), par lesquels le propriétaire d’un
établissement s’engage sur un calendrier de travaux.</p>
</section>

<section class="document">
<h2>Document 2 — L’exception handicap au droit d’auteur</h2>
<p class="source">Présentation rédigée pour l’exercice d’après le code de la propriété
intellectuelle (article L122-5) et les pages de la Bibliothèque nationale de France
consacrées à l’exception handicap.</p>
<p>Le code de la propriété intellectuelle permet, sans autorisation des auteurs ni
rémunération, de reproduire et de diffuser des œuvres dans des formats adaptés (braille,
gros caractères, livre audio, fichiers numériques adaptés) au bénéfice des personnes
empêchées de lire en raison d’un handicap. Cette exception est mise en œuvre par des
organismes habilités, parmi lesquels des bibliothèques et des associations.</p>
<p>Pour faciliter la production de ces adaptations, la BnF gère la plateforme PLATON, par
laquelle les éditeurs déposent les fichiers numériques de leurs ouvrages, que les
organismes habilités peuvent ensuite demander.</p>
<p>Au niveau international, le traité de Marrakech (2013), adopté sous l’égide de
l’Organisation mondiale de la propriété intellectuelle, organise l’échange transfrontière
des œuvres adaptées ; l’Union européenne l’a transposé par la directive (UE) 2017/1564.</p>
<h3>Pour la bibliothèque</h3>
<ul>
<li>devenir organisme habilité, ou travailler avec un organisme qui l’est ;</li>
<li>signaler les documents adaptés dans le catalogue et les rendre faciles à trouver ;</li>
<li>faire connaître le service aux publics concernés et aux associations.</li>
</ul>
</section>

<section class="document">
<h2>Document 3 — Diagnostic d’accessibilité d’une médiathèque</h2>
<p class="source">Extrait du diagnostic d’une médiathèque municipale de 1 800 m² construite
en 1987. <strong>Données fictives établies pour l’exercice.</strong></p>
<table>
<caption>Tableau — Constats et actions proposées</caption>
<thead><tr><th scope="col">Constat</th><th scope="col">Action proposée</th>
<th scope="col">Coût estimé (euros)</th><th scope="col">Délai</th></tr></thead>
<tbody>
<tr><td>Banque d’accueil trop haute pour une personne en fauteuil</td>
<td>Abaisser une partie de la banque</td><td class="n">4 000</td><td>6 mois</td></tr>
<tr><td>Pas de boucle à induction magnétique</td>
<td>Équiper l’accueil et l’auditorium</td><td class="n">3 500</td><td>6 mois</td></tr>
<tr><td>Étage des adultes accessible par l’escalier seul</td>
<td>Installer un ascenseur</td><td class="n">95 000</td><td>2 ans</td></tr>
<tr><td>Signalétique peu contrastée</td>
<td>Refaire la signalétique (contrastes, pictogrammes)</td><td class="n">12 000</td>
<td>1 an</td></tr>
<tr><td>Aucun agent formé à l’accueil des personnes handicapées</td>
<td>Former six agents</td><td class="n">2 400</td><td>3 mois</td></tr>
<tr><td>Peu de documents adaptés (gros caractères, audio)</td>
<td>Constituer un fonds et un espace « Facile à lire »</td><td class="n">5 000 par an</td>
<td>1 an</td></tr>
</tbody>
</table>
<p>Le diagnostic recommande d’inscrire l’ascenseur à l’agenda d’accessibilité programmée de
la commune et de réaliser sans attendre les actions peu coûteuses.</p>
</section>

<section class="document">
<h2>Document 4 — L’accessibilité numérique</h2>
<p class="source">Note rédigée pour l’exercice d’après l’article 47 de la loi du
11 février 2005 et la directive (UE) 2019/882.</p>
<p>L’article 47 de la loi de 2005 impose aux services publics en ligne, dont les sites et
les catalogues des bibliothèques, d’être accessibles. Le référentiel général
d’amélioration de l’accessibilité (RGAA) traduit cette obligation en critères vérifiables :
textes alternatifs des images, navigation au clavier, contrastes, titres structurés,
formulaires étiquetés. Chaque site doit publier une déclaration d’accessibilité.</p>
<p>La directive européenne sur l’accessibilité des produits et services (directive (UE)
2019/882, dite <em>European Accessibility Act</em>) s’applique depuis le 28 juin 2025 à de
nouveaux produits et services, dont les livres numériques et les logiciels qui permettent
de les lire : les éditeurs doivent proposer des fichiers accessibles et les décrire.</p>
<ul>
<li>vérifier l’accessibilité du portail et du catalogue lors de chaque marché ;</li>
<li>préférer les ressources numériques qui déclarent leur accessibilité ;</li>
<li>proposer des outils de lecture adaptés (synthèse vocale, agrandissement).</li>
</ul>
</section>

<section class="document">
<h2>Document 5 — Accueillir</h2>
<p class="source">Propos d’un référent accessibilité de bibliothèque départementale,
recueillis pour l’exercice (témoignage fictif).</p>
<p>« L’accessibilité commence par l’accueil. Un agent formé sait proposer son aide sans
l’imposer, parler à la personne et non à son accompagnateur, décrire un lieu à une
personne aveugle. Nous formons chaque année les équipes des bibliothèques du réseau, avec
des associations de personnes concernées.</p>
<p>Viennent ensuite les services : livres en gros caractères, livres audio au format
DAISY, loupes électroniques, prêt à domicile, horaires plus calmes pour les personnes
autistes ou hypersensibles au bruit. Les espaces « Facile à lire » rassemblent des livres
choisis pour les lecteurs en difficulté, qu’il s’agisse d’un handicap, d’un apprentissage
du français ou d’un manque d’habitude de lecture.</p>
<p>Enfin, rien ne se fait sans les personnes concernées : nous testons la signalétique et
le site avec elles avant de les mettre en service. »</p>
</section>

<section class="document">
<h2>Document 6 — Sources et lectures complémentaires</h2>
<ul>
<li>Loi n° 2005-102 du 11 février 2005 ; code de l’action sociale et des familles,
article L114 ; code de la construction et de l’habitation (établissements recevant du
public).</li>
<li>Ordonnance n° 2014-1090 du 26 septembre 2014 relative à la mise en accessibilité des
établissements recevant du public.</li>
<li>Code de la propriété intellectuelle, article L122-5 (exception en faveur des personnes
handicapées) ; Bibliothèque nationale de France, plateforme PLATON.</li>
<li>Traité de Marrakech (OMPI, 2013) ; directive (UE) 2017/1564.</li>
<li>Directive (UE) 2019/882 relative aux exigences en matière d’accessibilité applicables
aux produits et services.</li>
<li>Référentiel général d’amélioration de l’accessibilité (RGAA), direction
interministérielle du numérique.</li>
</ul>
</section>
"""
)

DISSERTATION = """
<p class="kicker">Préparation Callisto · culture générale</p>
<h1>Dissertation : « Lire, est-ce encore un plaisir ? »</h1>
<div class="cover">
<p><strong>Sujet.</strong> « Lire, est-ce encore un plaisir ? » Vous discuterez cette
question dans une composition argumentée et illustrée d’exemples précis.</p>
<p><strong>Durée :</strong> 4 heures. Aucun document n’est autorisé.</p>
</div>
<h2>Consignes</h2>
<ul>
<li>Votre copie comporte une introduction (accroche, définition des termes, problématique,
annonce du plan), un développement en deux ou trois parties et une conclusion.</li>
<li>Appuyez chaque idée sur un exemple précis et daté : œuvre, auteur, enquête, fait
d’actualité, expérience professionnelle.</li>
<li>Déposez votre copie en PDF, DOCX ou ODT ; indiquez le sujet en tête de la première
page.</li>
</ul>
<h2>Critères d’évaluation (sur 20)</h2>
<table>
<thead><tr><th scope="col">Critère</th><th scope="col">Points</th></tr></thead>
<tbody>
<tr><td>Compréhension du sujet et problématique</td><td class="n">4</td></tr>
<tr><td>Construction du plan et progression de l’argumentation</td><td class="n">5</td></tr>
<tr><td>Pertinence et précision des exemples</td><td class="n">5</td></tr>
<tr><td>Qualité de l’expression (orthographe, syntaxe, vocabulaire)</td>
<td class="n">4</td></tr>
<tr><td>Introduction et conclusion</td><td class="n">2</td></tr>
</tbody>
</table>
<h2>Lire le sujet</h2>
<p>Chaque mot compte. <em>Lire</em> : des livres seulement, ou aussi la presse, les écrans,
les bandes dessinées ? <em>Encore</em> : le mot suppose qu’il l’a été, et qu’il pourrait
cesser de l’être ; il invite à comparer des époques et des pratiques. <em>Un
plaisir</em> : à côté du plaisir, la lecture est aussi un devoir scolaire, un outil de
travail, un moyen de s’informer ; le plaisir s’oppose-t-il à l’effort ?</p>

<section class="document">
<h2>Repères pour la correction</h2>
<p class="notice">À lire après avoir rendu votre copie : la correction commentée reprendra
ces repères.</p>
<h3>Quelques citations</h3>
<blockquote>« Je ne cherche aux livres qu’à m’y donner du plaisir par un honnête
amusement. » — Montaigne, <em>Essais</em>, II, 10, « Des livres ».</blockquote>
<blockquote>« Il n’y a peut-être pas de jours de notre enfance que nous ayons si pleinement
vécus que ceux que nous avons cru laisser sans les vivre, ceux que nous avons passés avec
un livre préféré. » — Marcel Proust, <em>Sur la lecture</em>, 1906.</blockquote>
<blockquote>« Le verbe lire ne supporte pas l’impératif. » — Daniel Pennac, <em>Comme un
roman</em>, 1992.</blockquote>
<h3>Œuvres et travaux utiles</h3>
<ul>
<li>Daniel Pennac, <em>Comme un roman</em> (1992) et ses « droits imprescriptibles du
lecteur », du droit de ne pas lire au droit de se taire.</li>
<li>Roland Barthes, <em>Le Plaisir du texte</em> (1973) : plaisir et jouissance de la
lecture.</li>
<li>Michèle Petit, <em>Éloge de la lecture. La construction de soi</em> (2002) : la lecture
comme espace à soi, y compris dans les milieux éloignés du livre.</li>
<li>Les enquêtes « Pratiques culturelles des Français » du ministère de la Culture, menées
depuis 1973 : baisse de la lecture de livres chez les jeunes générations, montée des
écrans.</li>
<li>Le baromètre « Les Français et la lecture » du Centre national du livre : temps de
lecture, concurrence des écrans, lecture numérique et livres audio.</li>
</ul>
<h3>Une problématique possible</h3>
<p>La lecture, longtemps présentée comme le loisir cultivé par excellence, est-elle
devenue une contrainte scolaire et professionnelle, concurrencée par d’autres plaisirs, ou
se transforme-t-elle en de nouvelles formes de plaisir ?</p>
<h3>Un plan possible</h3>
<ol>
<li>Le plaisir de lire, une expérience ancienne et singulière (Montaigne, Proust) ;</li>
<li>un plaisir contesté : obligation scolaire, concurrence des écrans, inégalités
sociales devant la lecture ;</li>
<li>un plaisir qui se réinvente : nouvelles pratiques (bande dessinée, lecture numérique,
livre audio, clubs de lecture) et rôle des bibliothèques pour le transmettre.</li>
</ol>
</section>
"""

TROISIEME_LIEU = _cover(
    "Préparation Callisto · concours blanc n° 2",
    "Les bibliothèques « troisième lieu »",
    "À partir des documents suivants, vous rédigerez à l’attention du directeur général des "
    "services de la commune une note de synthèse de quatre pages au plus sur la notion de "
    "bibliothèque « troisième lieu », ses apports et ses limites, et sur ce qu’elle "
    "demanderait à la médiathèque municipale.",
    "4 heures",
    [
        "Document 1 — Le « troisième lieu » selon Ray Oldenburg",
        "Document 2 — La notion appliquée aux bibliothèques",
        "Document 3 — Ouvrir plus et ouvrir mieux",
        "Document 4 — La loi du 21 décembre 2021 relative aux bibliothèques",
        "Document 5 — Fréquentation d’une médiathèque avant et après son réaménagement "
        "(données fictives)",
        "Document 6 — Limites et débats",
    ],
    NOTICE,
) + (
    """
<section class="document">
<h2>Document 1 — Le « troisième lieu » selon Ray Oldenburg</h2>
<p class="source">Présentation rédigée pour l’exercice d’après Ray Oldenburg, <em>The
Great Good Place</em> (1989).</p>
<p>Le sociologue américain Ray Oldenburg appelle « troisième lieu » (<em>third
place</em>) les lieux de sociabilité qui ne sont ni le domicile (le premier lieu) ni le
travail (le deuxième) : cafés, librairies, salons de coiffure, bureaux de tabac. Il y voit
un socle de la vie démocratique, où l’on se rencontre sans obligation, à égalité.</p>
<h3>Les traits qu’il leur prête</h3>
<ul>
<li>un lieu neutre, où chacun vient et part librement ;</li>
<li>un lieu qui nivelle les statuts sociaux ;</li>
<li>la conversation comme activité principale ;</li>
<li>l’accessibilité : proche, ouvert longtemps, sans formalité ;</li>
<li>des habitués qui donnent le ton et accueillent les nouveaux venus ;</li>
<li>un cadre modeste, sans ostentation ;</li>
<li>une atmosphère enjouée, un « chez-soi hors de chez soi ».</li>
</ul>
<p>Oldenburg ne parlait pas des bibliothèques : l’application de la notion à la lecture
publique est venue plus tard.</p>
</section>

<section class="document">
<h2>Document 2 — La notion appliquée aux bibliothèques</h2>
<p class="source">Présentation rédigée pour l’exercice d’après Mathilde Servet, <em>Les
bibliothèques troisième lieu</em>, mémoire d’étude, Enssib, 2009, et les réalisations
qu’elle étudie.</p>
<p>Le mémoire de Mathilde Servet a fait entrer la notion dans le vocabulaire des
bibliothécaires français. Il décrit des établissements étrangers qui se pensent d’abord
comme des lieux de vie : les <em>Idea Stores</em> de l’est de Londres, installés près des
commerces et ouverts tard, la bibliothèque DOK de Delft aux Pays-Bas, conçue autour de
l’expérience du visiteur.</p>
<h3>Ce que cela change</h3>
<ul>
<li>l’espace : des zones différenciées (calme, conversation, jeu, travail en groupe), du
mobilier confortable et mobile, la possibilité de boire et de manger ;</li>
<li>les services : l’accueil plutôt que le contrôle, des horaires alignés sur la vie des
habitants, des ateliers et des rencontres ;</li>
<li>la place des usagers : des habitants associés aux projets, invités à proposer et à
animer ;</li>
<li>le métier : une médiation plus présente, hors des banques de prêt.</li>
</ul>
<p>La bibliothèque centrale d’Helsinki, Oodi, ouverte en 2018, est souvent citée comme un
aboutissement : des collections, mais aussi des ateliers de fabrication, des studios et
un vaste espace public ouvert à tous.</p>
</section>

<section class="document">
<h2>Document 3 — Ouvrir plus et ouvrir mieux</h2>
<p class="source">Présentation rédigée pour l’exercice d’après Erik Orsenna et Noël Corbin,
<em>Voyage au pays des bibliothèques. Lire aujourd’hui, lire demain</em>, rapport au
ministre de la Culture, 2018.</p>
<p>Le rapport invite à étendre les horaires d’ouverture des bibliothèques, le soir et le
week-end, pour qu’elles soient ouvertes quand les habitants sont disponibles. Il les
décrit comme des « maisons de service public culturel » : lieux de lecture, mais aussi
d’accès au numérique, d’aide aux démarches, de rencontres.</p>
<p>L’État a accompagné cette extension par la dotation générale de décentralisation
(concours particulier des bibliothèques), qui peut financer une partie des heures
d’ouverture supplémentaires pendant plusieurs années.</p>
<h3>Les conditions relevées</h3>
<ul>
<li>des équipes en nombre suffisant et une organisation du travail négociée ;</li>
<li>des services réellement utiles aux heures nouvelles (pas seulement des salles
ouvertes) ;</li>
<li>une communication vers les publics qui ne viennent pas.</li>
</ul>
</section>

<section class="document">
<h2>Document 4 — La loi du 21 décembre 2021 relative aux bibliothèques</h2>
<p class="source">Loi n° 2021-1717 du 21 décembre 2021 relative aux bibliothèques et au
développement de la lecture publique ; code du patrimoine, article L310-1 (extrait
résumé).</p>
<p>La loi donne pour la première fois une définition législative des bibliothèques des
collectivités territoriales. Elles ont pour missions de garantir l’égal accès de tous à la
culture, à l’information, à l’éducation, à la recherche, aux savoirs et aux loisirs, de
favoriser le développement de la lecture, et de contribuer aux activités de médiation et
de formation.</p>
<p>Elle pose le principe de l’accès libre et gratuit aux bibliothèques municipales et
intercommunales et à leurs collections sur place, et celui de la gratuité du prêt dans
les conditions qu’elles fixent. Elle prévoit l’élaboration d’un projet culturel,
scientifique, éducatif et social et le pluralisme des collections.</p>
<p>Le « troisième lieu » n’y figure pas, mais les missions qu’elle énonce (accueil de
tous, médiation, vie sociale) en sont proches.</p>
</section>

<section class="document">
<h2>Document 5 — Fréquentation d’une médiathèque avant et après son réaménagement</h2>
<p class="source">Tableau construit pour l’exercice : les chiffres sont fictifs.</p>
<table>
<caption>Médiathèque d’une commune de 25 000 habitants, réaménagée en 2024</caption>
<thead><tr><th scope="col">Indicateur</th><th scope="col">2023</th>
<th scope="col">2025</th></tr></thead>
<tbody>
<tr><td>Heures d’ouverture par semaine</td><td class="n">28</td><td class="n">42</td></tr>
<tr><td>Entrées par an</td><td class="n">96 000</td><td class="n">151 000</td></tr>
<tr><td>Emprunteurs actifs</td><td class="n">4 300</td><td class="n">4 650</td></tr>
<tr><td>Prêts par an</td><td class="n">182 000</td><td class="n">176 000</td></tr>
<tr><td>Participants aux ateliers et rencontres</td><td class="n">2 100</td>
<td class="n">6 800</td></tr>
<tr><td>Agents (équivalents temps plein)</td><td class="n">11</td><td class="n">13</td></tr>
</tbody>
</table>
<p>Lecture : la fréquentation progresse bien plus vite que le nombre d’emprunteurs ; les
prêts reculent légèrement.</p>
</section>

<section class="document">
<h2>Document 6 — Limites et débats</h2>
<p class="source">Synthèse rédigée pour l’exercice d’après les débats publiés dans la
presse professionnelle (<em>Bulletin des bibliothèques de France</em>, revue
<em>Bibliothèque(s)</em> de l’ABF).</p>
<ul>
<li>le risque d’un effet de mode, qui réduirait le projet à du mobilier et à un
café ;</li>
<li>la cohabitation des usages : le silence des uns et la conversation des autres ;</li>
<li>la place des collections, quand les espaces se libèrent au détriment des
rayonnages ;</li>
<li>le coût en personnel d’horaires élargis, et la question du travail du dimanche ;</li>
<li>la mesure de l’action : les prêts ne suffisent plus à rendre compte de ce que fait
la bibliothèque.</li>
</ul>
<p>Beaucoup d’auteurs concluent que le « troisième lieu » n’est pas un modèle à copier
mais une manière de partir des besoins des habitants.</p>
</section>
"""
)

# Assignment title -> (file name, HTML body). The titles are those of
# ``demo.assignments`` and of the assignment activities of ``demo.courses``.
SUBJECTS = {
    "Note de synthèse : la médiation numérique en bibliothèque": (
        "dossier-mediation-numerique.pdf",
        MEDIATION_NUMERIQUE,
    ),
    "Dissertation de culture générale : « Lire, est-ce encore un plaisir ? »": (
        "sujet-dissertation-lire-plaisir.pdf",
        DISSERTATION,
    ),
    "Devoir : note de synthèse n° 1": ("dossier-accessibilite-bibliotheques.pdf", ACCESSIBILITE),
    "Note de synthèse : les bibliothèques « troisième lieu »": (
        "dossier-bibliotheques-troisieme-lieu.pdf",
        TROISIEME_LIEU,
    ),
}


def render(body: str, title: str) -> bytes:
    """The PDF of one dossier (WeasyPrint, fonts of the machine)."""
    from weasyprint import HTML

    page = (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{CSS}</style></head><body>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()
