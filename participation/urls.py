from django.urls import path

from . import views
from .opinion import urls as opinion_urls
from .text import views as text_views

app_name = "participation"

P = "r/<slug:region>/projects/<int:project>/participation/"
R = P + "rounds/<int:round>/"

urlpatterns = [
    # staff: phases 1–2
    path(P, views.OverviewView.as_view(), name="overview"),
    path(P + "stakeholders/new/", views.StakeholderCreateView.as_view(), name="stakeholder_new"),
    path(
        P + "stakeholders/<int:stakeholder>/",
        views.StakeholderUpdateView.as_view(),
        name="stakeholder_edit",
    ),
    path(P + "plan/new/", views.PlanItemCreateView.as_view(), name="plan_new"),
    path(P + "plan/<int:item>/", views.PlanItemUpdateView.as_view(), name="plan_edit"),
    path(P + "activities/new/", views.ActivityCreateView.as_view(), name="activity_new"),
    path(
        P + "activities/<int:activity>/", views.ActivityUpdateView.as_view(), name="activity_edit"
    ),
    path(P + "inputs/", views.InputListView.as_view(), name="inputs"),
    path(P + "inputs/new/", views.InputCreateView.as_view(), name="input_new"),
    path(P + "inputs/<int:input>/", views.InputDetailView.as_view(), name="input_detail"),
    path(P + "inputs/<int:input>/edit/", views.InputUpdateView.as_view(), name="input_edit"),
    path(P + "synthesis/", views.SynthesisView.as_view(), name="synthesis"),
    path(
        P + "synthesis/<slug:perspective>/",
        views.SynthesisEditView.as_view(),
        name="synthesis_edit",
    ),
    path(P + "matrix/", views.MatrixView.as_view(), name="matrix"),
    path(P + "settings/", views.SettingsView.as_view(), name="settings"),
    # staff: phase 3
    path(P + "rounds/new/", views.RoundCreateView.as_view(), name="round_new"),
    path(R, views.RoundDetailView.as_view(), name="round"),
    path(R + "close/", views.RoundCloseView.as_view(), name="round_close"),
    path(R + "moderation/", views.ModerationView.as_view(), name="moderation"),
    path(R + "analysis/", views.AnalysisView.as_view(), name="analysis"),
    path(R + "themes/", text_views.ThemesView.as_view(), name="themes"),
    path(R + "themes/export.csv", text_views.ThemesExportView.as_view(), name="themes_export"),
    path(
        R + "responses/<int:comment>/perspective/",
        text_views.PerspectiveView.as_view(),
        name="comment_perspective",
    ),
    path(R + "summary/", views.SummaryView.as_view(), name="summary"),
    path(R + "export.<str:fmt>", views.ExportView.as_view(), name="export"),
    path(R + "requests/new/", views.StatementRequestCreateView.as_view(), name="request_new"),
    path(R + "bodies/<int:body>/record/", views.StatementPostView.as_view(), name="body_record"),
    path(R + "bodies/<int:body>/file/", views.StatementFileView.as_view(), name="body_file"),
    # staff: phase 6
    path(P + "feedback/", views.FeedbackListView.as_view(), name="feedback_list"),
    # public
    path("round/<int:round>/", views.PublicRoundView.as_view(), name="public_round"),
    path("statement/<str:token>/", views.PublicStatementView.as_view(), name="statement"),
    path(
        "statement/<str:token>/file/",
        views.PublicStatementFileView.as_view(),
        name="statement_file",
    ),
    path("feedback/<slug:region>/", views.PublicFeedbackView.as_view(), name="feedback"),
    path(
        "feedback/<slug:region>/thanks/",
        views.PublicFeedbackThanksView.as_view(),
        name="feedback_thanks",
    ),
]

# the opinion round (phase 2), its own sub-package
urlpatterns += opinion_urls.urlpatterns
