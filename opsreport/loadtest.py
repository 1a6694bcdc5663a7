"""The load test's clients and figures: the request mix, signed-in HTTP clients, percentiles and
the printed table.

`manage.py loadtest` (opsreport/management/commands/loadtest.py) prepares the database, serves
the site with gunicorn and restarts PostgreSQL; this module only speaks HTTP to the server and
counts. It uses the standard library alone (threads and http.client), so the load test adds no
dependency, and its pure parts (the mix, percentiles, the summary and the report) are tested
without a server in tests/test_loadtest.py.

Times are time.monotonic() seconds throughout; the report turns them into milliseconds.
"""

import http.client
import itertools
import math
import re
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

ANONYMOUS = "anonymous"
PANEL = "panel"  # the demo users made by `manage.py create_demo_users`
EDITOR = "editor"

# A client that gets anything but a 200 waits this long before asking again, so that an outage
# (fast 503s) is not a busy loop, while the recovery is still seen within a tenth of a second.
PAUSE_AFTER_FAILURE = 0.1
# A bound on one client's requests in a phase, as well as its time.
MAX_REQUESTS_PER_CLIENT = 20_000
# The restart window runs from the restart command until this long after PostgreSQL accepts
# connections again: 503s inside it are expected, outside it they count as errors.
RESTART_GRACE = 5.0


@dataclass(frozen=True)
class Page:
    """A page of the mix: where it is, who asks for it, and how many of the clients do."""

    name: str
    path: str
    role: str  # ANONYMOUS, or the username a client signs in as through the login form
    weight: int


def request_mix(published_month, draft_month):
    """The pages a Panel member, the editor and the public read most, with their share of clients.

    The published paper and its PDF are a frozen issue (read from the database as stored); the
    live review page and the cached PDF are the draft paper, assembled from the data on every
    request, the PDF coming from the cache once drawn. Two different months, so the published
    issue's PDF and the cached PDF are never the same thing.
    """
    return [
        Page("public archive", "/papers/", ANONYMOUS, 8),
        Page("dashboard", "/dashboard/", PANEL, 6),
        Page("published paper", f"/papers/{published_month}/", PANEL, 6),
        Page("published issue PDF", f"/papers/{published_month}/pdf/", PANEL, 4),
        Page("live review page", f"/papers/{draft_month}/", EDITOR, 4),
        Page("cached PDF", f"/papers/{draft_month}/pdf/", EDITOR, 4),
    ]


def assign_pages(pages, clients):
    """One page per client, shared out in proportion to the weights (largest remainder first).

    Each client keeps asking for its one page, so every page has steady traffic throughout and
    its recovery after the restart is seen. Every page gets at least one client.
    """
    if clients < len(pages):
        raise ValueError(f"{clients} clients cannot cover {len(pages)} pages")
    total = sum(page.weight for page in pages)
    shares = [page.weight * clients / total for page in pages]
    counts = [max(1, math.floor(share)) for share in shares]
    while sum(counts) < clients:
        i = max(range(len(pages)), key=lambda i: shares[i] - counts[i])
        counts[i] += 1
    while sum(counts) > clients:  # only when the minimum of one client took more than a share
        i = max((i for i in range(len(pages)) if counts[i] > 1), key=lambda i: counts[i] - shares[i])
        counts[i] -= 1
    return [page for page, count in zip(pages, counts) for _ in range(count)]


