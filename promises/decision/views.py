"""Staff views of phase 4: the decision package, its preview, and recording the decision.

Thin: the mixins check the permission (404 for a stranger, 403 for a member without the
right), the forms parse input, one service writes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases import roles
from phases.locking import ConflictMixin, EditConflict, with_base
from phases.models import CouncilDecision
from phases.permissions import allows
from phases.registry import kept
from phases.services import approval_is_final_message
from phases.views.mixins import ProjectMixin

from ..selectors import latest_version, versions_for_project
from . import selectors, services
from .forms import DecisionPackageForm, DecisionRecordForm
from .pdf import render_decision_html, render_decision_pdf, supported_languages
from .tasks import documents_enqueue


def edit_languages(region) -> list[str]:
    """fi and sv side by side (the region's content languages), en after them."""
    languages = list(region.content_languages)
    for code in supported_languages():
        if code not in languages:
            languages.append(code)
    return languages


def documents_message(request, decision, *, recorded: bool = False) -> None:
    """Say where the decision's PDFs are: stored, being prepared by the background worker,
    or failed (the decision is recorded all the same; the page offers a retry)."""
    decision = CouncilDecision.objects.select_related("approval").get(pk=decision.pk)
    state = selectors.documents_state(decision)
    if state == "failed":
        names = dict(settings.LANGUAGES)
        for language in selectors.missing_documents(decision):
            messages.error(
                request,
                _(
                    "The decision is recorded, but its PDF (%(language)s) could not be made. "
                    "Render the PDFs again below."
                )
                % {"language": names.get(language, language)},
            )
    elif state == "pending":
        messages.info(
            request,
            _(
                "The decision was recorded; the approved promise is frozen and its PDFs "
                "are being prepared."
            )
            if recorded
            else _("The PDFs of the decision are being prepared."),
        )
    else:
        messages.success(
            request,
            _("The decision was recorded; the approved promise is frozen and its PDF stored.")
            if recorded
            else _("The PDFs of the decision are stored."),
        )


class PackageView(ConflictMixin, ProjectMixin, TemplateView):
    """Read by everybody in the project; saved by those who prepare the decision. When
    somebody saved the package after the user opened it, the two saves are merged field
    by field (phases.locking.ConflictMixin): only fields both changed are asked about."""

    template_name = "promises/decision/package.html"
    conflict_template = "promises/decision/conflict.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.PREPARE_DECISION}

    def package_initial(self, package, promises, versions) -> dict:
        """The form's values of `package` as the page shows them."""
        initial = {"lock_version": package.lock_version}
        proposed = selectors.proposed_versions(self.project, package)
        for promise in promises:
            chosen = proposed.get(promise.pk)
            if chosen is None:
                chosen = next(
                    (
                        v
                        for v in versions
                        if v.promise_id == promise.pk and v.kind != v.Kind.APPROVED
                    ),
                    None,
                )
            initial[f"version_{promise.pk}"] = chosen.pk if chosen else None
        initial.update(DecisionPackageForm.initial_for_texts(package))
        initial["communication_channels"] = package.communication_channels
        return initial

    def make_form(self, data=None):
        package = selectors.package_for(self.project)
        promises = selectors.segment_promises(self.project)
        versions = list(versions_for_project(self.project))
        values = self.package_initial(package, promises, versions)
        form = DecisionPackageForm(
            data,
            initial=values if data is None else {"lock_version": package.lock_version},
            promises=promises,
            versions=versions,
            languages=self.region.content_languages,
        )
        return package, with_base(form, values)

    # -- ConflictMixin's hooks ---------------------------------------------------------

    def conflict_form(self, data):
        return self.make_form(data)[1]

    def conflict_initial(self, package) -> dict:
        promises = selectors.segment_promises(self.project)
        return self.package_initial(package, promises, list(versions_for_project(self.project)))

    def conflict_save(self, package, form):
        return self.save(form)

    def conflict_back_url(self, package) -> str:
        return self.project_url("promises_decision:package")

    def heading_for(self, package) -> str:
        return _("Decision package")

    def cancel(self, package) -> str:
        return self.request.path

    def save(self, form):
        return services.package_update(
            project=self.project,
            by=self.request.user,
            lock_version=form.cleaned_data["lock_version"],
            versions=form.versions(),
            texts=form.description_texts(),
            channels=form.cleaned_data["communication_channels"],
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        perms = self.project_perms
        decisions = selectors.decisions_for_project(self.project)
        ctx.update(
            can_prepare=allows("promises_decision:package", perms)
            and self.project.phase in services.EDITABLE_PHASES
            and not self.project.has_approval,
            can_record=allows("promises_decision:record", perms)
            and selectors.decision_recordable(self.project),
            can_render_documents=allows("promises_decision:render_documents", perms),
            decisions=decisions,
            content_languages=self.region.content_languages,
            preview_languages=edit_languages(self.region),
        )
        if "form" in kwargs:  # a form sent back (its errors): drawn afresh
            ctx.update(self.drawn(ctx, kwargs["package"], kwargs["form"]))
        else:
            # The package as the form and the read-only page draw it, kept under the
            # project's content version per permission to edit it.
            name = f"decision:package:{int(ctx['can_prepare'])}"
            ctx.update(kept(self.project, name, lambda: self.drawn(ctx, *self.make_form())))
        return ctx

    def drawn(self, ctx, package, form) -> dict:
        """The package form's fields (or the package read only) as HTML, and the proposed
        versions' commitments whose indicator is pending."""
        return {
            "package_form": render_to_string(
                "promises/decision/_package_form.html",
                {
                    "form": form,
                    "can_prepare": ctx["can_prepare"],
                    "content_languages": ctx["content_languages"],
                    "region": self.region,
                    "project": self.project,
                },
            ),
            "pending_indicators": selectors.pending_indicators(
                [v.snapshot for v in selectors.proposed_versions(self.project, package).values()],
                get_language() or "fi",
                self.region.content_languages,
            ),
        }

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        package, form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.save(form)
            except EditConflict as exc:
                return self.resolve_conflict(package, form, exc.current)
            except services.DecisionError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The decision package was saved."))
                return redirect(self.project_url("promises_decision:package"))
        return self.render_to_response(
            self.get_context_data(form=form, package=package), status=400
        )


class PreviewMixin:
    """The package as it stands: the proposed versions (latest by default) and the
    current descriptions. Nothing is stored."""

    def preview_kwargs(self, language: str) -> dict:
        package = selectors.package_for(self.project)
        proposed = selectors.proposed_versions(self.project, package)
        snapshots = []
        for promise in selectors.segment_promises(self.project):
            version = proposed.get(promise.pk) or latest_version(promise)
            if version is not None:
                snapshots.append(version.snapshot)
        return {
            "project": self.project,
            "language": language,
            "snapshots": snapshots,
            "texts": selectors.package_texts(package),
            "decision": None,
            "preview": True,
        }

    def language(self) -> str:
        """?lang=…, else the interface language, else the region's first language."""
        language = self.request.GET.get("lang") or get_language()
        if language in supported_languages():
            return language
        return self.region.content_languages[0]


class PreviewHtmlView(PreviewMixin, ProjectMixin, View):
    def get(self, request, *args, **kwargs):
        html = render_decision_html(for_pdf=False, **self.preview_kwargs(self.language()))
        return HttpResponse(html)


class PreviewPdfView(PreviewMixin, ProjectMixin, View):
    def get(self, request, *args, **kwargs):
        language = self.language()
        rendered = render_decision_pdf(**self.preview_kwargs(language))
        response = HttpResponse(rendered.data, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="preview-{self.region.slug}-{self.project.pk}-{language}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response


class RecordView(ProjectMixin, TemplateView):
    """The secretary records the council's decision."""

    template_name = "promises/decision/record.html"
    permission = {"GET": roles.RECORD_DECISION, "POST": roles.RECORD_DECISION}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        package = selectors.package_for(self.project)
        proposed = selectors.proposed_versions(self.project, package)
        ctx.update(
            promises=[(p, proposed.get(p.pk)) for p in selectors.segment_promises(self.project)],
            in_phase=self.project.phase == services.DECISION_PHASE,
            # said before anything is typed: the service refuses any later decision
            approval_final=approval_is_final_message() if self.project.has_approval else "",
        )
        return ctx

    def make_form(self, data=None):
        initial = {
            "outcome": "approved",
            "languages": self.region.content_languages,
            "case_number": self.project.case_number,
        }
        for lang in self.region.content_languages:
            with translation.override(lang):
                initial[f"body_{lang}"] = str(self.region.terms.council)
        return DecisionRecordForm(data, initial=initial, languages=self.region.content_languages)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid() and "confirm" not in request.POST:
            # Recording cannot be undone: first show what will be recorded, with the typed
            # values kept in the confirmation form; "Change" brings the form back.
            if "edit" in request.POST:
                return self.render_to_response(self.get_context_data(form=form))
            return self.render_to_response(self.get_context_data(form=form, confirm=True))
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decision_record(
                    project=self.project,
                    by=request.user,
                    body=form.texts("body"),
                    meeting_date=data["meeting_date"],
                    section=data["section"],
                    case_number=data["case_number"],
                    minutes_url=data["minutes_url"],
                    outcome=data["outcome"],
                    text=form.texts("text"),
                    languages=data["languages"],
                    period_start=data.get("period_start"),
                    period_end=data.get("period_end"),
                    decided_in_advance=data.get("decided_in_advance", False),
                )
            except services.DecisionError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                if decision.is_approval:
                    documents_message(request, decision, recorded=True)
                    return redirect(self.project_url("promises_decision:package"))
                messages.success(
                    request, _("The decision was recorded; the project returned to phase 3.")
                )
                return redirect(self.project_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RenderDocumentsView(ProjectMixin, View):
    """Render again the PDFs of an approval whose render failed (nothing else changes)."""

    permission = {"POST": roles.RECORD_DECISION}

    def post(self, request, *args, **kwargs):
        decision = get_object_or_404(CouncilDecision, pk=kwargs["decision"], project=self.project)
        if not decision.is_approval:
            messages.error(request, _("Only an approving decision has a decision document."))
        else:
            documents_enqueue(decision, by=request.user)
            documents_message(request, decision)
        return redirect(self.project_url("promises_decision:package") + "#decisions-title")
