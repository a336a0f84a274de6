"""The participation part's public pages (no login): a round's page with its comment
form, a body's statement link and file, and the feedback form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from phases.models import Region
from phases.views.mixins import PublicScopeMixin
from promises.decision.selectors import promise_view

from .. import forms, ratelimit, selectors, services
from ..models import (
    Comment,
    CommentRound,
    RequestedBody,
)
from .base import (
    PUBLIC_PAGE_SIZE,
    _error_messages,
    body_file_response,
    public_promise_url,
)

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
        return body_file_response(get_object_or_404(RequestedBody, token=token))


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
