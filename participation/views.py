"""Views of the participation app. Thin: parse input, check permission, call one service.

Staff views inherit phases' ProjectMixin (404 for strangers, 403 without the right).
Public views (the round page, the statement link, the feedback endpoint) need no login and
show only published content.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from phases import roles
from phases.generic import LockedFormMixin, ScopedCreateView, ScopedFormView, ScopedUpdateView
from phases.guards.posted import posted_id, posted_ids
from phases.models import Region
from phases.permissions import allows, holds, needed
from phases.perspectives import Perspective
from phases.registry import kept
from phases.views import ProjectMixin, PublicScopeMixin
from promises.decision.selectors import promise_view
from promises.models import Commitment, PromiseStatement

from . import exports, forms, ratelimit, selectors, services
from .models import (
    Activity,
    Comment,
    CommentRound,
    Feedback,
    Input,
    ParticipationSettings,
    PlanItem,
    RequestedBody,
    Stakeholder,
    StatementRequest,
    Synthesis,
    Theme,
)
from .templatetags.analysis_tags import analysis_rows
from .text import selectors as text_selectors

ANALYSIS_PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 20


def _error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def public_promise_url(region_slug: str) -> str:
    """The public promise page (owned by the promises app); its plain path if not named."""
    for name in ("public:promise", "public:region", "public:home"):
        try:
            return reverse(name, kwargs={"region": region_slug})
        except NoReverseMatch:
            continue
    return f"/{translation.get_language() or 'fi'}/p/{region_slug}/"


class StaffContext:
    """The participation part's navigation, for its pages and its form pages."""

    nav = "participation"
    sub = "overview"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["nav"] = self.nav
        ctx["sub"] = self.sub
        ctx["can_manage_rounds"] = allows("participation:round_new", self.project_perms)
        return ctx

    def url(self, name: str, **kwargs) -> str:
        return self.project_url(f"participation:{name}", **kwargs)


class StaffView(StaffContext, ProjectMixin, TemplateView):
    """A project page of the participation part (read by every member; a view that
    writes declares its `permission`)."""


class FormPage(StaffContext):
    """A participation page with one form (phases.generic: ScopedCreateView and
    ScopedUpdateView). The form is shown only to those who may submit it."""

    template_name = "participation/form_page.html"
    back_name = "overview"

    def back_url(self) -> str:
        return self.url(self.back_name)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # the page's own POST declaration decides (the settings: those who manage the
        # project, not only those who edit its content)
        need = needed(self.permission, "POST")
        ctx["can_edit"] = need is not None and holds(self.project_perms, need)
        return ctx


# -- overview, stakeholders, plan -----------------------------------------------------


class OverviewView(StaffView):
    template_name = "participation/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            stakeholders=list(
                Stakeholder.objects.filter(project=self.project).prefetch_related("plan")
            ),
            activities=list(
                Activity.objects.filter(project=self.project).prefetch_related("stakeholders")
            ),
            plan=list(PlanItem.objects.filter(project=self.project).select_related("stakeholder")),
            rows=selectors.synthesis_overview(self.project, with_inputs=False),
            input_count=Input.objects.filter(project=self.project).count(),
            rounds=list(selectors.rounds_for_project(self.project)),
        )
        return ctx


class StakeholderPage(FormPage):
    model = Stakeholder
    form_class = forms.StakeholderForm
    pk_url_kwarg = "stakeholder"
    titles = (_lazy("Add a stakeholder"), _lazy("Edit stakeholder"))
    delete_allowed = True

    def form_extra_kwargs(self):
        return {"region": self.region}

    def save(self, form):
        return services.stakeholder_save(
            project=self.project,
            names=form.names(),
            description=form.cleaned_data["description"],
            stakeholder=self.object,
        )

    def delete_object(self, obj):
        services.stakeholder_delete(stakeholder=obj)


class StakeholderCreateView(StakeholderPage, ScopedCreateView):
    pass


class StakeholderUpdateView(StakeholderPage, ScopedUpdateView):
    pass


