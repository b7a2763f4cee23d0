import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from casework import hooks


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and uptime checks: is the database and the broker reachable?
    Says nothing else (no versions, no counts), except to a signed-in administrator, who
    also sees the details other apps report (e.g. reminder emails not sent after an hour)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception:  # any failure means "not healthy"; the details are for the logs, not the caller
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    body = "ok\n"
    if request.user.is_authenticated and request.user.is_staff:
        body += "".join(f"{line}\n" for check in hooks.health_details() for line in check())
    return HttpResponse(body, content_type="text/plain")
