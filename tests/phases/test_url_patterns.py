"""phases.url_patterns.object_url gives what reverse() gives, in every language."""

import pytest
from django.urls import reverse
from django.utils import translation

from phases.url_patterns import object_url


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("pk", [1, 42, 999_999_999, 10**12])
@pytest.mark.parametrize("region", ["esimerkki", "alue-999999999"])
def test_object_url_is_reverse_for_any_id(language, pk, region):
    kwargs = {"region": region, "project": 7}
    with translation.override(language):
        url = object_url("participation:input_detail", "input", **kwargs)
        assert url(pk) == reverse("participation:input_detail", kwargs={**kwargs, "input": pk})
        assert url(pk).startswith(f"/{language}/")
