from django.urls import path

from binhdang.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.mark_all_notifications_read, name="mark_all_read"),
]
