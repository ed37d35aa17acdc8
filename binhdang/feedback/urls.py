from django.urls import path

from binhdang.feedback import views

app_name = "feedback"

urlpatterns = [
    # The public intake: no login.
    path("", views.start, name="start"),
    path("<str:province>/new/", views.file, name="file"),
    path("<str:province>/violence/", views.gbv_help, name="gbv_help"),
    path("sent/", views.filed, name="filed"),
    path("status/", views.track, name="track"),
    # The handlers.
    path("items/", views.item_list, name="list"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/<str:step>/", views.item_step, name="step"),
    path("files/<int:attachment_id>/", views.attachment, name="attachment"),
]
