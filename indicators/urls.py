from phases.routes import pages

from . import views

app_name = "indicators"

BASE = "r/<slug:region>/projects/<int:project>/indicators/"

urlpatterns = [
    *pages(
        BASE,
        ("", views.OverviewView, "overview"),
        ("new/", views.IndicatorCreateView, "create"),
        ("import/", views.ImportView, "import"),
        ("export.csv", views.ExportView, "export"),
        ("evaluation/", views.EvaluationView, "evaluation_current"),
        ("evaluation/<int:year>/", views.EvaluationView, "evaluation"),
        (
            "evaluation/<int:year>/commitments/<int:commitment>/",
            views.AssessmentEditView,
            "assessment_edit",
        ),
        ("<int:indicator>/", views.IndicatorDetailView, "detail"),
        ("<int:indicator>/edit/", views.IndicatorEditView, "edit"),
        ("<int:indicator>/delete/", views.IndicatorDeleteView, "delete"),
        (
            "<int:indicator>/measurements/<int:measurement>/delete/",
            views.MeasurementDeleteView,
            "measurement_delete",
        ),
        ("<int:indicator>/sotkanet/", views.SotkanetFetchView, "sotkanet_fetch"),
    ),
    *pages(
        "",
        ("r/<slug:region>/sotkanet/", views.SotkanetRegionView, "sotkanet_region"),
        ("p/", views.NationalView, "national"),
    ),
]
