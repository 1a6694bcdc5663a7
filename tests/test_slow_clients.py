"""Slow clients cannot starve the site: request bodies are bounded before they are read, and
`make serve`'s gunicorn worker (opsreport/serving.py) gives a slow client one thread, for a
bounded time, while every other request is answered."""

import io
import os
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.test import SimpleTestCase

from opsreport.workbook.reading import MAX_UPLOAD_BYTES
from tests.base import BaseTestCase

ROOT = Path(__file__).resolve().parent.parent


class ExplodingStream(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class RequestSizeTests(BaseTestCase):
    def post_declaring(self, path, length):
        return self.client.generic(
            "POST",
            path,
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(length),
            **{"wsgi.input": ExplodingStream()},
        )

    def test_a_sign_in_of_100_kb_is_refused_before_it_is_read(self):
        response = self.post_declaring("/accounts/login/", 100_000)
        self.assertContains(response, "at most 4 kB", status_code=413)

    def test_a_200_mb_post_is_refused_before_it_is_read_anywhere(self):
        for path in ["/accounts/login/", "/months/2018-07/import/", "/admin/parties/party/add/", "/papers/"]:
            with self.subTest(path=path):
                self.assertEqual(self.post_declaring(path, 200 * 1024 * 1024).status_code, 413)

    def test_the_workbook_upload_takes_its_2_mb_and_a_sign_in_its_few_kilobytes(self):
        self.assertEqual(self.post_declaring("/months/2018-07/import/", 3 * 1024 * 1024).status_code, 413)
        self.client.force_login(self.erin)
        upload = io.BytesIO(b"\0" * (MAX_UPLOAD_BYTES - 1024))
        upload.name = "july.xlsx"
        response = self.client.post("/months/2018-07/import/", {"workbook": upload})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not an XLSX workbook")
        self.client.logout()
        response = self.client.post("/accounts/login/", {"username": "pat", "password": "password"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_a_content_length_that_is_not_a_number_is_a_400(self):
        response = self.client.generic("POST", "/accounts/login/", b"", CONTENT_LENGTH="many")
        self.assertEqual(response.status_code, 400)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def trickle(port, start, outcome, seconds=8.0):
    """Send `start`, then a byte every 0.3 s; note when the server answered or closed."""
    began = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(start)
        while time.monotonic() - began < seconds:
            readable, _, _ = select.select([sock], [], [], 0.3)
            if readable:
                try:
                    answer = sock.recv(200)
                except OSError:
                    answer = b""
                outcome.append((time.monotonic() - began, answer[:30]))
                return
            try:
                sock.send(b"x")
            except OSError:
                outcome.append((time.monotonic() - began, b""))
                return
    outcome.append((None, b"still open"))


class SlowClientServerTests(SimpleTestCase):
    """gunicorn with the worker `make serve` uses, one process of eight threads (as each of
    `make serve`'s), deadlines of a second and a half, and a small app: six trickling
    connections, three in their header and three in their body, are cut off in time, while an
    ordinary request is answered at once."""

    def setUp(self):
        self.port = free_port()
        env = {**os.environ, "HEADER_TIMEOUT": "1.5", "BODY_TIMEOUT": "1.5"}
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.server = subprocess.Popen(
            [
                str(gunicorn),
                "tests.slow_client_app:app",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "8",
                "--worker-class",
                "opsreport.serving.DeadlineThreadWorker",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get()
                return
            except OSError:
                time.sleep(0.2)
        self.fail("gunicorn did not start")

    def tearDown(self):
        self.server.terminate()
        self.server.wait(timeout=30)

    def get(self):
        start = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
        self.assertTrue(answer.startswith(b"HTTP/1.1 200"), answer[:60])
        return time.monotonic() - start

    def test_trickling_clients_are_cut_off_and_others_are_answered_meanwhile(self):
        header = b"POST /accounts/login/ HTTP/1.1\r\nHost: test\r\n"
        body = header + b"Content-Length: 100000\r\n\r\n"
        outcomes = [[] for _ in range(6)]
        threads = [
            threading.Thread(target=trickle, args=(self.port, start, outcome))
            for start, outcome in zip([header] * 3 + [body] * 3, outcomes)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        times = [self.get() for _ in range(5)]
        self.assertLess(max(times), 1.0, times)
        for thread in threads:
            thread.join(timeout=15)
        for kind, outcome in zip(["header"] * 3 + ["body"] * 3, outcomes):
            ended, answer = outcome[0]
            self.assertIsNotNone(ended, f"a trickled {kind} kept its connection for 8 s")
            self.assertLess(ended, 4.0, (kind, answer))
            if kind == "body":
                self.assertTrue(answer.startswith(b"HTTP/1.1 408"), answer)
