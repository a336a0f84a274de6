from . import views
from .routes import pages

app_name = "phases"

REGION = "r/<slug:region>/"
PROJECT = "r/<slug:region>/projects/<int:project>/"

urlpatterns = [
    *pages(
        "",
        ("", views.RegionListView, "region_list"),
        (
            "p/<slug:region>/accessibility/",
            views.StatementView.as_view(template_name="pages/accessibility.html"),
            "region_accessibility",
        ),
        (
            "p/<slug:region>/privacy/",
            views.StatementView.as_view(template_name="pages/privacy.html"),
            "region_privacy",
        ),
        ("regions/new/", views.RegionCreateView, "region_create"),
    ),
    *pages(
        REGION,
        ("", views.RegionDetailView, "region_detail"),
        ("members/", views.MembersView, "members"),
        ("settings/", views.RegionSettingsView, "region_settings"),
        ("members/<int:membership>/", views.MemberEditView, "member_edit"),
        ("members/<int:membership>/remove/", views.MemberRemoveView, "member_remove"),
    ),
    *pages(
        "",
        ("account/settings/", views.UserSettingsView, "user_settings"),
        ("calendar/<str:feed_token>.ics", views.CalendarFeedView, "calendar_feed"),
    ),
    *pages(REGION, ("projects/new/", views.ProjectCreateView, "project_create")),
    *pages(
        PROJECT,
        ("", views.ProjectDashboardView, "project_dashboard"),
        ("phase/<int:phase>/", views.ProjectDashboardView, "project_phase"),
        ("phase/<int:phase>/tasks/", views.PhaseTasksView, "phase_tasks"),
        ("phase/<int:phase>/results/", views.PhaseResultsView, "phase_results"),
        ("tasks/<int:task>/", views.TaskEditView, "task_edit"),
        ("checklists/<int:checklist>/", views.ChecklistView, "checklist"),
        ("results/<int:result>/", views.ResultEditView, "result_edit"),
        ("results/<int:result>/file/", views.ResultFileView, "result_file"),
        ("advance/", views.AdvanceView, "advance"),
        ("return/", views.ReturnView, "return"),
        ("history/", views.HistoryView, "history"),
        ("timeline/", views.TimelineView, "timeline"),
        ("members/", views.ProjectMembersView, "project_members"),
    ),
]
