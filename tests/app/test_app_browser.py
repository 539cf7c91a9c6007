"""A new job seeker's walk through the app in a real Chromium at 360 x 740, in English and
in Kiswahili: every page screenshotted into test-artifacts/app/, checked by axe-core and
weighed."""

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, expect

from kazi.kit.config import Settings
from tests.admin.test_admin_browser import CHROMIUM, ServedApp, browser, served
from tests.app.browser import ARTIFACTS, MAX_PAGE_BYTES, VIEWPORT, Walk, watch_bytes
from tests.app.conftest import POSTING_TEXT, allow_fetching_from
from tests.app.cv_files import cv_docx
from tests.app.test_app_documents import FABRICATION
from tests.helpers import DEFAULT_PASSWORD

__all__ = ["browser", "served"]  # fixtures shared with the dashboard's browser test

# The walk reads the same pages on either database (the page tests run on both);
# KAZI_APP_WALK_BACKENDS=sqlite,postgresql walks on both.
BACKENDS = os.environ.get("KAZI_APP_WALK_BACKENDS", "sqlite").split(",")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Chromium at /usr/bin/chromium"),
]


async def sign_up(walk: Walk, origin: str, email: str) -> None:
    page = walk.page
    await page.goto(f"{origin}/")
    await expect(page).to_have_url(f"{origin}/login?next=%2F")
    await walk.check("sign-in")
    if walk.language == "sw":
        await page.click("a[lang=sw]")
        await expect(page.locator("html")).to_have_attribute("lang", "sw")
    await page.click("a[href='/signup']")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", DEFAULT_PASSWORD)
    await walk.check("sign-up")
    await page.click("form[action='/signup'] button[type=submit]")
    await expect(page.locator("p.notice")).to_be_visible()
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", DEFAULT_PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await expect(page).to_have_url(f"{origin}/profile")


async def profile_from_cv(walk: Walk, tmp_path: Path) -> None:
    page = walk.page
    await expect(page.locator("#profile-form")).to_be_visible()
    await walk.check("profile-empty")
    await page.click("a[href='/profile/upload']")
    cv = tmp_path / "cv.docx"
    cv.write_bytes(cv_docx())
    await page.set_input_files("#upload-form input[type=file]", str(cv))
    await walk.check("cv-upload")
    await page.click("#upload-form button[type=submit]")
    await expect(page.locator("#draft-note")).to_be_visible()
    await expect(page.locator("#certificates_0_number")).to_have_value("NAI/778899")
    await page.uncheck("#section-references input[name=keep]")
    await walk.check("cv-draft")
    await page.click("#profile-form button[type=submit]")
    await expect(page.locator("p.notice")).to_be_visible()
    await expect(page.locator("#basics_name")).to_have_value("Achieng Otieno")
    await expect(page.locator("#work_1_name")).to_have_value("Nyanza Hardware")
    await expect(page.locator("#references_0_name")).to_have_value("")  # not kept
    await walk.check("profile")


async def add_jobs(walk: Walk, origin: str, posting_origin: str) -> str:
    page = walk.page
    await page.goto(f"{origin}/jobs/new")
    await page.fill("#by-link input[name=url]", f"{posting_origin}/jobs/sales-officer")
    await walk.check("add-job")
    await page.click("#by-link button[type=submit]")
    await expect(page.locator("#field-closing_date td").first).to_have_text("2030-01-15")
    await page.select_option("#correct-form select[name=field]", "location")
    await page.fill("#correct-form input[name=value]", "Eldoret town")
    await walk.check("job-from-link")
    await page.click("#correct-form button[type=submit]")
    await expect(page.locator("#field-location td").first).to_have_text("Eldoret town")
    await page.goto(f"{origin}/jobs/new")
    await page.fill("#by-text textarea[name=text]", POSTING_TEXT)
    await page.click("#by-text button[type=submit]")
    await expect(page.locator("h1")).to_have_text("Accounts Assistant")
    await walk.check("job-from-text")
    job_url = page.url.split("?")[0]
    await page.goto(f"{origin}/jobs/new")
    await page.fill("#by-text textarea[name=text]", "Hello")
    await page.click("#by-text button[type=submit]")
    await expect(page.locator("#guidance")).to_be_visible()
    await walk.check("job-guidance")
    await page.goto(f"{origin}/jobs")
    await walk.check("jobs")
    return job_url


