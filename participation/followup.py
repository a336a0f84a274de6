"""Participation's part of the yearly follow-up report (registered in registrations.py):
residents' feedback of the year summarised by perspective (how many arrived, how many
were handled). The feedback texts themselves stay private; `render` draws the part from
the frozen counts only."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from phases.perspectives import Perspective

from .models import Feedback

KEY = "participation.follow_up"


def build(project, year: int, commitments: list[dict]) -> dict:
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    rows = (
        Feedback.objects.filter(project=project, created_at__gte=start, created_at__lt=end)
        .values("perspective")
        .annotate(received=Count("pk"), handled=Count("pk", filter=Q(handled_at__isnull=False)))
    )
    counts = {r["perspective"]: (r["received"], r["handled"]) for r in rows}
    return {
        "year": year,
        "perspectives": [
            {"perspective": key, "received": counts[key][0], "handled": counts[key][1]}
            for key in [*Perspective.values, ""]
            if key in counts
        ],
    }


def render(data: dict, *, language: str, for_pdf: bool = False, **kwargs) -> str:
    labels = dict(Perspective.choices)
    with translation.override(language):
        rows = [
            {
                "label": labels.get(p["perspective"]) if p["perspective"] else None,
                "received": p["received"],
                "handled": p["handled"],
            }
            for p in data.get("perspectives", [])
        ]
        return render_to_string(
            "participation/follow_up.html",
            {
                "year": data.get("year"),
                "rows": rows,
                "total": sum(r["received"] for r in rows),
                "language": language,
            },
        )
