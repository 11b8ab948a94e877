"""Initial text of the legal and help pages (French, as published).

These are content, not interface strings: admins edit them afterwards in
"Pages statiques" of the Django admin. The data migration
``core.0001_legal_pages`` copies them once; it never overwrites an edit."""

LEGAL_NOTICE = """
<h2>Éditeur du site</h2>
<p>Callisto est édité par le réseau des Centres régionaux de formation aux carrières
des bibliothèques (CRFCB), pour la préparation à distance et en région aux concours
des bibliothèques.</p>
<p>Directeur ou directrice de la publication : la direction du CRFCB porteur du
service. Contact : <a href="mailto:contact@callisto.example.fr">contact@callisto.example.fr</a>.</p>
<h2>Hébergement</h2>
<p>Le service est hébergé sur des serveurs situés dans l'Union européenne par
l'opérateur désigné par le réseau des CRFCB.</p>
<h2>Propriété intellectuelle</h2>
<p>Les contenus pédagogiques (fiches, exercices, quiz, podcasts) sont produits par
les groupes de production du réseau. Ils sont réservés aux personnes inscrites à une
préparation et ne peuvent être diffusés hors de Callisto sans autorisation.</p>
"""

TERMS = """
<h2>Objet</h2>
<p>Les présentes conditions générales d'utilisation (CGU) encadrent l'accès à
Callisto, portail de préparation aux concours des bibliothèques, et son usage par
les stagiaires, tuteurs, formateurs, responsables pédagogiques et groupes de
production.</p>
<h2>Accès au service</h2>
<p>Le compte est créé par le responsable pédagogique de votre CRFCB. Il est
personnel : ne communiquez pas votre mot de passe. Vous pouvez vous connecter avec
Sygefor, Sésame ou l'identifiant fourni par votre centre.</p>
<h2>Engagements de l'utilisateur</h2>
<ul>
  <li>rendre des copies dont vous êtes l'auteur ou l'autrice ;</li>
  <li>rester courtois dans les forums et les échanges avec votre tuteur ;</li>
  <li>ne pas diffuser les contenus et corrigés hors de la préparation.</li>
</ul>
<h2>Modération</h2>
<p>Les formateurs et responsables pédagogiques peuvent masquer un message
contraire à ces règles. Un manquement grave peut entraîner la suspension du compte.</p>
<h2>Évolution des conditions</h2>
<p>Toute nouvelle version des CGU vous sera présentée à votre prochaine connexion
et devra être acceptée pour continuer à utiliser le service.</p>
"""

PRIVACY = """
<h2>Responsable du traitement</h2>
<p>Le CRFCB auprès duquel vous êtes inscrit ou inscrite est responsable du
traitement de vos données pour la préparation aux concours.</p>
<h2>Données traitées et finalités</h2>
<ul>
  <li>identité et coordonnées : gestion de votre inscription et contact par votre
  tuteur ;</li>
  <li>progression, copies, notes et commentaires : suivi pédagogique ;</li>
  <li>journaux de connexion : sécurité du service.</li>
</ul>
<h2>Durée de conservation</h2>
<p>Les copies sont conservées pendant la durée de la préparation puis supprimées
à l'issue de la période de conservation fixée par le réseau ; les notes sont
conservées sous forme anonyme à des fins statistiques.</p>
<h2>Vos droits</h2>
<p>Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation
et de portabilité. Vous pouvez télécharger vos données depuis « Mon compte » ou
écrire au délégué à la protection des données :
<a href="mailto:dpo@callisto.example.fr">dpo@callisto.example.fr</a>. Vous pouvez
aussi adresser une réclamation à la CNIL.</p>
<h2>Cookies</h2>
<p>Callisto n'utilise que des cookies strictement nécessaires (session et
protection contre la falsification de requêtes) ; aucun cookie de mesure
d'audience ni de publicité.</p>
"""

HELP = """
<h2>Se connecter</h2>
<p>Votre responsable pédagogique vous indique la façon de vous connecter : compte
Sygefor, compte Sésame, ou identifiant et mot de passe Callisto. Si vous avez
oublié votre mot de passe, utilisez « Mot de passe perdu ? » sur la page de
connexion.</p>
<h2>Suivre sa progression</h2>
<p>Le tableau de bord affiche une barre de progression par cours. Cochez une
activité lorsque vous l'avez terminée ; certaines activités se cochent seules
(copie rendue, quiz réussi).</p>
<h2>Rendre un devoir</h2>
<p>Déposez votre copie au format PDF, DOCX ou ODT avant la date limite, puis
cliquez sur « Rendre ma copie ». Un accusé de réception vous est envoyé par
courriel.</p>
<h2>Contacter son tuteur</h2>
<p>Dans une préparation Callisto à distance, posez vos questions dans « Tutorat ».
Votre tuteur répond du lundi au vendredi, hors jours fériés.</p>
<h2>Signaler un problème</h2>
<p>Utilisez le bouton « Signaler une erreur » d'une activité, ou écrivez à
<a href="mailto:support@callisto.example.fr">support@callisto.example.fr</a>.</p>
"""

