from django.urls import path

from . import views

app_name = "indicators"

BASE = "r/<slug:region>/projects/<int:project>/indicators/"

urlpatterns = [
    path(BASE, views.OverviewView.as_view(), name="overview"),
    path(BASE + "new/", views.IndicatorCreateView.as_view(), name="create"),
    path(BASE + "import/", views.ImportView.as_view(), name="import"),
    path(BASE + "export.csv", views.ExportView.as_view(), name="export"),
    path(BASE + "evaluation/", views.EvaluationView.as_view(), name="evaluation_current"),
    path(BASE + "evaluation/<int:year>/", views.EvaluationView.as_view(), name="evaluation"),
    path(
        BASE + "evaluation/<int:year>/commitments/<int:commitment>/",
        views.AssessmentEditView.as_view(),
        name="assessment_edit",
    ),
    path(BASE + "<int:indicator>/", views.IndicatorDetailView.as_view(), name="detail"),
    path(BASE + "<int:indicator>/edit/", views.IndicatorEditView.as_view(), name="edit"),
    path(BASE + "<int:indicator>/delete/", views.IndicatorDeleteView.as_view(), name="delete"),
    path(
        BASE + "<int:indicator>/measurements/<int:measurement>/delete/",
        views.MeasurementDeleteView.as_view(),
        name="measurement_delete",
    ),
]

urlpatterns += [
    path(
        BASE + "<int:indicator>/sotkanet/",
        views.SotkanetFetchView.as_view(),
        name="sotkanet_fetch",
    ),
    path("r/<slug:region>/sotkanet/", views.SotkanetRegionView.as_view(), name="sotkanet_region"),
]
urlpatterns += [
    path("p/", views.NationalView.as_view(), name="national"),
]
