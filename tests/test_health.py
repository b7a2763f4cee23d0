"""/healthz tells a load balancer whether the database and the broker answer, and nothing else."""

from tests.conftest import requires_redis


@requires_redis
def test_healthz_is_ok_when_database_and_broker_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_says_unavailable_when_the_broker_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_healthz_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code in (200, 503)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
