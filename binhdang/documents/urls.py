"""The documents' URLs. `binhdang/config/urls.py` mounts them at the root so that they keep the
paths they had before the documents moved here: the render jobs under /dashboard/, the reminder
letter under /reports/."""

from django.urls import path

from binhdang.documents import views

app_name = "documents"

urlpatterns = [
    path("dashboard/<int:period_id>/render/", views.start_render, name="render"),
    path("dashboard/jobs/<int:job_id>/", views.job, name="job"),
    path("dashboard/jobs/<int:job_id>/download/", views.job_download, name="job_download"),
    path("dashboard/<int:period_id>/text/", views.narrative, name="narrative"),
    path("dashboard/<int:period_id>/text/save/", views.narrative_save, name="narrative_save"),
    path("reports/<int:period_id>/progress/letter.docx", views.reminder_letter, name="reminder_letter"),
]
