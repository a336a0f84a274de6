"""Regions: the list, a new region, its page and settings, its members and a new project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from phases.guards.posted import posted_id

from .. import forms, roles, selectors, services
from ..models import (
    PhaseDefinition,
    PromiseProject,
    RegionMembership,
)
from .mixins import (
    RegionMixin,
)


class RegionListView(LoginRequiredMixin, TemplateView):
    template_name = "phases/region_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["regions"] = selectors.regions_for_user(self.request.user)
        ctx["may_found_regions"] = services.may_found_regions(self.request.user)
        return ctx


class RegionCreateView(LoginRequiredMixin, TemplateView):
    """A site administrator creates a region and invites its first administrator."""

    template_name = "phases/region_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_found_regions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", forms.RegionCreateForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.RegionCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                region, admin, invited = services.region_found(
                    slug=data["slug"],
                    name=form.texts("name"),
                    organiser_name=form.texts("organiser_name"),
                    kind=data["kind"],
                    languages=data["languages"],
                    contact_email=data["contact_email"],
                    oidc_viewer_signup=data["oidc_viewer_signup"],
                    sotkanet_region_id=data.get("sotkanet_region_id"),
                    admin_email=data["admin_email"],
                    admin_first_name=data["admin_first_name"],
                    admin_last_name=data["admin_last_name"],
                    admin_language=data.get("admin_language") or "",
                    request=request,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(None if field == "__all__" else field, errors)
            except IntegrityError:  # the address name was taken meanwhile
                form.add_error("slug", _("Another region already has this address name."))
            else:
                if invited:
                    message = _(
                        "The region was created; %(email)s was invited as its administrator."
                    )
                else:
                    message = _("The region was created; %(email)s is its administrator.")
                messages.success(request, message % {"email": admin.email})
                return redirect(region.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RegionDetailView(RegionMixin, TemplateView):
    template_name = "phases/region_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["query"] = self.request.GET.get("q", "")[:100]
        ctx["projects"] = list(
            selectors.search_projects(
                selectors.projects_for_user(self.request.user, region=self.region),
                ctx["query"],
            ).order_by("-term_start", "-created_at")
        )
        ctx["phases"] = {p.number: p for p in PhaseDefinition.objects.all()}
        for project in ctx["projects"]:
            project.phase_definition = ctx["phases"].get(project.phase)
        return ctx


class RegionSettingsView(RegionMixin, TemplateView):
    """The region administrator's settings: organiser and contact, viewer sign-up."""

    template_name = "phases/region_settings.html"
    permission = {"GET": roles.MANAGE_MEMBERS, "POST": roles.MANAGE_MEMBERS}

    def make_form(self, data=None):
        initial = {
            **forms.RegionSettingsForm.initial_for_texts(self.region),
            "contact_email": self.region.contact_email,
            "oidc_viewer_signup": self.region.oidc_viewer_signup,
        }
        return forms.RegionSettingsForm(
            data, initial=initial, languages=self.region.content_languages
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.make_form())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.region_update_settings(
            region=self.region,
            organiser_name=form.texts("organiser_name"),
            contact_email=form.cleaned_data["contact_email"],
            oidc_viewer_signup=form.cleaned_data["oidc_viewer_signup"],
        )
        messages.success(request, _("The region's settings were saved."))
        return redirect("phases:region_settings", region=self.region.slug)


class MembersView(RegionMixin, TemplateView):
    template_name = "phases/members.html"
    permission = {"GET": roles.MANAGE_MEMBERS, "POST": roles.MANAGE_MEMBERS}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = RegionMembership.objects.filter(region=self.region).select_related(
            "user"
        )
        ctx["role_choices"] = roles.Role.choices
        # The invitation's language: the page's, unless the inviter chooses another.
        ctx.setdefault("form", forms.MemberAddForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = forms.MemberAddForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.region_invite_member(region=self.region, request=request, **form.cleaned_data)
        # The same answer whether the address had an account or not (no enumeration).
        messages.success(
            request,
            _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("phases:members", region=self.region.slug)


class MemberEditView(RegionMixin, View):
    permission = {"POST": roles.MANAGE_MEMBERS}

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            RegionMembership, pk=kwargs["membership"], region=self.region
        )
        form = forms.MemberRoleForm(request.POST)
        if form.is_valid():
            try:
                services.region_change_role(membership=membership, role=form.cleaned_data["role"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The role was changed."))
        else:
            messages.error(request, _("Choose a valid role."))
        return redirect("phases:members", region=self.region.slug)


class MemberRemoveView(RegionMixin, TemplateView):
    """Removing a member asks first: a page that says what happens, then one button."""

    template_name = "phases/member_remove.html"
    permission = {"GET": roles.MANAGE_MEMBERS, "POST": roles.MANAGE_MEMBERS}

    def get_membership(self) -> RegionMembership:
        return get_object_or_404(
            RegionMembership.objects.select_related("user"),
            pk=self.kwargs["membership"],
            region=self.region,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(membership=self.get_membership()))

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        try:
            services.region_remove_member(region=self.region, user=membership.user, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(user)s was removed.") % {"user": membership.user})
        return redirect("phases:members", region=self.region.slug)


class ProjectCreateView(RegionMixin, TemplateView):
    template_name = "phases/project_create.html"
    permission = {"GET": roles.CREATE_PROJECT, "POST": roles.CREATE_PROJECT}

    def get_form(self, data=None):
        return forms.ProjectCreateForm(data, region=self.region, initial=self.revision_of())

    def revision_of(self) -> dict:
        """`?previous=<project>` (the editor's "Start a revision" of an approved promise):
        the new project continues that one, from a copy of its approved promise, in the
        same term."""
        previous = PromiseProject.objects.filter(
            region=self.region, pk=posted_id(self.request.GET.get("previous")) or 0
        ).first()
        if previous is None:
            return {}
        return {
            "previous_project": previous.pk,
            "copy_previous": True,
            "term_start": previous.term_start,
            "term_end": previous.term_end,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.get_form())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        project = services.project_create(
            region=self.region,
            title=form.texts("title"),
            term_start=data["term_start"],
            term_end=data["term_end"],
            previous_project=data["previous_project"],
            copy=form.chosen_copies(),
            case_number=data["case_number"],
            by=request.user,
        )
        messages.success(request, _("The project was created. It starts in phase 1."))
        return redirect(project.get_absolute_url())
