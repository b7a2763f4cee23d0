"""Write a `.env` file of local demo secrets, once.

`make run` and `make test` call this so a fresh clone works with no set-up. The
file is git-ignored; the settings read it (real environment variables win).
Production never uses it: there the secrets come from the environment.
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def main() -> int:
    if ENV_FILE.exists():
        return 0
    lines = [
        "# Local demo settings written by scripts/make_env.py. Never use these in production.",
        "DEBUG=true",
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
