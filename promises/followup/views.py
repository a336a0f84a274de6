"""Views of the yearly follow-up report: staff prepare, approve and publish it (thin: the
mixins check the permission, the forms parse, one service writes); residents read the
published report, its PDF in their language and its JSON."""

from __future__ import annotations

import base64
import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases import roles
from phases.locking import ConflictMixin, EditConflict, with_base
from phases.permissions import allows
from phases.region_terms import body_label
from phases.translated import pick_field
from phases.views.mixins import ProjectMixin, PublicScopeMixin

from ..models import FollowUpReport
from . import selectors, services
from .forms import FollowUpApproveForm, FollowUpReportForm, FollowUpStartForm


class FollowUpListView(ProjectMixin, TemplateView):
    """The project's follow-up reports; a new one is started here."""

    template_name = "promises/follow_up/list.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            reports=list(selectors.reports_for_project(self.project)),
            decision=selectors.follow_up_decision(self.project),
            can_start=allows("promises:follow_up_list", self.project_perms, "POST"),
        )
        ctx.setdefault("form", FollowUpStartForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = FollowUpStartForm(request.POST)
        decision = selectors.follow_up_decision(self.project)
        if decision is None:
            form.add_error(None, _("Only an approved promise has follow-up reports."))
        elif form.is_valid():
            try:
                report = services.report_start(
                    decision=decision,
                    year=form.cleaned_data["year"],
                    due_on=form.cleaned_data["due_on"],
                    by=request.user,
                )
            except services.FollowUpError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The follow-up report was started."))
                return redirect(self.project_url("promises:follow_up", report=report.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReportMixin(ProjectMixin):
    def get_report(self) -> FollowUpReport:
        try:
            return selectors.report_for_project(self.project, self.kwargs["report"])
        except FollowUpReport.DoesNotExist as exc:
            raise Http404 from exc

    def report_url(self, report) -> str:
        return self.project_url("promises:follow_up", report=report.pk)


class FollowUpEditView(ConflictMixin, ReportMixin, TemplateView):
    """The report: its texts (until approved), the assembled report as a preview, and
    the buttons to approve and publish it. When somebody saved the report after the user
    opened it, the two saves are merged field by field (phases.locking.ConflictMixin): a
    field only one of them changed is kept; a field both changed is asked about, with both
    texts on the page."""

    template_name = "promises/follow_up/edit.html"
    conflict_template = "phases/conflict.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def make_form(self, report, data=None):
        values = self.initial(report)
        form = FollowUpReportForm(
            data,
            initial=values if data is None else None,
            languages=self.region.content_languages,
            region_kind=self.region.kind,
        )
        return with_base(form, values)

    # -- ConflictMixin's hooks ---------------------------------------------------------

    def initial(self, report) -> dict:
        return FollowUpReportForm.initial_for(report)

    def conflict_form(self, data):
        return self.make_form(self.get_report(), data)

    def save(self, report, form):
        return services.report_save(
            report=report,
            texts={name: form.texts(name) for name in services.TEXT_FIELDS},
            approving_body=form.cleaned_data["approving_body"],
            due_on=form.cleaned_data["due_on"],
            lock_version=form.cleaned_data["lock_version"],
            by=self.request.user,
        )

    def heading_for(self, report) -> str:
        return _("Follow-up report %(year)s") % {"year": report.year}

    def back_url(self, report) -> str:
        return self.report_url(report)

    def cancel(self, report) -> str:
        return self.report_url(report)  # "take theirs": the report as now saved

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = kwargs.get("report")
        if report is None:  # the conflict page
            return ctx
        ctx["approving_body_label"] = body_label(report.approving_body, self.region.kind)
        language = get_language() or "fi"
        snapshot = report.snapshot if report.is_approved else selectors.build_report(report)
        perms = self.project_perms
        ctx.update(
            report=report,
            preview=selectors.report_view(snapshot, language),
            missing=selectors.missing_texts(report),
            can_edit_report=not report.is_approved and allows("promises:follow_up", perms, "POST"),
            can_approve=not report.is_approved
            and allows("promises:follow_up_approve", perms, "POST"),
            can_publish=report.is_approved
            and not report.is_published
            and allows("promises:follow_up_publish", perms, "POST"),
            documents=list(report.documents.all()),
        )
        ctx.setdefault("approve_form", FollowUpApproveForm())
        return ctx

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        return self.render_to_response(
            self.get_context_data(report=report, form=self.make_form(report))
        )

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = self.make_form(report, request.POST)
        if form.is_valid():
            try:
                self.save(report, form)
            except EditConflict as exc:
                if not exc.current.is_approved:  # approved meanwhile: nothing to merge into
                    return self.resolve_conflict(report, form, exc.current)
                form.add_error(None, _("The report is approved: it is not changed any more."))
                report = exc.current
            except services.FollowUpError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The follow-up report was saved."))
                return redirect(self.report_url(report))
        return self.render_to_response(self.get_context_data(report=report, form=form), status=400)


class FollowUpApproveView(FollowUpEditView):
    """Record the approval by the body the region names: the report is frozen."""

    permission = {"POST": roles.RECORD_DECISION}

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = FollowUpApproveForm(request.POST)
        if form.is_valid():
            try:
                services.report_approve(
                    report=report,
                    approved_on=form.cleaned_data["approved_on"],
                    reference=form.cleaned_data["reference"],
                    by=request.user,
                )
            except services.FollowUpError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("The approval was recorded; the report is frozen and its PDFs stored."),
                )
                return redirect(self.report_url(report))
        ctx = self.get_context_data(report=report, form=self.make_form(report), approve_form=form)
        return self.render_to_response(ctx, status=400)


class FollowUpPublishView(ReportMixin, View):
    permission = {"POST": roles.RECORD_DECISION}

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        try:
            services.report_publish(report=report, by=request.user)
        except services.FollowUpError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The follow-up report is published beside the promise."))
        return redirect(self.report_url(report))


# -- public -----------------------------------------------------------------------------


class PublicReportMixin(PublicScopeMixin):
    def published(self) -> selectors.PublishedReport:
        found = selectors.published_report(self.region, self.kwargs["year"])
        if found is None:
            raise Http404
        return found


def pdf_links(region_slug: str, year: int, documents) -> list[dict]:
    """Each stored PDF with its address (the PDF address in that language's URLs)."""
    links = []
    for document in documents:
        with translation.override(document.language):
            url = reverse("public:follow_up_pdf", kwargs={"region": region_slug, "year": year})
        links.append(
            {"language": document.language, "name": document.get_language_display(), "url": url}
        )
    return links


class FollowUpPublicView(PublicReportMixin, View):
    def get(self, request, *args, **kwargs):
        found = self.published()
        report, region = found.report, self.region
        language = get_language() or "fi"
        ctx = {
            "region": region,
            "region_name": pick_field(region, "name", language, region.content_languages),
            "report": report,
            "pdf_links": pdf_links(region.slug, report.year, found.documents),
            **selectors.report_view(report.snapshot, language),
        }
        response = HttpResponse(
            render_to_string("promises/public/follow_up.html", ctx, request=request)
        )
        patch_cache_control(response, public=True, max_age=300)
        return response


class FollowUpPublicPdfView(PublicReportMixin, View):
    """The stored PDF in the page's language (else the report's first language)."""

    def get(self, request, *args, **kwargs):
        found = self.published()
        by_language = {d.language: d for d in found.documents}
        document = by_language.get(get_language()) or next(iter(found.documents), None)
        if document is None:
            raise Http404
        filename = f"{self.region.slug}-follow-up-{found.report.year}-{document.language}.pdf"
        response = FileResponse(
            document.file.open("rb"), content_type="application/pdf", filename=filename
        )
        response["Content-Length"] = str(document.size)
        digest = base64.b64encode(bytes.fromhex(document.sha256)).decode()
        response["Digest"] = f"sha-256={digest}"
        response["ETag"] = f'"{document.sha256}"'
        response["Last-Modified"] = http_date(int(document.created_at.timestamp()))
        patch_cache_control(response, public=True, max_age=86400)
        return response


def report_data(request, found: selectors.PublishedReport) -> dict:
    """Open data: the frozen report with its PDFs (docs/open-data.schema.json, followUp)."""
    report = found.report
    links = {
        link["language"]: request.build_absolute_uri(link["url"])
        for link in pdf_links(report.decision.project.region.slug, report.year, found.documents)
    }
    return {
        "follow_up_report": {
            **report.snapshot,
            "published_at": report.published_at,
            "documents": [
                {
                    "language": d.language,
                    "url": links[d.language],
                    "sha256": d.sha256,
                    "size": d.size,
                    "pages": d.pages,
                }
                for d in found.documents
            ],
        }
    }


class FollowUpPublicJsonView(PublicReportMixin, View):
    def get(self, request, *args, **kwargs):
        body = json.dumps(
            report_data(request, self.published()),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=1,
        )
        response = HttpResponse(body, content_type="application/json")
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True, max_age=300)
        return response
