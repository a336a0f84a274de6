from django.urls import path

from . import views

app_name = "phases"

PROJECT = "r/<slug:region>/projects/<int:project>/"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path(
        "p/<slug:region>/accessibility/",
        views.StatementView.as_view(template_name="pages/accessibility.html"),
        name="region_accessibility",
    ),
    path(
        "p/<slug:region>/privacy/",
        views.StatementView.as_view(template_name="pages/privacy.html"),
        name="region_privacy",
    ),
    path("regions/new/", views.RegionCreateView.as_view(), name="region_create"),
    path("r/<slug:region>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("r/<slug:region>/members/", views.MembersView.as_view(), name="members"),
    path("r/<slug:region>/settings/", views.RegionSettingsView.as_view(), name="region_settings"),
    path(
        "r/<slug:region>/members/<int:membership>/",
        views.MemberEditView.as_view(),
        name="member_edit",
    ),
    path(
        "r/<slug:region>/members/<int:membership>/remove/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("account/settings/", views.UserSettingsView.as_view(), name="user_settings"),
    path("calendar/<str:feed_token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
    path("r/<slug:region>/projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path(PROJECT, views.ProjectDashboardView.as_view(), name="project_dashboard"),
    path(
        PROJECT + "phase/<int:phase>/", views.ProjectDashboardView.as_view(), name="project_phase"
    ),
    path(PROJECT + "phase/<int:phase>/tasks/", views.PhaseTasksView.as_view(), name="phase_tasks"),
    path(
        PROJECT + "phase/<int:phase>/results/",
        views.PhaseResultsView.as_view(),
        name="phase_results",
    ),
    path(PROJECT + "tasks/<int:task>/", views.TaskEditView.as_view(), name="task_edit"),
    path(
        PROJECT + "checklists/<int:checklist>/",
        views.ChecklistView.as_view(),
        name="checklist",
    ),
    path(PROJECT + "results/<int:result>/", views.ResultEditView.as_view(), name="result_edit"),
    path(
        PROJECT + "results/<int:result>/file/",
        views.ResultFileView.as_view(),
        name="result_file",
    ),
    path(PROJECT + "advance/", views.AdvanceView.as_view(), name="advance"),
    path(PROJECT + "return/", views.ReturnView.as_view(), name="return"),
    path(PROJECT + "history/", views.HistoryView.as_view(), name="history"),
    path(PROJECT + "timeline/", views.TimelineView.as_view(), name="timeline"),
    path(PROJECT + "members/", views.ProjectMembersView.as_view(), name="project_members"),
]
