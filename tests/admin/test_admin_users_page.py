"""/admin/users: find a user by e-mail, change tier, role and active state (audited, by
the same service as the API), and see their recent usage."""

import re
from typing import Any

from sqlalchemy import select

from kazi.audit.models import AuditEntry
from kazi.enums import Role
from kazi.kit.db import utcnow
from kazi.usage import repository
from kazi.users.models import User
from tests.admin.conftest import ADMIN_EMAIL, Dashboard, add_user
from tests.usage.support import make_record


async def _user(app: Any, email: str) -> User:
    async with app.state.sessions() as session:
        found = await session.scalar(select(User).where(User.email == email))
        assert found is not None
        return found


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</p>', html, re.S)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


async def test_find_a_user_change_them_and_see_their_usage(dashboard: Dashboard, app: Any) -> None:
    await add_user(app, "wanjiru@example.com", Role.USER)
    member = await _user(app, "wanjiru@example.com")
    records = [make_record(user_id=member.id, created_at=utcnow()) for _ in range(3)]
    await repository.write_batch(app.state.engine, records)

    page = (await dashboard.page("/admin/users?email=Wanjiru@Example.com")).text
    assert "<h2>wanjiru@example.com</h2>" in page
    assert _text(page, "user-usage").startswith("3 calls, $0.0045.")

    form = {"tier": "premium", "role": "user"}  # the box unticked: disabled
    saved = await dashboard.post(f"/admin/users/{member.id}", form)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/admin/users?email=wanjiru@example.com&notice=saved"
    changed = await _user(app, "wanjiru@example.com")
    assert (changed.tier, changed.role, changed.is_active) == ("premium", "user", False)

    async with app.state.sessions() as session:
        entry = (await session.scalars(select(AuditEntry))).one()
    assert (entry.action, entry.actor_email, entry.target_id) == (
        "user.update",
        ADMIN_EMAIL,
        str(member.id),
    )
    assert (entry.before, entry.after) == (
        {"email": "wanjiru@example.com", "role": "user", "tier": "free", "is_active": True},
        {"email": "wanjiru@example.com", "role": "user", "tier": "premium", "is_active": False},
    )


async def test_an_unknown_address_and_a_self_demotion_are_explained(
    dashboard: Dashboard, app: Any
) -> None:
    page = (await dashboard.page("/admin/users?email=nobody@example.com")).text
    assert "No user has this e-mail address." in page
    me = await _user(app, ADMIN_EMAIL)
    refused = await dashboard.post(f"/admin/users/{me.id}", {"tier": "free", "role": "user"})
    assert refused.status_code == 422
    assert "cannot demote or disable their own account" in refused.text
    assert (await _user(app, ADMIN_EMAIL)).role == "admin"
    unknown = await dashboard.post("/admin/users/999999", {"tier": "free", "role": "user"})
    assert unknown.status_code == 404
