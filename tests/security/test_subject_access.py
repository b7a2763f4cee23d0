"""Subject access: everything held about the survivor, in an encrypted ZIP with a one-time
password; the manager steps up first; audited."""

import io
import json
import re
from datetime import date, timedelta
from io import StringIO

import pytest
import pyzipper
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import AuditEvent
from casework.vocabularies import AuditAction
from justice.services import milestones, proceedings
from screening import services as screening_services
from support.models import SupportPeriod
from tests.conftest import requires_postgres
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory
from tests.security.test_mfa import code_for

PASSWORD = "correct-horse-battery"


@pytest.fixture
def full_case(alex_case, people, client):
    ConsentFactory(case=alex_case, notes="Explained in Romanian")
    DecisionFactory(referral=ReferralFactory(case=alex_case, nrm_reference="NRM-42"), notes="RG note")
    interview = screening_services.interview_start(actor=people.alex, case=alex_case)
    screening_services.interview_save_section(
        actor=people.alex,
        interview=interview,
        section="recruitment",
        answers={"promised": "Hotel work"},
        complete=True,
    )
    SupportPeriod.objects.create(
        case=alex_case,
        provider="vcc",
        kind="accommodation",
        start_on=date(2026, 1, 1),
        notes="Safe house",
        recorded_by=people.alex,
    )
    proceeding = proceedings.proceeding_record(
        actor=people.alex,
        case=alex_case,
        kind="victim_witness",
        police_force="kent",
        crime_reference="CR/1/26",
    )
    milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind="reported", on=date(2026, 1, 2)
    )
    client.force_login(people.alex)
    client.get(reverse("case", args=[alex_case.reference]))  # an access to find in the log
    client.logout()
    return alex_case


def read_zip(content: bytes, password: str) -> dict:
    with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
        archive.setpassword(password.encode())
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_export_case_writes_an_encrypted_zip_with_everything_held(full_case, tmp_path):
    out = StringIO()
    target = tmp_path / "export.zip"
    call_command("export_case", full_case.reference, "--output", str(target), stdout=out)
    password = out.getvalue().split("Password (shown once, not stored): ")[1].strip()
    content = target.read_bytes()
    with pytest.raises(RuntimeError):  # no password, no data
        read_zip(content, "wrong password")
    files = read_zip(content, password)
    data = json.loads(files[f"{full_case.reference}.json"])
    sections = {section["title"]: section["records"] for section in data["sections"]}
    survivor = sections["Personal details"][0]
    assert survivor["given_names"] == "Ana"
    assert sections["Consent"][0]["notes"] == "Explained in Romanian"
    assert sections["National Referral Mechanism"][0]["nrm_reference"] == "NRM-42"
    assert any(event["action"] == "Viewed case" and event["who"] == "Alex" for event in data["access_log"])
    assert (
        sections["Screening interviews"][0]["Recruitment: What was promised (work, pay, conditions)"]
        == "Hotel work"
    )
    assert sections["Support"][0]["notes"] == "Safe house"
    assert sections["Criminal justice and claims"][0]["crime_reference"] == "CR/1/26"
    html = files[f"{full_case.reference}.html"]
    assert "Ana" in html and "Popescu" in html and "Who has accessed" in html
    # Words, not field names or codes; dates and times as a reader writes them.
    dob = full_case.person.date_of_birth
    assert survivor["date_of_birth"] == f"{dob:%-d %B %Y}"
    assert survivor["safe_to_call"] in ("Yes", "No")
    assert sections["Support"][0]["from"] == "1 January 2026"
    assert sections["Criminal justice and claims"][0]["steps"] == ["2 January 2026: Reported to police"]
    for text in (html, files[f"{full_case.reference}.json"]):
        assert "True" not in text and "False" not in text and "true" not in text
        assert not re.search(r"\d{4}-\d\d-\d\d", text), "an ISO date"
    assert "<th>Safe times</th>" in html and "<th>Date of birth</th>" in html
    assert "safe_contact_times" not in html and "support_period" not in html
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EXPORTED, case=full_case).exists()


