from phases.routes import pages

from . import views
from .followup import views as followup_views

app_name = "promises"

REGION = "r/<slug:region>/"
PROJECT = "r/<slug:region>/projects/<int:project>/"
PROMISE = PROJECT + "promises/<int:promise>/"

urlpatterns = [
    *pages(
        REGION + "strategy/",
        ("", views.StrategyListView, "strategy"),
        ("import/", views.StrategyImportView, "strategy_import"),
        ("<int:goal>/", views.StrategyEditView, "strategy_edit"),
        ("<int:goal>/active/", views.StrategyActiveView, "strategy_active"),
    ),
    *pages(PROJECT, ("promises/", views.PromiseListView, "promise_list")),
    *pages(
        PROMISE,
        ("", views.EditorView, "editor"),
        ("perspectives/<slug:perspective>/", views.PerspectiveEditorView, "editor_perspective"),
        ("edit/", views.PromiseEditView, "promise_edit"),
        ("cells/<int:cell>/", views.CellEditView, "cell_edit"),
        ("cells/<int:cell>/statements/", views.StatementAddView, "statement_add"),
        ("statements/<int:statement>/", views.StatementEditView, "statement_edit"),
        ("statements/<int:statement>/delete/", views.StatementDeleteView, "statement_delete"),
        ("statements/<int:statement>/move/", views.StatementMoveView, "statement_move"),
        ("commitments/new/", views.CommitmentCreateView, "commitment_add"),
        ("commitments/<int:commitment>/", views.CommitmentEditView, "commitment_edit"),
        ("commitments/<int:commitment>/delete/", views.CommitmentDeleteView, "commitment_delete"),
        ("finalisation/", views.FinalisationView, "finalisation"),
        ("versions/", views.VersionListView, "versions"),
        ("versions/<int:version>/", views.VersionDetailView, "version_detail"),
        ("compare/", views.CompareView, "compare"),
        ("wheel/", views.WheelView, "wheel"),
        ("history/", views.PromiseHistoryView, "promise_history"),
    ),
    # the yearly follow-up report of the promise in force (phase 6)
    *pages(
        PROJECT + "follow-up/",
        ("", followup_views.FollowUpListView, "follow_up_list"),
        ("<int:report>/", followup_views.FollowUpEditView, "follow_up"),
        ("<int:report>/approve/", followup_views.FollowUpApproveView, "follow_up_approve"),
        ("<int:report>/publish/", followup_views.FollowUpPublishView, "follow_up_publish"),
    ),
]
