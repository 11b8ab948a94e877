import factory
from django.utils import timezone

from accounts.models import TermsVersion


class TermsVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermsVersion

    kind = TermsVersion.Kind.CGU
    version = factory.Sequence(lambda n: f"1.{n}")
    text = (
        "Article 1. Callisto est un service du réseau des CRFCB.\n\n"
        "Article 2. Respectez les autres participants."
    )
    published_at = factory.LazyFunction(timezone.now)
