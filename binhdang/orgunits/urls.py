from django.urls import path

from binhdang.orgunits import views

app_name = "orgunits"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<str:code>/", views.unit_detail, name="unit_detail"),
    path("<str:code>/edit/", views.unit_edit, name="unit_edit"),
]
