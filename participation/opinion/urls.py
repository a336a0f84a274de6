"""The opinion round's URLs (included by participation.urls, in its namespace)."""

from django.urls import path

from . import views

P = "r/<slug:region>/projects/<int:project>/participation/opinion/"
O = P + "<int:opinion>/"  # noqa: E741
PUBLIC = "p/<slug:region>/opinion/<int:opinion>/"

urlpatterns = [
    # staff
    path(P, views.OpinionListView.as_view(), name="opinion_list"),
    path(P + "new/", views.OpinionCreateView.as_view(), name="opinion_new"),
    path(O, views.OpinionRoundView.as_view(), name="opinion"),
    path(O + "close/", views.OpinionCloseView.as_view(), name="opinion_close"),
    path(O + "statements/new/", views.SeedStatementView.as_view(), name="opinion_statement_new"),
    path(O + "moderation/", views.OpinionModerationView.as_view(), name="opinion_moderation"),
    path(O + "results/", views.OpinionResultsView.as_view(), name="opinion_results"),
    # public
    path(PUBLIC, views.PublicOpinionView.as_view(), name="public_opinion"),
    path(
        PUBLIC + "statement/",
        views.PublicOpinionStatementView.as_view(),
        name="public_opinion_statement",
    ),
    path(
        PUBLIC + "results/", views.PublicOpinionResultsView.as_view(), name="public_opinion_results"
    ),
    path(
        PUBLIC + "results.<str:fmt>",
        views.PublicOpinionExportView.as_view(),
        name="public_opinion_export",
    ),
]
