"""The one settings module. Everything that differs between machines comes from
environment variables (README lists them), read through django-environ.

Defaults are the safe ones: DEBUG is off, and with DEBUG off the app refuses to
start without its secrets. `make run` and `make test` write local demo secrets to
a git-ignored `.env` (scripts/make_env.py), which is read here; real environment
variables always win over it.
"""

import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# --- Secrets: required in production, never defaulted there -----------------------------------------
_REQUIRED = ("SECRET_KEY", "FERNET_KEYS", "BLIND_INDEX_KEY") + (() if DEBUG else ("ALLOWED_HOSTS",))
_missing = [name for name in _REQUIRED if not env.str(name, default="")]
if _missing and not DEBUG:
    # One line, no traceback: this is an operator's configuration mistake, not a bug.
    sys.exit(f"Refusing to start with DEBUG off: set {', '.join(_missing)} in the environment.")
if _missing:
    sys.exit(f"Missing {', '.join(_missing)}: run `make install` to write local demo secrets to .env.")

SECRET_KEY = env.str("SECRET_KEY")
# Comma-separated, newest first: the first key encrypts, every key decrypts (MultiFernet).
# Never falls back to SECRET_KEY (fernet_fields would, which makes SECRET_KEY rotation destroy data).
FERNET_KEYS = env.list("FERNET_KEYS")
BLIND_INDEX_KEY = env.str("BLIND_INDEX_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

SERVER_TIMING = env.bool("SERVER_TIMING", default=False)  # make bench turns it on
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)

# --- Applications -----------------------------------------------------------------------------------
# Our own apps, in the one direction their imports go: each may import those before it
# (tests/test_import_direction.py holds them to it).
PROJECT_APPS = ["casework", "screening", "support", "justice", "oversight"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "guardian",
    "pgtrigger",
    "django_countries",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    # Outermost, so its time covers everything else (off unless SERVER_TIMING).
    "casework.security.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # An htmx request sent to sign in by those below loads the sign-in page whole (HX-Redirect).
    "casework.security.middleware.HtmxSignInMiddleware",
    # Deny by default: every view needs a logged-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Then a verified second factor (when MFA_REQUIRED), and the 12-hour session cap.
    "casework.security.middleware.MfaRequiredMiddleware",
    "casework.security.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "casework.security.middleware.NoStoreForAuthenticatedMiddleware",
    "casework.security.middleware.ExpiredExportsMiddleware",
    # Last, so it sees (and audits) the failed logins of every view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.context_processors.navigation",
            ],
        },
    },
]
# Django's form renderer, pointed at our GOV.UK Frontend field templates.
FORM_RENDERER = "casework.ui.govuk.GovukFormRenderer"

# --- Data -------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# SQLite (`make run`'s demo database). WAL with synchronous=NORMAL never corrupts the file, but
# a power cut can lose the last commits: fine for a demo, not for real casework (use
# PostgreSQL). secure_delete makes SQLite overwrite deleted content with zeros, so erasure's
# "overwrite, then delete" leaves no old value in the database file (README, "What erasure
# removes", says what the WAL file keeps until a checkpoint).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s SQLite under concurrent requests (a double click): WAL lets readers go on
    # while one request writes; IMMEDIATE transactions take the write lock at BEGIN, so a second
    # writer waits (up to `timeout` seconds) instead of failing with "database is locked" when it
    # tries to upgrade a read transaction; the one-time form token then sees the first one's row.
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")

AUTH_USER_MODEL = "casework.User"
# django-axes first: it refuses a locked-out username before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Wrong passwords are counted per username whatever the address, and never reset by anyone's
# success (they age out); the address-wide throttle is ours, far higher (casework.security.lockout).
LOCKOUT_FAILURES = env.int("LOCKOUT_FAILURES", default=5)
LOCKOUT_MINUTES = env.int("LOCKOUT_MINUTES", default=15)
LOCKOUT_ADDRESS_FAILURES = env.int("LOCKOUT_ADDRESS_FAILURES", default=50)
AXES_FAILURE_LIMIT = LOCKOUT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# A failed step-up before an export is stored with its POST data: the export form's one-time
# token (casework/services/submission.py) is masked like the password; it is nobody's business there.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "submission_token"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Axes' admin pages would show administrators whatever was typed as a username (a password
# typed in the wrong box included) and let them delete failures unaudited. Failed sign-ins
# are in the audit trail; a lock lifts by itself (or `manage.py axes_reset_username`).
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in our own audit trail
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]  # behind a proxy, set REMOTE_ADDR from it there
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

OTP_TOTP_ISSUER = "Survivor Casework"
# Passkeys and security keys (casework.security.passkeys): a second factor only, never passwordless
# (the password is what the lockout counts). The relying party is the site's host name, so
# WebAuthn refuses bare IP addresses: with SITE_URL on 127.0.0.1 (the demo), passkeys work at
# http://localhost:8000.
_site = urlsplit(SITE_URL)
_site_is_ip = bool(_site.hostname) and _site.hostname.replace(".", "").isdigit()
_site_origin = SITE_URL.replace(_site.hostname, "localhost") if _site_is_ip else SITE_URL
OTP_WEBAUTHN_RP_NAME = "Survivor Casework"
OTP_WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default="localhost" if _site_is_ip else _site.hostname)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("WEBAUTHN_ORIGINS", default=[_site_origin])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60

