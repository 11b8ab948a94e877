# ruff: noqa: RUF001 - French prose uses the typographic apostrophe
"""Initial text of the legal and help pages (French, as published).

These are content, not interface strings: admins edit them afterwards in
"Pages statiques" of the Django admin, in Markdown (``## `` for a heading,
``- `` for a list item, a blank line between paragraphs); the page shows
them as sanitised HTML (``core.markup.markdown_to_html``). The data
migration ``core.0001_legal_pages`` copies them once; it never overwrites
an edit. Pages still holding the HTML of earlier versions render as before:
Markdown keeps the HTML, the sanitiser keeps the structure."""

LEGAL_NOTICE = """
## Éditeur du site

Callisto est édité par le réseau des Centres régionaux de formation aux carrières
des bibliothèques (CRFCB), pour la préparation à distance et en région aux concours
des bibliothèques.

Directeur ou directrice de la publication : la direction du CRFCB porteur du
service. Contact : [contact@callisto.example.fr](mailto:contact@callisto.example.fr).

## Hébergement

Le service est hébergé sur des serveurs situés dans l’Union européenne par
l’opérateur désigné par le réseau des CRFCB.

## Propriété intellectuelle

Les contenus pédagogiques (fiches, exercices, quiz, podcasts) sont produits par
les groupes de production du réseau. Ils sont réservés aux personnes inscrites à une
préparation et ne peuvent être diffusés hors de Callisto sans autorisation.
"""

TERMS = """
## Objet

Les présentes conditions générales d’utilisation (CGU) encadrent l’accès à
Callisto, portail de préparation aux concours des bibliothèques, et son usage par
les stagiaires, tuteurs, formateurs, responsables pédagogiques et groupes de
production.

## Accès au service

Le compte est créé par le responsable pédagogique de votre CRFCB. Il est
personnel : ne communiquez pas votre mot de passe. Vous pouvez vous connecter avec
Sygefor, Sésame ou l’identifiant fourni par votre centre.

## Engagements de l’utilisateur

- rendre des copies dont vous êtes l’auteur ou l’autrice ;
- rester courtois dans les forums et les échanges avec votre tuteur ;
- ne pas diffuser les contenus et corrigés hors de la préparation.

## Modération

Les formateurs et responsables pédagogiques peuvent masquer un message
contraire à ces règles. Un manquement grave peut entraîner la suspension du compte.

## Évolution des conditions

Toute nouvelle version des CGU vous sera présentée à votre prochaine connexion
et devra être acceptée pour continuer à utiliser le service.
"""

PRIVACY = """
## Responsable du traitement

Le CRFCB auprès duquel vous êtes inscrit ou inscrite est responsable du
traitement de vos données pour la préparation aux concours.

## Données traitées et finalités

- identité et coordonnées : gestion de votre inscription et contact par votre
  tuteur ;
- progression, copies, notes et commentaires : suivi pédagogique ;
- journaux de connexion : sécurité du service.

## Durée de conservation

Les copies sont conservées pendant la durée de la préparation puis supprimées
à l’issue de la période de conservation fixée par le réseau ; les notes sont
conservées sous forme anonyme à des fins statistiques.

## Vos droits

Vous disposez d’un droit d’accès, de rectification, d’effacement, de limitation
et de portabilité. Vous pouvez télécharger vos données depuis « Mes données »
(dans « Mon compte ») ou écrire au délégué à la protection des données :
[dpo@callisto.example.fr](mailto:dpo@callisto.example.fr). Vous pouvez
aussi adresser une réclamation à la CNIL.

## Cookies

Callisto n’utilise que des cookies strictement nécessaires (session et
protection contre la falsification de requêtes) ; aucun cookie de mesure
d’audience ni de publicité.
"""

