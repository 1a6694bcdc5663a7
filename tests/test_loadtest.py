"""The load test's parts: percentiles, the request mix, the report, and the username spray's
client against a small HTTP server of the test's own. No server of the site, no database."""

import http.server
import socketserver
import threading
import time
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock
from urllib.parse import parse_qs

from django.test import SimpleTestCase

from opsreport import loadtest
from opsreport.loadtest import Outage, Page, Result


class PercentileTests(SimpleTestCase):
    def test_nearest_rank_returns_a_measured_value(self):
        values = [5, 1, 4, 2, 3]
        self.assertEqual(loadtest.percentile(values, 50), 3)
        self.assertEqual(loadtest.percentile(values, 95), 5)
        self.assertEqual(loadtest.percentile(values, 100), 5)
        self.assertEqual(loadtest.percentile(values, 0), 1)

    def test_an_even_count_takes_the_lower_middle_not_a_blend(self):
        self.assertEqual(loadtest.percentile([10, 20, 30, 40], 50), 20)

    def test_p95_of_a_hundred_values_is_the_95th(self):
        self.assertEqual(loadtest.percentile(list(range(1, 101)), 95), 95)

    def test_no_values_have_no_percentile(self):
        self.assertIsNone(loadtest.percentile([], 50))


class MixTests(SimpleTestCase):
    def setUp(self):
        self.pages = loadtest.request_mix("2018-05", "2018-06")

    def test_the_published_issue_pdf_and_the_cached_pdf_are_different_papers(self):
        by_name = {page.name: page for page in self.pages}
        self.assertEqual(by_name["published issue PDF"].path, "/papers/2018-05/pdf/")
        self.assertEqual(by_name["cached PDF"].path, "/papers/2018-06/pdf/")
        self.assertEqual(by_name["published paper"].role, loadtest.PANEL)
        self.assertEqual(by_name["live review page"].role, loadtest.EDITOR)
        self.assertEqual(by_name["public archive"].role, loadtest.ANONYMOUS)

    def test_32_clients_are_shared_by_weight_and_every_page_gets_some(self):
        plan = loadtest.assign_pages(self.pages, 32)
        self.assertEqual(len(plan), 32)
        counts = Counter(page.name for page in plan)
        self.assertEqual(set(counts), {page.name for page in self.pages})
        self.assertEqual(counts["public archive"], 8)
        self.assertEqual(counts["cached PDF"], 4)

    def test_a_few_clients_still_cover_every_page(self):
        for clients in [6, 7, 12, 33]:
            with self.subTest(clients=clients):
                plan = loadtest.assign_pages(self.pages, clients)
                self.assertEqual(len(plan), clients)
                self.assertEqual({p.name for p in plan}, {p.name for p in self.pages})

    def test_fewer_clients_than_pages_is_refused(self):
        with self.assertRaises(ValueError):
            loadtest.assign_pages(self.pages, 5)


ARCHIVE = Page("public archive", "/papers/", loadtest.ANONYMOUS, 1)
PDF = Page("cached PDF", "/papers/2018-06/pdf/", loadtest.EDITOR, 1)


def result(page, start, seconds, status):
    return Result(page.name, start, start + seconds, status)


class SummaryTests(SimpleTestCase):
    """A 20 s run: PostgreSQL restarted at 5 s, refusing from 5.1 s, accepting again at 6 s."""

    def setUp(self):
        self.outage = Outage(issued=5.0, down=5.1, up=6.0)
        self.results = [
            result(ARCHIVE, 1.0, 0.1, 200),
            result(ARCHIVE, 2.0, 0.3, 200),
            result(ARCHIVE, 5.0, 0.2, 200),  # sent before PostgreSQL went down: not a recovery
            result(ARCHIVE, 5.3, 0.1, 503),  # during the restart: expected
            result(ARCHIVE, 5.5, 0.1, 500),  # during the restart, and an error
            result(ARCHIVE, 5.9, 0.4, 200),  # the first 200 after, 0.3 s after PostgreSQL is back
            result(ARCHIVE, 15.0, 0.1, 503),  # long after the restart: an error
            result(PDF, 1.0, 0.05, 200),
            Result(PDF.name, 6.0, 6.5, None, "ConnectionResetError"),
        ]
        self.summaries = {s.name: s for s in loadtest.summarise([ARCHIVE, ARCHIVE, PDF], self.results, 20, self.outage)}

    def test_latency_and_throughput_count_200s_only(self):
        archive = self.summaries["public archive"]
        self.assertEqual(archive.clients, 2)
        self.assertEqual(archive.requests, 7)
        self.assertAlmostEqual(archive.per_second, 0.2)
        self.assertAlmostEqual(archive.p50_ms, 200)
        self.assertAlmostEqual(archive.p95_ms, 400)

    def test_a_503_during_the_restart_is_expected_anything_else_is_an_error(self):
        archive = self.summaries["public archive"]
        self.assertEqual(archive.unavailable, 1)
        self.assertEqual(archive.errors, 2)
        self.assertEqual(archive.errors_in_restart, 1)
        self.assertEqual(self.summaries["cached PDF"].errors_in_restart, 1)

    def test_recovery_is_the_first_200_sent_after_postgresql_went_down(self):
        self.assertAlmostEqual(self.summaries["public archive"].recovery, 0.3)
        self.assertIsNone(self.summaries["cached PDF"].recovery)

    def test_the_tally_names_statuses_and_exceptions(self):
        self.assertEqual(loadtest.tally(self.results), {"200": 5, "500": 1, "503": 2, "ConnectionResetError": 1})


