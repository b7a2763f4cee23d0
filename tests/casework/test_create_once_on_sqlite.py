"""`make run` serves from a SQLite file. Two POSTs of one form about 20 ms apart used to get
"database is locked" (a 500) although the first had saved, so a retry made a duplicate. With
WAL, a busy timeout and IMMEDIATE transactions (config/settings.py) the second waits its turn
and the one-time token does the rest. Each test runs in a process of its own (the race script
tests/casework/sqlite_race.py, and the whole create-once suite on a SQLite test file), so the
app really runs on a SQLite file whatever database this suite uses."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.casework.test_create_once import CREATE_FORMS

ROOT = Path(__file__).resolve().parents[2]


def test_on_a_sqlite_file_the_same_form_sent_at_once_saves_once_and_nothing_is_locked(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tests.casework.sqlite_race", str(tmp_path / "race.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])

    assert results["journal_mode"] == "wal"
    for key in ("same_consent", "same_case", "different_consents"):
        assert all(status == 302 for status, _ in results[key]), results[key]
    assert results["consents_made"] == 1
    assert results["cases_made"] == 1
    assert len({location for _, location in results["same_case"]}) == 1  # both to the one case
    assert results["different_consents_made"] == 6


def test_every_create_form_saves_once_on_a_sqlite_file_too(tmp_path):
    """The whole create-once suite (each form sent twice in turn, and twice at once from two
    threads) on a SQLite test database kept in a file, with `make run`'s SQLite settings."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}",
        "SQLITE_TEST_FILE": str(tmp_path / "test.sqlite3"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/casework/test_create_once.py",
            "-v",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=-ra",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    raced = [line for line in done.stdout.splitlines() if "sent_twice_at_once" in line]
    assert len(raced) == len(CREATE_FORMS), done.stdout[-4000:]
    assert all("PASSED" in line for line in raced), raced
    assert "skipped" not in done.stdout.strip().splitlines()[-1]