async def write_documents(walk: Walk, job_url: str) -> None:
    page = walk.page
    await page.goto(job_url)
    await page.click("#write-cv button[type=submit]")
    await expect(page).to_have_url(re.compile(r"/documents/\d+$"))
    await expect(page.locator("#report-ok")).to_be_visible()
    await walk.check("cv")
    async with page.expect_download() as download_info:
        await page.click("a[href$='format=pdf']")
    download = await download_info.value
    pdf = ARTIFACTS / f"{walk.language}-cv.pdf"
    await download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    edited = await page.input_value("#edit-text") + FABRICATION
    await page.fill("#edit-text", edited)
    await page.click("#edit-form button[value=check]")
    await expect(page.locator("#report-flagged")).to_be_visible()
    flagged = page.locator("#document-text mark.flag")
    await expect(flagged.filter(has_text="Safaricom")).to_have_count(1)
    await walk.check("cv-edited")
    await page.goto(job_url)
    await page.select_option("#write-letter select[name=tone]", "warm")
    await page.select_option("#write-letter select[name=language]", walk.language)
    await page.click("#write-letter button[type=submit]")
    await expect(page).to_have_url(re.compile(r"/documents/\d+$"))
    await walk.check("letter")


async def mark_applied(walk: Walk, job_url: str) -> None:
    page = walk.page
    await page.goto(job_url)
    await page.select_option("#application-form select[name=status]", "applied")
    await page.fill("#application-form textarea[name=notes]", "Sent to hr@mavuno.example")
    await page.click("#application-form button[type=submit]")
    await expect(page.locator("#application-form select[name=status]")).to_have_value("applied")
    await walk.check("applied")


@pytest.mark.parametrize("language", ["en", "sw"])
async def test_a_new_job_seeker_walks_the_app(
    app: Any,
    settings: Settings,
    served: tuple[ServedApp, str],
    browser: Browser,
    posting_origin: str,
    language: str,
    tmp_path: Path,
) -> None:
    backend = settings.resolved_database_url.partition("+")[0]
    if backend not in BACKENDS:
        pytest.skip(f"the walk runs on {', '.join(BACKENDS)} (KAZI_APP_WALK_BACKENDS)")
    _wrapper, origin = served
    context = await browser.new_context(viewport=VIEWPORT, bypass_csp=True)  # type: ignore[arg-type]
    page = await context.new_page()
    walk = Walk(page, await watch_bytes(page), language)
    walk.clear_old_artifacts()
    await sign_up(walk, origin, f"seeker-{language}@example.com")
    await profile_from_cv(walk, tmp_path)
    allow_fetching_from(settings, posting_origin)  # the job board is on 127.0.0.1
    job_url = await add_jobs(walk, origin, posting_origin)
    await write_documents(walk, job_url)
    await mark_applied(walk, job_url)
    await walk.page.goto(f"{origin}/usage")
    await expect(walk.page.locator("#tier")).to_have_text("free")
    await walk.check("usage")
    await walk.page.goto(f"{origin}/")
    await expect(walk.page.locator("#applications .card")).to_have_count(2)
    await walk.check("home")
    await walk.page.goto(f"{origin}/account")
    await walk.check("account")
    async with walk.page.expect_download() as download_info:
        await walk.page.click("#export")
    assert (await (await download_info.value).path()).read_bytes().startswith(b"{")
    await walk.page.click(".signout button")
    await expect(walk.page).to_have_url(re.compile(r"/login\?notice=signed_out$"))
    await walk.page.goto(f"{origin}/password/forgot")
    await expect(walk.page.locator("#reset-unavailable")).to_be_visible()
    await walk.check("forgot-password")

    report = walk.report()
    print(report)
    (ARTIFACTS / f"weights-{language}.txt").write_text(report + "\n")
    assert {name: v for name, v in walk.violations.items() if v} == {}
    assert {name: w for name, w in walk.weights.items() if w > MAX_PAGE_BYTES} == {}
    assert min(walk.weights.values()) > 1000, "a page was not weighed"
    assert len(walk.weights) == 19  # every page of the walk was checked
