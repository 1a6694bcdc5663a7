"""`make bench`'s register import: a register ten times the June 2018 sample's (about 3,000
parties, ten years of monthly figures and meetings) imported into an empty database by
`python manage.py import_register`, timed, with the command's peak memory.

The register is made in a database of its own (the sample loaded, then
opsreport.sample.generate.ten_times_register) and exported; the import runs in a child process
on a second, freshly migrated database, so its peak resident memory is the command's own (the
operating system reports it for that child alone, os.wait4) and nothing else of the bench's
counts in it. Figures are printed, never asserted.
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

IMPORT_SECONDS = 60  # targets
IMPORT_MB = 500


@dataclass
class Measured:
    parties: int
    months: int
    rows: int  # the register's rows, every sheet
    kilobytes: int
    seconds: float
    peak_mb: float
    exit_status: int
    output: str

    def lines(self) -> list[str]:
        ok = self.exit_status == 0 and self.seconds < IMPORT_SECONDS and self.peak_mb < IMPORT_MB
        outcome = "imported" if self.exit_status == 0 else f"REFUSED (exit status {self.exit_status})"
        lines = [
            f"register ten times the sample's ({self.parties:,} parties, {self.months} months of figures, "
            f"{self.rows:,} rows, {self.kilobytes:,} kB): {outcome} by import_register in {self.seconds:.1f} s, "
            f"peak memory {self.peak_mb:.0f} MB (target < {IMPORT_SECONDS} s and < {IMPORT_MB} MB): "
            f"{'met' if ok else 'NOT met'}"
        ]
        if self.exit_status != 0:
            lines += self.output.splitlines()[-20:]
        return lines


def database(template: Path, name: str) -> tuple[Path, BaseDatabaseWrapper]:
    """A copy of the migrated template database, and a connection to it."""
    path = template.with_name(f"{template.stem}-{name}{template.suffix}")
    shutil.copyfile(template, path)
    settings_dict = {**connections["default"].settings_dict, "NAME": str(path)}
    return path, load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")


def make_register(template: Path) -> tuple[bytes, int, int]:
    """The register of the sample ten times over, made in a database of its own: (bytes,
    parties, months of figures)."""
    from helpdesk.models import HelpdeskMonth
    from opsreport.register.export import register_bytes
    from opsreport.sample import generate
    from opsreport.sample.load import load as load_sample
    from parties.models import Party

    _, source = database(template, "register-source")
    original = connections["default"]
    connections["default"] = source
    try:
        load_sample()
        generate.ten_times_register()
        return register_bytes(), Party.objects.count(), HelpdeskMonth.objects.count()
    finally:
        source.close()
        connections["default"] = original


def import_in_child(path: Path, database_path: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit status, output) of `manage.py import_register path` on the database."""
    # As in production: DEBUG off (no query log kept), so a secret key of its own.
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database_path}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_register", str(path)]
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
        # Waited for here, not by Popen: wait4 reports the resources of this child alone.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    return seconds, usage.ru_maxrss / 1024, child.returncode, text  # ru_maxrss is in kB on Linux


def measure(template: Path) -> Measured:
    from openpyxl import load_workbook

    data, parties, months = make_register(template)
    path = template.with_name("bench-register.xlsx")
    path.write_bytes(data)
    workbook = load_workbook(path, read_only=True)
    rows = sum(
        max(0, (sheet.max_row or 1) - 1) for sheet in workbook.worksheets if sheet.title not in ("README", "Lists")
    )
    workbook.close()
    target, connection = database(template, "register")
    connection.close()
    seconds, peak_mb, status, output = import_in_child(path, target)
    return Measured(parties, months, rows, len(data) // 1024, seconds, peak_mb, status, output)
