from django.urls import path

from binhdang.analytics import views

app_name = "analytics"

urlpatterns = [
    path("<int:period_id>/", views.dashboard, name="dashboard"),
    path("current/<str:page>/", views.current, name="current"),
]
