from phases.routes import pages

from .opinion import urls as opinion_urls
from .text import views as text_views
from .views import feedback, planning, public, rounds, statements

app_name = "participation"

P = "r/<slug:region>/projects/<int:project>/participation/"
R = P + "rounds/<int:round>/"

urlpatterns = [
    # staff: phases 1–2
    *pages(
        P,
        ("", planning.OverviewView, "overview"),
        ("stakeholders/new/", planning.StakeholderCreateView, "stakeholder_new"),
        ("stakeholders/<int:stakeholder>/", planning.StakeholderUpdateView, "stakeholder_edit"),
        ("plan/new/", planning.PlanItemCreateView, "plan_new"),
        ("plan/<int:item>/", planning.PlanItemUpdateView, "plan_edit"),
        ("activities/new/", planning.ActivityCreateView, "activity_new"),
        ("activities/<int:activity>/", planning.ActivityUpdateView, "activity_edit"),
        ("inputs/", planning.InputListView, "inputs"),
        ("inputs/new/", planning.InputCreateView, "input_new"),
        ("inputs/<int:input>/", planning.InputDetailView, "input_detail"),
        ("inputs/<int:input>/edit/", planning.InputUpdateView, "input_edit"),
        ("synthesis/", planning.SynthesisView, "synthesis"),
        ("synthesis/<slug:perspective>/", planning.SynthesisEditView, "synthesis_edit"),
        ("matrix/", planning.MatrixView, "matrix"),
        ("settings/", planning.SettingsView, "settings"),
        # staff: phase 3
        ("rounds/new/", rounds.RoundCreateView, "round_new"),
    ),
    *pages(
        R,
        ("", rounds.RoundDetailView, "round"),
        ("close/", rounds.RoundCloseView, "round_close"),
        ("moderation/", rounds.ModerationView, "moderation"),
        ("analysis/", rounds.AnalysisView, "analysis"),
        ("themes/", text_views.ThemesView, "themes"),
        ("themes/export.csv", text_views.ThemesExportView, "themes_export"),
        ("responses/<int:comment>/perspective/", text_views.PerspectiveView, "comment_perspective"),
        ("summary/", rounds.SummaryView, "summary"),
        ("export.<str:fmt>", rounds.ExportView, "export"),
        ("requests/new/", statements.StatementRequestCreateView, "request_new"),
        ("bodies/<int:body>/record/", statements.StatementPostView, "body_record"),
        ("bodies/<int:body>/file/", statements.StatementFileView, "body_file"),
    ),
    # staff: phase 6
    *pages(P, ("feedback/", feedback.FeedbackListView, "feedback_list")),
    # public
    *pages(
        "",
        ("round/<int:round>/", public.PublicRoundView, "public_round"),
        ("statement/<str:token>/", public.PublicStatementView, "statement"),
        ("statement/<str:token>/file/", public.PublicStatementFileView, "statement_file"),
        ("feedback/<slug:region>/", public.PublicFeedbackView, "feedback"),
        ("feedback/<slug:region>/thanks/", public.PublicFeedbackThanksView, "feedback_thanks"),
    ),
]

# the opinion round (phase 2), its own sub-package
urlpatterns += opinion_urls.urlpatterns
