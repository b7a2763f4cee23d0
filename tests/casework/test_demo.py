"""The demo: idempotent seeding, and every page reachable from the navigation works for
every demo user."""

import ast
import re
from collections import Counter, deque
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.models import Case, CaseShare, Contact, DuplicateFlag, Membership, Task, User
from casework.vocabularies import CaseStatus, ContactKind, Role, TaskStatus

PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--password", PASSWORD, "--cases", "40")


def test_seed_demo_creates_the_documented_staff_with_confirmed_roles(demo):
    # Confirmed, as if by a manager: an unconfirmed role gives no access to any case.
    roles = {
        (m.user.username, m.team.name, m.confirmed_role)
        for m in Membership.objects.select_related("user", "team")
    }
    assert roles == {
        ("alex", "North", Role.CASEWORKER),
        ("blake", "North", Role.CASEWORKER),
        ("morgan", "North", Role.MANAGER),
        ("casey", "South", Role.CASEWORKER),
        ("riley", "South", Role.MANAGER),
    }
    sam = User.objects.get(username="sam")
    assert sam.is_staff and not sam.memberships.exists()
    assert User.objects.get(username="alex").check_password(PASSWORD)


def test_seed_demo_spreads_cases_over_everyone_and_every_status(demo):
    assert Case.objects.count() == 40
    for username in ("alex", "blake", "casey"):
        assert Case.objects.filter(assignee__username=username).exists()
    assert Case.objects.filter(status=CaseStatus.CLOSED).exists()
    assert Case.objects.filter(status=CaseStatus.OPEN).exists()
    assert CaseShare.objects.exists() and DuplicateFlag.objects.exists()


def test_seed_demo_is_idempotent(demo):
    call_command("seed_demo", "--password", PASSWORD, "--cases", "40")
    assert Case.objects.count() == 40
    assert User.objects.count() == 6
    call_command("seed_demo", "--password", PASSWORD, "--cases", "45")
    assert Case.objects.count() == 45


def test_seed_demo_logs_contacts_with_quiet_and_never_reached_cases(demo):
    from casework.selectors.contact_work import contact_work_items

    open_cases = Case.objects.filter(status=CaseStatus.OPEN)
    assert Contact.objects.count() > 3 * open_cases.count()
    kinds = {item.kind for item in contact_work_items(open_cases, timezone.localdate())}
    # Never reached, gone quiet, and a safeguarding concern waiting for a manager.
    assert kinds == {"contact_first", "contact_gap", "safeguarding_concern"}
    assert Contact.objects.filter(kind=ContactKind.ATTEMPTED).exists()
    before = Contact.objects.count()
    call_command("seed_demo", "--password", PASSWORD, "--cases", "40")
    assert Contact.objects.count() == before


def test_seed_demo_contacts_are_readable_and_closed_cases_keep_theirs(demo):
    # Written with COPY and one token per distinct text (casework/demo_copy.py): still the
    # model's own encryption, so the notes read back and no contact is ahead of the case.
    contact = Contact.objects.exclude(kind=ContactKind.ATTEMPTED).first()
    assert contact.note and contact.recorded_by_id in {u.pk for u in contact.staff.all()}
    closed = Contact.objects.filter(case__status=CaseStatus.CLOSED).select_related("case")
    assert closed.exists()
    assert all(timezone.localtime(c.happened_at).date() <= c.case.closed_on for c in closed)
    assert not closed.filter(safeguarding_concern=True).exists()


def test_seed_demo_adds_tasks_at_every_stage_once(demo):
    from casework.selectors.task_work import task_work_items

    today = timezone.localdate()
    assert {t.status for t in Task.objects.all()} == set(TaskStatus.values)
    assert Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=today).exists()
    assert Task.objects.filter(status=TaskStatus.OPEN, due_on__gt=today).exists()
    assert not Task.objects.filter(case__status=CaseStatus.CLOSED, status=TaskStatus.OPEN).exists()
    assert not Task.objects.filter(status=TaskStatus.CANCELLED, cancelled_on__isnull=True).exists()
    assert any(item.overdue for item in task_work_items(Case.objects.all(), today))
    for task in Task.objects.select_related("case", "assignee"):
        assert task.title
        assert Case.objects.visible_to(task.assignee).filter(pk=task.case_id).exists()
    before = Task.objects.count()
    call_command("seed_demo", "--password", PASSWORD, "--cases", "40")
    assert Task.objects.count() == before