@pytest.mark.parametrize(
    ("who", "expected"), [("alex", 404), ("blake", 404), ("morgan", 200), ("riley", 404)]
)
def test_only_the_teams_manager_can_export(people, login, full_case, who, expected):
    assert (
        login(getattr(people, who)).get(reverse("case_export", args=[full_case.reference])).status_code
        == expected
    )


def test_a_manager_steps_up_with_a_fresh_code_sees_the_password_once_and_downloads_once(
    people, client, full_case, settings, time_machine
):
    settings.MFA_REQUIRED = True
    time_machine.move_to("2026-11-24T10:00:05+00:00", tick=False)
    device = TOTPDevice.objects.create(user=people.morgan, name="app", confirmed=True)
    client.post(reverse("login"), {"username": "morgan", "password": PASSWORD})
    client.post(reverse("mfa_verify"), {"code": code_for(device)})
    url = reverse("case_export", args=[full_case.reference])
    replay = client.post(url, {"code": code_for(device)})  # the code used to sign in is spent
    assert "has been used already" in replay.content.decode()
    time_machine.shift(31)  # the next 30-second code (and past django-otp's wait after a failure)
    ready = client.post(url, {"code": code_for(device)})
    page = ready.content.decode()
    assert "Export ready" in page
    password = page.split('<strong class="app-case-reference">')[1].split("</strong>")[0]
    download = reverse("case_export_download", args=[full_case.reference, ready.context["export"].token])
    response = client.get(download)
    assert response["Content-Disposition"].endswith('-subject-access.zip"')
    files = read_zip(b"".join(response), password)
    assert f"{full_case.reference}.json" in files
    assert client.get(download).status_code == 404  # once only


def test_with_mfa_off_the_manager_re_enters_their_password(people, login, full_case):
    client = login(people.morgan)
    url = reverse("case_export", args=[full_case.reference])
    wrong = client.post(url, {"password": "not it"})
    assert "The password is not right" in wrong.content.decode()
    assert client.post(url, {"password": PASSWORD}).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EXPORTED, actor=people.morgan).exists()


def test_another_manager_cannot_use_the_download_link(people, login, full_case):
    response = login(people.morgan).post(
        reverse("case_export", args=[full_case.reference]), {"password": PASSWORD}
    )
    download = reverse("case_export_download", args=[full_case.reference, response.context["export"].token])
    assert login(people.riley).get(download).status_code == 404


def test_wrong_step_up_passwords_count_as_failed_sign_ins(people, login, full_case):
    client = login(people.morgan)
    url = reverse("case_export", args=[full_case.reference])
    for _ in range(5):
        client.post(url, {"password": "not it"})
    # The username is now locked: the right password no longer exports.
    refused = client.post(url, {"password": PASSWORD})
    assert "export" not in (refused.context or {})
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_EXPORTED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, subject_user=people.morgan).count() >= 5
    # ...and signing in as Morgan is locked too.
    from django.test import Client

    assert Client().post(reverse("login"), {"username": "morgan", "password": PASSWORD}).status_code == 429


def stored_exports():
    from casework.models import SubjectAccessExport

    return SubjectAccessExport.objects.count()


def test_an_undownloaded_export_is_purged_once_expired_on_the_next_request(
    people, login, full_case, time_machine
):
    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)
    login(people.morgan).post(reverse("case_export", args=[full_case.reference]), {"password": PASSWORD})
    assert stored_exports() == 1
    time_machine.shift(14 * 60)
    login(people.alex).get("/")
    assert stored_exports() == 1
    time_machine.shift(2 * 60)
    login(people.alex).get("/")  # any signed-in request
    assert stored_exports() == 0


