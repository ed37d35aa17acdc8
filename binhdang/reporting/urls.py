from django.urls import path

from binhdang.reporting import history_views, import_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("desk/", views.desk, name="desk"),
    path("<int:period_id>/progress/", views.progress, name="progress"),
    path("<int:period_id>/progress/remind/", views.remind_many, name="remind_many"),
    path("<int:period_id>/<str:code>/", views.entry, name="entry"),
    path("<int:period_id>/<str:code>/save/", views.save_cells, name="save_cells"),
    path("<int:period_id>/<str:code>/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("<int:period_id>/<str:code>/step/<str:step>/", views.transition, name="transition"),
    path("<int:period_id>/<str:code>/remind/", views.remind, name="remind"),
    path("<int:period_id>/<str:code>/extend/", views.extend, name="extend"),
    path("<int:period_id>/<str:code>/xlsx/import/", import_views.upload, name="import_xlsx"),
    path("<int:period_id>/<str:code>/xlsx/import/confirm/", import_views.confirm, name="import_confirm"),
    path("<int:period_id>/<str:code>/history/", history_views.history, name="history"),
    path("<int:period_id>/<str:code>/history/restore/", history_views.restore, name="history_restore"),
]
