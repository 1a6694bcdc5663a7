"""`make loadtest`: the site served for real (`make serve`: gunicorn, DEBUG off) on PostgreSQL,
under 32 clients for 60 s with PostgreSQL restarted halfway, then each page alone under 32
clients in turn (equal concurrency, so pages' speeds compare), then a flood of wrong passwords,
then a username spray, then three slow clients.

`--server http://127.0.0.1:8017` drives a `make serve` already running (on a database with the
sample, the demo users and a published May, as prepared here) through the equal-concurrency
comparison alone: no database is made or dropped, and PostgreSQL is not restarted.

It answers three questions. How fast is each page under load (req/s, p50, p95)? When the
database goes away and comes back, does every page answer 503 meanwhile (never a 500) and
serve again within 2 s of PostgreSQL accepting connections? Does a flood of wrong passwords,
which django-axes locks out before any password is hashed, leave the public archive's median
within 2x of its median without it? And a username spray (a new username on every attempt,
which only the per-address lock of opsreport/signin.py stops)? And three connections that
trickle a sign-in a byte at a time (opsreport/serving.py cuts them off)?

Steps, each a method below: make a database of its own (DATABASE_NAME, dropped and made
again every run) with the June 2018 sample, the demo users and a published May paper; start
`make serve` on a free loopback port; sign the clients in through the login form; run the mix
with the restart; run the flood; print the tables. Whatever happens, gunicorn is stopped and
PostgreSQL is left running (the `finally` in handle).

The HTTP clients and the figures are in opsreport/loadtest.py.
"""

import datetime
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from opsreport import loadtest
from opsreport.actions import approve_paper, publish_paper
from opsreport.management.commands.create_demo_users import DEMO_USERS
from opsreport.models import Paper
from opsreport.paper import charts
from opsreport.paper.assembly import assemble
from opsreport.sample.load import load as load_sample

DATABASE_NAME = "opsreport_load"
HOST = "127.0.0.1"  # loopback only: the load never leaves this machine
PG_CLUSTER = ["15", "main"]  # pg_ctlcluster's version and name for the local cluster

CLIENTS = 32
DURATION = 60.0  # seconds of the mixed load
RESTART_AT = 30.0  # seconds into it, PostgreSQL is restarted
MAX_REQUESTS_PER_CLIENT = loadtest.MAX_REQUESTS_PER_CLIENT  # a bound on the count as well as the time
# The pages compared at equal concurrency: each asked by CLIENTS clients, alone, for this long.
COMPARE_SECONDS = 10.0
RECOVERY_TARGET = 2.0  # seconds from PostgreSQL accepting connections to each page's first 200

# The login flood: the public archive read by a few anonymous clients, alone and then alongside
# clients posting wrong passwords for one username (a real one, as an attacker would guess).
ARCHIVE_READERS = 4
WRONG_PASSWORD_CLIENTS = 8
FLOOD_PHASE = 15.0  # seconds, for each of the two measurements
FLOOD_USERNAME = "panel"
FLOOD_TARGET_RATIO = 2.0
# The username spray comes from a loopback address of its own, so the flood's failures (from
# 127.0.0.1) have not already locked it: its lock is seen to start.
SPRAY_CLIENTS = 8
SPRAY_SOURCE = "127.0.0.2"
# Slow clients: a sign-in declared at 2 kB (under its 4 kB bound, so it is read), sent a byte at
# a time; the worker's body deadline (BODY_TIMEOUT, 30 s) ends each with a 408.
SLOW_CLIENTS = 3
SLOW_START = (
    b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n"
)
SLOW_WAIT = 45.0  # seconds the slow clients are given, beyond the readers' phase, to be cut off

# The June 2018 sample paper stays a draft: the editor's live review page and cached PDF.
# A May 2018 paper is made and published: the Panel member's published paper and issue PDF.
DRAFT_MONTH = "2018-06"
PUBLISHED_MONTH = "2018-05"

SERVER_START_TIMEOUT = 300.0  # migrate and collectstatic run first, on a shared machine
SERVER_STOP_TIMEOUT = 40.0  # gunicorn's graceful shutdown is 30 s


