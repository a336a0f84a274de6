"""Fetch the yearly values of every indicator that has a THL Sotkanet id (run daily or
weekly; see README, "Management commands")."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from indicators import services, sotkanet, tasks
from phases.scoping import across_regions


class Command(BaseCommand):
    help = "Fetch indicator values from THL Sotkanet for every region that has chosen its area."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="only this region (its address name)")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue one background task per due indicator for the worker (db_worker)",
        )

    @across_regions
    def handle(self, *args, **options):
        translation.activate("en")
        indicators = tasks.due_for_fetch(options["region"])
        if options["queue"]:
            due = [i.pk for i in indicators if services.sotkanet_next_fetch(i) is None]
            for pk in due:
                tasks.fetch_sotkanet_indicator.enqueue(pk)
            self.stdout.write(f"Sotkanet fetches queued: {len(due)}")
            return
        client = sotkanet.SotkanetClient()
        failed = 0
        for indicator in indicators:
            label = f"{indicator.project.region.slug}/{indicator.project_id}/{indicator.pk}"
            if services.sotkanet_next_fetch(indicator) is not None:
                # spaced: THL asks for occasional queries (SOTKANET_FETCH_INTERVAL_HOURS)
                self.stdout.write(f"{label} (Sotkanet {indicator.sotkanet_id}): fetched recently")
                continue
            try:
                result = services.sotkanet_fetch(indicator=indicator, client=client)
            except sotkanet.SotkanetError as exc:
                failed += 1
                self.stderr.write(f"{label} (Sotkanet {indicator.sotkanet_id}): {exc}")
                continue
            self.stdout.write(
                f"{label} (Sotkanet {indicator.sotkanet_id}): {result.created} new, "
                f"{result.updated} updated, {result.unchanged} unchanged, "
                f"{result.kept} kept (entered by hand), {result.withheld} withheld by THL"
            )
        if failed:
            raise CommandError(f"{failed} indicator(s) could not be fetched")
