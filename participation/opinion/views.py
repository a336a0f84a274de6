"""The opinion round's pages. Thin: parse input, check permission, call one service.

Staff pages inherit participation's StaffView / FormPage (phases.views.mixins.ProjectMixin: 404
for strangers, 403 without the declared permission). Public pages run in the region's
scope (PublicScopeMixin) and need no login; every vote and statement is a plain form post
(works without JavaScript), answered by a redirect back to the page (post/redirect/get).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from phases import roles
from phases.generic import ScopedCreateView
from phases.guards.posted import posted_id
from phases.translated import pick_field
from phases.views.mixins import PublicScopeMixin

from .. import ratelimit
from ..views.base import FormPage, StaffView, public_promise_url
from ..views.rounds import ModerationPageMixin
from . import forms, participants, presenters, selectors, services, tasks
from .models import OpinionRound, OpinionStatement

MODERATION_PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _language() -> str:
    return translation.get_language() or "fi"


class OpinionMixin:
    sub = "opinion"

    def get_round(self) -> OpinionRound:
        try:
            return selectors.round_of_project(self.project, self.kwargs["opinion"])
        except OpinionRound.DoesNotExist as exc:
            raise Http404 from exc

    def question(self, round) -> str:
        languages = self.region.content_languages
        return pick_field(round, "question", _language(), languages)


# -- staff ----------------------------------------------------------------------------


class OpinionListView(OpinionMixin, StaffView):
    template_name = "participation/opinion/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        languages = self.region.content_languages
        ctx["rounds"] = [
            (r, pick_field(r, "question", _language(), languages))
            for r in selectors.rounds_for_project(self.project)
        ]
        ctx["can_create"] = roles.ADVANCE_PHASE in self.project_perms
        return ctx


class OpinionCreateView(OpinionMixin, FormPage, ScopedCreateView):
    model = OpinionRound
    form_class = forms.OpinionRoundForm
    title = _lazy("Start an opinion round")
    permission = {"GET": roles.ADVANCE_PHASE, "POST": roles.ADVANCE_PHASE}
    back_name = "opinion_list"

    def get_initial(self):
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"starts_at": now, "ends_at": now + timezone.timedelta(days=21)}

    def form_extra_kwargs(self):
        return {"languages": self.region.content_languages}

    def save(self, form):
        return services.round_create(
            project=self.project,
            question=form.texts("question"),
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            by=self.request.user,
        )

    def get_success_url(self, obj=None):
        return self.url("opinion", opinion=obj.pk)


class OpinionRoundView(OpinionMixin, StaffView):
    """The round: its statements (seed and accepted), links to moderation and results."""

    template_name = "participation/opinion/round.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round = self.get_round()
        language, languages = _language(), self.region.content_languages
        statements = OpinionStatement.objects.filter(round=round).order_by("pk")
        ctx.update(
            round=round,
            question=self.question(round),
            statements=[(s, pick_field(s, "text", language, languages)) for s in statements],
            pending=selectors.pending_count(round),
            can_close=roles.ADVANCE_PHASE in self.project_perms and round.state() != "closed",
            public_url=reverse(
                "participation:public_opinion",
                kwargs={"region": self.region.slug, "opinion": round.pk},
            ),
        )
        return ctx


class OpinionCloseView(OpinionMixin, StaffView):
    """Close the round before its end date: no more votes or statements; its results stay."""

    permission = {"POST": roles.ADVANCE_PHASE}

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        if round.state() == "closed":
            messages.info(request, _("The opinion round has closed."))
        else:
            services.round_close(round=round)
            messages.success(request, _("The opinion round was closed."))
        return redirect(self.url("opinion", opinion=round.pk))


class SeedStatementView(OpinionMixin, FormPage, ScopedCreateView):
    """A statement written by staff for one or more perspectives, in the region's languages."""

    model = OpinionStatement
    form_class = forms.SeedStatementForm
    title = _lazy("Add a seed statement")
    success_message = _lazy("The statement was added.")

    def prepare(self):
        self.round = self.get_round()

    def form_extra_kwargs(self):
        return {"languages": self.region.content_languages}

    def save(self, form):
        return services.statement_add(
            round=self.round,
            texts=form.texts("text"),
            perspectives=form.cleaned_data["perspectives"],
            language=self.region.content_languages[0],
            by=self.request.user,
        )

    def back_url(self):
        return self.url("opinion", opinion=self.kwargs["opinion"])

    def get_success_url(self, obj=None):
        return self.url("opinion_statement_new", opinion=self.kwargs["opinion"])