class Command(BaseCommand):
    help = (
        "Load-test `make serve` on PostgreSQL: 32 clients for 60 s with a PostgreSQL restart at 30 s, "
        "then a login flood. Use `make loadtest`: it works in a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=CLIENTS, help=f"clients of the mix (default {CLIENTS})")
        parser.add_argument(
            "--duration", type=float, default=DURATION, help=f"seconds of the mix (default {DURATION:g})"
        )
        parser.add_argument(
            "--compare-seconds",
            type=float,
            default=COMPARE_SECONDS,
            help=f"seconds each page is asked alone by every client (default {COMPARE_SECONDS:g})",
        )
        parser.add_argument(
            "--server",
            metavar="URL",
            help="compare the pages on a server already running (http://127.0.0.1:PORT), and nothing else: "
            "no database is made, PostgreSQL is not restarted",
        )
        parser.add_argument(
            "--attackers-only",
            action="store_true",
            help="the login flood, the username spray and the slow clients alone: no mix, no comparison, "
            "PostgreSQL is not restarted",
        )

    def handle(self, *args, clients, duration, compare_seconds, server=None, attackers_only=False, **options):
        if not 6 <= clients <= 64 or not 10 <= duration <= 300 or not 2 <= compare_seconds <= 120:
            raise CommandError("Keep it bounded: 6 to 64 clients, 10 to 300 seconds, 2 to 120 seconds a page.")
        if server:
            self.run_comparison(*host_and_port(server), clients, compare_seconds)
            return
        self.check_database_is_ours()
        data_dir = Path(settings.BASE_DIR) / "var" / "loadtest"
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(data_dir / "cache", ignore_errors=True)  # every run draws the draft's PDF afresh
        server = None
        stop_on_signals()
        try:
            self.step("Preparing the database", self.prepare_database)
            port = free_port()
            log_path = data_dir / "server.log"
            self.stdout.write(f"Starting `make serve` on http://{HOST}:{port}/ (its log: {log_path})")
            server = start_server(port, data_dir, log_path)
            self.step("Waiting for it to answer", wait_until_serving, server, port)
            if not attackers_only:
                self.run_mix(port, clients, duration)
                self.run_comparison(HOST, port, clients, compare_seconds)
            alone = self.run_flood(port)
            self.run_spray(port, alone)
            self.run_slow_clients(port, alone)
            self.stdout.write(f"\nServer log, with any tracebacks: {log_path}")
        finally:
            if server is not None:
                stop_server(server)
            ensure_postgres_running()

    def step(self, label, fn, *args):
        self.stdout.write(f"{label}...", ending="")
        self.stdout.flush()
        start = time.monotonic()
        result = fn(*args)
        self.stdout.write(f" {time.monotonic() - start:.1f} s")
        return result

    def check_database_is_ours(self):
        """Refuse any database but the load test's own on this machine: it is dropped every run."""
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql" or db["NAME"] != DATABASE_NAME:
            raise CommandError(f"Refusing to run on {db['NAME']}: use `make loadtest` (PostgreSQL, {DATABASE_NAME}).")
        if db["HOST"] not in {"127.0.0.1", "localhost"}:
            raise CommandError("The load test restarts the local PostgreSQL: DATABASE_URL must be on 127.0.0.1.")
        if not settings.DEBUG:
            raise CommandError("Run it through `make loadtest` (DEBUG on here, for the demo users; off in the server).")

    def prepare_database(self):
        """Drop and make the database again, then the sample, the demo users and a published May.

        May is made from June's front page, one Panel meeting earlier; it is published as the
        approver would, which draws its PDF once (charts included) and freezes it.
        """
        db = settings.DATABASES["default"]
        connection.close()
        with psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE_NAME)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))
        call_command("migrate", verbosity=0)
        load_sample()
        call_command("create_demo_users", stdout=io.StringIO())
        june = Paper.objects.get(month=datetime.date(2018, 6, 1))
        may = Paper.objects.create(
            month=datetime.date(2018, 5, 1),
            panel_meeting_number=june.panel_meeting_number - 1,
            panel_meeting_date=june.panel_meeting_date - datetime.timedelta(days=28),
            paper_number=june.paper_number,
            author=june.author,
            issue_date=june.issue_date - datetime.timedelta(days=28),
        )
        approver = get_user_model().objects.get(username="approver")
        approve_paper(may, approver, seen=assemble(may).fingerprint())  # approving what it prints now
        publish_paper(may, approver)
        charts.stop()
        connection.close()  # nothing here may hold a connection across the restart

    def run_mix(self, port, clients, duration):
        """Sign every client in, ask each page once, then run the mix with a restart halfway."""
        plan = loadtest.assign_pages(loadtest.request_mix(PUBLISHED_MONTH, DRAFT_MONTH), clients)
        http_clients = [loadtest.Client(HOST, port) for _ in plan]
        self.step(
            f"Signing in {sum(p.role != loadtest.ANONYMOUS for p in plan)} clients", sign_in_all, http_clients, plan
        )
        self.step("Asking each page once (the draft's PDF is drawn and cached)", warm_up, http_clients, plan)

        restart_at = RESTART_AT * duration / DURATION
        workers = os.environ.get("WEB_CONCURRENCY", "3")  # as `make serve` reads it
        self.stdout.write(
            f"Running {clients} clients for {duration:g} s against {workers} gunicorn workers, "
            f"restarting PostgreSQL at {restart_at:g} s..."
        )
        start = time.monotonic()
        outage = loadtest.Outage()
        restarter = threading.Thread(target=restart_postgres, args=(start + restart_at, outage), daemon=True)
        restarter.start()
        jobs = [loadtest.Job(client, page) for client, page in zip(http_clients, plan)]
        results = loadtest.run_jobs(jobs, start + duration, MAX_REQUESTS_PER_CLIENT)
        restarter.join(timeout=120)
        for client in http_clients:
            client.close()
        summaries = loadtest.summarise(plan, results, duration, outage)
        self.stdout.write("")
        self.stdout.write(loadtest.format_report(summaries, duration, outage, RECOVERY_TARGET))
        kinds = loadtest.tally([r for r in results if r.status != 200])
        if kinds:
            self.stdout.write("Answers other than 200, by kind: " + ", ".join(f"{k}: {n}" for k, n in kinds.items()))

    def run_comparison(self, host, port, clients, seconds):
        """Each page of the mix alone, asked by `clients` clients at once, one page after another.

        One sign-in per role, its session shared by that role's clients: a sign-in hashes a
        password, and the session is what each request reads, whoever holds the cookie.
        """
        pages = loadtest.request_mix(PUBLISHED_MONTH, DRAFT_MONTH)
        passwords = {username: password for username, password, *_ in DEMO_USERS}
        sessions = {}
        for role in {page.role for page in pages} - {loadtest.ANONYMOUS}:
            client = loadtest.Client(host, port)
            client.sign_in(role, passwords[role])
            sessions[role] = dict(client.cookies)
            client.close()

        def clients_for(page, count):
            made = [loadtest.Client(host, port) for _ in range(count)]
            for client in made:
                client.cookies = dict(sessions.get(page.role, {}))
            return made

        self.stdout.write(
            f"\nEqual concurrency: each page alone, {clients} clients for {seconds:g} s, "
            f"{len(pages)} pages in turn on http://{host}:{port}/..."
        )
        rows = loadtest.compare_in_turn(pages, clients_for, clients, seconds, MAX_REQUESTS_PER_CLIENT)
        self.stdout.write("\n".join(loadtest.comparison_lines(rows)))

    def run_flood(self, port):
        """The public archive's p50 alone, then with clients posting wrong passwords.

        Each flooding client takes a CSRF token from the login form once, as a browser would, and
        then posts wrong passwords without pause. After AXES_FAILURE_LIMIT failures the username
        is locked from this address and every further post is refused before any hashing.
        """
        archive = loadtest.Page("public archive", "/papers/", loadtest.ANONYMOUS, 1)
        self.stdout.write(
            f"\nLogin flood: {ARCHIVE_READERS} clients reading the public archive, {FLOOD_PHASE:g} s alone..."
        )
        alone = self.read_archive(port, archive, flooders=[])

        flooders = []
        for _ in range(WRONG_PASSWORD_CLIENTS):
            client = loadtest.Client(HOST, port)
            form = {
                "username": FLOOD_USERNAME,
                "password": "not-the-password",
                "csrfmiddlewaretoken": client.csrf_token(),
            }
            page = loadtest.Page("wrong password", "/accounts/login/", loadtest.ANONYMOUS, 1)
            flooders.append(loadtest.Job(client, page, form, pause_after_failure=0))
        self.stdout.write(f"...then {FLOOD_PHASE:g} s with {WRONG_PASSWORD_CLIENTS} clients sending wrong passwords...")
        flooded = self.read_archive(port, archive, flooders)

        statuses = loadtest.tally([r for r in flooded if r.page == "wrong password"])
        self.stdout.write(
            loadtest.format_flood(
                archive_seconds(alone), archive_seconds(flooded), statuses, WRONG_PASSWORD_CLIENTS, FLOOD_TARGET_RATIO
            )
        )
        for name, results in [("alone", alone), ("with the flood", flooded)]:
            failures = [r for r in results if r.page == archive.name and r.status != 200]
            if failures:
                self.stdout.write(f"Public archive errors {name}: {len(failures)}")
        return alone

    def run_spray(self, port, alone):
        """The public archive's p50 with clients trying a new username on every attempt, beside
        its p50 alone (measured before the flood). After SIGNIN_ADDRESS_FAILURE_LIMIT failures
        the spraying address is locked, and every further attempt is refused before any hashing."""
        archive = loadtest.Page("public archive", "/papers/", loadtest.ANONYMOUS, 1)
        page = loadtest.Page("username spray", "/accounts/login/", loadtest.ANONYMOUS, 1)
        sprayers = []
        for number in range(SPRAY_CLIENTS):
            client = loadtest.Client(HOST, port, source=SPRAY_SOURCE)
            form = loadtest.spray_form(client.csrf_token(), prefix=f"spray{number}")
            sprayers.append(loadtest.Job(client, page, form, pause_after_failure=0))
        self.stdout.write(f"\nUsername spray: {FLOOD_PHASE:g} s with {SPRAY_CLIENTS} clients from {SPRAY_SOURCE}...")
        sprayed = self.read_archive(port, archive, sprayers)
        statuses = loadtest.tally([r for r in sprayed if r.page == page.name])
        self.stdout.write(
            loadtest.format_spray(
                archive_seconds(alone), archive_seconds(sprayed), statuses, SPRAY_CLIENTS, FLOOD_TARGET_RATIO
            )
        )

    def run_slow_clients(self, port, alone):
        """The public archive's p50 beside three connections trickling a sign-in, then how and
        when each was ended."""
        archive = loadtest.Page("public archive", "/papers/", loadtest.ANONYMOUS, 1)
        self.stdout.write(f"\nSlow clients: {FLOOD_PHASE:g} s with {SLOW_CLIENTS} connections trickling a sign-in...")
        threads, outcomes = run_slow_clients_in_threads(port, time.monotonic() + FLOOD_PHASE + SLOW_WAIT)
        slowed = self.read_archive(port, archive, [])
        for thread in threads:
            thread.join(timeout=SLOW_WAIT + 15)
        self.stdout.write(
            loadtest.format_slow(archive_seconds(alone), archive_seconds(slowed), outcomes, FLOOD_TARGET_RATIO)
        )

    def read_archive(self, port, archive, flooders):
        readers = [loadtest.Job(loadtest.Client(HOST, port), archive) for _ in range(ARCHIVE_READERS)]
        results = loadtest.run_jobs(readers + flooders, time.monotonic() + FLOOD_PHASE, MAX_REQUESTS_PER_CLIENT)
        for job in readers + flooders:
            job.client.close()
        return results


