import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and uptime checks: is the database and the broker reachable?
    Says nothing else (no versions, no counts)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception:  # any failure means "not healthy"; the details are for the logs, not the caller
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