class PlanItemPage(FormPage):
    model = PlanItem
    form_class = forms.PlanItemForm
    pk_url_kwarg = "item"
    titles = (_lazy("Add to the participation plan"), _lazy("Edit plan item"))
    delete_allowed = True

    def form_extra_kwargs(self):
        return {"stakeholders": Stakeholder.objects.all()}  # the project's (scoped)

    def save(self, form):
        return services.plan_item_save(project=self.project, item=self.object, **form.cleaned_data)

    def delete_object(self, obj):
        services.plan_item_delete(item=obj)


class PlanItemCreateView(PlanItemPage, ScopedCreateView):
    pass


class PlanItemUpdateView(PlanItemPage, ScopedUpdateView):
    pass


# -- activities and inputs ------------------------------------------------------------


class ActivityPage(FormPage):
    model = Activity
    form_class = forms.ActivityForm
    pk_url_kwarg = "activity"
    titles = (_lazy("Record a participation activity"), _lazy("Edit activity"))
    delete_allowed = True

    def form_extra_kwargs(self):
        return {"stakeholders": Stakeholder.objects.all()}

    def initial_from(self, obj):
        return {**super().initial_from(obj), **forms.ActivityForm.initial_when(obj)}

    def save(self, form):
        return services.activity_save(
            project=self.project, activity=self.object, **form.cleaned_data
        )

    def delete_object(self, obj):
        services.activity_delete(activity=obj)


class ActivityCreateView(ActivityPage, ScopedCreateView):
    pass


class ActivityUpdateView(ActivityPage, ScopedUpdateView):
    pass


class InputListView(StaffView):
    sub = "inputs"
    template_name = "participation/inputs.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        perspective = self.request.GET.get("perspective", "")
        inputs = list(selectors.inputs_for_project(self.project))
        if perspective in Perspective.values:
            inputs = [i for i in inputs if perspective in i.perspectives]
        ctx.update(inputs=inputs, perspective=perspective, perspectives=Perspective.choices)
        return ctx


class InputPage(FormPage):
    model = Input
    form_class = forms.InputForm
    pk_url_kwarg = "input"
    titles = (_lazy("Record an input"), _lazy("Edit input"))
    sub = "inputs"
    back_name = "inputs"
    delete_allowed = True

    def form_extra_kwargs(self):
        return {  # the project's own (scoped managers)
            "stakeholders": Stakeholder.objects.all(),
            "activities": Activity.objects.all(),
            "statements": PromiseStatement.objects.all(),
            "commitments": Commitment.objects.all(),
        }

    def save(self, form):
        return services.input_save(
            project=self.project, item=self.object, by=self.request.user, **form.cleaned_data
        )

    def delete_object(self, obj):
        services.input_delete(item=obj)


class InputCreateView(InputPage, ScopedCreateView):
    pass


class InputUpdateView(InputPage, ScopedUpdateView):
    pass


class InputDetailView(StaffView):
    sub = "inputs"
    template_name = "participation/input_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["input"] = get_object_or_404(
            selectors.inputs_for_project(self.project), pk=self.kwargs["input"]
        )
        return ctx


# -- synthesis and matrix -------------------------------------------------------------


class SynthesisView(StaffView):
    sub = "synthesis"
    template_name = "participation/synthesis.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = selectors.synthesis_overview(self.project)
        ctx["common"] = selectors.common_synthesis_row(self.project, with_inputs=False)
        ctx["languages"] = self.region.content_languages
        return ctx


