from django.urls import path

from binhdang.analytics import views

app_name = "analytics"

urlpatterns = [
    path("<int:period_id>/", views.dashboard, name="dashboard"),
    path("<int:period_id>/render/", views.start_render, name="render"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
]
