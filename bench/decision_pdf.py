"""Decision-package PDF benchmark: `python bench/decision_pdf.py` (DATABASE_URL respected).

Builds a full package in one transaction that is rolled back afterwards (nothing stays in
the database): 5 segment promises with 50 commitments in all, 30 key indicators with
targets and measurements (when the indicators app's models exist) and a closed comment
round with 500 analysed comments (when participation's exist). Then renders the decision
document (PDF/A-3a, Finnish) the way an approval does and prints the render time and the
page count. Target: at most 3 s, on a quiet machine (the load average is printed with it).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicelofte.settings")

TARGET_SECONDS = 3.0
PROMISES = 5
COMMITMENTS = 50
INDICATORS = 30
COMMENTS = 500


class Rollback(Exception):
    pass


def setup() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def build_indicators(project) -> int:
    try:
        from indicators.models import Indicator, Measurement, Target
    except ImportError:
        return 0
    from phases.perspectives import Perspective

    perspectives = list(Perspective.values)
    indicators = Indicator.objects.bulk_create(
        Indicator(
            project=project,
            name=f"Avainmittari {n + 1}",
            name_fi=f"Avainmittari {n + 1}",
            name_sv=f"Nyckelmätare {n + 1}",
            perspective=perspectives[n % len(perspectives)],
            unit="%",
            is_key=True,
            order=n,
        )
        for n in range(INDICATORS)
    )
    Target.objects.bulk_create(
        Target(indicator=i, year=year, value=Decimal(70 + n % 20))
        for n, i in enumerate(indicators)
        for year in project.term_years
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=i, year=project.term_start, value=Decimal(60 + n % 30))
        for n, i in enumerate(indicators)
    )
    return len(indicators)


def build_comments(project, version) -> int:
    try:
        from participation.models import Comment, CommentRound
        from participation.models.rounds import Disposition
    except ImportError:
        return 0
    from django.utils import timezone

    now = timezone.now()
    round_ = CommentRound.objects.create(
        project=project,
        version=version,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=1),
        closed_at=now - timedelta(days=1),
        analysis_done_at=now,
    )
    dispositions = list(Disposition.values)
    Comment.objects.bulk_create(
        Comment(
            round=round_,
            text=f"Kommentti {n}: palveluihin pääsy on tärkeää.",
            language="fi",
            disposition=dispositions[n % len(dispositions)],
            reason="Huomioitu lupauksen valmistelussa.",
        )
        for n in range(COMMENTS)
    )
    return COMMENTS


def run() -> dict:
    setup()
    from django.core.management import call_command
    from django.db import transaction

    from phases.roles import Role
    from promises.decision import services as decision_services
    from promises.decision.pdf import render_decision_pdf
    from promises.decision.selectors import package_for, package_texts
    from tests.factories import ProjectFactory, RegionFactory, member
    from tests.promises.test_decision_support import (
        PACKAGE_TEXTS,
        build_promise,
        freeze,
        set_phase,
    )

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    result: dict = {}
    try:
        with transaction.atomic():
            region = RegionFactory(slug=f"bench-pdf-{int(time.time())}")
            project = ProjectFactory(region=region, term_start=2027, term_end=2029)
            preparer = member(region, Role.PREPARER, username=f"bench-pdf-{region.pk}")
            versions = {}
            per_promise = COMMITMENTS // PROMISES
            for index in range(PROMISES):
                promise = build_promise(project, commitments=per_promise, statements=3, index=index)
                versions[promise.pk] = freeze(promise, by=preparer)
            indicators = build_indicators(project)
            comments = build_comments(project, next(iter(versions.values())))
            project = set_phase(project, 4)
            decision_services.package_update(
                project=project,
                by=preparer,
                lock_version=1,
                versions=versions,
                texts=PACKAGE_TEXTS,
                channels=["web", "social_media", "intranet"],
            )
            package = package_for(project)
            snapshots = [v.snapshot for v in package.versions.all()]
            started = time.perf_counter()
            rendered = render_decision_pdf(
                project=project,
                language="fi",
                snapshots=snapshots,
                texts=package_texts(package),
                decision=None,
                preview=False,
            )
            seconds = time.perf_counter() - started
            result = {
                "promises": PROMISES,
                "commitments": COMMITMENTS,
                "indicators": indicators,
                "comments": comments,
                "seconds": round(seconds, 2),
                "pages": rendered.pages,
                "bytes": len(rendered.data),
                "target_seconds": TARGET_SECONDS,
                "ok": seconds <= TARGET_SECONDS,
            }
            raise Rollback
    except Rollback:
        pass
    print(
        f"  package: {result['promises']} promises, {result['commitments']} commitments, "
        f"{result['indicators']} indicators, {result['comments']} analysed comments"
    )
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(
        f"  render: {result['seconds']:.2f} s for {result['pages']} pages "
        f"({result['bytes'] // 1024} KiB), target ≤ {TARGET_SECONDS:.0f} s: "
        f"{'OK' if result['ok'] else 'SLOW'} (load average {load}; other processes slow it)"
    )
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    with scopes_disabled():  # bench code seeds and reads every region
        sys.exit(run())
