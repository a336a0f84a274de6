"""Staff views of the indicators app. Thin: parse input, check permission through
ProjectMixin (stranger 404, member without the right 403), call one service, render."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases import roles
from phases.generic import LockedFormMixin, ScopedCreateView, ScopedUpdateView
from phases.locking import ConflictMixin, EditConflict, with_base
from phases.perspectives import Perspective
from phases.registry import kept
from phases.views.mixins import AcrossRegionsMixin, ProjectMixin, RegionMixin
from promises.models import Commitment
from promises.public.views import cache_seconds, period_start

from . import forms, national, selectors, services, sotkanet
from .models import Indicator, Measurement
from .registrations import ADVISED_MAX, ADVISED_MIN, key_indicators_status
from .status import RULE_TEXT, Status
from .templatetags.indicator_tags import with_unit

SOTKANET_REGIONS_CACHE_KEY = "indicators:sotkanet:regions"


class IndicatorBase(ProjectMixin):
    def get_indicator(self) -> Indicator:
        try:
            return selectors.indicator_for_project(self.project, self.kwargs["indicator"])
        except Indicator.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rule_text"] = RULE_TEXT
        ctx["languages"] = self.region.content_languages
        return ctx


class OverviewView(IndicatorBase, TemplateView):
    """All indicators: the key indicators by perspective with charts, then the others."""

    template_name = "indicators/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # What follows from the project's content alone, rendered once per content version
        # (a write through a service, the admin or an import raises it: phases.content).
        ctx["overview"] = kept(self.project, "indicators:overview", self.render_overview)
        return ctx

    def render_overview(self) -> str:
        indicators = selectors.overview(self.project, self.region.content_languages)
        keys = [i for i in indicators if i.is_key]
        for indicator in keys:
            result = indicator.status_result
            if result.latest:
                indicator.latest_label = _("Latest %(period)s: %(value)s (target %(target)s)") % {
                    "period": result.latest.period,
                    "value": with_unit(result.latest.value, indicator.unit),
                    "target": with_unit(result.target, indicator.unit),
                }
        context = {
            "missing_label": _("Translation missing:"),
            "key_groups": selectors.by_perspective(keys),
            "others": [i for i in indicators if not i.is_key],
            "key_count": len(keys),
            "advised": ADVISED_MIN <= len(keys) <= ADVISED_MAX,
            "counts": selectors.status_counts(keys),
            "result": key_indicators_status(self.project, keys),
            "rule_text": RULE_TEXT,
        }
        return render_to_string("indicators/_overview_body.html", context)


class IndicatorFormPage(IndicatorBase):
    """The indicator's form (phases.generic: ScopedCreateView and ScopedUpdateView)."""

    model = Indicator
    form_class = forms.IndicatorForm
    pk_url_kwarg = "indicator"
    template_name = "indicators/indicator_form.html"
    success_message = gettext_lazy("The indicator was saved.")

    def form_extra_kwargs(self):
        return {
            "project": self.project,
            "commitments": selectors.project_commitments(self.project),
        }

    def initial_from(self, obj):
        return forms.IndicatorForm.initial_for(obj)

    def add_service_errors(self, form, exc):
        _add_errors(form, exc)

    def get_success_url(self, obj=None):
        return self.project_url("indicators:detail", indicator=obj.pk)

    def back_url(self):
        return self.project_url("indicators:overview")


class IndicatorCreateView(IndicatorFormPage, ScopedCreateView):
    def save(self, form):
        return services.indicator_create(
            project=self.project,
            data=form.data_fields(),
            targets=form.targets(),
            commitments=form.cleaned_data["commitments"],
            by=self.request.user,
        )


class IndicatorEditView(LockedFormMixin, IndicatorFormPage, ScopedUpdateView):
    """Concurrent saves merged field by field (phases.generic.LockedFormMixin)."""

    conflict_template = "indicators/conflict.html"

    def get_object(self, queryset=None):
        return self.get_indicator()

    def locked_values(self, obj):
        return forms.IndicatorForm.initial_for(obj)

    def heading_for(self, obj):
        return _("Edit indicator") + f": {obj}"

    def save(self, form):
        return services.indicator_update(
            indicator=self.object,
            data=form.data_fields(),
            targets=form.targets(),
            commitments=form.cleaned_data["commitments"],
            lock_version=form.cleaned_data["lock_version"] or 0,
            by=self.request.user,
        )


class IndicatorDeleteView(IndicatorBase, TemplateView):
    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    template_name = "indicators/indicator_delete.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(indicator=self.get_indicator()))

    def post(self, request, *args, **kwargs):
        indicator = self.get_indicator()
        services.indicator_delete(indicator=indicator, by=request.user)
        messages.success(request, _("The indicator was deleted."))
        return redirect(self.project_url("indicators:overview"))


