from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("regions/", views.RegionsJsonView.as_view(), name="regions"),
]
urlpatterns += [
    path("open-data.schema.json", views.SchemaView.as_view(), name="schema"),
]
