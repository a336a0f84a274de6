"""Reads of the yearly follow-up report: assembling it (live, for the preview and for
freezing on approval), presenting a frozen report in one language, and finding the
published ones.

The frozen report (`FollowUpReport.snapshot`, schema 1):

{
  "schema": 1, "year": int, "region": "<slug>", "project_id": int,
  "decision": {"id": int, "meeting_date": "YYYY-MM-DD", "section": str,
               "period_start": "YYYY-MM-DD" | null, "period_end": ... | null},
  "title": {lang: str},                         # the project's title
  "languages": [lang, ...],                     # the region's content languages
  "texts": {"summary": {lang: str}, "next_actions": {lang: str}},   # Markdown, by staff
  "promises": [{"id": int, "title": {lang: str},
                "commitments": [{"id": int, "perspective": str, "title": {lang: str}}]}],
  "changes": {"decisions": [{"id": int, "meeting_date": str, "section": str,
                             "outcome": str, "body": {lang: str}}],
              "versions": [{"promise": {lang: str}, "number": int, "kind": str,
                            "label": str, "created": "YYYY-MM-DD"}]},
  "approval": {"body": "board" | "council", "approved_on": "YYYY-MM-DD",
               "reference": str},           # added on approval
  "parts": {"<part key>": {...}}                # each app's part (phases.registry.FollowUpPart)
}
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from phases.models import CouncilDecision, Region
from phases.region_terms import body_label
from phases.registry import registry

from ..decision import selectors as decision_selectors
from ..models import FollowUpDocument, FollowUpReport, PromiseVersion
from ..snapshot import LANGS, localized, localized_html

SCHEMA = 1


def texts(obj, name: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{name}_{lang}", None) or "" for lang in LANGS}


def approved_snapshots(decision: CouncilDecision) -> list[dict]:
    """The approved versions' snapshots of the decision (none while it has no approval)."""
    if not hasattr(decision, "approval"):
        return []
    versions = decision.approval.versions.approved().order_by("promise__order", "promise__pk")
    return [v.snapshot for v in versions]


def _changes(decision: CouncilDecision, year: int) -> dict:
    """The year's decisions of the region and the new versions of the project's promises."""
    project = decision.project
    decisions = CouncilDecision.objects.filter(
        project__region_id=project.region_id, meeting_date__year=year
    ).order_by("meeting_date", "pk")
    versions = (
        PromiseVersion.objects.filter(promise__project=project, created_at__year=year)
        .select_related("promise")
        .order_by("created_at", "pk")
    )
    return {
        "decisions": [
            {
                "id": d.pk,
                "meeting_date": d.meeting_date.isoformat(),
                "section": d.section,
                "outcome": d.outcome,
                "body": texts(d, "body"),
            }
            for d in decisions
        ],
        "versions": [
            {
                "promise": texts(v.promise, "title"),
                "number": v.number,
                "kind": v.kind,
                "label": v.label,
                "created": v.created_at.date().isoformat(),
            }
            for v in versions
        ],
    }


def build_report(report: FollowUpReport) -> dict:
    """The report assembled from today's data (what approval freezes)."""
    decision = (
        CouncilDecision.objects.select_related("project__region", "approval")
        .prefetch_related(
            Prefetch("approval__versions", queryset=PromiseVersion.objects.approved())
        )
        .get(pk=report.decision_id)
    )
    project = decision.project
    snapshots = approved_snapshots(decision)
    commitments = [c for s in snapshots for c in s.get("commitments", [])]
    return {
        "schema": SCHEMA,
        "year": report.year,
        "region": project.region.slug,
        "project_id": project.pk,
        "decision": {
            "id": decision.pk,
            "meeting_date": decision.meeting_date.isoformat(),
            "section": decision.section,
            "period_start": decision.period_start.isoformat() if decision.period_start else None,
            "period_end": decision.period_end.isoformat() if decision.period_end else None,
        },
        "title": texts(project, "title"),
        "languages": list(project.region.content_languages),
        "texts": {
            "summary": texts(report, "summary"),
            "next_actions": texts(report, "next_actions"),
        },
        "promises": [
            {
                "id": s["promise_id"],
                "title": s.get("title", {}),
                "commitments": [
                    {"id": c["id"], "perspective": c.get("perspective", ""), "title": c["title"]}
                    for c in s.get("commitments", [])
                ],
            }
            for s in snapshots
        ],
        "changes": _changes(decision, report.year),
        "parts": {
            part.key: part.build(project, report.year, commitments)
            for part in registry.follow_up_parts
        },
    }


