"""The offline cover letter: Kenyan layout, salutation pairs, Kiswahili, grammar, facts."""

import re
from collections.abc import Callable
from datetime import date

import pytest

from kazi.documents.builtin.cover_letter import letter_language, write_cover_letter
from kazi.documents.builtin.letter_layout import without_date_line
from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.builtin.wording import article_for
from kazi.documents.text import word_count
from kazi.documents.validation import TextKind, validate_text
from kazi.jobs.posting import HowToApply, JobData
from kazi.profiles.schemas import Profile

PROFILES = ("amina", "brian", "faith", "minimal")
JOBS = ("finance", "backend", "teacher", "bare")
DAY = date(2026, 12, 4)
ENGLISH_TEMPLATE_WORDS = re.compile(
    r"\b(?:Dear|Yours|sincerely|faithfully|RE|Hiring|Manager|December|I|am|have|the|of|and|"
    r"with|my|your|for|to|position|Thank|you|skills|experience)\b"
)

ProfileLoader = Callable[[str], Profile]
JobLoader = Callable[[str], JobData]


def blocks(letter: str) -> list[str]:
    return letter.rstrip("\n").split("\n\n")


def named_job(job: JobData) -> JobData:
    instructions = "Address your application to Mr John Kamau, Human Resources, by email."
    return job.model_copy(update={"how_to_apply": HowToApply(instructions=instructions)})


@pytest.mark.parametrize("profile_name", PROFILES)
@pytest.mark.parametrize("job_name", JOBS)
def test_every_tone_and_language_passes_validation(
    load_profile: ProfileLoader, load_job: JobLoader, profile_name: str, job_name: str
) -> None:
    profile, job = load_profile(profile_name), load_job(job_name)
    for tone in Tone:
        for language in ("en", "sw"):
            letter = write_cover_letter(profile, job, tone, language, DAY)
            report = validate_text(
                without_date_line(letter), profile, job, kind=TextKind.COVER_LETTER
            )
            assert report.issues == [], (tone, language, report.issues)