class ReportTests(SimpleTestCase):
    def summary(self, name, recovery, errors_in_restart=0):
        return loadtest.PageSummary(
            name=name,
            clients=4,
            requests=120,
            per_second=2.0,
            p50_ms=123.4,
            p95_ms=456.7,
            unavailable=3,
            errors=errors_in_restart,
            errors_in_restart=errors_in_restart,
            recovery=recovery,
        )

    def test_the_table_has_a_row_per_page_and_the_restart_verdicts(self):
        outage = Outage(issued=30.0, down=30.2, up=31.5)
        report = loadtest.format_report(
            [self.summary("public archive", 0.25), self.summary("cached PDF", 1.5)], 60, outage
        )
        lines = report.splitlines()
        self.assertIn("p50 ms", lines[0])
        archive = next(line for line in lines if line.startswith("public archive"))
        self.assertEqual(archive.split()[2:], ["4", "120", "2.0", "123", "457", "3", "0", "0.25", "s"])
        self.assertIn("refused connections for 1.30 s", report)
        self.assertIn("Slowest first 200 after PostgreSQL came back: 1.50 s (target 2 s: met)", report)
        self.assertIn("Errors other than 503 during the restart: 0 (target 0: met)", report)

    def test_a_slow_recovery_or_an_error_is_marked_missed(self):
        outage = Outage(issued=30.0, down=30.2, up=31.5)
        report = loadtest.format_report([self.summary("dashboard", 2.5, errors_in_restart=2)], 60, outage)
        self.assertIn("2.50 s (target 2 s: MISSED)", report)
        self.assertIn("during the restart: 2 (target 0: MISSED)", report)

    def test_a_page_that_never_recovered_is_said_so(self):
        report = loadtest.format_report([self.summary("dashboard", None)], 60, Outage(30.0, 30.2, 31.5))
        self.assertIn("some page had no 200 after the restart", report)
        self.assertIn("MISSED", report)

    def test_the_flood_lines_give_both_medians_and_their_ratio(self):
        report = loadtest.format_flood([0.05, 0.06, 0.07], [0.08, 0.09, 0.10], {"200": 5, "429": 900}, 8)
        self.assertIn("alone:            p50 60 ms", report)
        self.assertIn("during the flood: p50 90 ms", report)
        self.assertIn("1.5x (target within 2x: met)", report)
        self.assertIn("5 x 200, 900 x 429", report)