class OpinionModerationView(ModerationPageMixin, OpinionMixin, StaffView):
    template_name = "participation/opinion/moderation.html"
    moderation_page_size = MODERATION_PAGE_SIZE
    moderation_form = forms.ModerateStatementForm
    moderated_message = _lazy("The statement was moderated.")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            question=self.question(ctx["round"]),
            perspectives=forms.ModerateStatementForm.base_fields["perspectives"].choices,
        )
        return ctx

    def moderation_items(self, round, status):
        return selectors.statements_to_moderate(round, status)

    def moderation_statuses(self):
        return OpinionStatement.Status.choices

    def moderation_target(self, round, data):
        return get_object_or_404(
            OpinionStatement,
            pk=posted_id(data.get("statement")) or 0,
            round=round,
            author=OpinionStatement.Author.RESIDENT,
        )

    def moderate(self, item, cleaned_data):
        services.statement_moderate(
            statement=item,
            action=cleaned_data["action"],
            perspectives=cleaned_data["perspectives"],
            by=self.request.user,
        )


class OpinionResultsView(OpinionMixin, StaffView):
    """The groups, consensus and divisive statements; the chosen ones become inputs."""

    template_name = "participation/opinion/results.html"
    permission = {"GET": roles.VIEW_PROJECT, "POST": roles.EDIT_CONTENT}

    def inputs_form(self, view, data=None):
        choices = [(r["id"], str(r["text"])) for r in view["rows"]]
        return forms.InputsForm(data, choices=choices)

    def context(self, round, form=None):
        languages = self.region.content_languages
        entry, stale = tasks.current_results(round)
        view = presenters.results_view(entry["data"], _language(), languages) if entry else None
        turned = set(
            OpinionStatement.objects.filter(round=round, input__isnull=False).values_list(
                "pk", flat=True
            )
        )
        return self.get_context_data(
            round=round,
            question=self.question(round),
            results=view,
            results_at=entry and entry["computed_at"],
            results_stale=stale,
            form=form or (self.inputs_form(view) if view else None),
            turned=turned,
            activity=round.activity,
            **_export_urls(round, self.region),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.context(self.get_round()))

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        languages = self.region.content_languages
        view = presenters.results_view(selectors.results(round), _language(), languages)
        form = self.inputs_form(view, request.POST)
        if form.is_valid():
            try:
                made = services.inputs_from_statements(
                    round=round,
                    statement_ids=form.cleaned_data["statements"],
                    by=request.user,
                    language=_language(),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("%(count)d statements became inputs of the synthesis.")
                    % {"count": len(made)},
                )
                return redirect(self.url("opinion_results", opinion=round.pk))
        return self.render_to_response(self.context(round, form), status=400)


# -- public -----------------------------------------------------------------------------


def _public_url(name, round, region, **extra) -> str:
    return reverse(
        f"participation:{name}", kwargs={"region": region.slug, "opinion": round.pk, **extra}
    )


def _export_urls(round, region) -> dict:
    return {
        f"export_{fmt}": _public_url("public_opinion_export", round, region, fmt=fmt)
        for fmt in ("csv", "xlsx")
    }


class PublicOpinionMixin(PublicScopeMixin):
    def public_region(self, slug: str) -> int:
        """The round and its region in one query (a vote's page asks few): 404 for an
        unknown region, a round of another region and one not yet open."""
        try:
            self.round = selectors.public_round(self.kwargs["opinion"], region_slug=slug)
        except OpinionRound.DoesNotExist as exc:
            raise Http404 from exc
        self.region = self.round.project.region
        self.languages = self.region.content_languages
        return self.region.pk

    def get_round(self) -> OpinionRound:
        return self.round

    def base_context(self, round) -> dict:
        region = round.project.region
        return {
            "round": round,
            "state": round.state(),
            "region": region,
            "region_name": pick_field(region, "name", _language(), self.languages),
            "question": pick_field(round, "question", _language(), self.languages),
            "back_url": public_promise_url(region.slug),
            "results_url": _public_url("public_opinion_results", round, region),
        }