class IndicatorDetailView(IndicatorBase, TemplateView):
    """The chart, the data table, the measurements and (for editors) a form to add one."""

    template_name = "indicators/indicator_detail.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        indicator = kwargs.get("indicator")
        if not isinstance(indicator, Indicator):  # the URL's id on GET
            indicator = self.get_indicator()
        selectors.attach_chart(indicator)
        indicator.missing_languages = selectors.missing_translations(
            indicator, self.region.content_languages
        )
        ctx.update(
            indicator=indicator,
            measurements=list(reversed(indicator.measurement_list)),
        )
        if ctx["can_edit"]:
            ctx.setdefault("form", forms.MeasurementForm())
        return ctx

    def post(self, request, *args, **kwargs):
        indicator = self.get_indicator()
        form = forms.MeasurementForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(indicator=indicator, form=form), status=400
            )
        data = form.cleaned_data
        _measurement, created = services.measurement_record(
            indicator=indicator,
            period=data["period"],
            value=data["value"],
            source=data["source"],
            note=data["note"],
            by=request.user,
        )
        if created:
            messages.success(
                request, _("The measurement for %(period)s was saved.") % {"period": data["period"]}
            )
        else:
            messages.success(
                request,
                _("The measurement for %(period)s was updated.") % {"period": data["period"]},
            )
        return redirect(self.project_url("indicators:detail", indicator=indicator.pk))


class MeasurementDeleteView(IndicatorBase, View):
    permission = {"POST": roles.EDIT_CONTENT}

    def post(self, request, *args, **kwargs):
        measurement = get_object_or_404(
            Measurement,
            pk=kwargs["measurement"],
            indicator_id=kwargs["indicator"],
            indicator__project=self.project,
        )
        services.measurement_delete(measurement=measurement, by=request.user)
        messages.success(
            request,
            _("The measurement for %(period)s was deleted.") % {"period": measurement.period},
        )
        return redirect(self.project_url("indicators:detail", indicator=kwargs["indicator"]))


class ImportView(IndicatorBase, TemplateView):
    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    template_name = "indicators/import.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", forms.ImportForm())
        ctx["indicators"] = list(
            Indicator.objects.filter(project=self.project).order_by("-is_key", "order", "pk")
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            result = services.measurements_import(
                project=self.project, data=form.cleaned_data["file"].read(), by=request.user
            )
        except services.ImportRefused as exc:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=exc.errors), status=400
            )
        messages.success(
            request,
            _("The file was imported: %(created)d new measurements, %(updated)d updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect(self.project_url("indicators:overview"))


class ExportView(IndicatorBase, View):
    def get(self, request, *args, **kwargs):
        language = get_language() or "fi"
        data = services.measurements_export(project=self.project, language=language)
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        filename = f"measurements-{self.region.slug}-{self.project.pk}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class EvaluationView(IndicatorBase, TemplateView):
    """The annual evaluation: per commitment its indicators' target, actual, status and the
    written assessment."""

    template_name = "indicators/evaluation.html"

    def get(self, request, *args, **kwargs):
        if "year" not in kwargs:
            year = min(max(timezone.now().year, self.project.term_start), self.project.term_end)
            return redirect(self.project_url("indicators:evaluation", year=year))
        if kwargs["year"] not in self.project.term_years:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        rows = selectors.evaluation(self.project, year)
        statuses = list(
            {
                item.indicator.pk: item.status
                for p in rows
                for c in p.commitments
                for item in c.indicators
            }.values()
        )
        ctx.update(
            year=year,
            years=self.project.term_years,
            promises=rows,
            counts=[(s, statuses.count(s)) for s in Status],
        )
        return ctx


class AssessmentEditView(ConflictMixin, IndicatorBase, TemplateView):
    """A commitment's assessment of one year; concurrent saves merged per language text
    (phases.locking.ConflictMixin)."""

    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    template_name = "indicators/assessment_form.html"
    conflict_template = "indicators/conflict.html"

    def get_commitment(self) -> Commitment:
        if self.kwargs["year"] not in self.project.term_years:
            raise Http404
        return get_object_or_404(
            Commitment.objects.select_related("promise__project"),
            pk=self.kwargs["commitment"],
            promise__project=self.project,
        )

    def get_assessment(self, commitment):
        return commitment.assessments.filter(year=self.kwargs["year"]).first()

    def initial(self, assessment) -> dict:
        if assessment is None:
            return {"lock_version": 0}
        return {
            "lock_version": assessment.lock_version,
            **forms.AssessmentForm.initial_for_texts(assessment),
        }

    def make_form(self, data=None, assessment=None):
        initial = self.initial(assessment) if data is None else None
        form = forms.AssessmentForm(data, initial=initial, languages=self.region.content_languages)
        return with_base(form, self.initial(assessment) if assessment is not None else {})

    def save(self, commitment, form):
        return services.assessment_save(
            commitment=commitment,
            year=self.kwargs["year"],
            texts=form.texts("text"),
            lock_version=form.cleaned_data["lock_version"] or None,
            by=self.request.user,
        )

    def heading_for(self, commitment) -> str:
        return _("Assessment %(year)s: %(title)s") % {
            "year": self.kwargs["year"],
            "title": commitment.title,
        }

    def back_url(self, saved) -> str:
        commitment = getattr(saved, "commitment", saved)
        return (
            self.project_url("indicators:evaluation", year=self.kwargs["year"])
            + f"#commitment-{commitment.pk}"
        )

    def cancel(self, commitment) -> str:
        return self.request.path

    def get(self, request, *args, **kwargs):
        commitment = self.get_commitment()
        form = self.make_form(assessment=self.get_assessment(commitment))
        return self.render_to_response(
            self.get_context_data(form=form, commitment=commitment, year=kwargs["year"])
        )

    def post(self, request, *args, **kwargs):
        commitment = self.get_commitment()
        form = self.make_form(request.POST)
        ctx = {"commitment": commitment, "year": kwargs["year"]}
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, **ctx), status=400)
        try:
            self.save(commitment, form)
        except EditConflict as exc:
            return self.resolve_conflict(commitment, form, exc.current)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form, **ctx), status=400)
        messages.success(request, _("The assessment was saved."))
        return redirect(self.back_url(commitment))


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# -- THL Sotkanet ---------------------------------------------------------------------


