from .routes import pages
from .views import account, dashboard, project, regions, site

app_name = "phases"

REGION = "r/<slug:region>/"
PROJECT = "r/<slug:region>/projects/<int:project>/"

urlpatterns = [
    *pages(
        "",
        ("", regions.RegionListView, "region_list"),
        (
            "p/<slug:region>/accessibility/",
            site.StatementView.as_view(template_name="pages/accessibility.html"),
            "region_accessibility",
        ),
        (
            "p/<slug:region>/privacy/",
            site.StatementView.as_view(template_name="pages/privacy.html"),
            "region_privacy",
        ),
        ("regions/new/", regions.RegionCreateView, "region_create"),
    ),
    *pages(
        REGION,
        ("", regions.RegionDetailView, "region_detail"),
        ("members/", regions.MembersView, "members"),
        ("settings/", regions.RegionSettingsView, "region_settings"),
        ("members/<int:membership>/", regions.MemberEditView, "member_edit"),
        ("members/<int:membership>/remove/", regions.MemberRemoveView, "member_remove"),
    ),
    *pages(
        "",
        ("account/settings/", account.UserSettingsView, "user_settings"),
        ("calendar/<str:feed_token>.ics", account.CalendarFeedView, "calendar_feed"),
    ),
    *pages(REGION, ("projects/new/", regions.ProjectCreateView, "project_create")),
    *pages(
        PROJECT,
        ("", dashboard.ProjectDashboardView, "project_dashboard"),
        ("phase/<int:phase>/", dashboard.ProjectDashboardView, "project_phase"),
        ("phase/<int:phase>/tasks/", dashboard.PhaseTasksView, "phase_tasks"),
        ("phase/<int:phase>/results/", dashboard.PhaseResultsView, "phase_results"),
        ("tasks/<int:task>/", dashboard.TaskEditView, "task_edit"),
        ("checklists/<int:checklist>/", dashboard.ChecklistView, "checklist"),
        ("results/<int:result>/", dashboard.ResultEditView, "result_edit"),
        ("results/<int:result>/file/", dashboard.ResultFileView, "result_file"),
        ("advance/", dashboard.AdvanceView, "advance"),
        ("return/", dashboard.ReturnView, "return"),
        ("history/", project.HistoryView, "history"),
        ("timeline/", dashboard.TimelineView, "timeline"),
        ("members/", project.ProjectMembersView, "project_members"),
    ),
]
