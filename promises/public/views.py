"""Public pages of the approved promise (no login) and its open data.

Only approved content is shown: the APPROVED versions' frozen snapshots, the decision,
the stored PDFs and the sections other apps register for "public". The pages are
cache-friendly: ETag and Last-Modified, 304 on a conditional GET, Cache-Control public
for settings.PUBLIC_CACHE_SECONDS, and the rendered page kept in Django's cache, so a
repeated request costs no database query.

The ETag covers the decision (id and time recorded), the language, the view and the
cache period the request falls in: the sections (indicator status, feedback) may change
independently, so a page is considered fresh for at most PUBLIC_CACHE_SECONDS.

Open data, `/<lang>/p/<region>/json/` (the promise in force) and
`/<lang>/p/<region>/<decision>/json/` (an archived one), schema 1:

{
  "schema": 1, "language": "fi",
  "region": {"slug": str, "name": {"fi","sv","en"}},
  "project": {"title": {"fi","sv","en"}, "term_start": int, "term_end": int,
              "case_number": str},
  "in_force": bool,
  "decision": {"id", "body": {lang: str}, "meeting_date": "YYYY-MM-DD", "section",
               "case_number", "minutes_url", "outcome",
               "outcome_label", "text", "recorded_at",
               "period_start", "period_end": "YYYY-MM-DD" | null},  # the promise's term
  "promises": [{"id", "version", "title": {lang}, "vision": {lang}, "slogan": {lang},
                "outcomes": {lang}, "strategy": [...], "structure": [...],
                "cells": [...], "commitments": [...]}],   # as in promises/snapshot.py
  "descriptions": {"implementation"|"follow_up"|"reporting"|"evaluation"|
                   "communication"|"budget_effect": {lang: Markdown}},
  "communication_channels": [str],
  "documents": [{"language", "url", "path", "sha256", "size", "pages"}],
  "sections": {section key: data},   # from registered sections whose context has "json"
  "page": str
}
"""

from __future__ import annotations

import base64
import hashlib
import json
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language, gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from phases.models import Region
from phases.perspectives import Perspective, Side
from phases.registry import registry
from phases.scoping import region_scope
from phases.translated import pick_field, texts
from phases.views.mixins import AcrossRegionsMixin, PublicScopeMixin

from ..decision import selectors
from ..decision.services import public_cache_key
from ..models import DecisionDocument, FollowUpReport
from ..snapshot import LANGS
from ..wheel import render_wheel
from .middleware import Reuse

VIEWS = ("whole", "organiser", "resident")
JSON_SCHEMA = 1


def cache_seconds() -> int:
    return max(int(settings.PUBLIC_CACHE_SECONDS), 1)


