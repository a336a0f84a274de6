"""A comment round's staff pages (phase 3): opening and closing, moderation, the analysis,
the summary and the exports."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from phases import roles
from phases.generic import ScopedCreateView
from phases.guards.posted import posted_id, posted_ids
from phases.perspectives import Perspective
from phases.registry import kept
from promises.models import Commitment

from .. import exports, forms, selectors, services
from ..models import (
    Comment,
    CommentRound,
    Theme,
)
from ..templatetags.analysis_tags import analysis_rows
from ..text import selectors as text_selectors
from .base import (
    ANALYSIS_PAGE_SIZE,
    FormPage,
    RoundMixin,
    StaffView,
    _error_messages,
)

# -- comment rounds (staff) -----------------------------------------------------------


class RoundCreateView(FormPage, ScopedCreateView):
    model = CommentRound
    form_class = forms.RoundForm
    title = _lazy("Open a promise version for comments")
    permission = {"GET": roles.ADVANCE_PHASE, "POST": roles.ADVANCE_PHASE}

    def get_initial(self):
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"starts_at": now, "ends_at": now + timezone.timedelta(days=30)}

    def form_extra_kwargs(self):
        return {
            "versions": selectors.versions_for_project(self.project),
            "languages": self.region.content_languages,
        }

    def save(self, form):
        data = form.cleaned_data
        return services.round_open(
            project=self.project,
            version=data["version"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            premoderate=data["premoderate"],
            intro=form.texts("intro"),
            by=self.request.user,
        )

    def get_success_url(self, obj=None):
        return self.url("round", round=obj.pk)


class RoundDetailView(RoundMixin, StaffView):
    template_name = "participation/round.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round = self.get_round()
        ctx.update(
            round=round,
            summary=selectors.round_summary(round, with_responses=False),
            requests=selectors.requests_for_round(round),
            overdue=list(selectors.overdue_bodies(round)),
            pending=Comment.objects.filter(round=round, status=Comment.Status.PENDING).count(),
            public_url=reverse("participation:public_round", kwargs={"round": round.pk}),
        )
        return ctx


class RoundCloseView(RoundMixin, StaffView):
    """Closing a round early asks first (a page, no JavaScript); the analysis-done button
    of a closed round posts here too."""

    template_name = "participation/round_close.html"
    permission = {"GET": roles.ADVANCE_PHASE, "POST": roles.ADVANCE_PHASE}

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        return self.render_to_response(
            self.get_context_data(
                round=round,
                unanswered=selectors.unanswered_count(round),
                pending=Comment.objects.filter(round=round, status=Comment.Status.PENDING).count(),
            )
        )

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        if "analysis_done" in request.POST:
            try:
                services.round_mark_analysis_done(round=round, by=request.user)
            except ValidationError as exc:
                for message in _error_messages(exc):
                    messages.error(request, message)
            else:
                messages.success(request, _("The analysis of the round was marked done."))
        else:
            services.round_close(round=round, by=request.user)
            messages.success(request, _("The comment round was closed."))
        return redirect(self.url("round", round=round.pk))


class ModerationPageMixin:
    """The one moderation page (participation.moderation): what waits, filtered by status
    and paged; a posted decision on one item (an unknown item is 404), then back to the
    same page with a message. A page names its items, form, service call and message."""

    permission = {"GET": roles.EDIT_CONTENT, "POST": roles.EDIT_CONTENT}
    moderation_page_size = 50
    moderation_form = None  # the form class of one decision
    moderated_message = ""  # the success message (translated lazily)

    def moderation_items(self, round, status: str):
        raise NotImplementedError

    def moderation_statuses(self):
        raise NotImplementedError

    def moderation_target(self, round, data):
        """The item the POST names, of this round (Http404 otherwise)."""
        raise NotImplementedError

    def moderate(self, item, cleaned_data: dict) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round = self.get_round()
        status = self.request.GET.get("status", "")
        items = self.moderation_items(round, status)
        ctx.update(
            round=round,
            page=Paginator(items, self.moderation_page_size).get_page(self.request.GET.get("page")),
            status=status,
            statuses=self.moderation_statuses(),
            query=f"status={status}" if status else "",
        )
        return ctx

    def post(self, request, *args, **kwargs):
        item = self.moderation_target(self.get_round(), request.POST)
        form = self.moderation_form(request.POST)
        if form.is_valid():
            self.moderate(item, form.cleaned_data)
            messages.success(request, self.moderated_message)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(request.get_full_path())


class ModerationView(ModerationPageMixin, RoundMixin, StaffView):
    template_name = "participation/moderation.html"
    moderation_page_size = ANALYSIS_PAGE_SIZE
    moderation_form = forms.ModerateForm
    moderated_message = _lazy("The comment was moderated.")

    def moderation_items(self, round, status):
        return selectors.comments_to_moderate(round, status)

    def moderation_statuses(self):
        return Comment.Status.choices

    def moderation_target(self, round, data):
        return get_object_or_404(
            Comment, pk=posted_id(data.get("comment")) or 0, round=round, source="comment"
        )

    def moderate(self, item, cleaned_data):
        services.comment_moderate(
            comment=item,
            action=cleaned_data["action"],
            reason=cleaned_data["reason"],
            by=self.request.user,
        )


class AnalysisView(RoundMixin, StaffView):
    """Paginated, filterable, sortable list; one disposition for the selected comments."""

    template_name = "participation/analysis.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def disposition_form(self, round, data=None):
        return forms.DispositionForm(
            data,
            versions=selectors.versions_for_project(self.project),
            commitments=Commitment.objects.filter(promise__project=self.project),
            languages=self.project.region.content_languages,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round = kwargs.get("round") or self.get_round()
        get = self.request.GET
        filter_form = forms.AnalysisFilterForm(get) if get else None
        filters = filter_form.filters() if filter_form else {}
        for key in ("theme", "duplicates"):  # links from the themes page
            value = posted_id(get.get(key))
            if value is not None:
                filters[key] = value
        qs = selectors.comments_for_analysis(round=round, filters=filters)
        paginator = Paginator(qs, ANALYSIS_PAGE_SIZE)
        if not any(value for key, value in filters.items() if key != "sort"):
            # every response not hidden: the round's counter, not a count of the rows
            paginator.count = round.comments_total
        page = paginator.get_page(get.get("page"))
        query = get.copy()
        query.pop("page", None)
        selected = set(kwargs.get("selected", ()))
        ctx.update(
            round=round,
            page=page,
            query=query.urlencode(),
            unanswered=round.comments_unanswered,
            text_state=text_selectors.state(round),
            perspectives=Perspective.choices,
            theme_filter=filters.get("theme"),
            duplicates_filter=filters.get("duplicates"),
            selected=selected,
        )
        # The filters, the themes and the page's rows drawn once per content version (the
        # round's counters in the name too), query and permission: only a page the user
        # sent (their ticks, the disposition form) draws its rows afresh.
        can_edit = roles.EDIT_CONTENT in self.project_perms
        drawn = partial(
            self.draw, round, page, filter_form, filters.get("theme"), selected, can_edit
        )
        if self.request.method == "GET":
            counters = (
                f"{round.comments_total}.{round.comments_analysed}.{round.comments_unanswered}"
            )
            name = f"analysis:{round.pk}:{counters}:{int(can_edit)}:{get.urlencode()}"
            ctx["drawn"] = kept(self.project, name, drawn)
        else:
            ctx["drawn"] = drawn()
        # The disposition form (two model-choice lists) is rendered only on demand: when
        # the user asks to answer the selected responses, or a failed save shows it again.
        if kwargs.get("answering") or "form" in kwargs:
            ctx.setdefault("form", self.disposition_form(round))
        return ctx

    def draw(self, round, page, filter_form, theme_filter, selected, can_edit) -> dict:
        """The filter form, the theme links and the rows of `page` as HTML, and the ids of
        its responses (for the per-row perspective forms, drawn with the user's token)."""
        rows = list(page.object_list)
        filter_form = filter_form or forms.AnalysisFilterForm()
        themes = render_to_string(
            "participation/_analysis_themes.html",
            {
                "themes": Theme.objects.filter(round=round).order_by("number"),
                "theme_filter": theme_filter,
                "region": self.region,
                "project": self.project,
                "round": round,
            },
        )
        return {
            "filters": format_html_join("", "{}", ((f.as_field_group(),) for f in filter_form)),
            "themes": themes,
            "rows": analysis_rows(None, rows, selected, can_edit),
            "ids": [comment.pk for comment in rows],
        }

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        return self.render_to_response(self.get_context_data(round=round))

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        ids = posted_ids(request.POST.getlist("selected"))
        if request.POST.get("answer") == "open":  # show the form, the ticks kept
            ctx = self.get_context_data(round=round, answering=True, selected=ids)
            return self.render_to_response(ctx)
        form = self.disposition_form(round, request.POST)
        if form.is_valid():
            try:
                count = services.dispositions_set(
                    round=round, comment_ids=ids, by=request.user, **form.details()
                )
            except ValidationError as exc:
                for message in _error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("The disposition was saved for %(count)d items.") % {"count": count}
                )
                return redirect(request.get_full_path())
        ctx = self.get_context_data(round=round, form=form, selected=ids)
        return self.render_to_response(ctx, status=400)


class SummaryView(RoundMixin, StaffView):
    template_name = "participation/summary.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round = self.get_round()
        ctx.update(round=round, summary=selectors.round_summary(round))
        return ctx


class ExportView(RoundMixin, StaffView):
    """CSV or .xlsx; `?public=1` gives the export meant for the public (no e-mail, no
    names the commenters did not choose to show, no hidden comments). The internal one has
    the e-mail addresses only for roles that edit the content (they answer the comments)."""

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        public = request.GET.get("public") == "1"
        fmt = self.kwargs["fmt"]
        # Commenters' e-mail addresses only for those who answer them (least exposure).
        with_email = roles.EDIT_CONTENT in self.project_perms
        header, rows = exports.rows(round, public=public, with_email=with_email)
        name = f"comment-round-{round.pk}{'-public' if public else ''}"
        if fmt == "csv":
            response = HttpResponse(
                exports.csv_text(header, rows), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if fmt == "xlsx":
            data = exports.xlsx(round, header, rows, public=public)
            response = HttpResponse(
                data,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        raise Http404
