"""The built-in Kiswahili letter and CV: length by tone, Kenyan layout, no English template
words, nothing the profile does not say; every CV heading and label in Kiswahili."""

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from kazi.documents.builtin.cover_letter import write_cover_letter
from kazi.documents.builtin.cv import build_cv
from kazi.documents.builtin.letter_layout import without_date_line
from kazi.documents.builtin.letter_templates import TEMPLATES, LetterLanguage, Tone
from kazi.documents.builtin.summary import SUMMARY_WORDS
from kazi.documents.render import MONTHS, ONGOING, SECTION_TITLES, cv_to_markdown
from kazi.documents.text import word_count
from kazi.documents.validation import TextKind, validate_cv, validate_text
from kazi.jobs.posting import HowToApply, JobData
from kazi.profiles.schemas import Education, Profile

DAY = date(2026, 12, 4)
BENCH_PAIRS = Path(__file__).parents[3] / "bench" / "data" / "documents_pairs.json"
FULL_TONES = (Tone.FORMAL, Tone.WARM, Tone.CONFIDENT)
# The concise Kiswahili letter mirrors the concise English one: about as long, shorter
# than the formal letter.
CONCISE_RATIO = (0.85, 1.3)

ProfileLoader = Callable[[str], Profile]
JobLoader = Callable[[str], JobData]


def _bench_pairs() -> dict[str, tuple[Profile, JobData]]:
    data = json.loads(BENCH_PAIRS.read_text(encoding="utf-8"))
    return {
        name: (Profile.model_validate(pair["profile"]), JobData.model_validate(pair["job"]))
        for name, pair in data.items()
    }


PAIRS = _bench_pairs()
FIXTURES = (("amina", "finance"), ("brian", "backend"))


def _template_strings() -> Iterator[str]:
    for (language, _), phrases in TEMPLATES.items():
        if language is not LetterLanguage.ENGLISH:
            continue
        for field in dataclasses.fields(phrases):
            value = getattr(phrases, field.name)
            yield from (value,) if isinstance(value, str) else ()
            yield from value if isinstance(value, tuple) else ()


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", re.sub(r"\{\w+\}", " ", text))}


# Every word the English letter's patterns write, and its months.
ENGLISH_TEMPLATE_WORDS = frozenset(
    set().union(*(_words(s) for s in _template_strings())) | _words(" ".join(MONTHS["en"]))
)


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for child in value.values():
            yield from strings_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_in(child)
    elif isinstance(value, str) and value.strip():
        yield value