class SynthesisEditView(LockedFormMixin, FormPage, ScopedFormView):
    """One perspective's synthesis, or the common one that covers every perspective, in
    the region's languages (optimistic locking; concurrent saves merged per language)."""

    sub = "synthesis"
    template_name = "participation/synthesis_edit.html"
    conflict_template = "participation/conflict.html"
    form_class = forms.SynthesisForm
    success_message = _lazy("The synthesis was saved.")

    def prepare(self):
        perspective = self.kwargs["perspective"]
        if perspective == Synthesis.COMMON:
            self.row = selectors.common_synthesis_row(self.project)
            return
        if perspective not in Perspective.values:
            raise Http404
        self.row = next(
            r for r in selectors.synthesis_overview(self.project) if r.key == perspective
        )

    def form_extra_kwargs(self):
        return {"languages": self.region.content_languages}

    def get_initial(self):
        s = self.row.synthesis
        return self.locked_values(s) if s else {"lock_version": 1}

    def locked_object(self):
        return self.row.synthesis

    def locked_values(self, obj):
        return {"lock_version": obj.lock_version, **forms.SynthesisForm.initial_for_texts(obj)}

    def heading_for(self, obj):
        return _("Synthesis: %(name)s") % {"name": self.row.label}

    def save(self, form):
        return services.synthesis_save(
            project=self.project,
            perspective=self.row.key,
            texts=form.texts("text"),
            lock_version=form.cleaned_data["lock_version"],
            by=self.request.user,
        )

    def back_url(self):
        return self.url("synthesis")

    def get_context_data(self, **kwargs):
        return super().get_context_data(row=self.row, **kwargs)


class MatrixView(StaffView):
    sub = "matrix"
    template_name = "participation/matrix.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["matrix"] = selectors.matrix(self.project)
        return ctx


class SettingsView(FormPage, ScopedUpdateView):
    model = ParticipationSettings
    form_class = forms.SettingsForm
    title = _lazy("Participation settings")
    sub = "settings"
    permission = {"GET": roles.MANAGE_PROJECT, "POST": roles.MANAGE_PROJECT}

    def get_object(self, queryset=None):
        return services.settings_for(self.project)

    def save(self, form):
        return services.settings_save(project=self.project, **form.cleaned_data)


# -- comment rounds (staff) -----------------------------------------------------------


class RoundMixin:
    def get_round(self) -> CommentRound:
        return get_object_or_404(
            CommentRound.objects.select_related("version__promise"),
            pk=self.kwargs["round"],
            project=self.project,
        )


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


# -- statement requests (staff) -------------------------------------------------------


class StatementRequestCreateView(RoundMixin, FormPage, ScopedCreateView):
    model = StatementRequest
    form_class = forms.StatementRequestForm
    title = _lazy("New statement request")
    permission = {"GET": roles.ADVANCE_PHASE, "POST": roles.ADVANCE_PHASE}

    def prepare(self):
        self.round = self.get_round()  # another project's round: 404 before any form

    def save(self, form):
        data = form.cleaned_data
        request = services.statement_request_create(
            round=self.round,
            title=data["title"],
            message=data["message"],
            deadline=data["deadline"],
            questions=data["questions"],
            bodies=data["bodies"],
            by=self.request.user,
        )
        services.statement_request_send(request=request)
        return request

    def back_url(self):
        return self.url("round", round=self.kwargs["round"])


class StatementPostView(RoundMixin, FormPage, ScopedFormView):
    """Staff record a statement that came by post (or e-mail), with an optional PDF."""

    template_name = "participation/statement_post.html"
    form_class = forms.StatementForm
    success_message = _lazy("The statement was recorded.")

    def prepare(self):
        self.body = get_object_or_404(
            RequestedBody.objects.select_related("request"),
            pk=self.kwargs["body"],
            request__round_id=self.kwargs["round"],
            request__round__project=self.project,
        )

    def form_extra_kwargs(self):
        answers = {a.question_id: a.text for a in self.body.answers.all()}
        return {"questions": list(self.body.request.questions.all()), "answers": answers}

    def save(self, form):
        return services.statement_submit(
            body=self.body,
            answers=form.answers(),
            upload=form.cleaned_data.get("attachment"),
            by_post=True,
            by=self.request.user,
            language=translation.get_language() or "fi",
        )

    def back_url(self):
        return self.url("round", round=self.body.request.round_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)


class StatementFileView(ProjectMixin, View):
    """A body's PDF, for staff of the project only."""

    def get(self, request, *args, **kwargs):
        body = get_object_or_404(
            RequestedBody,
            pk=kwargs["body"],
            request__round_id=kwargs["round"],
            request__round__project=self.project,
        )
        return _file_response(body)


