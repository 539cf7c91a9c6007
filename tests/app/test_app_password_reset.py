"""Password reset through a real SMTP conversation with a local aiosmtpd server."""

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.app.conftest import Visitor, visitor
from tests.helpers import DEFAULT_PASSWORD

NEW_PASSWORD = "a brand new passphrase"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox(app: Any) -> Iterator[Inbox]:
    """A local SMTP server, and the app's settings pointing at it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings = app.state.settings
    settings.smtp_host, settings.smtp_port = "127.0.0.1", controller.port
    settings.smtp_starttls, settings.public_url = False, "https://kazi.example"
    yield handler
    controller.stop()


async def ask_for_link(app: Any, email: str) -> Any:
    anonymous = visitor(app)
    await anonymous.page("/password/forgot")
    answer = await anonymous.post("/password/forgot", {"email": email})
    await anonymous.client.aclose()
    return answer


async def test_without_smtp_the_page_says_so(app: Any) -> None:
    anonymous = visitor(app)
    page = await anonymous.page("/password/forgot")
    assert 'id="reset-unavailable"' in page.text
    assert "cannot send e-mail" in page.text
    await anonymous.page("/login")  # a valid form token, to reach the check itself
    refused = await anonymous.post("/password/forgot", {"email": "wanjiru@example.com"})
    assert refused.status_code == 503
    await anonymous.client.aclose()


async def test_reset_by_e_mail_end_to_end(app: Any, seeker: Visitor, inbox: Inbox) -> None:
    unknown = await ask_for_link(app, "nobody@example.com")
    asked = await ask_for_link(app, "Wanjiru@example.com")
    assert unknown.headers["location"] == asked.headers["location"] == "/login?notice=reset_sent"
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "wanjiru@example.com"
    assert message["Subject"] == "Reset your Kazi password"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"https://kazi\.example(/password/reset\?token=\S+)", body)
    assert link is not None, body
    browser = visitor(app)
    form = await browser.page(link.group(1))
    assert 'name="token"' in form.text
    token = re.search(r'name="token" value="([^"]+)"', form.text)
    assert token is not None
    weak = await browser.post("/password/reset", {"token": token.group(1), "password": "short"})
    assert weak.status_code == 422
    done = await browser.post(
        "/password/reset", {"token": token.group(1), "password": NEW_PASSWORD}
    )
    assert done.headers["location"] == "/login?notice=password_reset"
    again = await browser.post(
        "/password/reset", {"token": token.group(1), "password": NEW_PASSWORD}
    )
    assert again.status_code == 400  # a link works once
    assert (await seeker.client.get("/")).status_code == 303  # old sessions are ended
    for password, status in ((DEFAULT_PASSWORD, 401), (NEW_PASSWORD, 303)):
        await browser.page("/login")
        signed = await browser.post(
            "/login", {"email": "wanjiru@example.com", "password": password}
        )
        assert signed.status_code == status
    await browser.client.aclose()


async def test_an_unreachable_smtp_server_is_reported(
    app: Any, seeker: Visitor, inbox: Inbox
) -> None:
    app.state.settings.smtp_port = _free_port()  # nothing listens there
    answer = await ask_for_link(app, "wanjiru@example.com")
    assert answer.status_code == 503
    assert "could not be sent" in answer.text