def host_and_port(url):
    """(host, port) of a server on this machine, from http://127.0.0.1:8017/."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in {"127.0.0.1", "localhost"} or parts.port is None:
        raise CommandError(f"--server takes http://127.0.0.1:PORT, a server on this machine, not {url!r}.")
    return parts.hostname, parts.port


def run_slow_clients_in_threads(port, until):
    outcomes = [None] * SLOW_CLIENTS

    def one(i):
        outcomes[i] = loadtest.trickle(HOST, port, SLOW_START, until)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(SLOW_CLIENTS)]
    for thread in threads:
        thread.start()
    return threads, outcomes


def archive_seconds(results):
    return [r.seconds for r in results if r.page == "public archive" and r.status == 200]


def stop_on_signals():
    """Turn SIGTERM and SIGHUP into SystemExit, so the `finally` in handle still stops gunicorn
    and leaves PostgreSQL running when the run is killed or its terminal goes away (Ctrl-C is
    a KeyboardInterrupt already). Without this the server, in a session of its own, would
    outlive the load test."""

    def exit_now(signum, frame):
        raise SystemExit(f"Stopped by {signal.Signals(signum).name}.")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, exit_now)


def free_port():
    """A TCP port on loopback that nothing listens on now, so several worktrees can run at once."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port, data_dir, log_path):
    """`make serve` as a subprocess in a process group of its own, its output to a log file.

    The same target production uses (migrate, collectstatic, gunicorn with DEBUG off), with a
    fresh random SECRET_KEY, plain HTTP on loopback, and DATA_DIR (so the shared file cache of
    PDFs and charts) under var/loadtest; mail, which `make serve` insists be sent somewhere on
    purpose, kept as files there unless EMAIL_URL says otherwise. `-o .venv/.installed`: never
    reinstall from here.
    """
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "0",
        "ALLOWED_HOSTS": HOST,
        "DATA_DIR": str(data_dir),
        "EMAIL_URL": os.environ.get("EMAIL_URL", f"file://{Path(data_dir).resolve() / 'mail'}"),
    }
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [os.environ.get("MAKE", "make"), "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop_server ends make and gunicorn together
        )


