"""parse_posting on each hand-made fixture page: exact fields and where each came from."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kazi.jobs.intake import NotAPostingError, NotPostingReason, parse_posting
from kazi.jobs.posting import JOB_FIELDS, EmploymentType, HowToApply, Salary, SalaryUnit, Source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
S = Source.STRUCTURED_DATA
H = Source.HEURISTIC


def parse_fixture(name: str, url: str | None = "https://board.example/listings/x"):
    return parse_posting((FIXTURES / name).read_text(encoding="utf-8"), url)


def test_brightermonday_style_jsonld() -> None:
    parsed = parse_fixture("brightermonday_style_jsonld.html")
    data = parsed.data
    assert parsed.is_posting
    assert parsed.reason is None
    assert data.title == "Finance Manager"
    assert data.company == "Savanna Agro Processors Ltd"
    assert data.location == "Nairobi, Kenya"
    assert data.remote is None
    assert data.employment_type is EmploymentType.FULL_TIME
    assert data.salary == Salary(
        currency="KES", min=Decimal(250000), max=Decimal(350000), unit=SalaryUnit.MONTH
    )
    assert data.date_posted == date(2026, 11, 20)
    assert data.closing_date == date(2026, 12, 15)
    assert data.how_to_apply == HowToApply(
        url="https://board.example/listings/finance-manager-savanna-agro-8xk2p1"
    )
    assert data.description == (
        "Savanna Agro Processors Ltd is a grain milling and animal feeds company serving East "
        "Africa. We are looking for a Finance Manager to lead our finance team in Nairobi.\n"
        "The role reports to the Managing Director.\n"
        "- Prepare monthly management accounts\n"
        "- Lead the annual budget process"
    )
    assert data.responsibilities == [
        "Prepare monthly management accounts and board reports",
        "Lead the annual budget and quarterly forecasts",
        "Manage relationships with banks and the Kenya Revenue Authority",
        "Supervise a team of four accountants",
    ]
    assert data.requirements == [
        "Bachelor’s degree in Commerce (Finance or Accounting option)",
        "CPA (K) or ACCA",
        "Experience: 60 months",
    ]
    assert data.skills == ["IFRS", "Tax compliance", "Sage 300", "Team leadership"]
    assert data.benefits == [
        "Medical cover for staff and family",
        "Pension scheme",
        "Annual performance bonus",
    ]
    assert data.language == "en"
    every_field_but_remote = [name for name in JOB_FIELDS if name != "remote"]
    assert parsed.provenance == dict.fromkeys(every_field_but_remote, S)
    assert parsed.missing == ["remote"]


def test_brightermonday_style_readable_text_drops_chrome() -> None:
    text = parse_fixture("brightermonday_style_jsonld.html").readable_text
    assert text.startswith("Finance Manager\nSavanna Agro Processors Ltd\n- Location: Nairobi\n")
    assert "- Supervise a team of four accountants\nQualifications\n" in text
    for chrome in ("We use cookies", "Find Jobs", "Similar jobs", "Credit Controller", "©", "gtag"):
        assert chrome not in text


def test_fuzu_style_graph_resolves_ids_and_escaped_description() -> None:
    parsed = parse_fixture("fuzu_style_graph_jsonld.html")
    data = parsed.data
    assert parsed.is_posting
    assert data.title == "Customer Experience Lead"
    assert data.company == "Jenga Pay"
    assert data.location == "Westlands, Nairobi, Kenya"
    assert data.remote is True
    assert data.employment_type is EmploymentType.CONTRACTOR
    assert data.salary == Salary(
        currency="KES", min=Decimal(180000), max=Decimal(180000), unit=SalaryUnit.MONTH
    )
    assert data.date_posted == date(2026, 11, 2)
    assert data.closing_date == date(2026, 11, 30)
    assert data.how_to_apply == HowToApply(email="careers@jengapay.example")
    assert data.description == (
        "Jenga Pay builds mobile payment tools for small shops across Kenya.\n"
        "As Customer Experience Lead you will own support quality for 40,000 merchants.\n"
        "- Run the support team of 12 agents\n"
        "- Set up tracking for response times & satisfaction"
    )
    assert data.responsibilities == [
        "Run the support team of 12 agents",
        "Set up tracking for response times and satisfaction",
        "Work with product on recurring merchant issues",
    ]
    assert data.requirements == [
        "bachelor degree",
        "At least 4 years in customer support, 2 of them leading a team",
    ]
    assert data.skills == ["Zendesk", "Kiswahili and English", "Coaching"]
    assert data.benefits == ["Remote work allowance", "Share options after one year"]
    assert data.language == "en-KE"
    assert parsed.provenance["benefits"] is H
    assert {name for name, source in parsed.provenance.items() if source is S} == {
        "title", "company", "location", "remote", "employment_type", "salary", "date_posted",
        "closing_date", "how_to_apply", "description", "responsibilities", "requirements",
        "skills", "language",
    }  # fmt: skip
    assert "Upgrade to Fuzu-style Pro" not in parsed.readable_text
    assert parsed.missing == []


def test_myjobmag_style_broken_jsonld_is_repaired() -> None:
    parsed = parse_fixture("myjobmag_style_broken_jsonld.html")
    data = parsed.data
    assert parsed.is_posting
    assert data.title == "Sales Representative - FMCG"
    assert data.company == "Pwani Beverages Ltd"
    assert data.location == "Mombasa, Kenya"
    assert data.employment_type is EmploymentType.FULL_TIME
    assert data.date_posted == date(2026, 10, 28)
    assert data.closing_date == date(2026, 11, 21)
    assert data.description == (
        "Pwani Beverages Ltd, a soft drinks maker based in Mombasa, is looking for a Sales "
        "Representative for the coast region.\n"
        "Responsibilities\n"
        "- Visit retail outlets in Mombasa, Kilifi and Kwale on a set route\n"
        "- Take orders and follow up on payments\n"
        "- Report competitor activity each week\n"
        "We're an equal opportunity employer & welcome applications from all qualified candidates."
    )
    assert data.requirements == [
        "Diploma in Sales & Marketing",
        "Valid driving licence (class BCE)",
        "2 years FMCG sales experience",
    ]
    # Not in the JSON-LD: read from the page by rule.
    assert data.salary == Salary(
        currency="KES", min=Decimal(45000), max=Decimal(60000), unit=SalaryUnit.MONTH
    )
    assert data.responsibilities == [
        "Visit retail outlets in Mombasa, Kilifi and Kwale on a set route",
        "Take orders and follow up on payments",
        "Report competitor activity each week",
    ]
    assert data.how_to_apply == HowToApply(
        email="jobs@pwanibev.example",
        instructions="Send your CV to jobs@pwanibev.example with the job title as the subject.",
    )
    assert data.language == "en"
    assert {name for name, source in parsed.provenance.items() if source is H} == {
        "salary", "responsibilities", "how_to_apply", "language",
    }  # fmt: skip
    assert parsed.provenance["requirements"] is S
    assert parsed.missing == ["remote", "skills", "benefits"]


def test_company_careers_microdata() -> None:
    parsed = parse_fixture("company_careers_microdata.html")
    data = parsed.data
    assert parsed.is_posting
    assert data.title == "Quality Assurance Officer"
    assert data.company == "Kilimo Fresh Exporters"
    assert data.location == "Naivasha, Nakuru County, Kenya"
    assert data.employment_type is EmploymentType.FULL_TIME
    assert data.salary == Salary(
        currency="KES", min=Decimal(90000), max=Decimal(110000), unit=SalaryUnit.MONTH
    )
    assert data.date_posted == date(2026, 11, 10)
    assert data.closing_date == date(2026, 12, 5)
    assert data.how_to_apply == HowToApply(url="https://kilimofresh.example/careers/qa-officer")
    assert data.description == (
        "Kilimo Fresh exports French beans, avocados and cut flowers from Naivasha to Europe. "
        "The Quality Assurance Officer keeps our pack house compliant with GlobalG.A.P. and "
        "buyer standards."
    )
    assert data.responsibilities == [
        "Inspect incoming produce and record rejections",
        "Run hygiene audits in the pack house every week",
        "Keep traceability records for every consignment",
    ]
    assert data.requirements == [
        "BSc in Food Science, Horticulture or a related field",
        "Knowledge of GlobalG.A.P. and HACCP",
    ]
    assert data.benefits == ["Staff transport from Naivasha town", "Lunch at the pack house"]
    assert data.language == "en"
    assert set(parsed.provenance.values()) == {S}
    assert parsed.missing == ["remote", "skills"]


def test_brightermonday_style_without_structured_data_uses_heuristics() -> None:
    parsed = parse_fixture("brightermonday_style_no_structured.html")
    data = parsed.data
    assert parsed.is_posting
    assert data.title == "ICT Support Officer"
    assert data.company == "Mto Water Services Company"
    assert data.location == "Nakuru"
    assert data.employment_type is EmploymentType.CONTRACTOR
    assert data.salary == Salary(
        currency="KES", min=Decimal(80000), max=Decimal(120000), unit=SalaryUnit.MONTH
    )
    assert data.date_posted == date(2026, 11, 3)
    assert data.closing_date == date(2026, 12, 15)
    assert data.how_to_apply == HowToApply(
        email="recruitment@mtowater.example",
        instructions=(
            "Send your application letter, CV and copies of certificates to "
            'recruitment@mtowater.example quoting "ICT Support Officer" in the subject line.\n'
            "Deadline: 15 December 2026. Only shortlisted candidates will be contacted."
        ),
    )
    assert data.description is not None
    assert data.description.startswith("Job Summary\nMto Water Services Company supplies")
    assert "- Keep an inventory of ICT equipment" in data.description
    assert "Related jobs" not in data.description
    assert data.responsibilities == [
        "Provide first-line support to staff at head office and four branch offices",
        "Maintain the billing system servers and daily backups",
        "Manage user accounts, email and network access",
        "Keep an inventory of ICT equipment",
    ]
    assert data.requirements == [
        "Bachelor's degree in Information Technology or Computer Science",
        "CCNA certification",
        "Two years of experience in a similar role",
    ]
    assert data.skills == [
        "Windows Server and Active Directory",
        "Network troubleshooting",
        "Clear communication in English and Kiswahili",
    ]
    assert data.language == "en"
    assert set(parsed.provenance.values()) == {H}
    assert parsed.missing == ["remote", "benefits"]


def test_swahili_page_labels_and_sections() -> None:
    parsed = parse_fixture("swahili_posting_no_structured.html")
    data = parsed.data
    assert parsed.is_posting
    assert data.title == "Msimamizi wa Ghala"
    assert data.company == "Ushirika wa Wakulima wa Kahawa Nyeri"
    assert data.location == "Nyeri, Kenya"
    assert data.employment_type is EmploymentType.CONTRACTOR
    assert data.salary == Salary(
        currency="KES", min=Decimal(55000), max=Decimal(70000), unit=SalaryUnit.MONTH
    )
    assert data.closing_date == date(2026, 11, 30)
    assert data.date_posted is None
    assert data.responsibilities == [
        "Kupokea na kuhifadhi kahawa kutoka kwa vituo vya wanachama",
        "Kuweka rekodi sahihi za bidhaa zinazoingia na kutoka",
        "Kusimamia wafanyakazi sita wa ghala",
    ]
    assert data.requirements == [
        "Stashahada katika Ugavi au Usimamizi wa Biashara",
        "Uzoefu wa miaka mitatu katika kazi kama hii",
        "Uwezo wa kutumia kompyuta",
    ]
    assert data.how_to_apply == HowToApply(
        email="ajira@kahawanyeri.example",
        instructions=(
            "Tuma barua ya maombi na wasifu wako kwa ajira@kahawanyeri.example "
            "kabla ya tarehe ya mwisho."
        ),
    )
    assert data.language == "sw"
    assert set(parsed.provenance.values()) == {H}
    assert "Habari nyingine" in parsed.readable_text  # an aside stays; it is not site chrome
    assert "Nyumbani" not in parsed.readable_text


def test_french_page_mixes_structured_and_heuristic_fields() -> None:
    parsed = parse_fixture("french_posting_jsonld.html")
    data = parsed.data
    assert data.title == "Chargé(e) de suivi-évaluation"
    assert data.company == "Association Umurimo pour le Développement Rural"
    assert data.location == "Kigali, Rwanda"
    assert data.employment_type is EmploymentType.TEMPORARY
    assert data.date_posted == date(2026, 11, 15)
    assert data.description == (
        "L'Association Umurimo recrute un(e) chargé(e) de suivi-évaluation pour son programme "
        "d'appui aux coopératives agricoles.\n"
        "Le poste est basé à Kigali avec des déplacements fréquents dans les districts."
    )
    assert data.language == "fr"
    assert data.salary == Salary(
        currency="RWF", min=Decimal(1200000), max=Decimal(1200000), unit=SalaryUnit.MONTH
    )
    assert data.closing_date == date(2027, 3, 1)
    assert data.responsibilities == [
        "Concevoir et mettre à jour le cadre de suivi du programme",
        "Former les équipes de terrain à la collecte de données",
        "Rédiger les rapports trimestriels pour les bailleurs",
    ]
    assert data.requirements == [
        "Master en statistique, économie ou développement rural",
        "Trois ans d'expérience en suivi-évaluation",
        "Maîtrise du français et de l'anglais ; le kinyarwanda est un atout",
    ]
    assert data.how_to_apply == HowToApply(
        email="recrutement@umurimo.example",
        instructions=(
            "Envoyez votre CV et une lettre de motivation à recrutement@umurimo.example "
            "avant la date limite."
        ),
    )
    assert parsed.provenance == {
        "title": S, "company": S, "location": S, "employment_type": S, "date_posted": S,
        "description": S, "language": S, "salary": H, "closing_date": H, "how_to_apply": H,
        "responsibilities": H, "requirements": H,
    }  # fmt: skip


def test_listing_page_is_not_a_posting() -> None:
    parsed = parse_fixture("myjobmag_style_listing.html")
    assert parsed.is_posting is False
    assert parsed.reason is NotPostingReason.LISTING
    assert parsed.provenance == {}
    assert parsed.data.title is None
    assert "Showing 1 - 12 of 1,284 jobs" in parsed.readable_text
    with pytest.raises(NotAPostingError) as caught:
        parsed.require_posting()
    assert (caught.value.code, caught.value.reason) == ("not_a_posting", NotPostingReason.LISTING)


def test_login_wall_is_not_a_posting() -> None:
    parsed = parse_fixture("login_wall.html")
    assert (parsed.is_posting, parsed.reason) == (False, NotPostingReason.LOGIN_WALL)
    assert parsed.readable_text.startswith("Sign in to continue\n")


def test_large_page_extracts_the_same_way() -> None:
    path = FIXTURES / "large_jsonld_page.html"
    assert path.stat().st_size >= 500_000
    parsed = parse_fixture("large_jsonld_page.html")
    data = parsed.data
    assert (data.title, data.company, data.location) == (
        "Operations Manager",
        "Safari Freight Logistics",
        "Mombasa, Kenya",
    )
    assert data.salary == Salary(
        currency="KES", min=Decimal(300000), max=Decimal(420000), unit=SalaryUnit.MONTH
    )
    assert data.description is not None
    assert data.description.count("\n- ") == 550
    assert data.skills == ["Fleet management", "Budgeting", "Customs procedures"]
    assert parsed.missing == ["remote"]
    assert len(parsed.readable_text) <= 40_000
    assert "Company 299" not in parsed.readable_text
    assert "Related jobs" not in parsed.readable_text
