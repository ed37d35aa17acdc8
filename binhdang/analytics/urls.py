from django.urls import path

from binhdang.analytics import views

app_name = "analytics"

urlpatterns = [
    path("<int:period_id>/", views.dashboard, name="dashboard"),
]
