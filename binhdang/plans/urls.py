from django.urls import path

from binhdang.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import, name="plan_import"),
    path("my-tasks/", views.workspace, name="workspace"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/publish/", views.plan_publish, name="plan_publish"),
    path("<int:plan_id>/delete/", views.plan_delete, name="plan_delete"),
    path("import/jobs/<int:job_id>/", views.import_job, name="import_job"),
    path("<int:plan_id>/confirm/", views.plan_confirm, name="plan_confirm"),
    path("tasks/<int:task_id>/areas/", views.task_areas, name="task_areas"),
    path(
        "<int:plan_id>/addressees/<int:addressee_id>/create-bodies/",
        views.addressee_create_bodies,
        name="addressee_create_bodies",
    ),
    path("<int:plan_id>/matrix/", views.plan_matrix, name="plan_matrix"),
    path(
        "<int:plan_id>/addressees/<int:addressee_id>/resolve/",
        views.addressee_resolve,
        name="addressee_resolve",
    ),
    path("tasks/<int:task_id>/units/<str:code>/", views.task_progress, name="task_progress"),
    path("tasks/<int:task_id>/units/<str:code>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
]
