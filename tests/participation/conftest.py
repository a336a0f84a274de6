import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _clear_cache():
    """The rate limit lives in the cache: every test starts with a clean one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def preparer(users):
    return users["preparer"]


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level messages are asserted in English; pages choose their own language."""
    with translation.override("en"):
        yield
