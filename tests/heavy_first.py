"""The suite's longest test files run first (issue 28: the suite's time on two workers).

pytest collects the files in name order, which put the longest of them (the unchanged-save
matrix, over a minute a language) at the very end: the last test of one worker then ran
while the other worker had nothing left to do. Here the files that cost most are moved to
the front, longest first, each file's tests kept together and in their order (so a module's
fixtures are still set up once per worker), and the rest keep pytest's order behind them.
xdist hands the tests out in this order, so the short tests fill the end of both workers.

`WEIGHTS` holds each listed file's cost in seconds of worker time, as measured by a full
run with `--durations=0` (rounded; only the order matters). A file that no longer exists
fails `tests/test_heavy_first.py`.
"""

from __future__ import annotations

WEIGHTS: dict[str, int] = {
    "tests/test_unchanged_save_matrix.py": 215,
    "tests/security/test_hostile_walk.py": 150,
    "tests/phases/test_backup.py": 100,
    "tests/promises/test_region_words.py": 80,
    "tests/e2e/test_preparer_journey.py": 75,
    "tests/test_scaleout.py": 60,
    "tests/security/test_permission_matrix.py": 55,
    "tests/participation/test_demo_nothing_invented.py": 50,
    "tests/e2e/test_swedish_journey.py": 45,
    "tests/e2e/test_secretary_journey.py": 40,
    "tests/e2e/test_themes_journey.py": 35,
    "tests/e2e/test_working_group_journey.py": 35,
    "tests/oidc/test_sign_in.py": 33,
    "tests/e2e/test_city_strategy_journey.py": 28,
    "tests/e2e/test_follow_up_journey.py": 27,
    "tests/security/test_script_payloads.py": 27,
    "tests/e2e/test_working_days.py": 27,
    "tests/e2e/oidc/test_sign_in.py": 25,
    "tests/e2e/test_opinion_journey.py": 25,
    "tests/e2e/test_resident_journeys.py": 22,
    "tests/promises/test_followup.py": 21,
    "tests/security/test_public_canary.py": 20,
    "tests/promises/test_publication_fidelity.py": 20,
    "tests/phases/test_dashboard_content.py": 20,
    "tests/oidc/test_config.py": 19,
    "tests/participation/test_analysis_kept.py": 19,
}


def weight(nodeid: str) -> int:
    return WEIGHTS.get(nodeid.split("::", 1)[0], 0)


def order(items: list) -> None:
    """Longest files first, in place; a stable sort, so each file's tests stay together
    and in their order, and files of equal weight keep pytest's order."""
    items.sort(key=lambda item: -weight(item.nodeid))