def period_start(now: float | None = None) -> int:
    """Start of the current cache period (epoch seconds)."""
    now = time.time() if now is None else now
    return int(now // cache_seconds() * cache_seconds())


def follow_up_head(decision_id: int) -> tuple[float, list[int]]:
    """When a follow-up report of the decision was last published (0: none yet) and the
    years of its published reports, newest first (the page links them), in one query."""
    rows = list(
        FollowUpReport.objects.filter(
            decision_id=decision_id, published_at__isnull=False
        ).values_list("year", "published_at")
    )
    stamp = max((published.timestamp() for _year, published in rows), default=0)
    return stamp, sorted({year for year, _published in rows}, reverse=True)


def head_key(region_slug: str, decision_id: int | None) -> str:
    return public_cache_key(region_slug) + (f":{decision_id}" if decision_id else "")


def head_for(region_slug: str, decision_id: int | None) -> dict | None:
    """{"region": pk, "decision": pk, "recorded_at": epoch} of the promise shown, cached.

    The key of the region's promise in force is dropped when a new approval commits.
    """
    key = head_key(region_slug, decision_id)
    # This process's copy first, for a second or two: with the database cache every
    # request would otherwise cost a query for the head alone (at 50 users the page fell
    # from 1,280 to 545 requests/s on it). An approval clears the shared key at once and
    # this process's copy (other processes' copies expire within HEAD_LOCAL_SECONDS).
    local = caches["pages"]
    head = local.get(key)
    if head is not None:
        return head or None
    head = cache.get(key)
    if head is None:
        region = Region.objects.filter(slug=region_slug).only("pk").first()
        row = None
        if region is not None:
            with region_scope(region):
                decisions = selectors.in_force_first(selectors.published_decisions(region))
                if decision_id:
                    decisions = decisions.filter(pk=decision_id)
                row = decisions.values_list("pk", "recorded_at").first()
                stamp, years = follow_up_head(row[0]) if row else (0, [])
        head = (
            {
                "region": region.pk,
                "decision": row[0],
                "recorded_at": row[1].timestamp(),
                # the page links the decision's published follow-up reports
                "follow_up": stamp,
                "follow_up_years": years,
            }
            if row
            else {}
        )
        cache.set(key, head, cache_seconds())
    if head:
        # Only a promise found is kept here: a region's first approval (after "nothing")
        # shows at once on every server; a later one within HEAD_LOCAL_SECONDS.
        local.set(key, head, min(settings.PUBLIC_HEAD_LOCAL_SECONDS, cache_seconds()))
    return head or None


class PublicMixin(PublicScopeMixin):
    kind = "html"

    def public_region(self, slug: str) -> int:
        """The region of the promise shown, from its cached head (no query when cached)."""
        self.language = get_language()
        self.shown_key = head_key(slug, self.kwargs.get("decision"))
        self.shown = head_for(slug, self.kwargs.get("decision"))
        if self.shown is None:
            raise Http404
        return self.shown["region"]

    def variant(self) -> str:
        view = self.request.GET.get("view", "whole")
        return view if view in VIEWS else "whole"

    def canonical_query(self) -> bool:
        keys = set(self.request.GET.keys())
        return keys <= {"view"} and self.request.GET.get("view", "whole") in VIEWS

    def validators(self) -> tuple[str, float]:
        period = period_start()
        raw = ":".join(
            str(x)
            for x in (
                self.kind,
                self.shown["decision"],
                self.shown["recorded_at"],
                self.shown.get("follow_up", 0),
                self.language,
                self.variant(),
                period,
            )
        )
        etag = '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
        return etag, int(max(self.shown["recorded_at"], self.shown.get("follow_up", 0), period))

    def cacheable(self) -> bool:
        if not self.canonical_query() or self.request.user.is_authenticated:
            return False
        return len(get_messages(self.request)) == 0

    def conditional(self, build) -> HttpResponse:
        etag, last_modified = self.validators()
        response = get_conditional_response(self.request, etag=etag, last_modified=last_modified)
        if response is None:
            cacheable = self.cacheable()
            key = f"promises:public:{etag}"
            pages = caches["pages"]  # per process: the key names one immutable body
            body = pages.get(key) if cacheable else None
            if body is None:
                body = build()
                if cacheable:
                    pages.set(key, body, cache_seconds())
            response = HttpResponse(body, content_type=self.content_type)
            if cacheable:
                # every visitor without a cookie may be answered with this response while
                # the head shown is current (promises.public.middleware)
                response.public_reuse = Reuse(
                    head_key=self.shown_key,
                    head=self.shown,
                    until=period_start() + cache_seconds(),
                )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=cache_seconds())
        return response

    def published(self) -> selectors.PublishedPromise:
        region = Region.objects.get(pk=self.shown["region"])
        published = selectors.published_promise(region, self.shown["decision"])
        if published is None:
            raise Http404
        return published