def crawl(client, start="/", limit=80):
    """Follow every same-site link (GET only) from the start page; return {url: status}."""
    seen, queue = {}, deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
            link = link.replace("&amp;", "&")
            if not link.startswith(("/static/", "/admin/logout", "/accounts/logout")) and link not in seen:
                queue.append(link)
    return seen


@pytest.mark.parametrize("username", ["alex", "blake", "casey", "morgan", "riley", "sam"])
def test_every_page_reachable_from_the_navigation_works_for_each_demo_user(demo, client, username):
    client.force_login(User.objects.get(username=username))
    statuses = crawl(client)
    assert len(statuses) > 3
    broken = {url: status for url, status in statuses.items() if status >= 500 or status == 404}
    assert broken == {}


def test_seed_demo_makes_tasks_at_every_stage_and_shows_each_on_alexs_oldest_case(demo):
    from casework.models import Task
    from casework.vocabularies import TaskStatus

    today = timezone.localdate()
    tasks = Task.objects.all()
    assert tasks.filter(status=TaskStatus.OPEN, due_on__gt=today).exists()
    assert tasks.filter(status=TaskStatus.OPEN, due_on=today).exists()
    assert tasks.filter(status=TaskStatus.OPEN, due_on__lt=today).exists()
    assert tasks.filter(status=TaskStatus.DONE, done_on__lte=today).exists()
    assert all(t.cancel_reason for t in tasks.filter(status=TaskStatus.CANCELLED))
    assert tasks.filter(status=TaskStatus.CANCELLED).exists()
    oldest = Case.objects.filter(assignee__username="alex", status=CaseStatus.OPEN).order_by("id").first()
    on_oldest = oldest.tasks.all()
    assert {t.status for t in on_oldest} == {TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.CANCELLED}
    assert on_oldest.filter(assignee__username="morgan").exists()  # given to the manager
    # A safeguarding concern no manager has seen, and Alex's next oldest case never reached (the
    # oldest cases: a top-up adds newer ones, so it never moves).
    assert oldest.contacts.filter(safeguarding_concern=True, safeguarding_seen_at__isnull=True).exists()
    never = Case.objects.filter(assignee__username="alex", status=CaseStatus.OPEN).order_by("id")[1]
    assert not never.contacts.exists()
    before = (Task.objects.count(), Contact.objects.count())
    call_command("seed_demo", "--password", PASSWORD, "--cases", "40")
    assert (Task.objects.count(), Contact.objects.count()) == before


def _records_per_case() -> dict[tuple[str, int], int]:
    """How many records of every kind each case has: every model with a case, and the records
    hanging off a referral or a proceeding (decisions, milestones...), counted by their case."""
    from collections import Counter

    from django.apps import apps
    from django.db.models import ForeignKey, OneToOneField

    counts: Counter = Counter()
    for model in apps.get_models():
        if model._meta.app_label not in ("casework", "support", "screening", "justice"):
            continue
        path = None
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey | OneToOneField) and field.related_model is Case:
                path = field.name
                break
        if path is None:
            for field in model._meta.concrete_fields:
                if isinstance(field, ForeignKey | OneToOneField):
                    parent = field.related_model
                    if any(
                        isinstance(f, ForeignKey | OneToOneField) and f.related_model is Case
                        for f in parent._meta.concrete_fields
                    ):
                        path = f"{field.name}__case" if hasattr(parent, "case_id") else None
                        break
        if path is None or model is Case:
            continue
        for case_id in model.objects.values_list(path, flat=True):
            if case_id is not None:
                counts[(model._meta.label, case_id)] += 1
    return dict(counts)


def test_seed_demo_topping_up_leaves_the_cases_already_seeded_alone(demo):
    # README: seed_demo is idempotent and tops the demo up to --cases. Every seeder (casework's
    # and each app's) must only seed the cases it has not seeded: no second tribunal claim.
    before = _records_per_case()
    existing = set(Case.objects.values_list("pk", flat=True))
    call_command("seed_demo", "--password", PASSWORD, "--cases", "60")
    after = _records_per_case()
    changed = {
        key: (before.get(key, 0), count)
        for key, count in after.items()
        if key[1] in existing and before.get(key, 0) != count
    }
    changed |= {key: (count, 0) for key, count in before.items() if key not in after}
    assert changed == {}