# From when the 12 months of support are counted: cg_decision (default), cg_served or
# recovery_end (docs/domain.md, Support and the twelve months). Scotland and Northern
# Ireland follow their own rules.
SUPPORT_ANCHOR = env.str("SUPPORT_ANCHOR", default="cg_decision")
if SUPPORT_ANCHOR not in ("cg_decision", "cg_served", "recovery_end"):
    sys.exit("SUPPORT_ANCHOR must be cg_decision, cg_served or recovery_end.")

# Days after a positive RG at which a case still waiting for its CG is escalated (reminders,
# backlog). The CG has no statutory deadline; these are the organisation's choice.
CG_ESCALATION_DAYS = sorted(env.list("CG_ESCALATION_DAYS", cast=int, default=[90, 180, 365, 540]))

# The day from which a temporary permission to stay decision may be asked to be reconsidered
# within 30 days rather than 14 (later VTS caseworker guidance; the date is unverified, see
# docs/domain.md). Unset: 14 days, the earlier and safer deadline. ISO date, e.g. 2024-10-24.
_vts_30_days_from = env.str("VTS_RECONSIDERATION_30_DAYS_FROM", default="")
try:
    VTS_RECONSIDERATION_30_DAYS_FROM = date.fromisoformat(_vts_30_days_from) if _vts_30_days_from else None
except ValueError:
    sys.exit("VTS_RECONSIDERATION_30_DAYS_FROM must be a date like 2024-10-24, or unset.")

# Years a closed case's personal data may be kept (the charity's retention schedule).
RETENTION_YEARS = env.int("RETENTION_YEARS", default=6)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian holds only the time-boxed cover shares (casework.CaseShare); no anonymous user.
ANONYMOUS_USER_NAME = None
GUARDIAN_RENDER_403 = False

# --- Sessions and cookies ---------------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 15 * 60  # idle limit: the cookie is renewed on every request
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY

# --- HTTP security headers --------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# Case URLs carry references, so no other site may ever receive them as a Referer. Not
# "no-referrer": under it browsers send "Origin: null" on our own form posts, which Django's
# CSRF check rightly rejects (every form would fail). "same-origin" sends nothing elsewhere.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
# Preload is effectively irreversible, so it is left to the operator (security.W021 silenced).
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = [
    "security.W021",
    # Guardian's object-permission backend is deliberately not installed: it would answer
    # has_perm() without the cover share's end date. Case access is only ever decided by
    # Case.objects.visible_to(), which reads guardian's table and checks the date.
    "guardian.W001",
    # Axes counts per username only, on purpose (a per-address count locked out whole offices
    # behind one NAT address); the per-address throttle is ours, at a far higher count
    # (casework.security.lockout).
    "axes.W006",
]
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# --- Static files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email ------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="casework@localhost")
EMAIL_TIMEOUT = 30

