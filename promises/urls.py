from phases.routes import pages

from .followup import views as followup_views
from .views import editor, edits, strategy, versions

app_name = "promises"

REGION = "r/<slug:region>/"
PROJECT = "r/<slug:region>/projects/<int:project>/"
PROMISE = PROJECT + "promises/<int:promise>/"

urlpatterns = [
    *pages(
        REGION + "strategy/",
        ("", strategy.StrategyListView, "strategy"),
        ("import/", strategy.StrategyImportView, "strategy_import"),
        ("<int:goal>/", strategy.StrategyEditView, "strategy_edit"),
        ("<int:goal>/active/", strategy.StrategyActiveView, "strategy_active"),
    ),
    *pages(PROJECT, ("promises/", editor.PromiseListView, "promise_list")),
    *pages(
        PROMISE,
        ("", editor.EditorView, "editor"),
        ("perspectives/<slug:perspective>/", editor.PerspectiveEditorView, "editor_perspective"),
        ("edit/", edits.PromiseEditView, "promise_edit"),
        ("cells/<int:cell>/", edits.CellEditView, "cell_edit"),
        ("cells/<int:cell>/statements/", edits.StatementAddView, "statement_add"),
        ("statements/<int:statement>/", edits.StatementEditView, "statement_edit"),
        ("statements/<int:statement>/delete/", edits.StatementDeleteView, "statement_delete"),
        ("statements/<int:statement>/move/", edits.StatementMoveView, "statement_move"),
        ("commitments/new/", edits.CommitmentCreateView, "commitment_add"),
        ("commitments/<int:commitment>/", edits.CommitmentEditView, "commitment_edit"),
        ("commitments/<int:commitment>/delete/", edits.CommitmentDeleteView, "commitment_delete"),
        ("finalisation/", editor.FinalisationView, "finalisation"),
        ("versions/", versions.VersionListView, "versions"),
        ("versions/<int:version>/", versions.VersionDetailView, "version_detail"),
        ("compare/", versions.CompareView, "compare"),
        ("wheel/", versions.WheelView, "wheel"),
        ("history/", versions.PromiseHistoryView, "promise_history"),
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