# The page's view switch: each view's link text.
VIEW_LABELS = {
    "whole": gettext_lazy("The whole promise"),
    "organiser": gettext_lazy("Organiser's detail"),
    "resident": gettext_lazy("Resident's detail"),
}
# The wheel's caption in each view.
WHEEL_CAPTIONS = {
    "whole": gettext_lazy(
        "The promise as a wheel: the vision in the centre, the resident's and the organiser's "
        "views, and the five perspectives. The same content is in the table below."
    ),
    "resident": gettext_lazy(
        "The resident's detail of the wheel. The same content is in the table below."
    ),
    "organiser": gettext_lazy(
        "The organiser's detail of the wheel. The same content is in the table below."
    ),
}
# The link text of the decision document in each language (any other: the English one).
DOCUMENT_LABELS = {
    "fi": gettext_lazy("Decision document (PDF, Finnish)"),
    "sv": gettext_lazy("Decision document (PDF, Swedish)"),
    "en": gettext_lazy("Decision document (PDF, English)"),
}


def document_entries(request, published) -> list[dict]:
    return [
        {
            "language": doc.language,
            "url": request.build_absolute_uri(
                reverse(
                    "public:document",
                    kwargs={"region": published.region.slug, "document": doc.pk},
                )
            ),
            "path": reverse(
                "public:document", kwargs={"region": published.region.slug, "document": doc.pk}
            ),
            "sha256": doc.sha256,
            "size": doc.size,
            "pages": doc.pages,
        }
        for doc in published.documents
    ]


def public_sections(project, language: str) -> list[tuple]:
    """[(section, context)] of the sections other apps add to the public page."""
    return [
        (section, section.context(project, language=language, public=True) or {})
        for section in registry.sections_for("public")
    ]


class PromiseView(PublicMixin, View):
    content_type = "text/html; charset=utf-8"

    def get(self, request, *args, **kwargs):
        return self.conditional(self.render_page)

    def render_page(self) -> str:
        published = self.published()
        language = self.language
        view = self.variant()
        promises = []
        for n, version in enumerate(published.versions, start=1):
            item = selectors.promise_view(
                version.snapshot, language, published.region.content_languages, view=view
            )
            # The sectors link to the table below (absent in an empty resident view).
            table = not (view == "resident" and item["resident_empty"])
            item["wheel"] = render_wheel(
                version.snapshot,
                language,
                view=view,
                id_prefix=f"wheel{n}",
                anchor=f"segment-{n}" if table else None,
            )
            promises.append(item)
        sections = [
            render_to_string(section.template, context)
            for section, context in public_sections(published.project, language)
        ]
        region = published.region
        ctx = {
            "region": region,
            "terms": region.terms,
            "region_name": pick_field(region, "name", language, region.content_languages),
            "published": published,
            "project_title": pick_field(
                published.project, "title", language, region.content_languages
            ),
            "promises": promises,
            "translated": all(p["translated"] for p in promises),
            "view": view,
            "views": list(VIEW_LABELS.items()),
            "wheel_caption": WHEEL_CAPTIONS.get(view, WHEEL_CAPTIONS["organiser"]),
            "sides": [s for s in Side if view == "whole" or s.value == view],
            "sections": sections,
            "documents": [
                {**entry, "label": DOCUMENT_LABELS.get(entry["language"], DOCUMENT_LABELS["en"])}
                for entry in document_entries(self.request, published)
            ],
            "descriptions": selectors.descriptions_view(
                published.approval.package, language, region.content_languages
            ),
            "perspective_count": len(Perspective),
            "upcoming": selectors.upcoming_decision(region) if published.is_current else None,
            "follow_up_years": self.shown.get("follow_up_years", []),
        }
        return render_to_string("promises/public/promise.html", ctx, request=self.request)


class PromiseJsonView(PublicMixin, View):
    """Open data: the same content as the page (documented in the README)."""

    kind = "json"
    content_type = "application/json"

    def get(self, request, *args, **kwargs):
        response = self.conditional(self.render_json)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def render_json(self) -> str:
        return json.dumps(
            promise_data(self.request, self.published(), self.language),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=1,
        )