# --- Internationalisation ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Logging: identifiers only, never request bodies or form values ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"drop_request": {"()": "casework.security.log_privacy.DropRequestFilter"}},
    "formatters": {
        "private": {
            "()": "casework.security.log_privacy.PrivateFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "private", "filters": ["drop_request"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers go to the same private handler only (no admin emails).
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},  # its start-up banner on every command is noise
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "casework.security.log_privacy.NothingSensitiveReporterFilter"
CSRF_FAILURE_VIEW = "casework.errors.csrf_failure"

# --- Documents (issue 20; docs/architecture.md, "Documents: storage and encryption") -----------------
# Uploaded files, encrypted before they reach storage (casework/services/document_storage.py).
# DOCUMENT_STORAGE_URL unset: a private local folder, DOCUMENTS_ROOT, never served by any URL.
# s3://bucket[/prefix][?endpoint_url=https://...&region=...&addressing_style=path]: S3 or an
# S3-compatible store through django-storages; credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or the machine's role), never in the URL.
DOCUMENT_MAX_MB = env.int("DOCUMENT_MAX_MB", default=20)
# ClamAV's daemon socket (e.g. /run/clamav/clamd.ctl): when set, every upload is scanned first.
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="") or None
CLAMD_TIMEOUT_SECONDS = env.int("CLAMD_TIMEOUT_SECONDS", default=60)
# Images over this many pixels are refused before they are decoded (a JPEG is decoded at a half,
# quarter or eighth of its size instead when that fits): decoding takes 3-4 bytes a pixel.
DOCUMENT_MAX_PIXELS = env.int("DOCUMENT_MAX_PIXELS", default=40_000_000)
# Where uploads over 2.5 MB and cleaned images over 1 MB wait, unencrypted, while they are checked
# (deleted at the end of the request). Unset: the system's temporary folder; compose.yaml mounts
# a tmpfs (memory, never disk) there. Set it to a private folder on an encrypted or memory disk.
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default="") or None
# Uploads stop being received past DOCUMENT_MAX_MB (and are then refused), whatever their size.
FILE_UPLOAD_HANDLERS = [
    "casework.services.file_checks.UploadSizeCap",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DOCUMENTS_ROOT = env.path("DOCUMENTS_ROOT", default=BASE_DIR / "private" / "documents")


def document_storage_from_url(url: str, root: Path) -> dict:
    """settings.STORAGES["documents"] for DOCUMENT_STORAGE_URL (empty: the local folder `root`)."""
    parts = urlsplit(url)
    if not parts.scheme:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": str(root),
                "base_url": None,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    if parts.scheme != "s3" or not parts.hostname:
        sys.exit("DOCUMENT_STORAGE_URL must be s3://bucket[/prefix][?endpoint_url=...], or unset.")
    if parts.username or parts.password:
        # django-storages would ignore them silently and use other credentials (or none).
        raise ImproperlyConfigured(
            "DOCUMENT_STORAGE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY instead (or use the machine's role)."
        )
    from boto3.s3.transfer import TransferConfig

    query = dict(parse_qsl(parts.query))
    return {
        # django-storages' S3Storage, sending uploads from a temporary file and streaming reads,
        # so memory stays bounded whatever the file's size.
        "BACKEND": "casework.services.document_storage.S3DocumentStorage",
        "OPTIONS": {
            "bucket_name": parts.hostname,
            "location": parts.path.strip("/"),
            "endpoint_url": query.get("endpoint_url"),
            "region_name": query.get("region"),
            "addressing_style": query.get("addressing_style"),
            "default_acl": None,
            # Objects are ciphertext under random names: no content type to guess.
            "object_parameters": {"ContentType": "application/octet-stream"},
            # Uploads go in 5 MiB parts, two at a time, each read from the temporary file as sent.
            "transfer_config": TransferConfig(
                multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=2
            ),
        },
    }


STORAGES["documents"] = document_storage_from_url(env.str("DOCUMENT_STORAGE_URL", default=""), DOCUMENTS_ROOT)
# Libraries that read uploads or talk to the store say nothing about a file at INFO, but their
# DEBUG lines are not ours to vouch for.
LOGGING["loggers"].update({name: {"level": "INFO"} for name in ("PIL", "botocore", "boto3", "s3transfer")})

# --- Celery (reminders) -----------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"  # one beat in UTC; local times are computed in code (docs/architecture.md, Reminders)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE = {
    # The dispatcher decides in code whether it is 07:00 in London (docs/architecture.md, Reminders).
    "dispatch-reminders": {"task": "support.tasks.dispatch_reminders", "schedule": 300.0},
    # Subject access exports are kept at most their 15 minutes (also purged on every request).
    "purge-expired-exports": {"task": "casework.tasks.purge_expired_exports", "schedule": 60.0},
    # Create-once claims (casework/services/submission.py) are needed only while a retry is plausible.
    "purge-form-submissions": {"task": "casework.tasks.purge_form_submissions", "schedule": 3600.0},
}
FORM_SUBMISSION_KEEP_HOURS = env.int("FORM_SUBMISSION_KEEP_HOURS", default=24)
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=30)
# A claimed reminder still unsent this many minutes after it was queued is queued again by the
# next dispatcher pass (oversight/outbox.py): the broker may have lost it, or its worker died.
REMINDER_REQUEUE_AFTER_MINUTES = env.int("REMINDER_REQUEUE_AFTER_MINUTES", default=10)
# A newly opened case should have a contact, or an attempt, within this many hours; after that it
# is listed on "My work" and in the reminders until one is logged (casework/selectors/contact_work.py).
CONTACT_FIRST_HOURS = env.int("CONTACT_FIRST_HOURS", default=48)

# Employment tribunal claims: the Employment Rights Act 2025 (s152, Sch 12) raises most limits
# from three months to six from a date set by commencement regulations, not confirmed here
# (docs/domain.md, "Compensation and claims"). Empty (the default): three months, the safer date.
# Set an ISO date (e.g. 2026-10-01) to apply six months to acts on or after it.
_six_months_from = env.str("EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM", default="")
try:
    EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM = date.fromisoformat(_six_months_from) if _six_months_from else None
except ValueError:
    sys.exit("EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM must be a date like 2026-10-01, or unset.")
# CICA claims for a period of abuse: whether the two years count from the last incident of the
# period (True) or its first (False, the default and safer date); the scheme's rule is unverified.
CICA_ABUSE_PERIOD_COUNTS_FROM_END = env.bool("CICA_ABUSE_PERIOD_COUNTS_FROM_END", default=False)

# Nationalities: two answers that are not countries (ISO 3166 user-assigned codes), offered first.
COUNTRIES_OVERRIDE = {"XS": "Stateless", "ZZ": "Not known"}
COUNTRIES_FIRST = ["XS", "ZZ"]
