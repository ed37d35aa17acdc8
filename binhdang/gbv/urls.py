from django.urls import path

from binhdang.gbv import views

app_name = "gbv"

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/search/", views.case_search, name="case_search"),
    path("cases/<str:code>/", views.case_detail, name="case_detail"),
    path("cases/<str:code>/break-glass/", views.break_glass, name="break_glass"),
    path("cases/<str:code>/export/", views.case_export, name="case_export"),
    path("cases/<str:code>/erase/", views.case_erase, name="case_erase"),
    path("cases/<str:code>/<str:what>/", views.case_action, name="case_action"),
    path("api/cases/", views.api_cases, name="api_cases"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/<str:move>/", views.referral_move, name="referral_move"),
    path("access-log/", views.access_log, name="access_log"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics/fill-report/", views.fill_report, name="fill_report"),
    path("directory/", views.directory, name="directory"),
    path("directory/new/", views.directory_edit, name="directory_new"),
    path("directory/<int:provider_id>/edit/", views.directory_edit, name="directory_edit"),
    path("services/", views.public_directory, name="public_directory"),
    path("services.json", views.public_directory_json, name="public_directory_json"),
]
