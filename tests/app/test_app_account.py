"""Sign-up, sign-in and sign-out through the forms, and the language switch."""

from typing import Any

import httpx2

from kazi.app.session import SESSION_COOKIE
from tests.app.conftest import Visitor, csrf_of, visitor
from tests.helpers import DEFAULT_PASSWORD


async def test_sign_up_opens_a_session_that_the_api_refuses(app: Any, seeker: Visitor) -> None:
    home = await seeker.page("/")
    assert "Your applications" in home.text
    cookie = seeker.client.cookies[SESSION_COOKIE]
    api = await seeker.client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {cookie}"})
    assert api.status_code == 401


async def test_sign_out_ends_the_session(seeker: Visitor) -> None:
    cookie = seeker.client.cookies[SESSION_COOKIE]
    answer = await seeker.post("/logout")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?notice=signed_out"
    seeker.client.cookies.set(SESSION_COOKIE, cookie)  # a copy of the old cookie is dead too
    again = await seeker.client.get("/")
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login")


async def test_sign_in_with_the_right_and_the_wrong_password(app: Any, seeker: Visitor) -> None:
    other = visitor(app)
    await other.page("/login?next=/profile")
    wrong = await other.post("/login", {"email": "wanjiru@example.com", "password": "nope"})
    assert wrong.status_code == 401
    assert "Wrong e-mail address or password." in wrong.text
    other.csrf = csrf_of(wrong.text)
    right = await other.post(
        "/login",
        {"email": "wanjiru@example.com", "password": DEFAULT_PASSWORD, "next": "/profile"},
    )
    assert right.status_code == 303
    assert right.headers["location"] == "/profile"
    await other.client.aclose()


async def test_sign_in_never_redirects_off_the_app(app: Any, seeker: Visitor) -> None:
    other = visitor(app)
    for target in ("https://evil.example/", "//evil.example", "/api/v1/users/me", "/\\evil"):
        await other.page("/login")
        data = {"email": "wanjiru@example.com", "password": DEFAULT_PASSWORD, "next": target}
        answer = await other.post("/login", data)
        assert answer.headers["location"] == "/", target
    await other.client.aclose()


async def test_sign_up_never_tells_whether_an_address_has_an_account(
    app: Any, seeker: Visitor
) -> None:
    other = visitor(app)
    taken = await other.sign_up("Wanjiru@example.com", "an attacker's password")
    fresh = await other.sign_up("new@example.com")
    assert taken.status_code == fresh.status_code == 303
    assert taken.headers["location"] == fresh.headers["location"]
    assert taken.headers["location"] == "/login?next=%2Fprofile&notice=registered"
    assert (await other.sign_in("wanjiru@example.com", "an attacker's password")).status_code == 401
    assert (await other.sign_in("new@example.com")).status_code == 303
    short = await other.sign_up("short@example.com", "short")
    assert short.status_code == 422
    assert "at least 10 characters" in short.text
    await other.client.aclose()


async def test_sign_in_is_rate_limited_like_the_api(app: Any) -> None:
    app.state.settings.rate_limits_enabled = True
    other = visitor(app)
    try:
        codes = []
        for _ in range(6):  # 5 a minute per e-mail address by default
            await other.page("/login")
            answer = await other.post("/login", {"email": "x@example.com", "password": "nope"})
            codes.append(answer.status_code)
    finally:
        app.state.settings.rate_limits_enabled = False
    assert codes == [401] * 5 + [429]
    assert int(answer.headers["retry-after"]) >= 1
    await other.client.aclose()


async def test_the_language_switch_translates_every_page(
    app: Any, client: httpx2.AsyncClient
) -> None:
    english = await client.get("/signup")
    assert "Create your account" in english.text
    switched = await client.get("/language/sw?next=/signup")
    assert switched.status_code == 303
    assert switched.headers["location"] == "/signup"
    swahili = await client.get("/signup")
    assert swahili.headers["content-language"] == "sw"
    assert '<html lang="sw">' in swahili.text
    assert "Fungua akaunti yako" in swahili.text
    assert "Create your account" not in swahili.text
