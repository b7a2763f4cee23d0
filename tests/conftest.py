"""Personas used across the suite: team North has caseworkers Alex (the
assignee of the case under test) and Blake, and manager Morgan; team South has
caseworker Casey and manager Riley; Sam administers; and an anonymous visitor."""

import os
import uuid
from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from casework.vocabularies import Role
from tests.factories import CaseFactory, MembershipFactory, TeamFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be
# usable from it (single-threaded tests, so this is safe).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"

# Property tests check results, not speed: a busy CI machine must not fail them on timing.
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")

# Tests that need a real service run when the environment names it and are
# skipped otherwise. The reason starts "service unavailable:" so that .ci/run, where every
# service is provided, can fail the build if any such test was skipped.
requires_postgres = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="service unavailable: PostgreSQL (set DATABASE_URL=postgres://...)",
)
requires_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="service unavailable: Redis (set REDIS_URL=redis://...)"
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLITE_TEST_FILE=path puts the SQLite test database in a file instead of memory, so that
    threads really race on it as on `make run`'s (tests/casework/test_create_once_on_sqlite.py)."""
    from django.conf import settings

    path = os.environ.get("SQLITE_TEST_FILE")
    if path and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = path


@pytest.fixture(autouse=True)
def _audit_payloads_name_fields_only(monkeypatch):
    """Every audit entry written by any test is checked: its payload names fields and record
    kinds only, never a value (tests/audit_names.py)."""
    from casework import audit
    from tests.audit_names import values_in

    record = audit.record

    def checked_record(**kwargs):
        values = values_in(kwargs.get("fields", ()))
        assert not values, f"audit payload carries values, not field names: {values}"
        return record(**kwargs)

    monkeypatch.setattr(audit, "record", checked_record)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # The demo's .env has DEBUG off, which picks WhiteNoise's manifest storage (it needs
    # collectstatic). Tests render templates straight from the finders instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded documents go to a folder of this test's own under the run's temporary directory
    # (made only if something is stored), never the checkout's private/documents.
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.getbasetemp() / "documents" / uuid.uuid4().hex)},
        },
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache lives as long as the test process (e.g. "this throttled
    # address was already recorded"); each test starts without another test's entries.
    from django.core.cache import cache

    cache.clear()


@dataclass
class People:
    north: object
    south: object
    alex: object
    blake: object
    morgan: object
    casey: object
    riley: object
    sam: object


@pytest.fixture
def people(db) -> People:
    north = TeamFactory(name="North")
    south = TeamFactory(name="South")
    users = {}
    for username, team, role in [
        ("alex", north, Role.CASEWORKER),
        ("blake", north, Role.CASEWORKER),
        ("morgan", north, Role.MANAGER),
        ("casey", south, Role.CASEWORKER),
        ("riley", south, Role.MANAGER),
    ]:
        users[username] = UserFactory(username=username, first_name=username.title())
        MembershipFactory(user=users[username], team=team, role=role)
    users["sam"] = UserFactory(username="sam", is_staff=True, is_superuser=True)
    return People(north=north, south=south, **users)


@pytest.fixture
def alex_case(people):
    """An open North case assigned to Alex."""
    return CaseFactory(
        team=people.north,
        assignee=people.alex,
        created_by=people.alex,
        person__given_names="Ana",
        person__family_name="Popescu",
    )


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that persona (None stays anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