# Dates that may lie ahead: what is due, planned or listed, and when a record expires.
MAY_BE_FUTURE = {
    "due_on",
    "rg_due_on",
    "planned_end_on",
    "expires_on",
    "retention_until",
    "next_review_on",
    "follow_up_due_on",
    "valid_until",
    "support_until",  # continued support agreed until (an RNA decision)
}


def test_no_demo_record_is_dated_in_the_future_where_the_forms_refuse_it(db):
    # SC-5C9S-7WSG had a public order disqualification dated months ahead, shown as "Soon":
    # decisions, disqualifications, withdrawals, referrals, consents, contacts, support...
    # only what is due, planned or listed (hearings) may be ahead.
    from django.apps import apps
    from django.db.models import DateField, DateTimeField
    from fernet_fields import EncryptedField

    from justice.models import Milestone
    from justice.rules import MAY_BE_FUTURE as HEARINGS

    call_command("seed_demo", "--password", PASSWORD, "--cases", "300")
    today, now = timezone.localdate(), timezone.now()
    ahead = []
    for model in apps.get_models():
        if model._meta.app_label not in ("casework", "support", "screening", "justice"):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, DateField) or field.name in MAY_BE_FUTURE or field.auto_now:
                continue
            limit = now if isinstance(field, DateTimeField) else today
            if isinstance(field, EncryptedField):  # no lookups in SQL: read them
                values = model.objects.values_list("pk", field.name)
                ahead += [(model._meta.label, field.name, pk) for pk, day in values if day and day > limit]
                continue
            records = model.objects.filter(**{f"{field.name}__gt": limit})
            if model is Milestone and field.name == "on":
                records = records.exclude(kind__in=HEARINGS)
            ahead += [(model._meta.label, field.name, pk) for pk in records.values_list("pk", flat=True)[:3]]
    assert ahead == []


def test_demo_timelines_show_closures_assignments_and_the_cover_share(demo):
    # The timeline reads closures, assignments and shares from the audit trail: the demo writes
    # what the services would have, on the days they happened, with staff and field names only.
    from casework.hooks import TimelineQuery
    from casework.models import AuditEvent
    from casework.selectors.timeline_events import ASSIGNMENT, CASE, case_events

    everything = TimelineQuery(kinds=frozenset({CASE, ASSIGNMENT}))
    for case in Case.objects.filter(status=CaseStatus.CLOSED):
        closed = [e for e in case_events(case, everything) if e.title == "Case closed"]
        assert [e.on for e in closed] == [case.closed_on], case.reference
    titles = Counter(e.title for case in Case.objects.all() for e in case_events(case, everything))
    assert any(title.startswith("Assigned to ") for title in titles)
    assert titles["Unassigned"] == Case.objects.filter(assignee__isnull=True).count()
    share = CaseShare.objects.filter(expires_on__gte=timezone.localdate()).get()
    cover = [e for e in case_events(share.content_object, everything) if e.title.startswith("Shared")]
    assert [e.title for e in cover] == ["Shared for cover with Blake Nowak"]
    events = AuditEvent.objects.filter(case__isnull=False)
    assert not events.filter(at__gt=timezone.now()).exists()
    # The demo's documents go through the service, which audits each one ("document:<id>").
    written = {tuple(fields) for fields in events.values_list("fields", flat=True)}
    assert {f for f in written if not (len(f) == 1 and f[0].startswith("document:"))} <= {
        (),
        ("closed_on", "closure_reason", "status"),
    }


def test_only_the_demo_seeders_use_the_ciphertext_reusing_copy():
    """casework/demo_copy.py encrypts each distinct value once and reuses its token: fine for
    made-up demo rows, a leak (equal texts, equal ciphertexts) anywhere else. Only the demo
    seeders (modules named demo.py or *_demo.py) and the bench's loader of made-up rows
    (scripts/bench_records.py) may import it."""
    root = Path(__file__).resolve().parents[2]
    importers = set()
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in {".venv", "node_modules", "tests", "static"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name == "casework.demo_copy" for name in names):
                importers.add(path.relative_to(root).as_posix())
    assert importers  # the seeders do use it
    assert all(
        path.endswith(("/demo.py", "_demo.py")) or path == "scripts/bench_records.py" for path in importers
    ), importers