def test_letter_is_byte_identical_for_a_date(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    first = write_cover_letter(load_profile("amina"), load_job("finance"), Tone.WARM, None, DAY)
    second = write_cover_letter(load_profile("amina"), load_job("finance"), Tone.WARM, None, DAY)
    assert first.encode() == second.encode()


def test_kenyan_formal_layout(load_profile: ProfileLoader, load_job: JobLoader) -> None:
    letter = write_cover_letter(load_profile("amina"), load_job("finance"), today=DAY)
    parts = blocks(letter)
    assert parts[0] == (
        "Amina Wanjiku Otieno\nNairobi\namina.otieno@example.co.ke\n+254 712 345 678"
    )
    assert parts[1] == "4 December 2026"
    assert parts[2] == "The Hiring Manager\nEquity Bank\nNairobi"
    assert parts[3] == "Dear Sir/Madam,"
    assert parts[4] == "**RE: APPLICATION FOR THE POSITION OF FINANCE OFFICER**"
    assert parts[-2:] == ["Yours faithfully,", "Amina Wanjiku Otieno"]
    assert 250 <= word_count(letter) <= 400


def test_letter_names_every_met_must_have_and_no_unmet_one(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    letter = write_cover_letter(load_profile("amina"), load_job("finance"), today=DAY)
    body = " ".join(blocks(letter)[5:-2])
    assert "I have 10 years of experience" in body
    assert "I hold a Bachelor of Commerce in Accounting from the University of Nairobi" in body
    assert "CPA (K)" in body
    assert "I am a member of ICPAK." in body
    for skill in ("IFRS", "QuickBooks", "Financial Reporting"):
        assert skill in body
    assert "SAP" not in body  # the job asks for it; the profile does not show it


def test_results_are_sentences_not_lists(load_profile: ProfileLoader, load_job: JobLoader) -> None:
    letter = write_cover_letter(load_profile("brian"), load_job("backend"), today=DAY)
    assert not re.search(r"^\s*[-*]\s", letter, re.M)
    assert ":\n" not in letter
    assert not re.search(r"\bfrom University\b", letter)
    assert "I built Django REST APIs serving 3 million requests a day." in letter


@pytest.mark.parametrize("tone", list(Tone))
def test_salutation_matches_closing(
    load_profile: ProfileLoader, load_job: JobLoader, tone: Tone
) -> None:
    profile, job = load_profile("brian"), load_job("backend")
    general = blocks(write_cover_letter(profile, job, tone, "en", DAY))
    assert "Dear Sir/Madam," in general
    assert general[-2] == "Yours faithfully,"
    named = blocks(write_cover_letter(profile, named_job(job), tone, "en", DAY))
    assert named[2] == "Mr John Kamau\nTwiga Foods\nNairobi"
    assert "Dear Mr Kamau," in named
    assert named[-2] == "Yours sincerely,"
    swahili = blocks(write_cover_letter(profile, job, tone, "sw", DAY))
    assert ("Ndugu Bwana/Bibi," in swahili, swahili[-2]) == (True, "Wako mwaminifu,")
    named_sw = blocks(write_cover_letter(profile, named_job(job), tone, "sw", DAY))
    assert ("Mpendwa Bw. Kamau," in named_sw, named_sw[-2]) == (True, "Wako kwa dhati,")


def test_swahili_letter_has_no_english_template_words(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    profile, job = load_profile("amina"), load_job("finance")
    letter = write_cover_letter(profile, job, Tone.FORMAL, "sw", DAY)
    parts = blocks(letter)
    assert parts[1] == "4 Desemba 2026"
    assert parts[2] == "Meneja wa Uajiri\nEquity Bank\nNairobi"
    assert parts[4] == "**KUH: OMBI LA NAFASI YA FINANCE OFFICER**"
    own = [profile.basics.name, "Finance Officer", "Equity Bank", "Nairobi"]
    own += [w.position or "" for w in profile.work] + [w.name for w in profile.work]
    own += ["Bachelor of Commerce", "Accounting", "University of Nairobi", "CPA (K)", "ICPAK"]
    own += [s.name for s in profile.skills] + ["IFRS", "FINANCE OFFICER"]
    template_only = letter
    for phrase in sorted(own, key=len, reverse=True):
        template_only = template_only.replace(phrase, " ")
    assert ENGLISH_TEMPLATE_WORDS.findall(template_only) == []
    assert "Nina Bachelor of Commerce katika Accounting kutoka University of Nairobi" in letter
    assert "Mimi ni mwanachama wa ICPAK." in letter


def test_tones_differ_but_keep_the_layout(load_profile: ProfileLoader, load_job: JobLoader) -> None:
    profile, job = load_profile("brian"), load_job("backend")
    letters = {tone: write_cover_letter(profile, job, tone, None, DAY) for tone in Tone}
    assert len(set(letters.values())) == len(Tone)
    for letter in letters.values():
        assert blocks(letter)[1:5] == [
            "4 December 2026",
            "The Hiring Manager\nTwiga Foods\nNairobi",
            "Dear Sir/Madam,",
            "**RE: APPLICATION FOR THE POSITION OF SENIOR BACKEND ENGINEER**",
        ]
    assert word_count(letters[Tone.CONCISE]) < word_count(letters[Tone.FORMAL])


def test_language_and_article_rules() -> None:
    assert letter_language(JobData(language="sw-KE"), None) is LetterLanguage.SWAHILI
    assert letter_language(JobData(language="sw"), "en") is LetterLanguage.ENGLISH
    assert letter_language(None, None) is LetterLanguage.ENGLISH
    assert [article_for(p) for p in ("MBA", "BSc in Law", "Diploma", "Executive MBA")] == [
        "an",
        "a",
        "a",
        "an",
    ]


def test_letter_without_job_details(load_profile: ProfileLoader) -> None:
    letter = write_cover_letter(load_profile("minimal"), None, Tone.CONCISE, None, DAY)
    assert blocks(letter)[:4] == [
        "Otieno",
        "4 December 2026",
        "The Hiring Manager",
        "Dear Sir/Madam,",
    ]
    assert "**RE: APPLICATION FOR EMPLOYMENT**" in letter
    assert "your organisation" in letter
    assert letter.endswith("Yours faithfully,\n\nOtieno\n")


@pytest.mark.parametrize(
    ("instructions", "salutation"),
    [
        ("Mrs Njeri Mwangi-Kamau will receive applications.", "Dear Mrs Mwangi-Kamau,"),
        ("Send it to Ms Jane Wanjiru Human Resources Manager.", "Dear Ms Wanjiru,"),
        ("Apply to Prof Ali Hassan Mohamed Juma by Friday.", "Dear Prof Juma,"),
        ("Address it to The HR Manager, P.O. Box 1, Nairobi.", "Dear Sir/Madam,"),
    ],
)
def test_named_reader_is_read_from_how_to_apply(
    load_profile: ProfileLoader, instructions: str, salutation: str
) -> None:
    job = JobData(title="Clerk", how_to_apply=HowToApply(instructions=instructions))
    profile = load_profile("amina")
    letter = write_cover_letter(profile, job, today=DAY)
    closing = "Yours faithfully," if "Sir/Madam" in salutation else "Yours sincerely,"
    assert (blocks(letter)[3], blocks(letter)[-2]) == (salutation, closing)
    report = validate_text(without_date_line(letter), profile, job, kind=TextKind.COVER_LETTER)
    assert report.issues == []
