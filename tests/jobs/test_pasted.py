"""Pasted ads in the forms they are forwarded in Kenya, read without a model."""

from datetime import date
from decimal import Decimal

import pytest

from kazi.jobs.intake import parse_posting
from kazi.jobs.pasted import parse_paste, read_paste
from kazi.jobs.posting import EmploymentType, Salary, SalaryUnit, Source
from kazi.jobs.values import find_day_month, find_salary

WHATSAPP = """🔥🔥 JOB ALERT 🔥🔥
Good evening fam, kindly share 🙏
*CASHIER NEEDED* 💼
Tumaini Pharmacy in Rongai is looking for a cashier.
💰 Salary: Ksh 18K - 22K per month
📍 Location: Rongai
📩 CVs to tumainipharmacy.jobs@gmail.com by 12th Jan
"""
KISWAHILI = """TANGAZO LA KAZI
Cheo: Fundi Umeme
Mwajiri: Nuru Electricals
Mahali: Kisumu
Mshahara: 25,000/= kwa mwezi
Aina ya ajira: Mkataba
Tuma maombi kwa nuru.ajira@gmail.com
Mwisho wa kutuma maombi: 20/01/2027
"""
FORWARD = """---------- Forwarded message ---------
From: Aisha Noor <aisha@example.com>
Subject: Fwd: job

Hello, see below.

Kilifi Water Company is recruiting a Meter Reader for its Malindi office.
Terms: Permanent
Apply online at https://kilifiwater.example/careers/meter-reader before 15/01/2027.
"""


def test_whatsapp_post_past_banner_and_greeting() -> None:
    reading = read_paste(WHATSAPP)
    assert reading.is_job
    assert reading.roles == []
    values = reading.values
    assert (values["title"], values["company"], values["location"]) == (
        "CASHIER",
        "Tumaini Pharmacy",
        "Rongai",
    )
    assert values["salary"] == Salary(
        currency="KES", min=Decimal(18000), max=Decimal(22000), unit=SalaryUnit.MONTH
    )
    closing = values["closing_date"]
    assert isinstance(closing, date)
    assert (closing.month, closing.day) == (1, 12)
    parsed = parse_paste(WHATSAPP, reading)
    assert parsed.data.how_to_apply is not None
    assert parsed.data.how_to_apply.email == "tumainipharmacy.jobs@gmail.com"
    assert parsed.provenance["title"] is Source.HEURISTIC


def test_kiswahili_labels() -> None:
    data = parse_paste(KISWAHILI, read_paste(KISWAHILI)).data
    assert (data.title, data.company, data.location) == (
        "Fundi Umeme",
        "Nuru Electricals",
        "Kisumu",
    )
    assert data.employment_type is EmploymentType.CONTRACTOR
    assert data.salary == Salary(
        currency="KES", min=Decimal(25000), max=Decimal(25000), unit=SalaryUnit.MONTH
    )
    assert data.closing_date == date(2027, 1, 20)


def test_email_forward_skips_headers() -> None:
    data = parse_paste(FORWARD, read_paste(FORWARD)).data
    assert (data.title, data.company) == ("Meter Reader", "Kilifi Water Company")
    assert data.location == "Malindi"
    assert data.employment_type is EmploymentType.FULL_TIME
    assert data.how_to_apply is not None
    assert data.how_to_apply.url == "https://kilifiwater.example/careers/meter-reader"
    assert data.how_to_apply.email is None
    assert data.closing_date == date(2027, 1, 15)


def test_several_roles_are_listed() -> None:
    text = (
        "📢 VACANCIES 📢\nSafari Lodge, Naivasha is hiring:\n👉 Chef – 1\n👉 Waiters – 3\n"
        "👉 Housekeepers – 2\nEmail lodge.hr@example.com"
    )
    assert read_paste(text).roles == ["Chef", "Waiters", "Housekeepers"]


@pytest.mark.parametrize(
    "text",
    [
        "JOBS EXPO 2027\nMeet 40 employers at Sarit Centre. Register at https://expo.example",
        "Habari wapendwa, mkutano wa chama ni Jumapili. Michango ni Ksh 500.",
        "Dear customers, our shop will be closed on Monday. Merry Christmas!",
    ],
)
def test_non_job_pastes(text: str) -> None:
    assert not read_paste(text).is_job


def test_a_requirements_list_is_not_several_roles() -> None:
    text = (
        "Accountant needed at Baraka Ltd, Thika.\nRequirements:\n- CPA (K)\n"
        "- Experience supervising junior accountants\n- Good with QuickBooks\nSend CV to a@b.co"
    )
    reading = read_paste(text)
    assert (reading.is_job, reading.roles) == (True, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay: 1,200/= daily", Salary(currency="KES", min=1200, max=1200, unit=SalaryUnit.DAY)),
        ("45K net", Salary(currency="KES", min=45000, max=45000)),
        ("Ksh 600 kwa siku", Salary(currency="KES", min=600, max=600, unit=SalaryUnit.DAY)),
        ("from 800 up to 1500 EUR", Salary(currency="EUR", min=800, max=1500)),
        ("Salary: Negotiable", None),
        ("Rs 25,000 to Rs 45,000 per month", Salary(min=25000, max=45000, unit=SalaryUnit.MONTH)),
    ],
)
def test_salary_forms(text: str, expected: Salary | None) -> None:
    assert find_salary(text) == expected


def test_rupees_are_those_of_the_country_the_page_names() -> None:
    text = "<h1>Sales Agent</h1><p>Karachi, Pakistan</p><p>Salary: Rs 30,000 per month</p>"
    data = parse_posting(
        f"<html><body><main>{text}<p>{'Sell phones. ' * 30}</p></main></body></html>", None
    ).data
    assert data.salary == Salary(
        currency="PKR", min=Decimal(30000), max=Decimal(30000), unit=SalaryUnit.MONTH
    )


def test_deadline_without_a_year_is_the_next_such_day() -> None:
    today = date(2026, 12, 4)
    assert find_day_month("Deadline: 15th Jan", today) == date(2027, 1, 15)
    assert find_day_month("by 30/12", today) == date(2026, 12, 30)
    assert find_day_month("no date here", today) is None