ACCESSIBILITY = """
<p>Le réseau des CRFCB s'engage à rendre Callisto accessible conformément à
l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<p>Cette déclaration d'accessibilité s'applique au portail Callisto.</p>
<h2>État de conformité</h2>
<p>Callisto est <strong>partiellement conforme</strong> avec le référentiel
général d'amélioration de l'accessibilité (RGAA), version 4.1.2, en raison des
non-conformités et des dérogations énumérées ci-dessous.</p>
<h2>Résultats des tests</h2>
<p>Aucun audit complet n'a encore été réalisé par un organisme externe. Les pages
du site sont vérifiées automatiquement à chaque modification avec l'outil axe-core
(aucune erreur détectée sur les pages testées) et manuellement au clavier.</p>
<h2>Contenus non accessibles</h2>
<h3>Non-conformités</h3>
<ul>
  <li>certains documents PDF de cours anciens ne sont pas balisés ;</li>
  <li>certains podcasts n'ont pas encore de transcription.</li>
</ul>
<h3>Dérogations pour charge disproportionnée</h3>
<p>Aucune.</p>
<h3>Contenus non soumis à l'obligation d'accessibilité</h3>
<p>Les copies déposées par les stagiaires et les fichiers annotés par les
formateurs.</p>
<h2>Établissement de cette déclaration d'accessibilité</h2>
<p>Cette déclaration a été établie le 25 novembre 2026.</p>
<h3>Technologies utilisées pour la réalisation du site</h3>
<ul><li>HTML5</li><li>CSS</li><li>JavaScript</li></ul>
<h3>Environnement de test</h3>
<p>Les vérifications ont été réalisées avec les combinaisons suivantes :</p>
<ul>
  <li>Firefox et NVDA sous Windows ;</li>
  <li>Chromium et Orca sous Linux ;</li>
  <li>Safari et VoiceOver sous iOS.</li>
</ul>
<h3>Outils pour évaluer l'accessibilité</h3>
<ul><li>axe-core</li><li>Contrast Checker</li><li>navigation au clavier</li></ul>
<h3>Pages du site ayant fait l'objet de la vérification</h3>
<ul>
  <li>Accueil</li><li>Connexion</li><li>Tableau de bord</li>
  <li>Mentions légales</li><li>Accessibilité</li>
</ul>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez
contacter le responsable du site pour être orienté vers une alternative accessible
ou obtenir le contenu sous une autre forme :
<a href="mailto:accessibilite@callisto.example.fr">accessibilite@callisto.example.fr</a>.</p>
<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un
contenu ou à une fonctionnalité du site, que vous nous le signalez et que vous ne
parvenez pas à obtenir de réponse de notre part, vous êtes en droit de faire
parvenir vos doléances ou une demande de saisine au Défenseur des droits.</p>
<p>Plusieurs moyens sont à votre disposition :</p>
<ul>
  <li>écrire un message au Défenseur des droits au moyen du formulaire en ligne
  de son site ;</li>
  <li>contacter le délégué du Défenseur des droits dans votre région ;</li>
  <li>appeler le 09 69 39 00 00 ;</li>
  <li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) :
  Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
</ul>
"""

PAGES = [
    ("/mentions-legales/", "Mentions légales", LEGAL_NOTICE),
    ("/cgu/", "Conditions générales d'utilisation", TERMS),
    ("/donnees-personnelles/", "Données personnelles", PRIVACY),
    ("/aide/", "Aide", HELP),
    ("/accessibilite/", "Déclaration d'accessibilité", ACCESSIBILITY),
]


def ensure_pages(site_model, flatpage_model) -> None:
    """Create the pages that do not exist yet; never overwrite an edit."""
    site, _ = site_model.objects.get_or_create(
        pk=1, defaults={"domain": "callisto.example.fr", "name": "Callisto"}
    )
    for url, title, content in PAGES:
        page, _ = flatpage_model.objects.get_or_create(
            url=url, defaults={"title": title, "content": content.strip()}
        )
        page.sites.add(site)