def percentile(values, percent):
    """The nearest-rank percentile: the smallest value with `percent` % of the values at or below it.

    None for no values. Nearest rank always returns a value that was measured, never a blend.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Result:
    """One request: which page, when it was sent and answered, and the status (None if it failed
    without an answer: refused, reset or timed out; `error` then names the exception)."""

    page: str
    start: float
    end: float
    status: int | None
    error: str = ""

    @property
    def seconds(self):
        return self.end - self.start


@dataclass
class Outage:
    """The PostgreSQL restart as the load test saw it.

    `issued`: the restart command was run; `down`: the first connection attempt refused;
    `up`: the first connection attempt accepted after that. None where it was not seen.
    """

    issued: float | None = None
    down: float | None = None
    up: float | None = None
    problem: str = ""  # what went wrong with the restart command, if anything

    def in_window(self, moment):
        """Is this moment inside the restart, when a 503 is the expected answer?"""
        if self.issued is None or moment < self.issued:
            return False
        return self.up is None or moment <= self.up + RESTART_GRACE


@dataclass(frozen=True)
class PageSummary:
    name: str
    clients: int
    requests: int
    per_second: float  # 200 responses per second
    p50_ms: float | None  # of the 200 responses
    p95_ms: float | None
    unavailable: int  # 503s inside the restart window
    errors: int  # anything else that is not a 200
    errors_in_restart: int  # the same, inside the restart window only
    recovery: float | None  # seconds from PostgreSQL accepting connections to this page's first 200


def summarise(plan, results, duration, outage=None):
    """A PageSummary per page of the plan (in the mix's order), from every request's Result.

    An error is anything but a 200, except a 503 during the restart (what the site promises
    while its database is away). The recovery counts only requests sent after PostgreSQL went
    down, so a 200 that was already on its way does not count as recovered.
    """
    outage = outage or Outage()
    names = list(dict.fromkeys(page.name for page in plan))
    summaries = []
    for name in names:
        mine = [r for r in results if r.page == name]
        ok = [r for r in mine if r.status == 200]
        expected_503 = [r for r in mine if r.status == 503 and outage.in_window(r.end)]
        failed = [r for r in mine if r.status != 200 and not (r.status == 503 and outage.in_window(r.end))]
        recovery = None
        if outage.down is not None and outage.up is not None:
            after = [r.end for r in ok if r.start >= outage.down]
            recovery = min(after) - outage.up if after else None
        seconds = [r.seconds for r in ok]
        summaries.append(
            PageSummary(
                name=name,
                clients=sum(1 for page in plan if page.name == name),
                requests=len(mine),
                per_second=len(ok) / duration if duration else 0.0,
                p50_ms=_ms(percentile(seconds, 50)),
                p95_ms=_ms(percentile(seconds, 95)),
                unavailable=len(expected_503),
                errors=len(failed),
                errors_in_restart=sum(1 for r in failed if outage.in_window(r.end)),
                recovery=recovery,
            )
        )
    return summaries


def _ms(seconds):
    return None if seconds is None else seconds * 1000


def _figure(value, fmt):
    return "-" if value is None else format(value, fmt)


def tally(results):
    """{'200': 940, '503': 31, 'ConnectionResetError': 1, ...}: the answers by status, or by the
    exception's name for a request that got no answer."""
    kinds = {}
    for r in results:
        kind = str(r.status) if r.status is not None else r.error
        kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


# (page, compared with, target): the issue's throughput targets, as fractions, each measured
# at equal concurrency (compare_in_turn).
THROUGHPUT_TARGETS = [("dashboard", "public archive", 0.5), ("cached PDF", "published issue PDF", 0.5)]


@dataclass(frozen=True)
class ComparisonRow:
    """One page asked by `clients` clients at once, and nothing else, for `seconds`."""

    name: str
    clients: int
    requests: int
    per_second: float  # 200 responses per second
    p50_ms: float | None  # of the 200 responses
    p95_ms: float | None
    errors: int  # anything but a 200


def comparison_row(page, clients, results, seconds):
    """A ComparisonRow from one page's Results over `seconds`: 200s only for speed and times."""
    ok = [r.seconds for r in results if r.status == 200]
    return ComparisonRow(
        name=page.name,
        clients=clients,
        requests=len(results),
        per_second=len(ok) / seconds if seconds else 0.0,
        p50_ms=_ms(percentile(ok, 50)),
        p95_ms=_ms(percentile(ok, 95)),
        errors=len(results) - len(ok),
    )


def compare_in_turn(pages, clients_for, clients, seconds, max_requests=MAX_REQUESTS_PER_CLIENT):
    """Each page in turn, alone on the server, asked by the same number of clients for the same
    time: the pages' req/s are then comparable, whatever the mix gives each page.

    `clients_for(page, count)` makes `count` Clients ready to ask for the page (signed in as its
    role); each is asked once before the clock starts, so no page is measured cold.
    """
    rows = []
    for page in pages:
        http_clients = clients_for(page, clients)
        http_clients[0].request("GET", page.path)
        start = time.monotonic()
        results = run_jobs([Job(client, page) for client in http_clients], start + seconds, max_requests)
        elapsed = max(time.monotonic() - start, seconds)
        for client in http_clients:
            client.close()
        rows.append(comparison_row(page, clients, results, elapsed))
    return rows


def comparison_lines(rows, targets=THROUGHPUT_TARGETS):
    """The equal-concurrency table, one row per page, then one line per throughput target."""
    header = f"{'page':<22}{'clients':>8}{'requests':>10}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.name:<22}{row.clients:>8}{row.requests:>10}{row.per_second:>8.1f}"
            f"{_figure(row.p50_ms, '.0f'):>9}{_figure(row.p95_ms, '.0f'):>9}{row.errors:>8}"
        )
    lines.append("-" * len(header))
    by_name = {row.name: row for row in rows}
    for page, other, target in targets:
        if page not in by_name or other not in by_name:
            continue
        mine, theirs = by_name[page], by_name[other]
        ratio = mine.per_second / theirs.per_second if theirs.per_second else 0.0
        verdict = "met" if ratio >= target else "MISSED"
        lines.append(
            f"{page} / {other} at {mine.clients} clients each: {ratio:.0%} "
            f"({mine.per_second:.1f} / {theirs.per_second:.1f} req/s; target at least {target:.0%}: {verdict})."
        )
    return lines


