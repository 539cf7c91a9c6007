"""The built-in reader turns a CV's text into a draft profile, section by section."""

from kazi.profiles.cv_reader import draft_profile, partial_date
from tests.app.cv_files import CV_TEXT


def test_every_section_of_a_typical_cv() -> None:
    profile = draft_profile(CV_TEXT)
    basics = profile.basics
    assert (basics.name, basics.email, basics.phone) == (
        "Achieng Otieno",
        "achieng.otieno@example.com",
        "+254 722 123 456",
    )
    assert basics.summary == "Accounts assistant who keeps clean ledgers for small businesses."
    work = [(w.position, w.name, w.start_date, w.end_date) for w in profile.work]
    assert work == [
        ("Accounts Assistant", "Lakeside Traders Ltd", "2021-03", None),
        ("Cashier", "Nyanza Hardware", "2018-01", "2021-02"),
    ]
    assert profile.work[0].highlights == [
        "Reconciled 40 supplier accounts every month",
        "Prepared VAT returns on iTax",
    ]
    education = profile.education[0]
    assert (education.institution, education.study_type, education.end_date) == (
        "Maseno University",
        "Bachelor of Commerce (Accounting)",
        "2017",
    )
    certificate = profile.certificates[0]
    assert (certificate.name, certificate.issuer, certificate.number) == (
        "CPA Part III",
        "KASNEB",
        "NAI/778899",
    )
    assert [s.name for s in profile.skills] == ["Excel", "QuickBooks", "iTax"]
    assert [(lang.language, lang.fluency) for lang in profile.languages] == [
        ("English", "Fluent"),
        ("Kiswahili", "Native"),
        ("Dholuo", "Native"),
    ]
    assert [r.name for r in profile.references] == ["Peter Mwangi", "Grace Wanjiku"]


def test_partial_dates() -> None:
    assert partial_date("Mar 2021") == "2021-03"
    assert partial_date("03/2021") == "2021-03"
    assert partial_date("2019") == "2019"
    assert partial_date("Present") is None


def test_text_without_headings_gives_a_name_only() -> None:
    profile = draft_profile("Juma Hamisi\nI am a hard worker looking for a job.\njuma@bad")
    assert profile.basics.name == "Juma Hamisi"
    assert profile.basics.email is None
    assert profile.work == []