def wait_until_serving(server, port):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"`make serve` exited with status {server.returncode}: see var/loadtest/server.log")
        client = loadtest.Client(HOST, port, timeout=5)
        try:
            if client.request("GET", "/papers/")[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        finally:
            client.close()
        time.sleep(0.5)
    raise CommandError(f"The server did not answer within {SERVER_START_TIMEOUT:g} s.")


def stop_server(server):
    """SIGTERM to the server's process group (make and gunicorn), SIGKILL if it lingers."""
    group = server.pid  # start_new_session made the process the leader of its own group
    try:
        os.killpg(group, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + SERVER_STOP_TIMEOUT
    while time.monotonic() < deadline:
        server.poll()  # reap make once it exits
        try:
            os.killpg(group, 0)  # anyone left in the group?
        except ProcessLookupError:
            return
        time.sleep(0.2)
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.wait(timeout=10)


def sign_in_all(clients, plan):
    """Sign in each client that reads as a user, through the login form, a few at a time.

    Each sign-in hashes a password (most of a second of CPU), so they are done before the clock
    starts. Every client of one role signs in as the same demo user, from the same address:
    right passwords never count towards a lock.
    """
    passwords = {username: password for username, password, *_ in DEMO_USERS}
    signing_in = [(c, p.role) for c, p in zip(clients, plan) if p.role != loadtest.ANONYMOUS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for future in [pool.submit(c.sign_in, role, passwords[role]) for c, role in signing_in]:
            future.result()  # raises SignInFailed, ending the run, if any sign-in did not succeed


def warm_up(clients, plan):
    """Ask each page once before the clock starts: fail early if one does not answer 200, and
    draw the draft's PDF once, so "cached PDF" measures the cache."""
    seen = set()
    for client, page in zip(clients, plan):
        if page.name in seen:
            continue
        seen.add(page.name)
        status, _ = client.request("GET", page.path)
        if status != 200:
            raise CommandError(f"{page.name} ({page.path}, as {page.role}) answered {status}, not 200.")


def database_accepts_connections():
    db = settings.DATABASES["default"]
    try:
        with psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname=db["NAME"],
            connect_timeout=2,
        ):
            return True
    except psycopg.Error:
        return False


def restart_postgres(at, outage):
    """At `at`, restart the local PostgreSQL cluster and note when it went down and came back.

    A watcher tries a new connection every 20 ms from just before the restart command, so the
    moment PostgreSQL refuses and the moment it accepts again are both seen from outside, as
    gunicorn's workers see them.
    """
    time.sleep(max(0.0, at - time.monotonic()))
    watcher = threading.Thread(target=watch_database, args=(outage, time.monotonic() + 90), daemon=True)
    watcher.start()
    outage.issued = time.monotonic()
    restart = subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "restart"], timeout=120, capture_output=True, text=True)
    if restart.returncode != 0:
        outage.problem = f"pg_ctlcluster exited with {restart.returncode}: {restart.stderr.strip()[:300]}"
    watcher.join(timeout=95)


def watch_database(outage, until):
    """Note in `outage` the first refused connection attempt, then the first accepted one after it."""
    while time.monotonic() < until:
        attempt = time.monotonic()
        accepted = database_accepts_connections()
        if not accepted and outage.down is None:
            outage.down = attempt
        elif accepted and outage.down is not None:
            outage.up = attempt
            return
        time.sleep(0.02)


def ensure_postgres_running():
    """Leave PostgreSQL running, whatever happened: start the cluster if it is not up.

    A restart may still be under way (the run was interrupted in the middle of it), so the
    cluster gets half a minute to come up by itself before it is started.
    """
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "status"], capture_output=True, timeout=30)
        if status.returncode == 0:
            return
        time.sleep(1)
    subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "start"], check=False, timeout=120)
