from phases.routes import pages

from . import views

app_name = "promises_decision"

urlpatterns = pages(
    "r/<slug:region>/projects/<int:project>/decision/",
    ("", views.PackageView, "package"),
    ("preview/", views.PreviewHtmlView, "preview"),
    ("preview/pdf/", views.PreviewPdfView, "preview_pdf"),
    ("record/", views.RecordView, "record"),
    ("<int:decision>/documents/", views.RenderDocumentsView, "render_documents"),
)
