from django.urls import path

from promises.followup import views as followup_views

from . import views

app_name = "public"

urlpatterns = [
    path("p/<slug:region>/", views.PromiseView.as_view(), name="promise"),
    path("p/<slug:region>/json/", views.PromiseJsonView.as_view(), name="json"),
    path("p/<slug:region>/archive/", views.ArchiveView.as_view(), name="archive"),
    path("p/<slug:region>/summary/", views.SummaryView.as_view(), name="summary"),
    path("p/<slug:region>/<int:decision>/", views.PromiseView.as_view(), name="decision"),
    path(
        "p/<slug:region>/<int:decision>/json/",
        views.PromiseJsonView.as_view(),
        name="decision_json",
    ),
    path("p/<slug:region>/pdf/<int:document>/", views.DocumentView.as_view(), name="document"),
    path(
        "p/<slug:region>/follow-up/<int:year>/",
        followup_views.FollowUpPublicView.as_view(),
        name="follow_up",
    ),
    path(
        "p/<slug:region>/follow-up/<int:year>/pdf/",
        followup_views.FollowUpPublicPdfView.as_view(),
        name="follow_up_pdf",
    ),
    path(
        "p/<slug:region>/follow-up/<int:year>/json/",
        followup_views.FollowUpPublicJsonView.as_view(),
        name="follow_up_json",
    ),
]