def _file_response(body: RequestedBody):
    if not body.file:
        raise Http404
    response = FileResponse(
        body.file.open("rb"), as_attachment=True, filename=body.file_name or "statement.pdf"
    )
    response["Content-Type"] = "application/pdf"
    return response


# -- feedback (staff) -----------------------------------------------------------------


class FeedbackListView(StaffView):
    sub = "feedback"
    template_name = "participation/feedback.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "open")
        if show not in {"open", "handled", "all"}:
            show = "open"
        ctx.update(groups=selectors.feedback_grouped(self.project, show=show), show=show)
        return ctx

    def post(self, request, *args, **kwargs):
        feedback = get_object_or_404(
            Feedback, pk=posted_id(request.POST.get("feedback")) or 0, project=self.project
        )
        form = forms.FeedbackHandleForm(request.POST)
        form.is_valid()
        services.feedback_mark_handled(
            feedback=feedback,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
            handled=request.POST.get("handled", "1") != "0",
        )
        messages.success(request, _("The feedback was updated."))
        return redirect(request.get_full_path())


# -- public pages ---------------------------------------------------------------------


def _not_found():
    raise Http404


class PublicRoundView(PublicScopeMixin, View):
    """The round's public page: the version, the published comments and the comment form."""

    template_name = "participation/public/round.html"

    def public_project(self, round, **kwargs):
        return selectors.project_of_round(round) or _not_found()

    def get_round(self) -> CommentRound:
        try:
            return selectors.public_round(self.kwargs["round"])
        except CommentRound.DoesNotExist as exc:
            raise Http404 from exc

    def context(self, round, form, page_number=None):
        language = translation.get_language() or "fi"
        page = Paginator(selectors.public_comments(round), PUBLIC_PAGE_SIZE).get_page(page_number)
        return {
            "round": round,
            "state": round.state(),
            "region": round.project.region,
            "promise": promise_view(
                round.version.snapshot, language, round.project.region.content_languages
            ),
            "form": form,
            "page": page,
        }

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        language = translation.get_language() or "fi"
        if request.headers.get("HX-Request") and request.GET.get("page"):
            ctx = self.context(round, None, request.GET.get("page"))
            return render(request, "participation/public/_comments_page.html", ctx)
        form = forms.CommentForm(version=round.version, language=language)
        return render(
            request, self.template_name, self.context(round, form, request.GET.get("page"))
        )

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        language = translation.get_language() or "fi"
        form = forms.CommentForm(request.POST, version=round.version, language=language)
        if form.is_spam():
            # Pretend success: a bot learns nothing. Nothing is saved.
            messages.success(request, _("Thank you for your comment."))
            return redirect(request.path)
        valid = form.is_valid()
        if ratelimit.is_limited(request, "comment") or (
            valid and not ratelimit.take(request, "comment")
        ):
            form.add_error(
                None,
                _(
                    "You have sent many comments in a short time. Please wait ten minutes "
                    "and try again."
                ),
            )
            return render(request, self.template_name, self.context(round, form), status=429)
        if valid:
            data = form.cleaned_data
            try:
                comment = services.comment_submit(
                    round=round,
                    text=data["text"],
                    language=language,
                    target=data["target"],
                    perspective=data["perspective"],
                    commitment_ref=data["commitment"],
                    name=data["name"],
                    show_name=data["show_name"],
                    email=data["email"],
                    answer_by_email=data["answer_by_email"],
                )
            except ValidationError as exc:
                for message in _error_messages(exc):
                    form.add_error(None, message)
            else:
                if comment.status == Comment.Status.PENDING:
                    messages.success(
                        request,
                        _("Thank you for your comment. It will be published after moderation."),
                    )
                else:
                    messages.success(request, _("Thank you for your comment. It is published."))
                return redirect(request.path)
        return render(request, self.template_name, self.context(round, form), status=400)


