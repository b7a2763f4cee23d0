"""Run by test_create_once_on_sqlite.py in a process of its own: the app on a SQLite file, as
`make run` serves it, with the same form sent by several threads at the same instant.
Prints what happened as JSON. Usage: python -m tests.casework.sqlite_race DB_PATH"""

import json
import os
import re
import sys
import threading


def main(db_path: str) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["MFA_REQUIRED"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from casework.models import Case, Consent, Membership, Team, User
    from casework.services.submission import TOKEN_FIELD
    from tests.factories import CaseFactory

    setup_test_environment()
    from django.conf import settings

    # As tests/conftest.py does: the demo's .env has DEBUG off, whose manifest storage needs
    # collectstatic; the pages here only need the static files' names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="North")
    alex = User.objects.create_user("alex", email="alex@example.org", password="not-used-here-1")
    Membership.objects.create(user=alex, team=team, role="caseworker", confirmed_role="caseworker")
    case = CaseFactory(team=team, assignee=alex, created_by=alex)
    today = timezone.localdate()
    day = {"decided_on_0": today.day, "decided_on_1": today.month, "decided_on_2": today.year}

    def token_from(client, url):
        return re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', client.get(url).content.decode())[1]

    def together(posts):
        """Each post(client) runs in its own thread with its own connection, all at once."""
        start = threading.Barrier(len(posts))
        outcomes = [None] * len(posts)

        def run(index, post):
            client = Client()
            client.force_login(alex)
            try:
                start.wait()
                response = post(client)
                outcomes[index] = [response.status_code, response.get("Location", "")]
            except Exception as error:  # "database is locked" would land here
                outcomes[index] = ["error", f"{type(error).__name__}: {error}"]
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i, post)) for i, post in enumerate(posts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return outcomes

    client = Client()
    client.force_login(alex)
    consent_url = reverse("consent_new", args=[case.reference])
    case_url = reverse("case_new")
    consent = {"purpose": "police_sharing", "decision": "given", **day}
    new_case = {
        "team": team.pk,
        "given_names": "Ana",
        "family_name": "Sqlite",
        "date_of_birth_0": "1",
        "date_of_birth_1": "2",
        "date_of_birth_2": "1990",
        "gender": "female",
        "nationality": "RO",
        "age_at_exploitation": "adult",
        "exploitation_types": ["labour"],
        "where_exploited": "uk",
    }
    results = {"journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]}

    token = token_from(client, consent_url)
    consents_before = Consent.objects.count()
    results["same_consent"] = together([lambda c: c.post(consent_url, {**consent, TOKEN_FIELD: token})] * 2)
    results["consents_made"] = Consent.objects.count() - consents_before

    token = token_from(client, case_url)
    cases_before = Case.objects.count()
    results["same_case"] = together([lambda c: c.post(case_url, {**new_case, TOKEN_FIELD: token})] * 2)
    results["cases_made"] = Case.objects.count() - cases_before

    # Six different consents at the same instant: each waits its turn, none is "locked".
    tokens = [token_from(client, consent_url) for _ in range(6)]
    consents_before = Consent.objects.count()
    results["different_consents"] = together(
        [lambda c, t=t: c.post(consent_url, {**consent, TOKEN_FIELD: t}) for t in tokens]
    )
    results["different_consents_made"] = Consent.objects.count() - consents_before
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
