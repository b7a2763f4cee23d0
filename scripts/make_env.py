"""Write a `.env` file of local demo secrets, once.

`make run` and `make test` call this so a fresh clone works with no set-up. The
file is git-ignored; the settings read it (real environment variables win).
Production never uses it: there the secrets come from the environment.

The demo runs with DEBUG off, as production does (a wrong URL must not show Django's
technical page with the URL conf): plain http on 127.0.0.1 (HTTPS_ONLY=false) and emails
printed to the console. An older `.env` that still says DEBUG=true is switched over.
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


DEMO_SETTINGS = ["DEBUG=false", "HTTPS_ONLY=false", "EMAIL_URL=consolemail://"]


def switch_debug_off() -> None:
    lines = ENV_FILE.read_text().splitlines()
    if "DEBUG=true" not in lines:
        return
    names = {line.split("=", 1)[0] for line in lines}
    kept = [line for line in lines if line != "DEBUG=true"]
    added = [line for line in DEMO_SETTINGS if line.split("=", 1)[0] not in names - {"DEBUG"}]
    ENV_FILE.write_text("\n".join(kept[:1] + added + kept[1:]) + "\n")
    print("Switched the demo .env to DEBUG=false.")


def main() -> int:
    if ENV_FILE.exists():
        switch_debug_off()
        return 0
    lines = [
        "# Local demo settings written by scripts/make_env.py. Never use these in production.",
        *DEMO_SETTINGS,
        f"SECRET_KEY={secrets.token_urlsafe(50)}",
        f"FERNET_KEYS={Fernet.generate_key().decode()}",
        f"BLIND_INDEX_KEY={secrets.token_urlsafe(32)}",
        "ALLOWED_HOSTS=127.0.0.1,localhost",
        "MFA_REQUIRED=false",
        f"DEMO_PASSWORD={secrets.token_urlsafe(12)}",
    ]
    ENV_FILE.write_text("\n".join(lines) + "\n")
    ENV_FILE.chmod(0o600)
    print("Wrote demo secrets to .env (git-ignored).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
