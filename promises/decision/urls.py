from django.urls import path

from . import views

app_name = "promises_decision"

prefix = "r/<slug:region>/projects/<int:project>/decision/"

urlpatterns = [
    path(prefix, views.PackageView.as_view(), name="package"),
    path(f"{prefix}preview/", views.PreviewHtmlView.as_view(), name="preview"),
    path(f"{prefix}preview/pdf/", views.PreviewPdfView.as_view(), name="preview_pdf"),
    path(f"{prefix}record/", views.RecordView.as_view(), name="record"),
    path(
        f"{prefix}<int:decision>/documents/",
        views.RenderDocumentsView.as_view(),
        name="render_documents",
    ),
]
