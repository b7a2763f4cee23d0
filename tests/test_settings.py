"""Production settings: refuse to start without secrets, and pass Django's deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FERNET_KEYS": Fernet.generate_key().decode(),
    "BLIND_INDEX_KEY": "a-separate-blind-index-key-for-the-test",
    "ALLOWED_HOSTS": "casework.example.org",
    "MFA_REQUIRED": "true",
    # Named, not defaulted: the demo .env (read by the settings) turns it off.
    "HTTPS_ONLY": "true",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # The test process's own Playwright switch must not leak into "production".
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FERNET_KEYS", "BLIND_INDEX_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_with_one_line(missing):
    result = manage("check", env={**PRODUCTION_ENV, missing: ""})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert missing in lines[0] and "Refusing to start" in lines[0]


def test_https_only_can_be_switched_off_for_local_production_runs():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)",
        env={**PRODUCTION_ENV, "HTTPS_ONLY": "false"},
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
