import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages in English; pages follow their URL's language prefix."""
    with translation.override("en"):
        yield
