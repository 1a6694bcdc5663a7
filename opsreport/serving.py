"""`make serve`'s gunicorn worker: threads, with a deadline on reading each request.

gunicorn's gthread worker keeps idle connections in one poller and hands each request to a
thread of a pool, so one slow client holds one thread, not a whole worker process (the sync
workers it replaces were three processes: three trickling clients froze the site). But once a
request has begun, gthread reads its header and body with blocking calls and no time limit, so
a client trickling a byte every half second would hold its thread for as long as it liked.

DeadlineThreadWorker gives each request a deadline: its header must be in within
HEADER_TIMEOUT seconds of the thread taking it up, and its body within BODY_TIMEOUT seconds of
the header. Past it, reading raises ClientTooSlow and the connection is dropped: during the
header gunicorn closes it (logged as a reset, not a traceback); during the body Django's read
raises UnreadablePostError, which opsreport.middleware.BadInputMiddleware answers with a 408. Writing the response has a timeout
of its own per send (WRITE_TIMEOUT), so a client that never reads does not hold a thread for ever.

In production a buffering proxy in front (nginx: client_header_timeout, client_body_timeout,
client_max_body_size, proxy_request_buffering on) receives whole requests before gunicorn sees
them; this is the second line, and the first on a trial without one. See README, Production.
"""

import errno
import os
import time

from gunicorn.workers.gthread import ThreadWorker

# Seconds; the environment may set them (the tests make them short).
HEADER_TIMEOUT = float(os.environ.get("HEADER_TIMEOUT", "10"))  # from taking up a request to its header's end
BODY_TIMEOUT = float(os.environ.get("BODY_TIMEOUT", "30"))  # from the header to the body's end: 2 MB at 70 kB/s
WRITE_TIMEOUT = 60.0  # for each send of the response


class ClientTooSlow(ConnectionResetError):
    """The client did not send its request in time, and its connection is dropped. A reset, so
    that gunicorn logs it as one (quietly) and Django's body reading as an unreadable post."""

    def __init__(self):
        super().__init__(errno.ECONNRESET, "the client took too long to send its request")


class DeadlineSocket:
    """A client socket whose reads stop at a deadline: each recv waits at most the time left.

    Everything else is the socket's own (gunicorn's poller registers it by its fileno). Reads
    run with a timeout, writes with WRITE_TIMEOUT; `setblocking(False)` (a kept-alive
    connection going back to the poller) is passed through.
    """

    def __init__(self, sock):
        self._sock = sock
        self._deadline = None

    def read_within(self, seconds):
        self._deadline = time.monotonic() + seconds

    def _before_read(self):
        if self._deadline is None:
            return
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise ClientTooSlow()
        self._sock.settimeout(left)

    def recv(self, *args):
        self._before_read()
        try:
            return self._sock.recv(*args)
        except TimeoutError:  # the time left ran out while waiting
            raise ClientTooSlow() from None

    def recv_into(self, *args):
        self._before_read()
        try:
            return self._sock.recv_into(*args)
        except TimeoutError:
            raise ClientTooSlow() from None

    def setblocking(self, flag):
        if flag:
            self._sock.settimeout(WRITE_TIMEOUT)
        else:
            self._sock.setblocking(False)

    def _before_write(self):
        self._sock.settimeout(WRITE_TIMEOUT)

    def send(self, *args):
        self._before_write()
        return self._sock.send(*args)

    def sendall(self, *args):
        self._before_write()
        return self._sock.sendall(*args)

    def sendfile(self, *args, **kwargs):
        self._before_write()
        return self._sock.sendfile(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class DeadlineThreadWorker(ThreadWorker):
    def handle(self, conn):
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock)
        conn.sock.read_within(HEADER_TIMEOUT)
        return super().handle(conn)

    def handle_request(self, req, conn):
        # The header is in: the body, if any, has its own time from now.
        conn.sock.read_within(BODY_TIMEOUT)
        return super().handle_request(req, conn)