def format_report(summaries, duration, outage=None, recovery_target=2.0):
    """The table `make loadtest` prints, one row per page, then the restart's figures."""
    outage = outage or Outage()
    header = (
        f"{'page':<22}{'clients':>8}{'requests':>10}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'503s':>7}{'errors':>8}{'first 200 after restart':>26}"
    )
    lines = [header, "-" * len(header)]
    for s in summaries:
        recovery = "-" if s.recovery is None else f"{s.recovery:.2f} s"
        lines.append(
            f"{s.name:<22}{s.clients:>8}{s.requests:>10}{s.per_second:>8.1f}"
            f"{_figure(s.p50_ms, '.0f'):>9}{_figure(s.p95_ms, '.0f'):>9}"
            f"{s.unavailable:>7}{s.errors:>8}{recovery:>26}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{'all pages':<22}{sum(s.clients for s in summaries):>8}{sum(s.requests for s in summaries):>10}"
        f"{sum(s.per_second for s in summaries):>8.1f}{'':>18}"
        f"{sum(s.unavailable for s in summaries):>7}{sum(s.errors for s in summaries):>8}"
    )
    lines.append("")
    lines.append("Pages have different numbers of clients here: their speeds are compared at equal concurrency below.")
    lines.append(f"req/s, p50 and p95 count 200 responses only, over {duration:.0f} s. 503s: during the restart")
    lines.append(f"(until {RESTART_GRACE:g} s after PostgreSQL is back); errors: any other answer but 200, or none.")
    if outage.problem:
        lines.append(f"PostgreSQL restart: {outage.problem}")
    if outage.issued is None:
        lines.append("PostgreSQL was not restarted.")
        return "\n".join(lines)
    if outage.down is None or outage.up is None:
        lines.append("PostgreSQL restart: its going down and coming back were not both seen.")
    else:
        lines.append(
            f"PostgreSQL refused connections for {outage.up - outage.down:.2f} s "
            f"({outage.down - outage.issued:.2f} s after the restart command)."
        )
    recoveries = [s.recovery for s in summaries]
    if None in recoveries:
        slowest = "some page had no 200 after the restart"
    else:
        slowest = f"{max(recoveries):.2f} s"
    verdict = "met" if None not in recoveries and max(recoveries) <= recovery_target else "MISSED"
    lines.append(f"Slowest first 200 after PostgreSQL came back: {slowest} (target {recovery_target:g} s: {verdict}).")
    in_restart = sum(s.errors_in_restart for s in summaries)
    lines.append(
        f"Errors other than 503 during the restart: {in_restart} (target 0: {'met' if in_restart == 0 else 'MISSED'})."
    )
    return "\n".join(lines)


