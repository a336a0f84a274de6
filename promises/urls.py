from django.urls import path

from . import views
from .followup import views as followup_views

app_name = "promises"

REGION = "r/<slug:region>/"
PROJECT = "r/<slug:region>/projects/<int:project>/"
PROMISE = PROJECT + "promises/<int:promise>/"

urlpatterns = [
    path(REGION + "strategy/", views.StrategyListView.as_view(), name="strategy"),
    path(REGION + "strategy/import/", views.StrategyImportView.as_view(), name="strategy_import"),
    path(REGION + "strategy/<int:goal>/", views.StrategyEditView.as_view(), name="strategy_edit"),
    path(
        REGION + "strategy/<int:goal>/active/",
        views.StrategyActiveView.as_view(),
        name="strategy_active",
    ),
    path(PROJECT + "promises/", views.PromiseListView.as_view(), name="promise_list"),
    path(PROMISE, views.EditorView.as_view(), name="editor"),
    path(
        PROMISE + "perspectives/<slug:perspective>/",
        views.PerspectiveEditorView.as_view(),
        name="editor_perspective",
    ),
    path(PROMISE + "edit/", views.PromiseEditView.as_view(), name="promise_edit"),
    path(PROMISE + "cells/<int:cell>/", views.CellEditView.as_view(), name="cell_edit"),
    path(
        PROMISE + "cells/<int:cell>/statements/",
        views.StatementAddView.as_view(),
        name="statement_add",
    ),
    path(
        PROMISE + "statements/<int:statement>/",
        views.StatementEditView.as_view(),
        name="statement_edit",
    ),
    path(
        PROMISE + "statements/<int:statement>/delete/",
        views.StatementDeleteView.as_view(),
        name="statement_delete",
    ),
    path(
        PROMISE + "statements/<int:statement>/move/",
        views.StatementMoveView.as_view(),
        name="statement_move",
    ),
    path(PROMISE + "commitments/new/", views.CommitmentCreateView.as_view(), name="commitment_add"),
    path(
        PROMISE + "commitments/<int:commitment>/",
        views.CommitmentEditView.as_view(),
        name="commitment_edit",
    ),
    path(
        PROMISE + "commitments/<int:commitment>/delete/",
        views.CommitmentDeleteView.as_view(),
        name="commitment_delete",
    ),
    path(PROMISE + "finalisation/", views.FinalisationView.as_view(), name="finalisation"),
    path(PROMISE + "versions/", views.VersionListView.as_view(), name="versions"),
    path(
        PROMISE + "versions/<int:version>/",
        views.VersionDetailView.as_view(),
        name="version_detail",
    ),
    path(PROMISE + "compare/", views.CompareView.as_view(), name="compare"),
    path(PROMISE + "wheel/", views.WheelView.as_view(), name="wheel"),
    path(PROMISE + "history/", views.PromiseHistoryView.as_view(), name="promise_history"),
    # the yearly follow-up report of the promise in force (phase 6)
    path(PROJECT + "follow-up/", followup_views.FollowUpListView.as_view(), name="follow_up_list"),
    path(
        PROJECT + "follow-up/<int:report>/",
        followup_views.FollowUpEditView.as_view(),
        name="follow_up",
    ),
    path(
        PROJECT + "follow-up/<int:report>/approve/",
        followup_views.FollowUpApproveView.as_view(),
        name="follow_up_approve",
    ),
    path(
        PROJECT + "follow-up/<int:report>/publish/",
        followup_views.FollowUpPublishView.as_view(),
        name="follow_up_publish",
    ),
]
