from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from opsreport.dashboard_bench import counts, grow_tenfold, measure
from opsreport.sample.load import load as load_sample

TARGET_MS = 200


class Command(BaseCommand):
    help = (
        "Print the dashboard's server time and query count for the June 2018 sample and for ten "
        "times that data, in a throw-away test database (in memory on SQLite)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15, help="Requests per measurement (the median is printed).")

    def handle(self, *args, runs=15, **options):
        setup_test_environment()
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            load_sample()
            rows = [("sample", *measure(runs=runs), counts())]
            grow_tenfold()
            rows.append(("10x sample", *measure(runs=runs), counts()))
            rows.append(("10x, ten years shown", *measure("/dashboard/?from=2008-07&to=2018-06", runs=runs), counts()))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        self.stdout.write(f"Dashboard (/dashboard/, Panel member, median of {runs} requests):")
        for name, ms, queries, sizes in rows:
            data = ", ".join(f"{n} {k}" for k, n in sizes.items())
            self.stdout.write(f"  {name:<22} {ms:7.1f} ms  {queries:3d} queries   ({data})")
        sample_queries, big_queries = rows[0][2], rows[1][2]
        ok = big_queries == sample_queries and rows[1][1] < TARGET_MS
        verdict = "OK" if ok else "NOT OK"
        self.stdout.write(
            f"{verdict}: queries {'do not grow' if big_queries == sample_queries else 'GROW'} with the data; "
            f"10x answers in {rows[1][1]:.0f} ms (target under {TARGET_MS} ms)."
        )
        if not ok:
            raise SystemExit(1)
