import time
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from casework import audit
from casework.security import mfa
from casework.vocabularies import AuditAction

SESSION_STARTED_KEY = "signed_in_at"


class NoStoreForAuthenticatedMiddleware:
    """Pages for signed-in staff are never stored by browsers or proxies: caseworkers
    may use shared or hostel computers (ASVS 8.2.1)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


# Pages an authenticated but not yet verified user may reach: signing in and out,
# two-factor enrolment, static files and /healthz.
MFA_ALLOWED_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/mfa/", "/static/", "/healthz")


class HtmxSignInMiddleware:
    """htmx follows a redirect itself, and would put the sign-in page inside the page (the
    timeline's "Show more" appending it to the list). An htmx request sent to sign in (the
    session expired) or to its second factor is answered with HX-Redirect instead: htmx loads
    that page whole, to come back afterwards to the page the user was on (HX-Current-URL),
    not to the fragment asked for. It sits outside every middleware that sends people there."""

    SIGN_IN = ("login", "mfa_verify", "mfa_setup")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code not in (
            301,
            302,
            303,
            307,
            308,
        ):
            return response
        target = urlsplit(response.get("Location", ""))
        if target.path not in {reverse(name) for name in self.SIGN_IN}:
            return response
        query = parse_qs(target.query)
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if "next" in query and current.path.startswith("/"):
            # Only the path of the page: never another site's address.
            query["next"] = [current.path + (f"?{current.query}" if current.query else "")]
        answer = HttpResponse(status=200)
        answer["HX-Redirect"] = f"{target.path}?{urlencode(query, doseq=True)}" if query else target.path
        return answer


class MfaRequiredMiddleware:
    """With MFA_REQUIRED, a signed-in user reaches nothing but the allow-list until they have
    passed a second factor: set it up first if they have none, else enter a code. The
    Django admin is covered like every other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.MFA_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(MFA_ALLOWED_PREFIXES)
        ):
            target = "mfa_verify" if mfa.confirmed_totp(user) else "mfa_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SessionLimitsMiddleware:
    """The absolute limit: a session ends 12 hours after sign-in, however active. (The idle
    limit of 15 minutes is the session cookie's age, renewed on every request.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = int(time.time())
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                user = request.user
                logout(request)
                audit.record(action=AuditAction.SESSION_EXPIRED, actor=user, request=request)
                return redirect(f"{reverse('login')}?expired=1")
        return self.get_response(request)


class ServerTimingMiddleware:
    """With SERVER_TIMING on (the benchmark turns it on), report the server's own time, its
    processor time and query count in response headers, so measurements exclude the network and
    the client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.SERVER_TIMING:
            return self.get_response(request)
        counter = _QueryCounter()
        start, cpu_start = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - start) * 1000
        # The processor time this request's thread used: unlike the elapsed time, it does not grow
        # while the machine is busy with other work, so runs on a shared machine can be compared.
        cpu = (time.thread_time() - cpu_start) * 1000
        response["Server-Timing"] = (
            f"app;dur={elapsed:.2f}, db;dur={counter.seconds * 1000:.2f}, cpu;dur={cpu:.2f}"
        )
        response["X-Query-Count"] = str(counter.count)
        return response


class _QueryCounter:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


class ExpiredExportsMiddleware:
    """Purge subject access exports past their 15 minutes even when no Celery beat runs
    (as with `make run`): at most once a minute per process, not on every request (one
    query per page, anonymous ones included, for what the beat task and the download's own
    check already cover). An export then lives at most a minute past its 15 minutes; the
    download refuses it from minute 15 either way."""

    INTERVAL_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response
        self.last_run = None

    def __call__(self, request):
        from casework.services.subject_access import (
            exports_purge_expired,  # services import the models; middleware loads first
        )

        if request.path != "/healthz" and self._due():  # health never fails on the database
            exports_purge_expired()
        return self.get_response(request)

    def _due(self) -> bool:
        now = time.time()
        # A clock set back (an NTP correction) runs it again rather than never.
        if self.last_run is None or not 0 <= now - self.last_run < self.INTERVAL_SECONDS:
            self.last_run = now
            return True
        return False
