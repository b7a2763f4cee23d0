"""Keeping survivor data out of logs and error reports (ASVS 7.1.1/7.1.2).

Form values, request bodies and decrypted fields must never reach a log line. Three
layers, all configured in settings.LOGGING and DEFAULT_EXCEPTION_REPORTER_FILTER:

- DropRequestFilter removes the request object Django attaches to its log records, so no
  handler (an admin email, a future error tracker) can serialise POST data or cookies;
- PrivateFormatter prints tracebacks with exception *messages* withheld: a message can carry
  a value ("invalid literal for int(): 'Ana'"), the frames and exception types cannot;
- NothingSensitiveReporterFilter hides every POST parameter and every frame's local
  variables in Django's error reports.
"""

import logging
import re
import traceback

from django.views.debug import SafeExceptionReporterFilter

WITHHELD = "(message withheld: it may hold personal data)"


class DropRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True


class PrivateFormatter(logging.Formatter):
    def formatException(self, ei) -> str:
        _type, value, tb = ei
        blocks = []
        seen = set()
        exc = value
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            frames = "".join(traceback.format_tb(exc.__traceback__ if exc is not value else tb))
            blocks.append(f"Traceback (most recent call last):\n{frames}{type(exc).__qualname__}: {WITHHELD}")
            exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        return "\n\nCaused by or during:\n".join(reversed(blocks))


class NothingSensitiveReporterFilter(SafeExceptionReporterFilter):
    # Django's list, plus the connection URLs, which carry passwords (settings, and the
    # environment that runserver copies into request.META).
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|REDIS|BROKER|EMAIL_URL|_URL$",
        flags=re.IGNORECASE,
    )

    def is_active(self, request) -> bool:
        return True  # even with DEBUG on

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return []
