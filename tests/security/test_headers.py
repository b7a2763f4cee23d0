"""Every page carries the security headers; pages for signed-in staff are never cached."""

import pytest
from django.core.management import call_command
from django.test import Client

from casework.models import User
from tests.casework.test_demo import crawl


@pytest.fixture
def demo(db, settings):
    settings.MFA_REQUIRED = False
    call_command("seed_demo", "--password", "demo-password-for-tests", "--cases", "30")


def check_headers(response, signed_in: bool):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    if signed_in:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("username", ["alex", "morgan", "sam"])
def test_every_page_a_user_reaches_has_the_headers(demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    checked = 0
    for url in crawl(client, limit=40):
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            check_headers(response, signed_in=True)
            checked += 1
    assert checked > 3


def test_the_login_page_has_the_headers(db):
    check_headers(Client().get("/accounts/login/"), signed_in=False)


def test_hsts_and_secure_cookies_when_https_only(db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert Client().get("/accounts/login/").status_code == 301  # plain http is redirected