class PublicOpinionView(PublicOpinionMixin, View):
    """One statement at a time: agree, disagree or pass; and a statement of one's own.

    Each vote is a plain form post answered by a redirect (works without JavaScript). With
    htmx the form posts in place (`HX-Request`): the answer is the card with the next
    statement only, swapped into the page, and opinion-vote.js moves the focus to it."""

    template_name = "participation/opinion/public/vote.html"
    card_template = "participation/opinion/public/_vote_card.html"

    def context(self, round, participant, vote_form=None, statement_form=None) -> dict:
        ctx = self.base_context(round)
        statement = selectors.next_statement(round, participant)
        ctx.update(
            statement=statement,
            statement_text=(
                pick_field(statement, "text", _language(), self.languages) if statement else ""
            ),
            progress=selectors.progress(round, participant),
            vote_form=vote_form,
            statement_form=statement_form or forms.OwnStatementForm(),
            vote_url=_public_url("public_opinion", round, round.project.region),
            statement_url=_public_url("public_opinion_statement", round, round.project.region),
        )
        return ctx

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        return render(request, self.template_name, self.context(round, participants.read(request)))

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        known = participants.read(request)  # the signed cookie, checked once
        participant = known or participants.new_id()
        in_place = request.headers.get("HX-Request") == "true"
        form = forms.VoteForm(request.POST)
        if form.is_valid():
            try:
                services.vote(
                    round=round,
                    statement_id=form.cleaned_data["statement"],
                    participant=participant,
                    choice=form.cleaned_data["choice"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                if in_place:
                    response = render(request, self.card_template, self.context(round, participant))
                else:
                    response = redirect(f"{request.path}#statement")
                participants.remember(response, participant)
                return response
        ctx = self.context(round, known, vote_form=form)
        if in_place:  # htmx swaps only a 2xx answer: the card carries the error (role=alert)
            return render(request, self.card_template, ctx)
        return render(request, self.template_name, ctx, status=400)


class PublicOpinionStatementView(PublicOpinionMixin, View):
    """A resident's own statement: the same honeypot and rate limit as the comments;
    published after moderation."""

    template_name = "participation/opinion/public/vote.html"
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        """The form lives on the round's page: a GET (a reload, a shared link) goes there."""
        round = self.get_round()
        return redirect(_public_url("public_opinion", round, round.project.region))

    def post(self, request, *args, **kwargs):
        round = self.get_round()
        form = forms.OwnStatementForm(request.POST)
        page = PublicOpinionView(request=request, kwargs=self.kwargs)
        page.languages = self.languages
        participant = participants.read(request) or participants.new_id()
        if form.is_spam():  # pretend success: a bot learns nothing; nothing is saved
            messages.success(request, _("Thank you. Your statement is shown after moderation."))
            return redirect(_public_url("public_opinion", round, round.project.region))
        valid = form.is_valid()
        if ratelimit.is_limited(request, "opinion_statement") or (
            valid and not ratelimit.take(request, "opinion_statement")
        ):
            form.add_error(
                None,
                _(
                    "You have sent many statements in a short time. Please wait ten minutes "
                    "and try again."
                ),
            )
            ctx = page.context(round, participants.read(request), statement_form=form)
            return render(request, self.template_name, ctx, status=429)
        if valid:
            try:
                services.statement_submit(
                    round=round,
                    participant=participant,
                    text=form.cleaned_data["text"],
                    language=_language(),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Thank you. Your statement is shown after moderation."))
                response = redirect(
                    _public_url("public_opinion", round, round.project.region) + "#own-statement"
                )
                participants.remember(response, participant)
                return response
        ctx = page.context(round, participants.read(request), statement_form=form)
        return render(request, self.template_name, ctx, status=400)


class PublicOpinionResultsView(PublicOpinionMixin, View):
    template_name = "participation/opinion/public/results.html"

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        if round.state() == "upcoming":
            raise Http404
        ctx = self.base_context(round)
        entry, stale = tasks.current_results(round)
        ctx.update(
            results=(
                presenters.results_view(entry["data"], _language(), self.languages)
                if entry
                else None
            ),
            results_at=entry and entry["computed_at"],
            results_stale=stale,
            vote_url=_public_url("public_opinion", round, round.project.region),
            **_export_urls(round, round.project.region),
        )
        return render(request, self.template_name, ctx)


class PublicOpinionExportView(PublicOpinionMixin, View):
    """The results as CSV or .xlsx (accepted statements and counts only: nothing personal)."""

    def get(self, request, *args, **kwargs):
        round = self.get_round()
        if round.state() == "upcoming" or self.kwargs["fmt"] not in ("csv", "xlsx"):
            raise Http404
        entry, _stale = tasks.current_results(round)
        if entry is None:  # none computed yet: the results page says so
            return redirect(_public_url("public_opinion_results", round, round.project.region))
        data, fmt = entry["data"], self.kwargs["fmt"]
        name = f"opinion-round-{round.pk}"
        if fmt == "csv":
            body = presenters.csv_text(data, _language(), self.languages)
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        else:
            body = presenters.xlsx_bytes(data, _language(), self.languages)
            response = HttpResponse(body, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
