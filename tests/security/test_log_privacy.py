"""A sentinel name planted in a failing request appears in no log line."""

import io
import logging

import pytest
from django.test import Client

SENTINEL = "Zephyrine Sentinelname"


@pytest.fixture
def captured_logs():
    """The real configured console handler, writing into a buffer for the test."""
    handler = next(h for h in logging.getLogger("django").handlers if isinstance(h, logging.StreamHandler))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.mark.urls("tests.security.error_urls")
def test_an_error_with_survivor_data_in_it_logs_none_of_it(people, captured_logs, settings):
    settings.MFA_REQUIRED = False
    client = Client(raise_request_exception=False)
    client.force_login(people.alex)
    response = client.post("/boom/", {"given_names": SENTINEL, "notes": SENTINEL})
    assert response.status_code == 500
    logged = captured_logs.getvalue()
    assert "Internal Server Error: /boom/" in logged
    assert "ValueError" in logged and "message withheld" in logged
    assert "Sentinelname" not in logged
