"""`make run` serves from a SQLite file. Two POSTs of one form about 20 ms apart used to get
"database is locked" (a 500) although the first had saved, so a retry made a duplicate. With
WAL, a busy timeout and IMMEDIATE transactions (config/settings.py) the second waits its turn
and the one-time token does the rest. Run in a process of its own (tests/casework/sqlite_race.py)
so that the app really runs on a SQLite file, whatever database the suite uses."""

import json
import subprocess
import sys
from pathlib import Path

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