class EqualConcurrencyReportTests(SimpleTestCase):
    def row(self, name, per_second, clients=32):
        return loadtest.ComparisonRow(name, clients, int(per_second * 10), per_second, 60.0, 120.0, 0)

    def test_pages_are_compared_at_the_same_number_of_clients(self):
        lines = loadtest.comparison_lines(
            [
                self.row("public archive", 500.0),
                self.row("dashboard", 200.0),  # 40 %
                self.row("published issue PDF", 300.0),
                self.row("cached PDF", 240.0),  # 80 %
            ]
        )
        self.assertIn("req/s", lines[0])
        self.assertEqual(lines[3].split(), ["dashboard", "32", "2000", "200.0", "60", "120", "0"])
        self.assertEqual(
            lines[-2:],
            [
                "dashboard / public archive at 32 clients each: 40% (200.0 / 500.0 req/s; target at least 50%: MISSED).",
                "cached PDF / published issue PDF at 32 clients each: 80% (240.0 / 300.0 req/s; target at least 50%: met).",
            ],
        )

    def test_a_row_counts_200s_only(self):
        page = Page("dashboard", "/dashboard/", loadtest.PANEL, 1)
        results = [result(page, 0.0, 0.05, 200), result(page, 0.1, 0.2, 200), result(page, 0.2, 0.01, 503)]
        row = loadtest.comparison_row(page, 4, results, 2.0)
        self.assertEqual((row.requests, row.errors, row.per_second), (3, 1, 1.0))
        self.assertAlmostEqual(row.p50_ms, 50)
        self.assertAlmostEqual(row.p95_ms, 200)

    def test_the_mix_report_no_longer_compares_per_client(self):
        summary = loadtest.PageSummary("dashboard", 6, 100, 3.0, 10.0, 20.0, 0, 0, 0, None)
        report = loadtest.format_report([summary], 60)
        self.assertNotIn("per client", report)
        self.assertIn("compared at equal concurrency below", report)


class EqualConcurrencyOverHttpTests(SimpleTestCase):
    """compare_in_turn against a small HTTP server of the test's own: each page is asked by the
    same number of clients at once, and by nobody while another page is measured."""

    def test_each_page_is_asked_alone_by_every_client(self):
        busy = Counter()  # requests in flight, per path
        most = Counter()  # the most in flight at once, per path
        connections = {}  # the client connections that asked, per path
        overlaps = []  # a request for one path while another path was in flight
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with lock:
                    if any(count for path, count in busy.items() if path != self.path):
                        overlaps.append(self.path)
                    busy[self.path] += 1
                    most[self.path] = max(most[self.path], busy[self.path])
                    connections.setdefault(self.path, set()).add(self.client_address)
                time.sleep(0.05 if self.path == "/slow/" else 0)
                with lock:
                    busy[self.path] -= 1
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        pages = [Page("fast", "/fast/", loadtest.ANONYMOUS, 8), Page("slow", "/slow/", loadtest.ANONYMOUS, 1)]
        try:
            rows = loadtest.compare_in_turn(
                pages, lambda page, count: [loadtest.Client("127.0.0.1", port, timeout=5) for _ in range(count)], 4, 1.0
            )
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual([(row.name, row.clients, row.errors) for row in rows], [("fast", 4, 0), ("slow", 4, 0)])
        # Four clients each (kept-alive connections), whatever the mix's weights; never more at once.
        self.assertEqual({path: len(seen) for path, seen in connections.items()}, {"/fast/": 4, "/slow/": 4})
        self.assertLessEqual(max(most.values()), 4)
        self.assertEqual(overlaps, [])
        # Four clients of a page that takes 50 ms: at most 80 answers a second, each 50 ms or more.
        self.assertLessEqual(rows[1].per_second, 80)
        self.assertGreaterEqual(rows[1].p50_ms, 50)
        self.assertGreater(rows[0].per_second, rows[1].per_second)
        line = loadtest.comparison_lines(rows, targets=[("slow", "fast", 0.5)])[-1]
        self.assertRegex(line, r"^slow / fast at 4 clients each: \d+% \(\d+\.\d / \d+\.\d req/s; target at least 50%: ")


class SprayReportTests(SimpleTestCase):
    def test_the_spray_lines_give_both_medians_their_ratio_and_the_answers(self):
        report = loadtest.format_spray([0.05, 0.06, 0.07], [0.10, 0.15, 0.20], {"200": 19, "429": 700}, 8)
        lines = report.splitlines()
        self.assertEqual(lines[0], "Public archive alone:            p50 60 ms (p95 70 ms, 3 requests)")
        self.assertEqual(
            lines[1],
            "Public archive during the spray: p50 150 ms (p95 200 ms, 3 requests)"
            " (8 clients trying a new username each time)",
        )
        self.assertEqual(lines[2], "Spray p50 / alone p50: 2.5x (target within 2x: MISSED).")
        self.assertIn("Username-spray answers: 19 x 200, 700 x 429", lines[3])

    def test_each_spray_form_has_a_username_never_tried_before(self):
        form = loadtest.spray_form("token", prefix="spray3")
        forms = [form() for _ in range(3)]
        self.assertEqual([f["username"] for f in forms], ["spray3-1", "spray3-2", "spray3-3"])
        self.assertEqual({f["csrfmiddlewaretoken"] for f in forms}, {"token"})


