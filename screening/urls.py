from django.urls import path

from casework import converters
from screening import views

assert converters  # registers <case_ref:...>

PREFIX = "cases/<case_ref:reference>/screening/"

urlpatterns = [
    path(f"{PREFIX}start/", views.interview_start, name="screening_start"),
    path(f"{PREFIX}<int:interview_id>/", views.interview_page, name="screening_interview"),
    path(f"{PREFIX}<int:interview_id>/check/", views.check_answers, name="screening_check"),
    path(f"{PREFIX}<int:interview_id>/stop/", views.stop_interview, name="screening_stop"),
    path(f"{PREFIX}<int:interview_id>/print/", views.print_interview, name="screening_print"),
    path(f"{PREFIX}<int:interview_id>/amend/<slug:section>/", views.amend_section, name="screening_amend"),
    path(f"{PREFIX}<int:interview_id>/<slug:section>/", views.section_page, name="screening_section"),
]
