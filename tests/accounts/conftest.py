import pytest

from accounts.models import TermsVersion
from accounts.selectors import forget_current_terms
from tests.accounts.factories import TermsVersionFactory


@pytest.fixture
def published_terms(db):
    """Current CGU and mentions légales."""
    versions = [
        TermsVersionFactory(kind=TermsVersion.Kind.CGU, version="2026-1"),
        TermsVersionFactory(kind=TermsVersion.Kind.LEGAL, version="2026-1"),
    ]
    forget_current_terms()
    return versions