def test_the_beat_task_purges_expired_and_downloaded_exports(
    people, login, full_case, time_machine, settings
):
    from casework import tasks
    from casework.services.subject_access import case_export

    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)
    client = login(people.morgan)
    first = client.post(reverse("case_export", args=[full_case.reference]), {"password": PASSWORD})
    client.get(reverse("case_export_download", args=[full_case.reference, first.context["export"].token]))
    case_export(actor=people.morgan, case=full_case)  # no request to purge meanwhile
    assert tasks.purge_expired_exports() == 1  # the downloaded one
    time_machine.shift(16 * 60)
    assert tasks.purge_expired_exports() == 1  # the expired one
    assert stored_exports() == 0
    assert "casework.tasks.purge_expired_exports" in {
        job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_erasure_purges_waiting_exports(people, login, full_case, time_machine):
    from casework.services.closure import case_close
    from casework.services.retention import case_erase_personal_data

    login(people.morgan).post(reverse("case_export", args=[full_case.reference]), {"password": PASSWORD})
    case_close(actor=people.morgan, case=full_case, closed_on=full_case.opened_on, reason="moved_on")
    full_case.refresh_from_db()
    time_machine.move_to(full_case.retention_until + timedelta(days=1))
    case_erase_personal_data(actor=people.morgan, case=full_case)
    assert stored_exports() == 0


def test_the_expired_export_check_runs_at_most_once_a_minute_per_process(people, login, time_machine):
    # Review finding 12: not one query per request, anonymous ones included.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)
    client = login(people.alex)

    def export_queries(path):
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return [q for q in queries.captured_queries if "subjectaccessexport" in q["sql"]]

    export_queries("/")  # may run: the first request of this minute
    assert export_queries("/") == []
    assert export_queries("/cases/") == []
    time_machine.shift(61)
    assert export_queries("/") != []


def export_form_token(client, case) -> str:
    page = client.get(reverse("case_export", args=[case.reference])).content.decode()
    found = re.findall(r'name="submission_token" value="([^"]+)"', page)
    assert found, "The export form carries no one-time token"
    return found[0]


def test_the_export_form_sent_twice_prepares_one_export_and_says_so(people, login, full_case):
    """A double click (or Back and confirm again): no second export, a clear message instead,
    and no password on the second page."""
    client = login(people.morgan)
    url = reverse("case_export", args=[full_case.reference])
    token = export_form_token(client, full_case)

    first = client.post(url, {"password": PASSWORD, "submission_token": token})
    again = client.post(url, {"password": PASSWORD, "submission_token": token})

    assert first.context["password"]
    assert stored_exports() == 1
    assert again.status_code == 200
    page = again.content.decode()
    assert "already prepared when the button was first pressed" in page
    assert first.context["password"] not in page
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EXPORTED).count() == 1


def test_asking_again_replaces_the_export_not_yet_downloaded(people, login, full_case):
    client = login(people.morgan)
    url = reverse("case_export", args=[full_case.reference])
    first = client.post(url, {"password": PASSWORD, "submission_token": export_form_token(client, full_case)})
    second = client.post(
        url, {"password": PASSWORD, "submission_token": export_form_token(client, full_case)}
    )

    assert stored_exports() == 1
    old = reverse("case_export_download", args=[full_case.reference, first.context["export"].token])
    assert client.get(old).status_code == 404
    new = reverse("case_export_download", args=[full_case.reference, second.context["export"].token])
    assert client.get(new).status_code == 200


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_export_form_sent_twice_at_once_prepares_one_export(people, full_case):
    import threading

    from django.db import connection
    from django.test import Client

    people.morgan.set_password(PASSWORD)
    people.morgan.save()
    url = reverse("case_export", args=[full_case.reference])
    setup = Client()
    setup.force_login(people.morgan)
    token = export_form_token(setup, full_case)
    start = threading.Barrier(2)
    statuses, errors = [], []

    def post():
        client = Client()
        client.force_login(people.morgan)
        try:
            start.wait()
            response = client.post(url, {"password": PASSWORD, "submission_token": token})
            told = "already prepared when the button was first pressed" in response.content.decode()
            statuses.append((response.status_code, not told))
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert stored_exports() == 1
    assert sorted(statuses) == [(200, False), (200, True)]  # one password page, one message