def _readers_lines(alone, loaded, during, target_ratio):
    """The public archive's p50 (and p95) alone and under some load, and their ratio's verdict."""

    def figures(seconds):
        p50, p95 = _ms(percentile(seconds, 50)), _ms(percentile(seconds, 95))
        return p50, f"p50 {_figure(p50, '.0f')} ms (p95 {_figure(p95, '.0f')} ms, {len(seconds)} requests)"

    alone_p50, alone_text = figures(alone)
    loaded_p50, loaded_text = figures(loaded)
    label = f"Public archive during the {during}:"
    width = max(len(label), len("Public archive alone:")) + 1
    lines = [f"{'Public archive alone:':<{width}}{alone_text}", f"{label:<{width}}{loaded_text}"]
    if alone_p50 and loaded_p50 is not None:
        ratio = loaded_p50 / alone_p50
        verdict = "met" if ratio <= target_ratio else "MISSED"
        lines.append(
            f"{during.capitalize()} p50 / alone p50: {ratio:.1f}x (target within {target_ratio:g}x: {verdict})."
        )
    return lines


def _answers(tally_):
    return ", ".join(f"{count} x {status}" for status, count in tally_.items()) or "none"


def format_flood(alone, flooded, flood_answers, wrong_password_clients, target_ratio=2.0):
    """The login-flood lines: the archive's p50 (and p95) alone and under the flood, and what the
    flood got back. `alone` and `flooded` are the archive's 200 response times in seconds,
    `flood_answers` the flood's tally()."""
    lines = _readers_lines(alone, flooded, "flood", target_ratio)
    lines[1] += f" ({wrong_password_clients} clients sending wrong passwords)"
    lines.append(
        f"Wrong-password answers: {_answers(flood_answers)} "
        "(200: the form again, after hashing; 429: locked, no hashing)."
    )
    return "\n".join(lines)


def format_spray(alone, sprayed, spray_answers, spray_clients, target_ratio=2.0):
    """The username-spray lines, as the flood's: every attempt a new username from one address,
    which only the per-address lock stops (opsreport/signin.py)."""
    lines = _readers_lines(alone, sprayed, "spray", target_ratio)
    lines[1] += f" ({spray_clients} clients trying a new username each time)"
    lines.append(
        f"Username-spray answers: {_answers(spray_answers)} "
        "(200: the form again, after hashing; 429: the address locked, no hashing)."
    )
    return "\n".join(lines)


def format_slow(alone, slowed, slow_outcomes, target_ratio=2.0):
    """The slow-clients lines: the archive's p50 alone and beside connections that trickle their
    request, and what each trickling connection got and after how long (`slow_outcomes`: a
    (seconds, first line of the answer or how it ended) per connection, None seconds when it
    was still open at the end)."""
    lines = _readers_lines(alone, slowed, "slow clients", target_ratio)
    lines[1] += f" ({len(slow_outcomes)} connections sending a byte every {TRICKLE_INTERVAL:g} s)"
    ends = [
        "still open at the end" if seconds is None else f"{answer} after {seconds:.1f} s"
        for seconds, answer in slow_outcomes
    ]
    lines.append(f"Slow clients: {'; '.join(ends) or 'none'}.")
    return "\n".join(lines)


TRICKLE_INTERVAL = 0.5  # seconds between a slow client's bytes


def trickle(host, port, start, until, source=None):
    """One slow client: send `start` (a request's beginning), then a byte every
    TRICKLE_INTERVAL until the server answers or closes, or until the deadline. Returns
    (seconds, what ended it): the first line of the answer, "closed" or the error's name;
    (None, "still open") at the deadline."""
    began = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=10, source_address=(source, 0) if source else None) as sock:
            sock.sendall(start)
            while time.monotonic() < until:
                readable, _, _ = select.select([sock], [], [], TRICKLE_INTERVAL)
                if readable:
                    answer = sock.recv(200)
                    first = answer.split(b"\r\n", 1)[0].decode("latin-1") if answer else "closed"
                    return time.monotonic() - began, first
                sock.send(b"a")
    except OSError as error:
        return time.monotonic() - began, type(error).__name__
    return None, "still open"


