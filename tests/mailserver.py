"""A real SMTP server for the mail tests (aiosmtpd), on a free port of 127.0.0.1.

Messages are kept as received, parsed with the standard library; `refuse` makes the server
answer every RCPT with a reply of the test's choosing (a 4xx to be retried, a 5xx for good).
"""

import email
import socket
from email import policy

from aiosmtpd.controller import Controller
from django.test import override_settings


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self):
        self.messages = []  # [(envelope recipients, parsed message)]
        self.refuse = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SMTPServer:
    """`with SMTPServer() as smtp:` Django sends to it; `smtp.messages` holds what arrived.

    `SMTPServer(port=p, start=False)` only points Django at the port: nothing listens there
    (SMTP down) until `start()`.
    """

    def __init__(self, port=None, start=True):
        self.port = port or free_port()
        self.handler = Handler()
        self.controller = None
        self._start = start
        self.settings = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT=5,
        )

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def __enter__(self):
        self.settings.enable()
        if self._start:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        self.settings.disable()

    @property
    def messages(self):
        return [message for _, message in self.handler.messages]

    def to(self, address):
        return [message for rcpts, message in self.handler.messages if address in rcpts]


def attachments(message):
    """{filename: bytes} of a parsed message's attachments."""
    return {part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()}


def bodies(message):
    """(plain text, HTML) of a parsed message."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    # As received over SMTP, lines end in CRLF; read them as the text's own lines.
    return tuple(part.get_content().replace("\r\n", "\n") if part else None for part in (text, html))


def subject(message):
    """The Subject as a reader sees it. A long non-ASCII subject is folded before its first
    encoded word, and the standard library's parser keeps that fold's space."""
    return message["Subject"].strip()
