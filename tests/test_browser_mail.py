"""Asking for approval to publication in a real browser (Chromium through Playwright, axe on
every page): the editor asks, the approver sees the request and sends the paper back with a
comment, the editor answers, the approver publishes; every step's message is in the log and
in the mailboxes of a real SMTP server."""

import os
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from tests.mailserver import SMTPServer, subject
from tests.test_browser import site, visit  # noqa: F401 - the fixtures this suite shares

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROOF = os.environ.get("PROOF_SCREENSHOTS", "/tmp/proof")


def deliver():
    call_command("deliver", until_done=True, stdout=open(os.devnull, "w"))


def test_ask_send_back_answer_publish(visit):  # noqa: F811 - the fixture imported above
    for user in User.objects.all():
        user.email = f"{user.username}@example.org"
        user.save()
    with SMTPServer() as smtp:
        erin = visit("erin")
        erin.goto("/months/2018-06/")
        erin.page.get_by_label("Note for the approver (optional)").fill("June is ready; Table 5's total is explained.")
        erin.page.get_by_role("button", name="Ask for approval").click()
        expect(erin.page.get_by_text("Approval requested: 1 approver will be told by email.")).to_be_visible()
        erin.check()
        deliver()
        [request] = smtp.to("alex@example.org")
        assert subject(request) == "[WHITE] Approval requested: Operations Report — June 2018"

        alex = visit("alex")
        alex.goto("/months/2018-06/")
        expect(alex.page.get_by_text("Approval last requested by Erin")).to_be_visible()
        alex.goto("/papers/2018-06/")
        alex.page.get_by_text("Send back with a comment").click()
        alex.page.get_by_label("Comment for the editors").fill("Please add the two default notes first.")
        alex.page.get_by_role("button", name="Send back").click()
        expect(alex.page.get_by_text(re.compile("Sent back: the comment shows here"))).to_be_visible()
        alex.check()
        deliver()
        assert [subject(m) for m in smtp.to("erin@example.org")] == [
            "[WHITE] Sent back with a comment: Operations Report — June 2018"
        ]

        erin.goto("/papers/2018-06/")
        expect(erin.page.get_by_text("Please add the two default notes first.")).to_be_visible()
        erin.page.get_by_label("Your answer").fill("Both notes are in.")
        erin.page.get_by_role("button", name="Answer").click()
        expect(erin.page.get_by_text("Answered: whoever sent the paper back is told by email.")).to_be_visible()
        expect(erin.page.get_by_text("Please add the two default notes first.")).to_have_count(0)
        erin.check()
        deliver()

        alex.goto("/papers/2018-06/")
        alex.page.get_by_role("button", name=re.compile("approve", re.I)).click()
        alex.check()
        alex.page.get_by_role("checkbox", name=re.compile("open findings above and publish")).check()
        # Publishing draws and freezes the PDFs first (tests/test_browser.py says so too).
        alex.page.get_by_role("button", name=re.compile("publish", re.I)).click(timeout=90_000)
        expect(alex.page.get_by_text(re.compile("Published as issue 1"))).to_be_visible()
        alex.check()
        deliver()
        alex.goto("/papers/2018-06/")
        log = alex.page.locator(".mail-log")
        for heading in [
            "Approval requested by Erin",
            "Sent back with a comment by Alex",
            "Answer to a comment by Erin",
            "Publication (issue 1) by Alex",
        ]:
            expect(log.get_by_role("heading", name=re.compile(re.escape(heading)))).to_be_visible()
        expect(log.get_by_role("cell", name=re.compile("^Sent "))).to_have_count(6)  # 1 + 1 + 1 + 3
        os.makedirs(PROOF, exist_ok=True)
        alex.page.locator(".mail-panel").screenshot(path=f"{PROOF}/mail-log.png")
    assert sorted(subject(m).split(":")[0] for m in smtp.to("alex@example.org")) == [
        "[AMBER] Published",
        "[WHITE] Approval requested",
        "[WHITE] Comment answered",
    ]
