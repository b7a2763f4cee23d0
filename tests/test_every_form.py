"""Every form of the project takes junk without a server error.

The forms are found, not listed: the test walks the URL conf, fills each route's parameters from
a case that has a record of every kind, GETs every page as a caseworker and as a manager, and
parses the <form>s out of the HTML. A form added later is covered without anyone remembering to
add it here. Each form is then posted once per junk value, the values rotating across its fields
(one value per field per post, not the cross product), inside a savepoint that is rolled back,
so every form sees the same case whatever an earlier post saved.

It also checks that markup comes back escaped, and that text typed into the forms reaches
neither a plaintext database column nor the logs."""

import collections
import functools
import html
import itertools
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.core import validators
from django.db import connection, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.functional import Promise

from casework.models import DuplicateFlag, RecordRevision, SubjectAccessExport
from casework.services import contacts, tasks
from casework.services.closure import case_close
from casework.services.sharing import case_share
from casework.vocabularies import ClosureReason, Role
from justice.services import claims, milestones, proceedings
from screening import services as screening_services
from screening.models import ScreeningInterview
from screening.questions import QUESTIONNAIRES
from screening.vocabularies import InterviewStatus
from support.models import (
    Dependant,
    EntitlementReceived,
    OutcomeRating,
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    SupportPeriod,
    Withdrawal,
)
from support.services import plans, risk
from tests.factories import (
    CaseFactory,
    ConsentFactory,
    DecisionFactory,
    DocumentFactory,
    MembershipFactory,
    ReferralFactory,
)

MARKER = "Qz7fuzzmarker"
SCRIPT = f'<script>alert("{MARKER}")</script>'
ATTRIBUTE_BREAK = f"\"'><img src=x onerror=alert(1)>{MARKER}"
JUNK = [
    "",
    " ",
    "x" * 20_000,
    SCRIPT,
    ATTRIBUTE_BREAK,
    f"{MARKER}'; DROP TABLE casework_case; --",
    "2024-02-30",
    "31/31/2020",
    "-1",
    "12345678901234567890",
    "1e309",
    "NaN",
    f"{MARKER}\x00nul",
    f"\u202eevil\u202c {MARKER} \U0001f600",
    "../../etc/passwd",
    "{{7*7}}",
]
# What must never come back unescaped.
RAW_MARKUP = ("<script>alert(", "<img src=x onerror")

# Pages the walk leaves alone: the Django admin (Django's own forms, administrators only),
# signing out (it would end the session under test) and the keep-alive ping.
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/accounts/keepalive/")

TYPED = {"text", "textarea", "number", "email", "password", "search", "tel", "date", "url"}


@dataclass
class Form:
    method: str
    action: str
    fields: dict = field(default_factory=dict)  # name -> (kind, [options])
    defaults: dict = field(default_factory=dict)  # name -> [values]
    page: str = ""


