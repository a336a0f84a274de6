"""A Swedish compound the bridge does not know still meets its Finnish theme through the
bridge word it begins or ends with (issue 27, themes across languages)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.text.themes import _swedish_parts

pytestmark = pytest.mark.django_db  # the package's autouse fixtures clear a database cache

MAPPING = {"sv:hemtjänst": "fi:kotihoito", "sv:tandvård": "fi:hammashoito", "sv:kö": "fi:jono"}


def test_a_swedish_compound_adds_the_finnish_pair_of_its_bridge_word():
    docs = [["sv:hemtjänstpersonal", "sv:kommun"], ["sv:barntandvård"], ["sv:hemtjänst"]]
    assert _swedish_parts(docs, MAPPING) == [
        ["sv:hemtjänstpersonal", "sv:kommun", "fi:kotihoito"],  # begins with "hemtjänst"
        ["sv:barntandvård", "fi:hammashoito"],  # ends with "tandvård"
        ["sv:hemtjänst"],  # the bridge word itself: the mapping has already written it
    ]
    # a short bridge word is no part ("kö" inside "köket", a kitchen)
    assert _swedish_parts([["sv:köket"], ["fi:kö"]], MAPPING) == [["sv:köket"], ["fi:kö"]]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.builds(
                lambda lang, word: f"{lang}:{word}",
                st.sampled_from(["fi", "sv"]),
                st.text(alphabet="abdehjklmnoprstvåäö", min_size=1, max_size=20),
            ),
            max_size=6,
        ),
        max_size=6,
    )
)
def test_parts_only_add_finnish_pairs_after_the_terms(docs):
    result = _swedish_parts(docs, MAPPING)
    assert len(result) == len(docs)
    for before, after in zip(docs, result, strict=True):
        assert after[: len(before)] == before
        added = after[len(before) :]
        assert all(term in MAPPING.values() for term in added)
        assert len(added) <= sum(t.startswith("sv:") for t in before)