class SprayOverHttpTests(SimpleTestCase):
    """The spray's client against a small HTTP server of the test's own: a new username on each
    post, from the loopback address it was given."""

    def test_a_sprayer_posts_a_new_username_each_time_from_its_own_address(self):
        seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                seen.append((self.client_address[0], parse_qs(body.decode())["username"][0]))
                self.send_response(429)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            client = loadtest.Client("127.0.0.1", server.server_address[1], timeout=5, source="127.0.0.2")
            page = Page("username spray", "/accounts/login/", loadtest.ANONYMOUS, 1)
            job = loadtest.Job(client, page, loadtest.spray_form("t"), pause_after_failure=0)
            results = loadtest.run_jobs([job], time.monotonic() + 10, max_requests=4)
            client.close()
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual([r.status for r in results], [429] * 4)
        self.assertEqual(seen, [("127.0.0.2", f"spray-{n}") for n in range(1, 5)])


class SlowClientTests(SimpleTestCase):
    def test_the_slow_client_lines_give_both_medians_and_how_each_ended(self):
        report = loadtest.format_slow(
            [0.05, 0.06, 0.07], [0.06, 0.07, 0.08], [(30.02, "HTTP/1.1 408 Request Timeout"), (None, "still open")]
        )
        lines = report.splitlines()
        self.assertEqual(
            lines[1],
            "Public archive during the slow clients: p50 70 ms (p95 80 ms, 3 requests)"
            " (2 connections sending a byte every 0.5 s)",
        )
        self.assertEqual(lines[2], "Slow clients p50 / alone p50: 1.2x (target within 2x: met).")
        self.assertEqual(lines[3], "Slow clients: HTTP/1.1 408 Request Timeout after 30.0 s; still open at the end.")

    def test_a_slow_client_trickles_until_the_server_answers(self):
        received = []

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                self.request.settimeout(5)
                started = time.monotonic()
                while time.monotonic() - started < 1.2:
                    received.append(self.request.recv(100))
                self.request.sendall(b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n")

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            seconds, answer = loadtest.trickle(
                "127.0.0.1", server.server_address[1], b"POST / HTTP/1.1\r\n", time.monotonic() + 10
            )
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(answer, "HTTP/1.1 408 Request Timeout")
        self.assertGreater(seconds, 1.0)
        self.assertEqual(b"".join(received)[:17], b"POST / HTTP/1.1\r\n")
        self.assertGreaterEqual(b"".join(received).count(b"a"), 2, "a byte at a time after the start")

    def test_a_slow_client_still_open_at_its_deadline_says_so(self):
        with socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler) as server:
            # Listening but never accepting: the connection waits in the backlog.
            self.assertEqual(
                loadtest.trickle("127.0.0.1", server.server_address[1], b"GET", time.monotonic() + 1.2),
                (None, "still open"),
            )


class ServerEnvironmentTests(SimpleTestCase):
    def test_the_server_it_starts_is_told_where_mail_goes_as_make_serve_requires(self):
        from opsreport.management.commands import loadtest as command

        with TemporaryDirectory() as folder, mock.patch.object(command.subprocess, "Popen") as popen:
            with mock.patch.dict(command.os.environ, {}, clear=False) as environ:
                environ.pop("EMAIL_URL", None)
                command.start_server(57999, Path(folder), Path(folder) / "server.log")
            env = popen.call_args.kwargs["env"]
        self.assertEqual(env["EMAIL_URL"], f"file://{Path(folder).resolve() / 'mail'}")
        self.assertEqual((env["DEBUG"], env["HTTPS"]), ("0", "0"))


class KeptAliveConnectionTests(SimpleTestCase):
    def test_a_connection_the_server_closed_while_idle_is_opened_again(self):
        """gunicorn's threaded workers close a kept-alive connection after a few idle seconds:
        the next request goes on a new connection rather than failing the run."""
        served = []

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.rfile.readline()
                while self.rfile.readline() not in (b"\r\n", b""):
                    pass
                served.append(1)
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
                self.wfile.flush()
                # ...and then the server closes the connection, as an idle keep-alive ends.

        with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            client = loadtest.Client("127.0.0.1", server.server_address[1], timeout=5)
            self.assertEqual(client.request("GET", "/papers/"), (200, b"ok"))
            time.sleep(0.2)  # the server has closed its end by now
            self.assertEqual(client.request("GET", "/papers/"), (200, b"ok"))
            server.shutdown()
        self.assertEqual(len(served), 2)