class FormParser(HTMLParser):
    """The <form>s of a page: each field's kind, its choices and what the page preselects."""

    def __init__(self, page):
        super().__init__()
        self.page, self.forms, self.form, self.select, self.textarea = page, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            self.form = Form(method=(attrs.get("method") or "get").lower(), action=action, page=self.page)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "option" and self.select:
            value = attrs.get("value", "")
            self.form.fields[self.select][1].append(value)
            if "selected" in attrs:
                self.form.defaults[self.select] = [value]
            return
        if not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                self.form.fields.setdefault(name, [kind, []])[1].append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self.form.defaults.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.form.fields[name] = [kind, []]
                self.form.defaults[name] = [attrs.get("value", "")]
        elif tag == "textarea":
            self.form.fields[name] = ["textarea", []]
            self.form.defaults[name] = [""]
            self.textarea = name
        elif tag == "select":
            self.form.fields[name] = ["select", []]
            self.select = name

    def handle_data(self, data):
        if self.textarea and self.form:
            self.form.defaults[self.textarea] = [data.lstrip("\n")]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def routes(values):
    """Every route of the URL conf with its parameters filled in, each parameter from a list
    of values. A route with a parameter the test has no value for fails the test."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    urls = set()
    for route in walk(get_resolver().url_patterns):
        if route.startswith("^") or route.startswith("admin/"):
            continue  # the admin's regex routes
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        missing = [name for name in names if name not in values]
        assert not missing, f"add a value for {missing} to the fuzz case so {route} is covered"
        for combination in itertools.product(*(values[name] for name in names)):
            url = route
            for name, value in zip(names, combination, strict=True):
                url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
            urls.add("/" + url)
    return sorted(urls)


@pytest.fixture
def rich_case(people):
    """A North case assigned to Alex with a record of every kind, so that every form of the
    project appears on some page; plus a closed case and one past its retention."""
    today = timezone.localdate()
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    case_share(actor=people.morgan, case=case, colleague=people.blake, expires_on=today)
    consent = ConsentFactory(case=case)
    referral = ReferralFactory(case=case, submitted_on=today - timedelta(days=200))
    decision = DecisionFactory(
        referral=referral, kind="rg", outcome="negative", decided_on=today - timedelta(days=190)
    )
    reconsideration = Reconsideration.objects.create(
        decision=decision, requested_on=today - timedelta(days=180), recorded_by=people.alex
    )
    period = SupportPeriod.objects.create(
        case=case,
        provider="vcc",
        kind="outreach",
        start_on=today - timedelta(days=100),
        recorded_by=people.alex,
    )
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=case, kind="victim_witness", police_force="kent"
    )
    draft = screening_services.interview_start(actor=people.alex, case=case)
    completed = screening_services.interview_start(actor=people.alex, case=case)
    ScreeningInterview.objects.filter(pk=completed.pk).update(
        status=InterviewStatus.COMPLETED, completed_at=timezone.now()
    )
    export = SubjectAccessExport.objects.create(
        token=uuid.uuid4(), case=case, requested_by=people.morgan, content=b"zip"
    )
    closed = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    case_close(actor=people.morgan, case=closed, closed_on=today, reason=ClosureReason.OTHER)
    expired = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    case_close(actor=people.morgan, case=expired, closed_on=today, reason=ClosureReason.OTHER)
    type(expired).objects.filter(pk=expired.pk).update(retention_until=today - timedelta(days=1))
    # A third case whose referral was disqualified and withdrawn, and an assessment and a
    # permission to stay, so that every kind of NRM and support record has a Change page.
    other = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    other_referral = ReferralFactory(case=other, submitted_on=today - timedelta(days=100))
    disqualification = PublicOrderDisqualification.objects.create(
        referral=other_referral, decided_on=today - timedelta(days=50), recorded_by=people.alex
    )
    withdrawal = Withdrawal.objects.create(
        referral=other_referral, withdrawn_on=today - timedelta(days=40), recorded_by=people.alex
    )
    assessment = RecoveryNeedsAssessment.objects.create(case=other, due_on=today, recorded_by=people.alex)
    # One awaiting a decision, so the decision page's rules meet the junk too.
    submitted = RecoveryNeedsAssessment.objects.create(
        case=other, due_on=today, shared_on=today, submitted_on=today, recorded_by=people.alex
    )
    permission = PermissionToStay.objects.create(
        case=other, considered_from=today - timedelta(days=30), decision="pending", recorded_by=people.alex
    )
    milestone = milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind="reported", on=today - timedelta(days=20)
    )
    claim = claims.claim_record(
        actor=people.alex, case=case, kind="cica", incident_on=today - timedelta(days=20), outcome="pending"
    )
    flag = DuplicateFlag.objects.create(case=case, matched_case=other)
    task = tasks.task_record(actor=people.alex, case=case, title="Call", due_on=today, assignee=people.alex)
    contact = contacts.contact_record(
        actor=people.alex, case=case, happened_at=timezone.now(), kind="phone", note="Called."
    )
    # A change in the history, so the manager's "entered on the wrong case" page is covered.
    revision = RecordRevision.objects.create(
        case=case,
        record_kind="decision",
        record_id=decision.pk,
        version=2,
        change="corrected",
        fields=["notes"],
        previous_json='{"notes": "Earlier"}',
        reason="Misread",
        changed_by=people.alex,
    )
    # The support plan: a need with a goal (their Change and Delete pages, and the goal's actions).
    need = plans.need_add(actor=people.alex, case=case, domain="housing", priority="high", status="open")
    goal = plans.goal_add(actor=people.alex, need=need, text="A flat", status="open")
    document = DocumentFactory(case=case, added_by=people.alex)  # its pages: upload, replace, delete
    # A role waiting for a manager (the Team members page's Confirm and Refuse).
    pending = MembershipFactory(team=people.north, role=Role.MANAGER, confirmed_role="")
    risk_assessment = risk.risk_assessment_record(
        actor=people.alex, case=case, assessed_on=today, overall_level="medium", health_level="medium"
    )
    records = [referral, decision, reconsideration, period, risk_assessment]
    # Outcome ratings, dependants and entitlements received: their Change and Delete pages.
    records += [
        OutcomeRating.objects.create(
            case=case, rated_on=today, occasion="intake", outcome="housing", score=3, recorded_by=people.alex
        ),
        Dependant.objects.create(case=case, name="Mira", relationship="child", recorded_by=people.alex),
        EntitlementReceived.objects.create(
            case=case,
            kind="legal_aid",
            result="refused",
            start_on=today,
            refusal_reason="No",
            recorded_by=people.alex,
        ),
    ]
    records += [other_referral, disqualification, withdrawal, assessment, permission, need, goal]
    records += [other_referral, disqualification, withdrawal, assessment, permission]
    records += [submitted]
    sections = {s.slug for q in QUESTIONNAIRES.values() for s in q.sections}
    return routes(
        {
            "reference": [case.reference, closed.reference, other.reference],
            "share_id": [case.shares.get().pk],
            "consent_id": [consent.pk],
            "decision_id": [decision.pk],
            "period_id": [period.pk],
            "proceeding_id": [proceeding.pk],
            "milestone_id": [milestone.pk],
            "claim_id": [claim.pk],
            "contact_id": [contact.pk],
            "task_id": [task.pk],
            "flag_id": [flag.pk],
            "revision_id": [revision.pk],
            "membership_id": [pending.pk],
            # The Change and Delete pages of every NRM and support record.
            "pk": sorted({record.pk for record in records}),
            "interview_id": [draft.pk, completed.pk],
            "section": sorted(sections),
            "token": [export.token],
            "need_id": [need.pk],
            "goal_id": [goal.pk],
            "document_id": [document.pk],
            "number": [1],
        }
    )


def find_forms(client, urls):
    """GET every page and collect its forms, once per (method, action, fields)."""
    forms, seen = [], set()
    for url in urls:
        if url.startswith(SKIP_PREFIXES):
            continue
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormParser(url)
        parser.feed(response.content.decode())
        for form in parser.forms:
            path = urlsplit(form.action).path
            key = (form.method, path, tuple(sorted(form.fields)))
            if path.startswith(SKIP_PREFIXES) or key in seen:
                continue
            seen.add(key)
            forms.append(form)
    return forms


def baseline(form):
    """What a person would send without changing anything, with empty dates made today and
    an unanswered radio group answered with its first choice, so posts get past the obvious
    errors into the deeper checks."""
    today = date.today()
    data = {}
    for name, (kind, options) in form.fields.items():
        value = list(form.defaults.get(name, []))
        if kind == "radio" and not value:
            value = options[:1]
        elif kind == "select" and not value:
            value = [next((option for option in options if option), "")]
        part = re.search(r"_([012])$", name)
        if part and kind == "text" and value == [""]:
            value = [str((today.day, today.month, today.year)[int(part.group(1))])]
        data[name] = value
    return data


def junk_posts(form):
    """Field j of post i gets JUNK[(i + j) % len(JUNK)]: every box gets every value, while
    choices and hidden fields (a one-time token, a record's version) keep a valid value, so
    the junk gets past them to the checks and the services. Then a few posts put junk in the
    choices and hidden fields too, and one plausible post types the marker into every box."""
    names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
    # The day, month and year boxes of a date are one field: all three get the same value.
    groups = list(dict.fromkeys(re.sub(r"_[012]$", "", name) for name in names))

    def post(i, everything):
        data = baseline(form)
        for name in names:
            j = groups.index(re.sub(r"_[012]$", "", name))
            if everything or form.fields[name][0] in TYPED:
                data[name] = [JUNK[(i + j) % len(JUNK)]]
        return data

    for i in range(len(JUNK)):
        yield post(i, everything=False)
    for i in range(0, len(JUNK), 4):
        yield post(i, everything=True)
    data = baseline(form)
    for name in names:
        if form.fields[name][0] in ("text", "textarea") and not re.search(r"_[012]$", name):
            data[name] = [f"{MARKER} typed text"]
    yield data


@functools.cache
def django_default_messages() -> frozenset[str]:
    """The opening words of every error message Django has of its own ("This field is
    required.", "Ensure this value is greater than or equal to %(limit_value)s."), from its
    form fields, model fields and validators. A person should read the project's words,
    which name the field, instead."""

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    texts = []
    for base in (forms.Field, models.Field):
        for cls in (base, *subclasses(base)):
            texts.extend(vars(cls).get("default_error_messages", {}).values())
    for name in dir(validators):
        obj = getattr(validators, name)
        if isinstance(obj, type):
            for attr in ("message", "messages"):
                value = vars(obj).get(attr, "")
                texts.extend(value.values() if isinstance(value, dict) else [value])
    # Render each with 2 for every placeholder (a plural message needs its number), then
    # keep the words before the first number.
    numbers = collections.defaultdict(lambda: 2)
    rendered = [str(text % numbers) for text in texts if isinstance(text, str | Promise)]
    fragments = {re.split(r"\d|\{", text)[0].strip() for text in rendered}
    return frozenset(fragment for fragment in fragments if len(fragment) >= 12)


# A required message made from a question: "Select the what happened to the claim".
AWKWARD = re.compile(r"\b(?:Select|Enter) the (?:what|which|how|when|where|who|why|the|your)\b", re.I)


def message_problems(body):
    """Django's own wording, or a message made awkwardly from a field's label."""
    text = html.unescape(body)
    problems = [f"Django's message: {fragment}" for fragment in django_default_messages() if fragment in text]
    problems.extend(f"awkward message: {match}" for match in AWKWARD.findall(text))
    return problems


def error_page_problems(body):
    """GOV.UK error pages: the title starts "Error: " and every link in the error summary
    goes to an element of the page (a date's first box, a radio group's first radio); the
    messages are the project's, never Django's defaults."""
    problems = message_problems(body)
    starts = [m.end() for m in re.finditer(r'class="govuk-error-summary[ "]', body)]
    if not starts:
        return problems
    if "There is a problem" in body and "<title>Error: " not in body:
        problems.append("title does not start with Error:")
    for start in starts:
        summary = re.split(r"</ul>|</p>", body[start:], maxsplit=1)[0]
        for target in re.findall(r'href="#([^"]+)"', summary):
            if f'id="{target}"' not in body:
                problems.append(f"error summary links to a missing #{target}")
    return problems


def send(client, form, data):
    path = urlsplit(form.action).path
    if form.method == "post":
        return client.post(path, data)
    return client.get(path, data)


def plaintext_columns_holding(marker):
    """(table, column) of every text column in which the marker is stored as it was typed."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                type_name = connection.introspection.get_field_type(column.type_code, column)
                if type_name not in ("CharField", "TextField", "JSONField"):
                    continue
                quoted_table = connection.ops.quote_name(table)
                quoted_column = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT 1 FROM {quoted_table} WHERE CAST({quoted_column} AS TEXT) LIKE %s LIMIT 1",  # noqa: S608
                    [f"%{marker}%"],
                )
                if cursor.fetchone():
                    found.append((table, column.name))
    return found


@pytest.mark.parametrize("who", ["alex", "morgan"])
def test_every_form_takes_junk_without_a_server_error_or_a_leak(people, login, rich_case, caplog, who):
    caplog.set_level(logging.DEBUG)
    client = login(getattr(people, who))
    client.raise_request_exception = False  # a 500 is a failure to report, not a crash
    forms = find_forms(client, rich_case)
    posts = [form for form in forms if form.method == "post"]
    assert len(posts) >= 25, [form.action for form in forms]

    failures, leaks, saved = [], set(), set()
    for form in forms:
        with transaction.atomic():
            for data in junk_posts(form):
                client.force_login(getattr(people, who))
                response = send(client, form, data)
                body = response.content.decode(errors="replace")
                if response.status_code == 302 and MARKER in str(data):
                    saved.add(urlsplit(form.action).path)
                if response.status_code >= 500:
                    failures.append((form.method, urlsplit(form.action).path, response.status_code))
                    break
                for raw in RAW_MARKUP:
                    if raw in body:
                        failures.append((form.method, urlsplit(form.action).path, f"unescaped {raw}"))
                failures.extend(
                    (form.method, urlsplit(form.action).path, problem)
                    for problem in error_page_problems(body)
                )
            leaks.update((urlsplit(form.action).path, *where) for where in plaintext_columns_holding(MARKER))
            transaction.set_rollback(True)

    # The leak check means something only if typed text was actually saved somewhere.
    assert len(saved) >= 10, sorted(saved)
    assert not failures, failures
    assert not leaks, f"typed text stored in plaintext: {sorted(leaks)}"
    logged = [record.name for record in caplog.records if MARKER in record.getMessage()]
    assert not logged, f"typed text in the logs of {logged}"


def test_the_database_scan_finds_typed_text_stored_in_plaintext(people):
    # The leak check above is only worth something if it can see a leak.
    type(people.north).objects.filter(pk=people.north.pk).update(name=f"North {MARKER}")
    assert ("casework_team", "name") in plaintext_columns_holding(MARKER)


def test_the_form_parser_reads_fields_choices_and_what_is_preselected():
    parser = FormParser("/cases/")
    parser.feed(
        '<form method="post" action="close/"><input type="hidden" name="csrfmiddlewaretoken" value="t">'
        '<input name="on_0" value=""><input type="radio" name="r" value="a">'
        '<input type="radio" name="r" value="b" checked><select name="s"><option value="">-</option>'
        '<option value="x" selected>X</option></select><textarea name="t">\nhi</textarea>'
        '<button type="submit">Go</button></form>'
    )
    (form,) = parser.forms
    assert (form.method, form.action) == ("post", "/cases/close/")
    assert form.fields["r"] == ["radio", ["a", "b"]]
    assert form.defaults == {"csrfmiddlewaretoken": ["t"], "on_0": [""], "r": ["b"], "s": ["x"], "t": ["hi"]}
    assert baseline(form)["on_0"] == [str(date.today().day)]


def test_error_pages_are_checked_for_their_title_and_summary_links():
    summary = (
        '<div class="govuk-error-summary"><h2>There is a problem</h2>'
        '<ul><li><a href="#id_on_0">Enter the date</a></li></ul>'
    )
    assert error_page_problems("<title>Form</title>" + summary) == [
        "title does not start with Error:",
        "error summary links to a missing #id_on_0",
    ]
    assert error_page_problems("<title>Error: Form</title>" + summary + '<input id="id_on_0">') == []


@pytest.mark.parametrize(
    "message",
    [
        "This field is required.",
        "Ensure this value is greater than or equal to 0.",
        "Ensure that there are no more than 10 digits in total.",
        "Select a valid choice. x is not one of the available choices.",
        "Enter a whole number.",
        "Select the what happened to the claim",
    ],
)
def test_error_pages_are_checked_for_django_s_own_messages(message):
    page = f'<title>Error: Form</title><p class="govuk-error-message">{message}</p>'
    assert error_page_problems(page)
    assert not error_page_problems("<title>Error: Form</title><p>Amount must be 0 or more</p>")
