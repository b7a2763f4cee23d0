"""The demo runs as production does: DEBUG off, the styled error pages, static files served by
WhiteNoise; the error reporter hides every connection URL (issue 15, item 9)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from casework.security.log_privacy import NothingSensitiveReporterFilter

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_env_file_turns_debug_off(tmp_path, monkeypatch):
    from scripts import make_env

    monkeypatch.setattr(make_env, "ENV_FILE", tmp_path / ".env")
    make_env.main()
    lines = (tmp_path / ".env").read_text().splitlines()
    assert "DEBUG=false" in lines and "HTTPS_ONLY=false" in lines
    assert "EMAIL_URL=consolemail://" in lines


def test_an_old_demo_env_file_is_switched_to_debug_off(tmp_path, monkeypatch):
    from scripts import make_env

    env_file = tmp_path / ".env"
    env_file.write_text("# Local demo settings\nDEBUG=true\nSECRET_KEY=kept\n")
    monkeypatch.setattr(make_env, "ENV_FILE", env_file)
    make_env.main()
    lines = env_file.read_text().splitlines()
    assert "DEBUG=false" in lines and "DEBUG=true" not in lines and "SECRET_KEY=kept" in lines
    assert "HTTPS_ONLY=false" in lines


@pytest.mark.parametrize("name", ["REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL", "EMAIL_URL"])
def test_the_error_reporter_hides_connection_urls(name, settings):
    # Built here so that the traceback's own source lines do not contain it whole.
    secret = "redis://:" + "hunter2" + "-password@db.internal:6379/0"
    setattr(settings, name, secret)
    request = RequestFactory().get("/", **{name: secret})
    reporter_filter = NothingSensitiveReporterFilter()
    assert secret not in str(reporter_filter.get_safe_settings().get(name, ""))
    assert secret not in str(reporter_filter.get_safe_request_meta(request).get(name, ""))
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        html = ExceptionReporter(request, *sys.exc_info()).get_traceback_html()
    assert secret not in html and secret.split("@")[0] not in html


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_demo_server_shows_the_styled_404_and_serves_static_files(tmp_path):
    """What `make run` starts: runserver with the demo .env's settings (DEBUG off), after
    collectstatic."""
    unused_port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "HTTPS_ONLY": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{unused_port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{unused_port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError as error:
                if getattr(error, "code", None):
                    break
                time.sleep(0.2)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/accounts/login/no-such-page/", timeout=5)  # noqa: S310
        page = missing.value.read().decode()
        assert missing.value.code == 404
        assert "URLconf" not in page and "DEBUG = True" not in page
        assert "Page not found" in page
        login = urllib.request.urlopen(f"{base}/accounts/login/", timeout=5).read().decode()  # noqa: S310
        stylesheet = login.split('rel="stylesheet" href="')[1].split('"')[0]
        css = urllib.request.urlopen(f"{base}{stylesheet}", timeout=5)  # noqa: S310
        assert css.status == 200 and len(css.read()) > 10_000
    finally:
        server.terminate()
        server.wait(timeout=10)
