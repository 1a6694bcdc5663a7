"""The layout holds: the domain apps and opsreport's small library import no views, paper or
dashboard code, so each can change without the others. The domain apps' screens (their
admin.py) may also call opsreport.actions, the one layer that writes, so that a screen and the
workbook write through the same function."""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(folder):
    """(file, module) for every import in every Python file under the folder."""
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                yield from ((path.relative_to(ROOT), alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                yield path.relative_to(ROOT), node.module


class LayoutTests(SimpleTestCase):
    def test_the_domain_apps_import_only_opsreports_library(self):
        for app in ["parties", "helpdesk", "meetings"]:
            for path, module in imported_modules(app):
                if module.split(".")[0] == "opsreport":
                    allowed = ("opsreport.lib", "opsreport.actions") if path.name == "admin.py" else ("opsreport.lib",)
                    with self.subTest(path=str(path), module=module):
                        self.assertTrue(module.startswith(allowed), f"{path} imports {module}")

    def test_the_library_imports_nothing_of_the_project(self):
        for path, module in imported_modules("opsreport/lib"):
            with self.subTest(path=str(path), module=module):
                self.assertNotIn(module.split(".")[0], {"parties", "helpdesk", "meetings"})
                if module.startswith("opsreport"):
                    self.assertTrue(module.startswith("opsreport.lib"), f"{path} imports {module}")
