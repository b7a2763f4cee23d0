"""Where documents are kept: a private local folder by default (never served, never in git or the
image), S3-compatible storage from DOCUMENT_STORAGE_URL, and the compose volume."""

import json
from pathlib import Path

import yaml
from django.conf import settings

from tests.test_settings import PRODUCTION_ENV, ROOT, manage

SHOW_STORAGE = (
    "import json; from django.conf import settings; "
    "d = settings.STORAGES['documents']; o = d['OPTIONS']; "
    "print(json.dumps({'backend': d['BACKEND'], **{k: o.get(k) for k in "
    "('bucket_name', 'location', 'endpoint_url', 'region_name', 'addressing_style', 'access_key')}}))"
)


def test_by_default_documents_are_kept_in_a_private_folder_outside_static_files():
    storage = settings.STORAGES["documents"]
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert Path(settings.DOCUMENTS_ROOT) == Path(settings.BASE_DIR) / "private" / "documents"
    for served in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert not Path(settings.DOCUMENTS_ROOT).is_relative_to(served)
    assert "/private/" in (ROOT / ".gitignore").read_text().splitlines()
    assert "private" in (ROOT / ".dockerignore").read_text().splitlines()


def test_no_url_serves_the_documents_folder(people, client, settings):
    settings.MFA_REQUIRED = False
    client.force_login(people.alex)
    for url in ("/private/documents/0123456789abcdef0123456789abcdef", "/documents/0123456789abcdef"):
        assert client.get(url).status_code == 404


def test_the_size_limit_and_the_scanner_default_to_20_mb_and_off():
    assert settings.DOCUMENT_MAX_MB == 20
    assert settings.CLAMD_SOCKET is None


def test_an_s3_url_configures_django_storages_and_keeps_credentials_out_of_it():
    url = "s3://charity-documents/casework?endpoint_url=https://s3.example.org&region=eu-west-2&addressing_style=path"
    result = manage("shell", "-c", SHOW_STORAGE, env={**PRODUCTION_ENV, "DOCUMENT_STORAGE_URL": url})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "backend": "casework.services.document_storage.S3DocumentStorage",
        "bucket_name": "charity-documents",
        "location": "casework",
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu-west-2",
        "addressing_style": "path",
        "access_key": None,  # django-storages reads AWS_ACCESS_KEY_ID from the environment itself
    }


def test_an_unknown_storage_url_refuses_to_start_with_one_line():
    result = manage("check", env={**PRODUCTION_ENV, "DOCUMENT_STORAGE_URL": "ftp://files.example.org/docs"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DOCUMENT_STORAGE_URL" in lines[0]


def test_compose_keeps_the_documents_folder_on_a_volume_for_the_app():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert "documents" in compose["volumes"]
    for service in ("web", "worker"):
        assert "documents:/app/private/documents" in compose["services"][service]["volumes"]
        assert "DOCUMENT_STORAGE_URL" in compose["services"][service]["environment"]


def test_credentials_in_the_storage_url_refuse_to_start_rather_than_be_ignored():
    url = "s3://AKIAEXAMPLE:wJalrXUtnFEMI@charity-documents/casework"
    result = manage("check", env={**PRODUCTION_ENV, "DOCUMENT_STORAGE_URL": url})
    assert result.returncode != 0
    assert "ImproperlyConfigured: DOCUMENT_STORAGE_URL must not hold credentials" in result.stderr
    assert "wJalrXUtnFEMI" not in result.stderr


def test_the_app_services_keep_temporary_files_in_memory():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    for service in ("web", "worker", "beat"):
        assert "/tmp" in compose["services"][service]["tmpfs"]  # noqa: S108 (a tmpfs)


def test_the_temporary_folder_is_configurable_and_defaults_to_the_systems():
    assert settings.FILE_UPLOAD_TEMP_DIR is None
    show = "from django.conf import settings; print(settings.FILE_UPLOAD_TEMP_DIR)"
    env = {**PRODUCTION_ENV, "FILE_UPLOAD_TEMP_DIR": "/run/casework-uploads"}
    result = manage("shell", "-c", show, env=env)
    assert result.stdout.strip().splitlines()[-1] == "/run/casework-uploads"