def spray_form(csrf_token, prefix="spray"):
    """A form maker for a username spray: each call a username never tried before."""
    numbers = itertools.count(1)
    return lambda: {
        "username": f"{prefix}-{next(numbers)}",
        "password": "not-the-password",
        "csrfmiddlewaretoken": csrf_token,
    }


class SignInFailed(Exception):
    pass


class Client:
    """One simulated user: its own HTTP connection and cookies, like one browser tab.

    http.client keeps the connection open between requests when the server allows it, and opens
    a new one by itself when the server closed it (gunicorn's sync workers close after every
    response). Only the cookies this site sets are kept: the CSRF token and the session.
    """

    def __init__(self, host, port, timeout=30.0, source=None):
        # `source`: a loopback address of its own (127.0.0.2...), so the server sees another
        # client address, as sign-in locks by address would.
        source_address = (source, 0) if source else None
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout, source_address=source_address)
        self.cookies = {}

    def request(self, method, path, form=None):
        """(status, body) for one request, its whole body read; cookies are sent and kept."""
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reused = self.connection.sock is not None
        try:
            response, content = self.send(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # A kept-alive connection the server closed while it sat idle (gunicorn's threaded
            # workers close one after a few seconds): asked again on a new one, as browsers do.
            response, content = self.send(method, path, body, headers)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def send(self, method, path, body, headers):
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response, response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # start afresh on the next request
            raise

    def csrf_token(self):
        """GET the login form: the CSRF cookie arrives with it, and the form's own token."""
        status, body = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise SignInFailed(f"the login form answered {status} without a CSRF token")
        return match.group(1).decode()

    def sign_in(self, username, password):
        """Sign in through the login form as a browser does; a redirect with a session is success."""
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf_token()}
        status, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise SignInFailed(f"signing in as {username} answered {status}")

    def close(self):
        self.connection.close()


def time_request(client, page_name, method, path, form=None):
    """One request, timed, as a Result; a failure without an answer is a Result too, never raised."""
    start = time.monotonic()
    try:
        status, _ = client.request(method, path, form)
        return Result(page_name, start, time.monotonic(), status)
    except (OSError, http.client.HTTPException) as error:
        return Result(page_name, start, time.monotonic(), None, type(error).__name__)


@dataclass
class Job:
    """What one client thread does: ask for one page, or post one form, until the deadline.

    After anything but a 200 it pauses (PAUSE_AFTER_FAILURE) unless told not to: the
    wrong-password flood does not pause, since its answers are never 200 and it means to press.
    """

    client: Client
    page: Page
    form: dict | Callable[[], dict] | None = None  # posted instead of a GET; a callable: a new form each time
    pause_after_failure: float = PAUSE_AFTER_FAILURE


def keep_asking(job, until, max_requests, results):
    """Run one job again and again until the deadline (or the request cap), appending Results.

    No pause after a 200: each client is a closed loop, so the load follows the server's pace.
    """
    method = "GET" if job.form is None else "POST"
    for _ in range(max_requests):
        if time.monotonic() >= until:
            return
        form = job.form() if callable(job.form) else job.form
        result = time_request(job.client, job.page.name, method, job.page.path, form)
        results.append(result)  # list.append is atomic under the GIL: one list for all threads
        if result.status != 200:
            time.sleep(job.pause_after_failure)


def run_jobs(jobs, until, max_requests):
    """Run each Job in a thread of its own until the deadline; returns every Result.

    Threads are enough: the clients wait on the network, not on Python. Daemon threads, so an
    interrupted run ends at once instead of waiting out the deadline.
    """
    results = []
    threads = [
        threading.Thread(target=keep_asking, args=(job, until, max_requests, results), daemon=True) for job in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