def promise_data(request, published, language: str) -> dict:
    region = published.region
    decision = published.decision
    promises = []
    for version in published.versions:
        snapshot = version.snapshot
        promises.append(
            {
                "id": snapshot.get("promise_id"),
                "version": version.number,
                "title": snapshot.get("title"),
                "vision": snapshot.get("vision"),
                "slogan": snapshot.get("slogan", {}),
                "outcomes": snapshot.get("outcomes", {}),
                "strategy": snapshot.get("strategy", []),
                # the same arrangement as the page and the PDF (one presenter)
                "structure": selectors.strategy_structure(snapshot)["tree"],
                "cells": snapshot.get("cells", []),
                "commitments": snapshot.get("commitments", []),
            }
        )
    sections = {
        section.key: context["json"]
        for section, context in public_sections(published.project, language)
        if "json" in context
    }
    return {
        "schema": JSON_SCHEMA,
        "language": language,
        "region": {
            "slug": region.slug,
            "kind": region.kind,
            "languages": region.content_languages,
            "name": {lang: getattr(region, f"name_{lang}", None) or "" for lang in LANGS},
        },
        "project": {
            "title": {
                lang: getattr(published.project, f"title_{lang}", None) or "" for lang in LANGS
            },
            "term_start": published.project.term_start,
            "term_end": published.project.term_end,
            "case_number": published.project.case_number,
        },
        "in_force": published.is_current,
        "decision": {
            "id": decision.pk,
            "body": texts(decision, "body"),
            "meeting_date": decision.meeting_date,
            "section": decision.section,
            "case_number": decision.case_number,
            "minutes_url": decision.minutes_url,
            "outcome": decision.outcome,
            "outcome_label": str(decision.get_outcome_display()),
            "text": texts(decision, "text"),
            "recorded_at": decision.recorded_at,
            "period_start": decision.period_start,
            "period_end": decision.period_end,
        },
        "promises": promises,
        "descriptions": {
            k: v for k, v in published.approval.package.items() if k != "communication_channels"
        },
        "communication_channels": published.approval.package.get("communication_channels", []),
        "documents": document_entries(request, published),
        "sections": sections,
        "page": request.build_absolute_uri(
            reverse("public:decision", kwargs={"region": region.slug, "decision": decision.pk})
        ),
    }


class ArchiveView(PublicScopeMixin, TemplateView):
    template_name = "promises/public/archive.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        region = get_object_or_404(Region, slug=self.kwargs["region"])
        decisions = selectors.archive(region)
        if not decisions:
            raise Http404
        language = get_language()
        ctx.update(
            region=region,
            region_name=getattr(region, f"name_{language}", None) or region.name,
            decisions=decisions,
            current=decisions[0],
        )
        return ctx

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        patch_cache_control(response, public=True, max_age=cache_seconds())
        return response


class DocumentView(PublicScopeMixin, View):
    """The stored PDF, byte for byte. Approved documents are public and never change."""

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            DecisionDocument.objects.select_related("decision__project__region"),
            pk=kwargs["document"],
            decision__project__region__slug=kwargs["region"],
        )
        etag = f'"{document.sha256}"'
        last_modified = int(document.created_at.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            decision = document.decision
            filename = (
                f"{decision.project.region.slug}-{decision.meeting_date:%Y-%m-%d}-"
                f"{decision.section}-{document.language}.pdf"
            ).replace(" ", "_")
            response = FileResponse(
                document.file.open("rb"), content_type="application/pdf", filename=filename
            )
            response["Content-Length"] = str(document.size)
            digest = base64.b64encode(bytes.fromhex(document.sha256)).decode()
            response["Digest"] = f"sha-256={digest}"
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=86400)
        return response


# -- the list of regions (open data) -----------------------------------------------------

REGIONS_SCHEMA = 1


