"""Imports go one way: oversight -> justice -> support -> screening -> casework, and no app
imports config. Every import counts, including those inside functions (a lazy import is
still a dependency). Migrations count too."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Each may import only itself and those before it. Written out here, not read from settings, so
# that reordering INSTALLED_APPS cannot quietly change the rule. (Migration dependencies are not
# imports: casework 0025 names justice's first migration so the moved tables change app in order.)
ORDER = ["casework", "screening", "support", "justice", "oversight"]


def test_the_order_covers_every_project_app():
    assert sorted(ORDER) == sorted(settings.PROJECT_APPS)


def imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update((name.split(".")[0], node.lineno) for name in names)
    return found


def wrong_way_imports(root: Path = ROOT) -> list[str]:
    wrong = []
    for position, app in enumerate(ORDER):
        allowed = set(ORDER[: position + 1])
        for path in sorted((root / app).rglob("*.py")):
            for top, line in sorted(imported_apps(path)):
                if top == "config" or (top in ORDER and top not in allowed):
                    wrong.append(f"{path.relative_to(root)}:{line} imports {top}")
    return wrong


def test_every_app_imports_only_the_apps_below_it():
    assert wrong_way_imports() == []


def test_the_check_catches_an_import_the_wrong_way(tmp_path):
    # casework importing oversight would be refused (the check is not vacuous).
    (tmp_path / "casework").mkdir()
    (tmp_path / "casework" / "bad.py").write_text("def f():\n    from oversight import backlog\n")
    for app in ORDER[1:]:
        (tmp_path / app).mkdir()
    (tmp_path / "oversight" / "ok.py").write_text("import casework.models\nfrom config import settings\n")
    assert wrong_way_imports(tmp_path) == [
        "casework/bad.py:2 imports oversight",
        "oversight/ok.py:2 imports config",
    ]
