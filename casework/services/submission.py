"""Create once.

Every form that creates a record carries a one-time token (`{% submission_token %}`, a hidden
field with a fresh random value each time the form is drawn). The view that receives it runs
through `once()`: the token is claimed (a `FormSubmission` row, unique on the token) in the
same transaction as the record, so

- a second POST with the same token (a double click, Back and save again, a retry after a
  timeout) creates nothing and is sent where the first one went, with "This was already saved";
- two POSTs at the same moment cannot both create: the second one's insert waits on the unique
  index (PostgreSQL) or on the write lock (SQLite, IMMEDIATE transactions) until the first
  commits, then finds the token taken;
- a POST that saves nothing (the form comes back with errors, the case is not the user's or
  was erased, or an exception) leaves no claim, so the same token can be sent again once the
  form is corrected; whatever else the view wrote (the audit of a refusal) is kept as it would
  be without a token. Whether something was saved is seen by watching post_save while the
  view runs (the first record saved, other than audit, that still exists when it returns;
  sharing a case again moves an existing share's end date, which counts);
- a second POST with the same token but different answers (Back, then a genuinely different
  record typed into the old form) is not dropped: the claim keeps an HMAC of the first POST
  body (keyed with SECRET_KEY, so it reveals nothing of what was typed), and a body that differs
  gets the form shown again, with what was typed, a fresh token and a warning; saving that adds
  the record. The view says whether it may save with `held(request)`;
- claims are kept FORM_SUBMISSION_KEEP_HOURS (purged by beat): long enough for any retry.

`record_on_case` (the shape most record pages share) applies this to every page built on it;
other create views take the `@submit_once` decorator. A POST without a token (a script, an old
tab) is not refused, only not deduplicated: the forms themselves always carry one, and
tests/casework/test_create_once.py checks that every create form does and creates once.
"""

import contextvars
import json
import re
import secrets
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from casework.models import AuditEvent, FormSubmission

TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field name, not a secret)
ALREADY_SAVED = "This was already saved."
LOOKS_NEW = (
    "This form was already saved once with different answers. If this is a new record, check it "
    "and save again to add it; if not, go back to the case: the first one was kept."
)
_HELD = "_submission_held"
_NOT_HASHED = {"csrfmiddlewaretoken", TOKEN_FIELD}
NOT_YOURS = "This form could not be saved. Open it again and save it from there."
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")

# Records saved while a claimed submission runs: the first is the record the token made.
_created: contextvars.ContextVar[list | None] = contextvars.ContextVar("submission_created", default=None)
_IGNORED = (AuditEvent, FormSubmission)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def posted_token(request) -> str | None:
    value = request.POST.get(TOKEN_FIELD, "")
    return value if _TOKEN.fullmatch(value) else None


class _Taken(Exception):
    pass


def once(request, create) -> HttpResponse:
    """Run `create()` (which saves and redirects on success, or returns the form with errors)
    at most once per posted token."""
    token = posted_token(request)
    if token is None:
        return create()
    digest = body_digest(request)
    earlier = FormSubmission.objects.filter(token=token).first()
    if earlier is not None:
        return _sent_again(request, earlier, digest, create)
    refusal = None
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(token=token, user=request.user, body_digest=digest)
            except IntegrityError:
                raise _Taken from None  # a concurrent request with the same token got there first
            try:
                with _watching_creations() as created:
                    response = create()
            except (Http404, PermissionDenied) as refused:
                # Not the user's case: keep the audit of the refusal, free the token.
                claim.delete()
                refusal = refused
            else:
                made = _first_kept(created)
                if made is None:
                    # Nothing was saved (errors on the form, an erased case...): a retry must
                    # not be told it was already saved, so the token is free again.
                    claim.delete()
                else:
                    claim.record_kind, claim.record_id = made
                    if 300 <= response.status_code < 400:
                        claim.redirect_to = _local_path(response.get("Location", ""))
                    claim.save(update_fields=["redirect_to", "record_kind", "record_id"])
    except _Taken:
        return _sent_again(request, FormSubmission.objects.get(token=token), digest, create)
    if refusal is not None:
        raise refusal
    return response


def held(request) -> bool:
    """True when this POST must not save: it reuses a token already saved with different
    answers, so the view shows the form again (with what was typed and a fresh token)."""
    return getattr(request, _HELD, False)


def body_digest(request) -> str:
    """An HMAC of what the form sent (not the CSRF or one-time token), so a resubmission can be
    told apart from a different record without keeping anything that was typed."""
    body = sorted(
        (name, [value.strip() for value in request.POST.getlist(name)])
        for name in request.POST
        if name not in _NOT_HASHED
    )
    return salted_hmac("casework.services.submission.body", json.dumps(body), algorithm="sha256").hexdigest()


def submit_once(view):
    """For create views not built on record_on_case: their POSTs run through `once()`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        return once(request, lambda: view(request, *args, **kwargs))

    # Marks the view for the create-once tests, which walk the URL conf to find every create form.
    wrapper.submits_once = True  # type: ignore[attr-defined]
    return wrapper


def _sent_again(request, claim: FormSubmission, digest: str, create) -> HttpResponse:
    if claim.user_id != request.user.pk:
        # Someone else's token (it cannot be guessed, so it was copied): say nothing about it.
        messages.error(request, NOT_YOURS)
        return redirect("home")
    if claim.body_digest and claim.body_digest != digest:
        # Back, then a different record typed into the old form: show it again, unsaved.
        setattr(request, _HELD, True)
        messages.warning(request, LOOKS_NEW)
        return create()
    messages.info(request, ALREADY_SAVED)
    return redirect(claim.redirect_to or "home")


def _first_kept(created: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The first record saved that is still there (a service that saved and then refused
    rolled its savepoint back, but post_save had already fired)."""
    for label, pk in created:
        if apps.get_model(label).objects.filter(pk=pk).exists():
            return label, pk
    return None


def _local_path(location: str) -> str:
    """The path only: a query string is never kept (no data beyond a case reference here)."""
    if location.startswith("/") and url_has_allowed_host_and_scheme(location, allowed_hosts=None):
        path = urlsplit(location).path
        return path if len(path) <= 300 else ""
    return ""


@contextmanager
def _watching_creations():
    created: list[tuple[str, int]] = []
    reset = _created.set(created)
    try:
        yield created
    finally:
        _created.reset(reset)


def _note_creation(sender, instance, created, **kwargs):
    found = _created.get()
    if found is None or isinstance(instance, _IGNORED):
        return
    found.append((instance._meta.label_lower, instance.pk))


post_save.connect(_note_creation, dispatch_uid="casework.services.submission.note_creation")


def form_submissions_purge() -> int:
    """Delete create-once claims (this module) older than FORM_SUBMISSION_KEEP_HOURS.
    Run by beat: past that, a resubmission is no longer a double click or a retry."""
    since = timezone.now() - timedelta(hours=settings.FORM_SUBMISSION_KEEP_HOURS)
    deleted, _ = FormSubmission.objects.filter(created_at__lt=since).delete()
    return deleted
