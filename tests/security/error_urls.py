"""A URLconf for one test: a view that fails with survivor data in its exception."""

from django.urls import include, path


def failing_view(request):
    name = request.POST.get("given_names", "")
    raise ValueError(f"could not save {name}")


urlpatterns = [path("boom/", failing_view), path("", include("config.urls"))]
