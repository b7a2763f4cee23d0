"""Browser tests drive Debian's chromium; Playwright never downloads a browser of its own here."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google hosts on a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason="service unavailable: chromium (apt-get install chromium)")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def problems(page):
    """Console errors, page errors and failed requests seen while the test ran."""
    seen = []
    page.set_default_timeout(10_000)
    page.on("console", lambda msg: seen.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    page.on("response", lambda r: seen.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    # A download ends its request with ERR_ABORTED (the page does not navigate): not a failure.
    page.on(
        "requestfailed",
        lambda r: (
            seen.append(f"failed: {r.url} {r.failure}") if "ERR_ABORTED" not in (r.failure or "") else None
        ),
    )
    return seen


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username, password="correct-horse-battery"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

    return _sign_in