HELP = """
## Se connecter

Votre responsable pédagogique vous indique la façon de vous connecter : compte
Sygefor, compte Sésame, ou identifiant et mot de passe Callisto. Si vous avez
oublié votre mot de passe, utilisez « Mot de passe oublié ? » sur la page de
connexion.

## Suivre sa progression

Le tableau de bord affiche une barre de progression par cours. Cochez une
activité lorsque vous l’avez terminée ; certaines activités se cochent seules
(copie rendue, quiz réussi).

## Rendre un devoir

Déposez votre copie au format PDF, DOCX ou ODT avant la date limite, puis
cliquez sur « Rendre ma copie ». Un accusé de réception vous est envoyé par
courriel.

## Contacter son tuteur

Dans une préparation Callisto à distance, posez vos questions dans « Tutorat ».
Votre tuteur répond du lundi au vendredi, hors jours fériés.

## Signaler un problème

Utilisez le bouton « Signaler une erreur » d’une activité, ou écrivez à
[support@callisto.example.fr](mailto:support@callisto.example.fr).
"""

ACCESSIBILITY = """
Le réseau des CRFCB s’engage à rendre Callisto accessible conformément à
l’article 47 de la loi n° 2005-102 du 11 février 2005.

Cette déclaration d’accessibilité s’applique au portail Callisto.

## État de conformité

Callisto est **partiellement conforme** avec le référentiel
général d’amélioration de l’accessibilité (RGAA), version 4.1.2, en raison des
non-conformités et des dérogations énumérées ci-dessous.

## Résultats des tests

Aucun audit complet n’a encore été réalisé par un organisme externe. Les pages
du site sont vérifiées automatiquement à chaque modification avec l’outil axe-core
(aucune erreur détectée sur les pages testées) et manuellement au clavier.

## Contenus non accessibles

### Non-conformités

- certains documents PDF de cours anciens ne sont pas balisés ;
- certains podcasts n’ont pas encore de transcription.

### Dérogations pour charge disproportionnée

Aucune.

### Contenus non soumis à l’obligation d’accessibilité

Les copies déposées par les stagiaires et les fichiers annotés par les
formateurs.

## Établissement de cette déclaration d’accessibilité

Cette déclaration a été établie le 25 novembre 2026.

### Technologies utilisées pour la réalisation du site

- HTML5
- CSS
- JavaScript

### Environnement de test

Les vérifications ont été réalisées avec les combinaisons suivantes :

- Firefox et NVDA sous Windows ;
- Chromium et Orca sous Linux ;
- Safari et VoiceOver sous iOS.

### Outils pour évaluer l’accessibilité

- axe-core
- Contrast Checker
- navigation au clavier

### Pages du site ayant fait l’objet de la vérification

- Accueil
- Connexion
- Tableau de bord
- Mentions légales
- Accessibilité

## Retour d’information et contact

Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez
contacter le responsable du site pour être orienté vers une alternative accessible
ou obtenir le contenu sous une autre forme :
[accessibilite@callisto.example.fr](mailto:accessibilite@callisto.example.fr).

## Voies de recours

Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un
contenu ou à une fonctionnalité du site, que vous nous le signalez et que vous ne
parvenez pas à obtenir de réponse de notre part, vous êtes en droit de faire
parvenir vos doléances ou une demande de saisine au Défenseur des droits.

Plusieurs moyens sont à votre disposition :

- écrire un message au Défenseur des droits au moyen du formulaire en ligne
  de son site ;
- contacter le délégué du Défenseur des droits dans votre région ;
- appeler le 09 69 39 00 00 ;
- envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) :
  Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.
"""

PAGES = [
    ("/mentions-legales/", "Mentions légales", LEGAL_NOTICE),
    ("/cgu/", "Conditions générales d’utilisation", TERMS),
    ("/donnees-personnelles/", "Données personnelles", PRIVACY),
    ("/aide/", "Aide", HELP),
    ("/accessibilite/", "Déclaration d’accessibilité", ACCESSIBILITY),
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
