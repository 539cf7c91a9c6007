"""Dates, salaries and employment types read out of posting text."""

from datetime import date
from decimal import Decimal

import pytest

from kazi.jobs.posting import EmploymentType, Salary, SalaryUnit
from kazi.jobs.values import employment_type_from, find_date, find_salary, salary_unit_from


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 December 2026", date(2026, 12, 15)),
        ("Deadline: 2026-12-15", date(2026, 12, 15)),
        ("Dec 15, 2026", date(2026, 12, 15)),
        ("December 15 2026", date(2026, 12, 15)),
        ("15th Dec, 2026", date(2026, 12, 15)),
        ("Closing on 15/12/2026 at noon", date(2026, 12, 15)),
        ("15.12.2026", date(2026, 12, 15)),
        ("Tarehe ya mwisho: 30 Novemba 2026", date(2026, 11, 30)),
        ("Date limite : 1er mars 2027", date(2027, 3, 1)),
        ("posted 2026-11-01, closes 30 November 2026", date(2026, 11, 1)),
    ],
)
def test_find_date(text: str, expected: date) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize("text", ["3 days ago", "31 February 2026", "2026-13-01", "Ongoing", ""])
def test_find_date_none(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("text", "currency", "low", "high", "unit"),
    [
        ("KSh 50,000 - 80,000 per month", "KES", 50000, 80000, SalaryUnit.MONTH),
        ("Kshs. 120k p.m.", "KES", 120000, 120000, SalaryUnit.MONTH),
        ("KES 35,000 kwa mwezi", "KES", 35000, 35000, SalaryUnit.MONTH),
        ("USD 2,500 – 3,000 monthly", "USD", 2500, 3000, SalaryUnit.MONTH),
        ("$60,000 per year", "USD", 60000, 60000, SalaryUnit.YEAR),
        ("Ksh 1,200/day", "KES", 1200, 1200, SalaryUnit.DAY),
        ("45,000 KES/month", "KES", 45000, 45000, SalaryUnit.MONTH),
        ("1 200 000 RWF par mois", "RWF", 1200000, 1200000, SalaryUnit.MONTH),
        ("KSh 90,000 to 70,000", "KES", 70000, 90000, None),
    ],
)
def test_find_salary(
    text: str, currency: str, low: int, high: int, unit: SalaryUnit | None
) -> None:
    assert find_salary(text) == Salary(
        currency=currency, min=Decimal(low), max=Decimal(high), unit=unit
    )


@pytest.mark.parametrize("text", ["Confidential", "Negotiable", "cash 500 only", "KSh 0"])
def test_find_salary_none(text: str) -> None:
    assert find_salary(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FULL_TIME", EmploymentType.FULL_TIME),
        ("Full Time", EmploymentType.FULL_TIME),
        ("full-time", EmploymentType.FULL_TIME),
        ("Permanent", EmploymentType.FULL_TIME),
        ("Part Time", EmploymentType.PART_TIME),
        ("Contract", EmploymentType.CONTRACTOR),
        ("Consultancy", EmploymentType.CONTRACTOR),
        ("Internship", EmploymentType.INTERN),
        ("Industrial attachment", EmploymentType.INTERN),
        ("Temporary", EmploymentType.TEMPORARY),
        ("Volunteer", EmploymentType.VOLUNTEER),
        ("per diem", EmploymentType.PER_DIEM),
        ("Mkataba wa miaka miwili", EmploymentType.CONTRACTOR),
        ("Kazi ya kudumu", EmploymentType.FULL_TIME),
        ("CDI", EmploymentType.FULL_TIME),
        ("Temps partiel", EmploymentType.PART_TIME),
        ("Stage", EmploymentType.INTERN),
    ],
)
def test_employment_type_from(text: str, expected: EmploymentType) -> None:
    assert employment_type_from(text) is expected


def test_employment_type_unknown() -> None:
    assert employment_type_from("Hybrid") is None


def test_salary_unit_takes_the_earliest_period() -> None:
    assert salary_unit_from("per month, paid yearly bonus") is SalaryUnit.MONTH
    assert salary_unit_from("YEAR") is SalaryUnit.YEAR
    assert salary_unit_from("whenever") is None
