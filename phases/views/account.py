"""A user's own pages across regions: the settings and the calendar feed."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import forms, selectors, services, timeline
from ..registry import registry
from .mixins import (
    AcrossRegionsMixin,
)

FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class CalendarFeedView(AcrossRegionsMixin, View):
    """A user's calendar (iCalendar) at a secret address: their tasks and the deadlines of
    every project they may see. No login (calendar programs cannot log in): the token is
    the key, and a new one can be made on the settings page."""

    def get(self, request, feed_token):
        from ..models import UserProfile

        if not FEED_TOKEN.fullmatch(feed_token):  # never let odd bytes reach the database
            raise Http404
        profile = (
            UserProfile.objects.filter(feed_token=feed_token, user__is_active=True)
            .select_related("user")
            .first()
        )
        if profile is None:
            raise Http404
        projects = []
        for region in selectors.regions_for_user(profile.user):
            projects += list(
                selectors.projects_for_user(profile.user, region=region).select_related("region")
            )
        with registry.memo():
            body = timeline.calendar_for(profile.user, projects)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="servicelofte.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response


class UserSettingsView(AcrossRegionsMixin, LoginRequiredMixin, TemplateView):
    """The user's own settings: the language of their mail, which notifications they get,
    and the address of their calendar feed."""

    template_name = "phases/user_settings.html"

    def get_form(self, data=None):
        from ..platform import notifications

        profile = notifications.profile_for(self.request.user)
        kinds = registry.notification_kinds
        return forms.UserSettingsForm(
            data,
            kinds=kinds,
            initial={
                "language": profile.language,
                "kinds": [k.key for k in kinds if profile.wants(k.key)],
            },
        ), profile

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form, profile = self.get_form()
        ctx.setdefault("form", form)
        ctx["feed_url"] = self.request.build_absolute_uri(
            reverse("phases:calendar_feed", kwargs={"feed_token": profile.feed_token})
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if "renew_feed" in request.POST:
            services.feed_token_renew(user=request.user)
            messages.success(
                request, _("Your calendar has a new address; the old one no longer works.")
            )
            return redirect("phases:user_settings")
        form, _profile = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.user_settings_save(
            user=request.user,
            language=form.cleaned_data["language"],
            wanted=form.cleaned_data["kinds"],
        )
        messages.success(request, _("Your settings were saved."))
        return redirect("phases:user_settings")
