"""The register's sheets: one module each, listed once in MODULES, in the workbook's order.

The order is also the order rows are written in: a sheet comes after the sheets whose records
its rows name (Defaults, Applicants and Completions name the parties of the Parties sheet).

Each module (opsreport/register/sheets/<name>.py) provides:

- SHEET: a Sheet (opsreport/workbook/sheets.py: its name, its Columns, what it holds), shared
  by the export and the import so they cannot drift;
- rows() -> list[list[Any]]: every record the database holds, one list of cell values per
  row in the sheet's column order (the export);
- plan(planner, reader, table) -> None: each row of the uploaded sheet checked (with the
  screens' forms or the models' own validation) and planned through the RegisterPlanner
  (opsreport/register/plan.py): created, changed, unchanged, with the action that writes it;
- optionally lists() -> dict[str, list[str]]: reference lists of its own for the Lists sheet,
  which its columns name as `choices` to get a drop-down.

See /work/notes/register-framework.md, or the README's "The register", for the how-to.
"""

import importlib
from types import ModuleType
from typing import Any

from opsreport.lib.classification import Classification
from opsreport.workbook.sheets import COMPLETION_KINDS, YES_NO, Sheet
from parties.models import DCCUserRole, Party, PartyCategory

# The register's sheet modules, in the workbook's (and the writes') order.
MODULES = [
    "parties",
    "defaults",
    "applicants",
    "completions",
    "papers",
    "categories",
    "monthly_figures",
    "releases",
    "sec_versions",
    "modifications",
    "committees",
    "meetings",
    # After the meetings: on a day with a meeting's decision, a status typed here counts after it.
    "modification_statuses",
]

DCC = "DCC"  # the Parties sheet's category of the Data Communications Company


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"opsreport.register.sheets.{name}") for name in MODULES]


def sheets() -> list[Sheet]:
    """The register's sheets, in order."""
    return [module.SHEET for module in modules()]


def module_for(name: str) -> ModuleType:
    """The module that exports and plans the sheet called `name`."""
    return next(module for module in modules() if module.SHEET.name == name)


def reference_lists() -> dict[str, list[str]]:
    """{list name: [values]}: the lists every sheet may use, then each module's own."""
    lists: dict[str, list[str]] = {
        "Party": list(Party.objects.order_by("name").values_list("name", flat=True)),
        "Party category": [str(label) for label in PartyCategory.labels],
        "Category": [str(label) for label in PartyCategory.labels] + [DCC],
        "DCC user role": list(DCCUserRole.objects.values_list("name", flat=True)),
        "Classification": [str(label) for label in Classification.labels],
        "Completion": COMPLETION_KINDS,
        "Yes/No": YES_NO,
    }
    for module in modules():
        own: Any = getattr(module, "lists", None)
        if own is not None:
            lists.update(own())
    return lists