def report_view(snapshot: dict, language: str, *, for_pdf: bool = False) -> dict:
    """A report (frozen or assembled) in one language, for the page and the PDF."""
    fallbacks = tuple(snapshot.get("languages") or ("fi", "sv"))
    with translation.override(language):
        parts = []
        for part in registry.follow_up_parts:
            data = snapshot.get("parts", {}).get(part.key)
            if data is not None:
                parts.append(
                    part.render(data, language=language, for_pdf=for_pdf, fallbacks=fallbacks)
                )
        approval = snapshot.get("approval") or {}
        body = (
            body_label(approval["body"], approval.get("kind", "county"))
            if approval.get("body")
            else ""
        )
        return {
            "language": language,
            "year": snapshot["year"],
            "title": localized(snapshot.get("title"), language, fallbacks),
            "summary": localized_html(snapshot["texts"]["summary"], language, fallbacks),
            "next_actions": localized_html(snapshot["texts"]["next_actions"], language, fallbacks),
            "promises": [
                {
                    "title": localized(p["title"], language, fallbacks),
                    "commitments": len(p["commitments"]),
                }
                for p in snapshot.get("promises", [])
            ],
            "decisions": [
                {
                    **d,
                    "date": datetime.date.fromisoformat(d["meeting_date"]),
                    "body": localized(d["body"], language, fallbacks),
                    "outcome_label": CouncilDecision.Outcome(d["outcome"]).label
                    if d["outcome"] in CouncilDecision.Outcome.values
                    else d["outcome"],
                }
                for d in snapshot["changes"]["decisions"]
            ],
            "versions": [
                {
                    **v,
                    "date": datetime.date.fromisoformat(v["created"]),
                    "promise": localized(v["promise"], language, fallbacks),
                    "kind_label": PromiseVersion.Kind(v["kind"]).label
                    if v["kind"] in PromiseVersion.Kind.values
                    else v["kind"],
                }
                for v in snapshot["changes"]["versions"]
            ],
            "approval": {
                "body": body,
                "approved_on": datetime.date.fromisoformat(approval["approved_on"])
                if approval.get("approved_on")
                else None,
                "reference": approval.get("reference", ""),
            },
            "parts": parts,
        }


# -- staff ------------------------------------------------------------------------------


def reports_for_project(project) -> QuerySet[FollowUpReport]:
    return (
        FollowUpReport.objects.filter(decision__project=project)
        .select_related("decision")
        .prefetch_related("documents")
        .order_by("-year", "-pk")
    )


def report_for_project(project, pk: int) -> FollowUpReport:
    return reports_for_project(project).get(pk=pk)


def follow_up_decision(project) -> CouncilDecision | None:
    """The project's approving decision with its stored PDFs (the promise a report follows)."""
    return (
        decision_selectors.published_decisions(project.region)
        .filter(project=project)
        .select_related("approval")
        .first()
    )


def missing_texts(report: FollowUpReport) -> list[str]:
    """The region's languages in which a staff text of the report is still empty."""
    languages = report.decision.project.region.content_languages
    return [
        lang
        for lang in languages
        if not (getattr(report, f"summary_{lang}", "") or "").strip()
        or not (getattr(report, f"next_actions_{lang}", "") or "").strip()
    ]


# -- public -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedReport:
    report: FollowUpReport
    documents: list[FollowUpDocument]


def published_report(region: Region, year: int) -> PublishedReport | None:
    report = (
        FollowUpReport.objects.filter(
            decision__project__region=region, year=year, published_at__isnull=False
        )
        .select_related("decision__project__region")
        .prefetch_related(
            Prefetch("documents", queryset=FollowUpDocument.objects.order_by("language"))
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    if report is None:
        return None
    return PublishedReport(report, list(report.documents.all()))
