from phases.routes import pages

from . import views
from .opinion import urls as opinion_urls
from .text import views as text_views

app_name = "participation"

P = "r/<slug:region>/projects/<int:project>/participation/"
R = P + "rounds/<int:round>/"

urlpatterns = [
    # staff: phases 1–2
    *pages(
        P,
        ("", views.OverviewView, "overview"),
        ("stakeholders/new/", views.StakeholderCreateView, "stakeholder_new"),
        ("stakeholders/<int:stakeholder>/", views.StakeholderUpdateView, "stakeholder_edit"),
        ("plan/new/", views.PlanItemCreateView, "plan_new"),
        ("plan/<int:item>/", views.PlanItemUpdateView, "plan_edit"),
        ("activities/new/", views.ActivityCreateView, "activity_new"),
        ("activities/<int:activity>/", views.ActivityUpdateView, "activity_edit"),
        ("inputs/", views.InputListView, "inputs"),
        ("inputs/new/", views.InputCreateView, "input_new"),
        ("inputs/<int:input>/", views.InputDetailView, "input_detail"),
        ("inputs/<int:input>/edit/", views.InputUpdateView, "input_edit"),
        ("synthesis/", views.SynthesisView, "synthesis"),
        ("synthesis/<slug:perspective>/", views.SynthesisEditView, "synthesis_edit"),
        ("matrix/", views.MatrixView, "matrix"),
        ("settings/", views.SettingsView, "settings"),
        # staff: phase 3
        ("rounds/new/", views.RoundCreateView, "round_new"),
    ),
    *pages(
        R,
        ("", views.RoundDetailView, "round"),
        ("close/", views.RoundCloseView, "round_close"),
        ("moderation/", views.ModerationView, "moderation"),
        ("analysis/", views.AnalysisView, "analysis"),
        ("themes/", text_views.ThemesView, "themes"),
        ("themes/export.csv", text_views.ThemesExportView, "themes_export"),
        ("responses/<int:comment>/perspective/", text_views.PerspectiveView, "comment_perspective"),
        ("summary/", views.SummaryView, "summary"),
        ("export.<str:fmt>", views.ExportView, "export"),
        ("requests/new/", views.StatementRequestCreateView, "request_new"),
        ("bodies/<int:body>/record/", views.StatementPostView, "body_record"),
        ("bodies/<int:body>/file/", views.StatementFileView, "body_file"),
    ),
    # staff: phase 6
    *pages(P, ("feedback/", views.FeedbackListView, "feedback_list")),
    # public
    *pages(
        "",
        ("round/<int:round>/", views.PublicRoundView, "public_round"),
        ("statement/<str:token>/", views.PublicStatementView, "statement"),
        ("statement/<str:token>/file/", views.PublicStatementFileView, "statement_file"),
        ("feedback/<slug:region>/", views.PublicFeedbackView, "feedback"),
        ("feedback/<slug:region>/thanks/", views.PublicFeedbackThanksView, "feedback_thanks"),
    ),
]

# the opinion round (phase 2), its own sub-package
urlpatterns += opinion_urls.urlpatterns