class PublicStatementView(PublicScopeMixin, View):
    """A body's own page behind its personal link: answer the questions, attach a PDF."""

    template_name = "participation/public/statement.html"

    def public_project(self, token, **kwargs):
        return selectors.project_of_statement_link(token) or _not_found()

    def get_body(self) -> RequestedBody:
        return get_object_or_404(
            RequestedBody.objects.select_related("request__round__project__region"),
            token=self.kwargs["token"],
        )

    def form_for(self, body, data=None, files=None):
        answers = {a.question_id: a.text for a in body.answers.all()}
        return forms.StatementForm(
            data, files, questions=list(body.request.questions.all()), answers=answers
        )

    def ctx(self, body, form):
        return {
            "body": body,
            "request_obj": body.request,
            "region": body.request.round.project.region,
            "form": form,
            "closed": body.request.is_past_deadline,
            "file_url": reverse("participation:statement_file", kwargs={"token": body.token})
            if body.file
            else "",
        }

    def get(self, request, *args, **kwargs):
        body = self.get_body()
        return render(request, self.template_name, self.ctx(body, self.form_for(body)))

    def post(self, request, *args, **kwargs):
        body = self.get_body()
        form = self.form_for(body, request.POST, request.FILES)
        if body.request.is_past_deadline:
            form.is_valid()
            form.add_error(
                None,
                _("The deadline for statements has passed. Statements are no longer accepted."),
            )
            return render(request, self.template_name, self.ctx(body, form), status=400)
        if form.is_valid():
            try:
                services.statement_submit(
                    body=body,
                    answers=form.answers(),
                    upload=form.cleaned_data.get("attachment"),
                    language=translation.get_language() or "fi",
                )
            except ValidationError as exc:
                for message in _error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your statement was received; "
                        "you may change it until the deadline."
                    ),
                )
                return redirect(request.path)
        return render(request, self.template_name, self.ctx(body, form), status=400)


class PublicStatementFileView(PublicScopeMixin, View):
    def public_project(self, token, **kwargs):
        return selectors.project_of_statement_link(token) or _not_found()

    def get(self, request, token):
        return _file_response(get_object_or_404(RequestedBody, token=token))


@method_decorator(csrf_exempt, name="dispatch")
class PublicFeedbackView(PublicScopeMixin, View):
    """The feedback form's endpoint. The form sits on the (cached) public promise page, so
    it carries no CSRF token: it changes nothing of a logged-in user and is guarded by a
    honeypot and a rate limit instead."""

    template_name = "participation/public/feedback.html"

    def get_region(self) -> Region:
        return get_object_or_404(Region, slug=self.kwargs["region"])

    def get(self, request, *args, **kwargs):
        region = self.get_region()
        project = selectors.public_project(region)
        if project is None:
            raise Http404
        return render(
            request,
            self.template_name,
            {
                "region": region,
                "form": forms.FeedbackForm(initial={"project": project.pk}),
                "back_url": public_promise_url(region.slug),
            },
        )

    def post(self, request, *args, **kwargs):
        region = self.get_region()
        form = forms.FeedbackForm(request.POST)
        thanks = reverse("participation:feedback_thanks", kwargs={"region": region.slug})
        if form.is_spam():
            return redirect(thanks)
        ctx = {"region": region, "form": form, "back_url": public_promise_url(region.slug)}
        valid = form.is_valid()
        if ratelimit.is_limited(request, "feedback") or (
            valid and not ratelimit.take(request, "feedback")
        ):
            form.add_error(
                None,
                _(
                    "You have sent many messages in a short time. Please wait ten minutes "
                    "and try again."
                ),
            )
            return render(request, self.template_name, ctx, status=429)
        if not valid:
            return render(request, self.template_name, ctx, status=400)
        project = selectors.feedback_project(region, form.cleaned_data.get("project"))
        if project is None:
            raise Http404
        services.feedback_submit(
            project=project,
            text=form.cleaned_data["text"],
            perspective=form.cleaned_data["perspective"],
            language=translation.get_language() or "fi",
        )
        return redirect(thanks)


class PublicFeedbackThanksView(PublicScopeMixin, View):
    def get(self, request, region):
        region = get_object_or_404(Region, slug=region)
        return render(
            request,
            "participation/public/feedback_thanks.html",
            {"region": region, "back_url": public_promise_url(region.slug)},
        )
