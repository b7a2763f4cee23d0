"""What the Docker image installs (requirements.txt) is what the application needs to run, and no
test tool (moto's S3 server with its Flask, docker and cfn-lint clients, pytest, Playwright...);
requirements-dev.txt adds those for `make install`."""

import re
from importlib.metadata import distribution

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.test_settings import ROOT


def pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text().splitlines()
    return {canonicalize_name(line.split("==")[0]): line.split("==")[1] for line in lines if "==" in line}


def test_the_image_installs_no_test_or_development_tool():
    production = pins("requirements.txt")
    for tool in (
        "moto",
        "flask",
        "werkzeug",
        "docker",
        "cfn-lint",
        "aws-xray-sdk",
        "pytest",
        "playwright",
        "ruff",
        "mypy",
        "djlint",
        "hypothesis",
        "factory-boy",
        "responses",
    ):
        assert tool not in production, tool
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.findall(r"pip install .*-r (\S+)", dockerfile) == ["requirements.txt"]


def test_make_install_installs_the_tools_and_the_application_together():
    development = (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert "-r requirements.txt" in development
    assert {"moto", "pytest", "playwright", "ruff"} <= set(pins("requirements-dev.txt"))
    assert not set(pins("requirements-dev.txt")) & set(pins("requirements.txt"))  # each pinned once
    assert "pip install --quiet -r requirements-dev.txt" in (ROOT / "Makefile").read_text()


def test_every_package_the_application_needs_is_in_the_image():
    """requirements.txt holds every dependency of every package in it (at the installed versions)."""
    production = pins("requirements.txt")
    for name in production:
        for text in distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue  # an optional extra, or not for this platform or Python
            assert canonicalize_name(requirement.name) in production, f"{name} needs {requirement.name}"
