"""The themes the app finds on the demo's rounds, as it names them (fi / sv, size).

Run on a database seeded with the demo (`manage.py seed_demo`):
    DATABASE_URL=postgres://…/sl_x .venv/bin/python bench/demo_theme_names.py [--learned-bridge]
Each round with comments is analysed as the app does (`analyse_round`) in a transaction that
is rolled back afterwards: the database is left as it was.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicelofte.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from theme_variants import variant  # noqa: E402

from participation.models import Comment, CommentRound  # noqa: E402
from participation.text.services import analyse_round  # noqa: E402
from phases.scoping import project_scope  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--learned-bridge", action="store_true", help="bench/theme_variants.py's learned bridge"
    )
    with variant(learned_bridge=parser.parse_args().learned_bridge):
        show_rounds()


def show_rounds() -> None:
    with scopes_disabled():
        rounds = [
            r
            for r in CommentRound.objects.select_related("project").order_by("pk")
            if Comment.objects.filter(round=r).exists()
        ]
    for round in rounds:
        with project_scope(round.project), transaction.atomic():
            analyse_round(round=round)
            print(f"round {round.pk}: {Comment.objects.filter(round=round).count()} comments")
            for theme in round.themes.order_by("-size", "number"):
                names = theme.suggested
                print(f"  {theme.size:3d}  {names.get('fi', '-'):40} / {names.get('sv', '-')}")
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
