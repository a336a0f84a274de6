from phases.routes import pages
from promises.followup import views as followup_views

from . import views

app_name = "public"

REGION = "p/<slug:region>/"

urlpatterns = pages(
    REGION,
    ("", views.PromiseView, "promise"),
    ("json/", views.PromiseJsonView, "json"),
    ("archive/", views.ArchiveView, "archive"),
    ("summary/", views.SummaryView, "summary"),
    ("<int:decision>/", views.PromiseView, "decision"),
    ("<int:decision>/json/", views.PromiseJsonView, "decision_json"),
    ("pdf/<int:document>/", views.DocumentView, "document"),
    ("follow-up/<int:year>/", followup_views.FollowUpPublicView, "follow_up"),
    ("follow-up/<int:year>/pdf/", followup_views.FollowUpPublicPdfView, "follow_up_pdf"),
    ("follow-up/<int:year>/json/", followup_views.FollowUpPublicJsonView, "follow_up_json"),
)