def template_only(text: str, profile: Profile, job: JobData) -> str:
    """The text without the profile's and job's own words, which stay as written."""
    own = [*strings_in(profile.model_dump(mode="json")), *strings_in(job.model_dump(mode="json"))]
    for phrase in sorted(set(own), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", text, flags=re.I)
    return text


def blocks(letter: str) -> list[str]:
    return letter.rstrip("\n").split("\n\n")


def named_job(job: JobData) -> JobData:
    instructions = "Address your application to Mr John Kamau, Human Resources, by email."
    return job.model_copy(update={"how_to_apply": HowToApply(instructions=instructions)})


@pytest.fixture(params=[*PAIRS, *(f"{p}/{j}" for p, j in FIXTURES)])
def pair(
    request: pytest.FixtureRequest, load_profile: ProfileLoader, load_job: JobLoader
) -> tuple[Profile, JobData]:
    name: str = request.param
    if name in PAIRS:
        return PAIRS[name]
    profile, job = name.split("/")
    return load_profile(profile), load_job(job)


@pytest.mark.parametrize("tone", FULL_TONES)
def test_full_letters_run_250_to_400_words(pair: tuple[Profile, JobData], tone: Tone) -> None:
    profile, job = pair
    assert 250 <= word_count(write_cover_letter(profile, job, tone, "sw", DAY)) <= 400


def test_concise_letter_mirrors_the_english_one(pair: tuple[Profile, JobData]) -> None:
    profile, job = pair
    swahili = word_count(write_cover_letter(profile, job, Tone.CONCISE, "sw", DAY))
    english = word_count(write_cover_letter(profile, job, Tone.CONCISE, "en", DAY))
    formal = word_count(write_cover_letter(profile, job, Tone.FORMAL, "sw", DAY))
    low, high = CONCISE_RATIO
    assert low * english <= swahili <= high * english
    assert swahili < formal


@pytest.mark.parametrize("tone", list(Tone))
def test_kenyan_layout_in_kiswahili(pair: tuple[Profile, JobData], tone: Tone) -> None:
    profile, job = pair
    unnamed = job.model_copy(update={"how_to_apply": None})
    parts = blocks(write_cover_letter(profile, unnamed, tone, "sw", DAY))
    assert parts[1] == "4 Desemba 2026"
    assert parts[2].splitlines()[:2] == ["Meneja wa Uajiri", job.company]
    assert parts[3] == "Ndugu Bwana/Bibi,"
    assert parts[4] == f"**KUH: OMBI LA NAFASI YA {(job.title or '').upper()}**"
    assert parts[-2:] == ["Wako mwaminifu,", profile.basics.name]
    named = blocks(write_cover_letter(profile, named_job(job), tone, "sw", DAY))
    assert named[2].splitlines()[0] == "Bw. John Kamau"
    assert (named[3], named[-2]) == ("Mpendwa Bw. Kamau,", "Wako kwa dhati,")


@pytest.mark.parametrize("tone", list(Tone))
def test_body_says_why_proves_and_ends_with_availability(
    pair: tuple[Profile, JobData], tone: Tone
) -> None:
    profile, job = pair
    body = blocks(write_cover_letter(profile, job, tone, "sw", DAY))[5:-2]
    assert f"nafasi ya {job.title} katika {job.company}" in body[0]
    positions = [w.position for w in profile.work if w.position]
    proofs = [p for p in positions[:2] if re.search(rf"(?:kama|nikiwa) {re.escape(p)} ", body[1])]
    assert len(proofs) == min(2, len(positions))
    assert "Niko tayari kuanza kazi" in body[-1]
    letter = "\n\n".join(body)
    assert not re.search(r"^\s*[-*•]\s", letter, re.M)
    assert ":" not in letter
    assert not re.search(r"\b(\w+)\s+\1\b", letter)


@pytest.mark.parametrize("tone", list(Tone))
def test_no_english_template_words(pair: tuple[Profile, JobData], tone: Tone) -> None:
    profile, job = pair
    for reader_job in (job, named_job(job)):
        letter = write_cover_letter(profile, reader_job, tone, "sw", DAY)
        assert not _words(template_only(letter, profile, reader_job)) & ENGLISH_TEMPLATE_WORDS


@pytest.mark.parametrize("tone", list(Tone))
def test_kiswahili_letters_pass_validation(pair: tuple[Profile, JobData], tone: Tone) -> None:
    profile, job = pair
    for reader_job in (job, named_job(job)):
        letter = write_cover_letter(profile, reader_job, tone, "sw", DAY)
        report = validate_text(
            without_date_line(letter), profile, reader_job, kind=TextKind.COVER_LETTER
        )
        assert report.issues == [], report.issues


def _with_courses(profile: Profile) -> Profile:
    """The profile with courses on its first education entry, so the CV prints them."""
    first = profile.education[0].model_copy(update={"courses": ["Statistics", "Economics"]})
    education: list[Education] = [first, *profile.education[1:]]
    return profile.model_copy(update={"education": education})


# The labels an English CV puts before an education entry's courses and a project's keywords.
ENGLISH_LINE_LABELS = ("Courses", "Keywords")
ENGLISH_CV_WORDS = (
    [*SECTION_TITLES["en"].values(), *ENGLISH_LINE_LABELS, ONGOING["en"], *MONTHS["en"]]
    + [m[:3] for m in MONTHS["en"]]
    + [w for s in dataclasses.asdict(SUMMARY_WORDS["en"]).values() for w in _words(s)]
)


def test_kiswahili_cv_has_no_english_label(pair: tuple[Profile, JobData]) -> None:
    profile, job = pair
    profile = _with_courses(profile)
    doc = build_cv(profile, job, language="sw", today=DAY)
    markdown = cv_to_markdown(doc)
    assert "Masomo muhimu: Statistics, Economics" in markdown
    left = template_only(markdown, profile, job)
    found = [w for w in ENGLISH_CV_WORDS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", left, re.I)]
    assert found == []
    assert validate_cv(doc, profile, job, today=DAY).ok
    assert validate_text(markdown, profile, job, kind=TextKind.CV, today=DAY).ok


def test_project_keywords_are_labelled_in_kiswahili(load_profile: ProfileLoader) -> None:
    profile = load_profile("brian")
    doc = build_cv(profile, None, language="sw", today=DAY)
    doc = doc.model_copy(update={"projects": profile.projects})
    markdown = cv_to_markdown(doc)
    assert "## Miradi" in markdown
    assert "Maneno muhimu: Python, PostGIS" in markdown
    assert "Keywords:" not in markdown
    assert validate_text(markdown, profile, None, kind=TextKind.CV, today=DAY).ok
    english = doc.model_copy(update={"meta": doc.meta.model_copy(update={"language": "en"})})
    assert "Keywords: Python, PostGIS" in cv_to_markdown(english)
