"""Recompute the themes, suggested perspectives and near-duplicates of comment rounds.

manage.py analyse_round_texts 12 14      # the rounds with these ids
manage.py analyse_round_texts --open     # every round open now, or closed in 30 days
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from participation.models import CommentRound
from participation.text.services import analyse_round
from phases.scoping import across_regions


class Command(BaseCommand):
    help = "Recompute the text analysis (themes, suggestions, near-duplicates) of rounds."

    def add_arguments(self, parser):
        parser.add_argument("rounds", nargs="*", type=int)
        parser.add_argument("--open", action="store_true", help="rounds open or just closed")

    @across_regions
    def handle(self, *args, rounds, open, **options):
        qs = CommentRound.objects.select_related("version", "project")
        if open:
            since = timezone.now() - timedelta(days=30)
            qs = qs.filter(Q(ends_at__gte=since) | Q(closed_at__gte=since))
        elif rounds:
            qs = qs.filter(pk__in=rounds)
            missing = set(rounds) - set(qs.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No such comment round: {sorted(missing)}")
        else:
            raise CommandError("Give round ids or --open.")
        for round in qs.order_by("pk"):
            analysis = analyse_round(round=round)
            self.stdout.write(
                f"round {round.pk}: {analysis.responses} responses, "
                f"{round.themes.count()} themes, {analysis.method}, {analysis.seconds:.1f} s"
            )