class SotkanetFetchView(IndicatorBase, View):
    """The button on the indicator page: fetch its yearly values from THL Sotkanet."""

    permission = {"POST": roles.EDIT_CONTENT}

    def post(self, request, *args, **kwargs):
        indicator = self.get_indicator()
        try:
            result = services.sotkanet_fetch(indicator=indicator, by=request.user)
        except sotkanet.SotkanetError as exc:
            messages.error(
                request,
                _("Nothing was fetched from THL Sotkanet: %(error)s") % {"error": exc},
            )
        else:
            messages.success(request, fetch_summary(result))
        return redirect(self.project_url("indicators:detail", indicator=indicator.pk))


def fetch_summary(result: services.FetchResult) -> str:
    text = _(
        "Fetched from THL Sotkanet: %(created)d new values, %(updated)d updated, "
        "%(unchanged)d unchanged."
    ) % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    if result.kept:
        text += " " + _("Values entered by hand were kept as they are: %(kept)d.") % {
            "kept": result.kept
        }
    if result.withheld:
        text += " " + _("Years THL gave no value for (skipped): %(withheld)d.") % {
            "withheld": result.withheld
        }
    return text


class SotkanetRegionView(RegionMixin, TemplateView):
    """Choose the region's own area in THL Sotkanet from Sotkanet's regions list."""

    permission = {"GET": roles.MANAGE_STRATEGY, "POST": roles.MANAGE_STRATEGY}
    template_name = "indicators/sotkanet_region.html"

    def regions(self) -> list:
        regions = cache.get(SOTKANET_REGIONS_CACHE_KEY)
        if regions is None:
            regions = [
                r
                for r in sotkanet.SotkanetClient().regions()
                if r.category in sotkanet.REGION_CATEGORIES
            ]
            cache.set(SOTKANET_REGIONS_CACHE_KEY, regions, 24 * 3600)
        return regions

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "form" not in ctx:
            try:
                ctx["form"] = forms.SotkanetRegionForm(
                    regions=self.regions(),
                    language=get_language() or "fi",
                    initial={"sotkanet_region": self.region.sotkanet_region_id or ""},
                )
            except sotkanet.SotkanetError as exc:
                ctx["sotkanet_error"] = str(exc)
        return ctx

    def post(self, request, *args, **kwargs):
        try:
            regions = self.regions()
        except sotkanet.SotkanetError as exc:
            return self.render_to_response(
                self.get_context_data(sotkanet_error=str(exc), form=None), status=502
            )
        form = forms.SotkanetRegionForm(
            request.POST, regions=regions, language=get_language() or "fi"
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.region_set_sotkanet(
            region=self.region,
            sotkanet_region=form.cleaned_data["sotkanet_region"],
            by=request.user,
        )
        messages.success(request, _("The region's THL Sotkanet region was saved."))
        return redirect("indicators:sotkanet_region", region=self.region.slug)


# -- the national view (public) ---------------------------------------------------------


class NationalView(AcrossRegionsMixin, View):
    """Every region's promise in force side by side. Public; the page without a search is
    kept in the cache (per language, perspective and cache period) with an ETag."""

    def get(self, request, *args, **kwargs):
        language = get_language() or "fi"
        query = request.GET.get("q", "").strip()[:200]
        perspective = request.GET.get("perspective") or None
        if perspective not in Perspective.values:
            perspective = None
        period = period_start()
        raw = f"national:{language}:{perspective}:{query}:{period}"
        etag = '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
        response = get_conditional_response(request, etag=etag)
        if response is None:
            cacheable = not query and not request.user.is_authenticated
            key = f"indicators:national-page:{etag}"
            body = cache.get(key) if cacheable else None
            if body is None:
                ctx = national.view_of(
                    national.national_data(language), query=query, perspective=perspective
                )
                body = render_to_string("indicators/national.html", ctx, request=request)
                if cacheable:
                    cache.set(key, body, cache_seconds())
            response = HttpResponse(body)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=cache_seconds())
        return response