def regions_data(request) -> dict:
    """Every region with its promise in force (or null), with the addresses of its page and
    open data in each language (docs/open-data.schema.json, "regions list")."""
    in_force = {p.region.pk: p for p in selectors.promises_in_force()}
    regions = []
    for region in Region.objects.order_by("slug"):
        published = in_force.get(region.pk)
        promise = None
        if published is not None:
            links = {}
            for lang in LANGS:
                with translation.override(lang):
                    links[lang] = {
                        "page": request.build_absolute_uri(
                            reverse("public:promise", kwargs={"region": region.slug})
                        ),
                        "json": request.build_absolute_uri(
                            reverse("public:json", kwargs={"region": region.slug})
                        ),
                    }
            decision = published.decision
            promise = {
                "decision_id": decision.pk,
                "meeting_date": decision.meeting_date,
                "recorded_at": decision.recorded_at,
                "project_id": published.project.pk,
                "title": {
                    lang: getattr(published.project, f"title_{lang}", None) or "" for lang in LANGS
                },
                "term_start": published.project.term_start,
                "term_end": published.project.term_end,
                "promises": [
                    {
                        "id": v.snapshot.get("promise_id"),
                        "version": v.number,
                        "title": v.snapshot.get("title"),
                    }
                    for v in published.versions
                ],
                "links": links,
            }
        regions.append(
            {
                "slug": region.slug,
                "name": {lang: getattr(region, f"name_{lang}", None) or "" for lang in LANGS},
                "bilingual": region.bilingual,
                "sotkanet_region_id": region.sotkanet_region_id,
                "promise_in_force": promise,
            }
        )
    return {"schema": REGIONS_SCHEMA, "regions": regions}


class RegionsJsonView(AcrossRegionsMixin, View):
    """`/api/v1/regions/`: open data, the same for every language. The body is kept in the
    cache for PUBLIC_CACHE_SECONDS; its SHA-256 is the ETag (304 on If-None-Match)."""

    cache_key = "promises:public:regions-json"

    def get(self, request, *args, **kwargs):
        key = f"{self.cache_key}:{request.get_host()}:{period_start()}"
        body = cache.get(key)
        if body is None:
            body = json.dumps(
                regions_data(request), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
            ).encode()
            cache.set(key, body, cache_seconds())
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        patch_cache_control(response, public=True, max_age=cache_seconds())
        return response


SCHEMA_PATH = settings.BASE_DIR / "docs" / "open-data.schema.json"


class SchemaView(View):
    """The JSON Schema of the open data, as kept in the repository (docs/)."""

    def get(self, request, *args, **kwargs):
        body = SCHEMA_PATH.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = HttpResponse(body, content_type="application/schema+json")
        response["ETag"] = etag
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True, max_age=cache_seconds())
        return response


class SummaryView(PublicMixin, View):
    """A printable summary for residents: per promise one A4 page with the wheel and the
    commitments, from the same approved snapshot as the page."""

    kind = "summary"
    content_type = "text/html; charset=utf-8"

    def get(self, request, *args, **kwargs):
        return self.conditional(self.render_summary)

    def render_summary(self) -> str:
        published = self.published()
        language = self.language
        promises = []
        for n, version in enumerate(published.versions, start=1):
            item = selectors.promise_view(version.snapshot, language)
            item["wheel"] = render_wheel(
                version.snapshot, language, view="whole", id_prefix=f"summary{n}", for_print=True
            )
            promises.append(item)
        region = published.region
        ctx = {
            "region": region,
            "region_name": getattr(region, f"name_{language}", None) or region.name,
            "published": published,
            "project_title": getattr(published.project, f"title_{language}", None)
            or published.project.title,
            "promises": promises,
            "page_url": self.request.build_absolute_uri(
                reverse("public:promise", kwargs={"region": region.slug})
            ),
        }
        return render_to_string("promises/public/summary.html", ctx, request=self.request)
