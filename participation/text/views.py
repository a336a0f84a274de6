"""The themes page, the bulk answer of a theme or duplicate group, the perspective choice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _

from phases import roles
from phases.guards.posted import redirect_to_next
from phases.spreadsheet import csv_writer
from promises.models import Commitment

from .. import selectors as round_selectors
from .. import services as round_services
from ..models import Comment
from ..tasks import text_analysis_request
from ..views.base import RoundMixin, StaffView, _error_messages
from . import exports, selectors, services
from .forms import GroupAnswerForm, PerspectiveForm, ThemeForm, ThemeMergeForm, ThemeNameForm


def group_choices(summaries, groups) -> list[tuple[str, str]]:
    choices = []
    for s in summaries:
        if s.unanswered:
            label = _("Theme %(number)d: %(name)s (%(count)d without a disposition)") % {
                "number": s.theme.number,
                "name": s.name,
                "count": s.unanswered,
            }
            choices.append((f"theme:{s.theme.pk}", label))
    for g in groups:
        if g.unanswered:
            label = _("Near-duplicates of #%(number)d (%(count)d without a disposition)") % {
                "number": g.leader.pk,
                "count": g.unanswered,
            }
            choices.append((f"dup:{g.leader.pk}", label))
    return choices


class ThemesView(RoundMixin, StaffView):
    """The round's themes with their summaries, the near-duplicate groups, a recompute
    button, and one form to answer a whole theme or group at once."""

    template_name = "participation/themes.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, analysis=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round = kwargs.get("round") or self.get_round()
        summaries, groups = analysis or self.analysis(round)
        ctx.update(
            round=round,
            text_state=selectors.state(round),
            summaries=summaries,
            groups=groups,
        )
        ctx.setdefault("form", self.answer_form(summaries, groups))
        themes = [s.theme for s in summaries]
        bound = ctx.pop("theme_form", None)
        for summary in summaries:
            theme = summary.theme
            is_bound = bound is not None and bound.cleaned_data_theme == theme.pk
            summary.name_form = bound if is_bound else self.name_form(theme, themes)
            summary.merge_form = ThemeMergeForm(
                initial={"theme": theme.pk}, themes=themes, auto_id=f"merge{theme.pk}_%s"
            )
        return ctx

    @staticmethod
    def analysis(round):
        """The round's theme summaries and near-duplicate groups (a refused post draws the
        page from the ones it checked the answer against, not from a second computation)."""
        language = (translation.get_language() or "fi")[:2]
        summaries = selectors.theme_summaries(round, language=language)
        return summaries, selectors.duplicate_groups(round)

    def name_form(self, theme, themes, data=None):
        """The name form of one theme: the names given, else the suggested ones."""
        initial = {"theme": theme.pk, "accept": theme.accepted_at is not None}
        for lang in ("fi", "sv", "en"):
            initial[f"title_{lang}"] = theme.given(lang) or (theme.suggested or {}).get(lang, "")
        return ThemeNameForm(
            data,
            initial=initial,
            themes=themes,
            languages=self.project.region.content_languages,
            auto_id=f"theme{theme.pk}_%s",
        )

    def theme_action(self, request, round):
        """Name and accept, merge or split one theme; None if the post is not one."""
        themes = list(round.themes.all())
        if "name_theme" in request.POST:
            form = ThemeForm(request.POST, themes=themes)
            theme = form.cleaned_data["theme"] if form.is_valid() else None
            if theme is None:
                messages.error(request, _("This theme is no longer in the round."))
                return redirect(self.url("themes", round=round.pk))
            form = self.name_form(theme, themes, request.POST)
            form.cleaned_data_theme = theme.pk
            if form.is_valid():
                try:
                    services.theme_named(
                        theme=theme,
                        names=form.texts("title"),
                        accept=form.cleaned_data["accept"],
                        by=request.user,
                    )
                except ValidationError as exc:
                    for message in _error_messages(exc):
                        form.add_error(None, message)
                else:
                    messages.success(
                        request,
                        _("Theme %(number)d was saved.") % {"number": theme.number},
                    )
                    return redirect(self.url("themes", round=round.pk) + f"#theme-{theme.number}")
            ctx = self.get_context_data(round=round, theme_form=form)
            return self.render_to_response(ctx, status=400)
        if "merge_theme" in request.POST or "split_theme" in request.POST:
            merging = "merge_theme" in request.POST
            form = (ThemeMergeForm if merging else ThemeForm)(request.POST, themes=themes)
            if not form.is_valid() or (merging and not form.cleaned_data.get("into")):
                messages.error(request, _("Choose the theme to merge into."))
                return redirect(self.url("themes", round=round.pk))
            theme = form.cleaned_data["theme"]
            try:
                if merging:
                    into = services.themes_merged(
                        theme=theme, into=form.cleaned_data["into"], by=request.user
                    )
                    message = _("Theme %(number)d was merged into theme %(into)d.") % {
                        "number": theme.number,
                        "into": into.number,
                    }
                else:
                    new = services.theme_split(theme=theme, by=request.user)
                    message = _("Theme %(number)d was split; its second part is theme %(new)d.") % {
                        "number": theme.number,
                        "new": new.number,
                    }
            except ValidationError as exc:
                for text in _error_messages(exc):
                    messages.error(request, text)
            else:
                messages.success(request, message)
            return redirect(self.url("themes", round=round.pk))
        return None

    def answer_form(self, summaries, groups, data=None):
        return GroupAnswerForm(
            data,
            groups=group_choices(summaries, groups),
            versions=round_selectors.versions_for_project(self.project),
            commitments=Commitment.objects.filter(promise__project=self.project),
            languages=self.project.region.content_languages,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(round=self.get_round()))

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        if "recompute" in request.POST:
            text_analysis_request(round, by=request.user)
            text_state = selectors.state(round)
            if text_state.pending:  # queued for the background worker
                messages.info(request, _("The themes are being computed."))
            elif not text_state.failed:  # the immediate backend has computed them already
                messages.success(
                    request,
                    _("The themes were recomputed from %(count)d responses.")
                    % {"count": text_state.analysis.responses},
                )
            return redirect(self.url("themes", round=round.pk))
        response = self.theme_action(request, round)
        if response is not None:
            return response
        summaries, groups = self.analysis(round)
        form = self.answer_form(summaries, groups, request.POST)
        if form.is_valid():
            kind, pk = form.target()
            ids = services.group_comment_ids(
                round=round,
                theme=pk if kind == "theme" else None,
                duplicate_of=pk if kind == "dup" else None,
            )
            try:
                count = round_services.dispositions_set(
                    round=round, comment_ids=ids, by=request.user, **form.details()
                )
            except ValidationError as exc:
                for message in _error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("The disposition was saved for %(count)d items.") % {"count": count}
                )
                return redirect(self.url("themes", round=round.pk))
        ctx = self.get_context_data(round=round, form=form, analysis=(summaries, groups))
        return self.render_to_response(ctx, status=400)


class PerspectiveView(RoundMixin, StaffView):
    """Staff accept a suggested perspective or choose another (never done silently)."""

    permission = {"POST": roles.EDIT_CONTENT}

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        comment = get_object_or_404(Comment, pk=self.kwargs["comment"], round=round)
        form = PerspectiveForm(request.POST)
        if form.is_valid():
            services.perspective_set(
                comment=comment, perspective=form.cleaned_data["perspective"], by=request.user
            )
            messages.success(
                request,
                _("The perspective of response %(number)d was saved.") % {"number": comment.pk},
            )
        else:
            messages.error(request, _("Choose a perspective from the list."))
        return redirect_to_next(
            request, request.POST.get("next"), self.url("analysis", round=round.pk)
        )


class ThemesExportView(RoundMixin, StaffView):
    """The theme summaries as CSV (`?public=1`: only published responses quoted)."""

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        public = request.GET.get("public") == "1"
        language = (translation.get_language() or "fi")[:2]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"comment-round-{round.pk}-themes{'-public' if public else ''}"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")
        writer = csv_writer(response)
        header, rows = exports.theme_rows(round, public=public, language=language)
        writer.writerow(header)
        writer.writerows(rows)
        return response
