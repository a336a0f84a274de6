"""A promise's versions, their comparison, the wheel and the history."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from phases import roles
from phases.guards.posted import posted_id

from .. import forms, selectors, services
from ..decision.selectors import promise_view
from ..diff import compare_snapshots
from ..models import (
    PromiseVersion,
)
from ..snapshot import build_snapshot, localized
from ..wheel import VIEWS, render_wheel, text_alternative
from .base import (
    PromiseMixin,
)


class VersionListView(PromiseMixin, TemplateView):
    template_name = "promises/versions.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        versions = list(selectors.versions_of(self.promise))
        ctx["versions"] = versions
        ctx.setdefault("form", forms.VersionForm(languages=self.region.content_languages))
        if len(versions) >= 2:
            ctx["compare_form"] = forms.CompareForm(
                initial={"a": versions[1].pk, "b": versions[0].pk, "lang": get_language()},
                versions=versions,
                languages=[(k, str(v)) for k, v in selectors.LANGUAGE_NAMES.items()],
            )
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.VersionForm(request.POST, languages=self.region.content_languages)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        version = services.version_freeze(
            promise=self.promise,
            by=request.user,
            kind=form.cleaned_data["kind"],
            label=form.texts("label"),
        )
        messages.success(
            request,
            _("Version %(number)d was saved. It can no longer be changed.")
            % {"number": version.number},
        )
        return HttpResponseRedirect(self.url("promises:versions"))


class VersionDetailView(PromiseMixin, TemplateView):
    template_name = "promises/version_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = get_object_or_404(
            PromiseVersion.objects.select_related("created_by"),
            pk=self.kwargs["version"],
            promise=self.promise,
        )
        language = get_language() or "fi"
        ctx.update(
            version=version,
            title=localized(version.snapshot.get("title"), language),
            vision=localized(version.snapshot.get("vision"), language),
            view=promise_view(version.snapshot, language),
            wheel=render_wheel(version.snapshot, language, id_prefix=f"wheel-v{version.pk}"),
        )
        return ctx


class CompareView(PromiseMixin, TemplateView):
    template_name = "promises/compare.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        versions = list(selectors.versions_of(self.promise))
        if len(versions) < 2:
            ctx["too_few"] = True
            return ctx
        form = forms.CompareForm(
            self.request.GET or None,
            initial={"a": versions[1].pk, "b": versions[0].pk, "lang": get_language()},
            versions=versions,
            languages=[(k, str(v)) for k, v in selectors.LANGUAGE_NAMES.items()],
        )
        by_pk = {v.pk: v for v in versions}
        if form.is_bound and form.is_valid():
            a, b = by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]]
            language = form.cleaned_data["lang"] or get_language() or "fi"
        else:
            a, b, language = versions[1], versions[0], get_language() or "fi"
        ctx.update(
            form=form,
            a=a,
            b=b,
            compare_language=language,
            compare_language_name=selectors.LANGUAGE_NAMES.get(language, language),
            sections=compare_snapshots(a.snapshot, b.snapshot, language),
        )
        ctx["change_count"] = sum(s.changes for s in ctx["sections"])
        return ctx


class WheelView(PromiseMixin, TemplateView):
    template_name = "promises/wheel.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        view = self.request.GET.get("view", "whole")
        if view not in VIEWS:
            view = "whole"
        version = None
        version_id = self.request.GET.get("version")
        if version_id:
            if posted_id(version_id) is None:
                raise Http404
            version = get_object_or_404(
                PromiseVersion, pk=posted_id(version_id), promise=self.promise
            )
            snapshot = version.snapshot
        else:
            snapshot = build_snapshot(self.promise)
        language = get_language() or "fi"
        ctx.update(
            view=view,
            version=version,
            views=[
                ("whole", _("The whole wheel")),
                ("resident", _("Resident's detail")),
                ("organiser", _("Organiser's detail")),
            ],
            wheel={
                "svg": render_wheel(snapshot, language, view=view),
                "alt": text_alternative(snapshot, language, view=view),
            },
        )
        return ctx


class PromiseHistoryView(PromiseMixin, TemplateView):
    template_name = "promises/history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entries"] = selectors.promise_history(self.promise)
        return ctx
