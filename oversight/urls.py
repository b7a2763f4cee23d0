from django.urls import path

from oversight import views

urlpatterns = [
    path("backlog/", views.backlog_page, name="backlog"),
    path("backlog/cases/", views.backlog_cases, name="backlog_cases"),
    path("backlog/cases.csv", views.backlog_csv, name="backlog_csv"),
    path("backlog/statistics/", views.statistics_page, name="statistics"),
    path("backlog/justice/", views.funnel_page, name="justice_funnel"),
]
