"""How well the built-in engine writes CVs and letters, over profile x job pairs by field.

Usage: .venv/bin/python bench/documents_quality.py [PAIRS_JSON] [--tone TONE]

For each pair in bench/data/documents_pairs.json (software, accounting, nursing, sales,
logistics, NGO M&E, teaching, engineering) it writes the CV and the English and
Kiswahili letters in one tone (formal unless --tone says otherwise) with the built-in
engine, dated 4 December 2026, and prints:
- must-haves: how many the job has, how many the profile meets, and how many of those
  the CV and the letter mention (target: all of them), plus the unmet ones by name;
- each letter's word count (target 250-400; a concise letter is shorter) and its layout
  parts: date, addressee block, RE line ("KUH:" in Kiswahili), and a salutation whose
  closing matches it;
- the CV's page count as a PDF in each design;
- grammar artefacts found by the small rule list below, in the CV summary and letter,
  and skill-group headings ("Tools", "Tax") written there as if they were skills;
- unsupported claims, as Kazi's own validator counts them (target 0);
- English template words left in the Kiswahili letter (target 0);
- at the end, both letters' word counts in every tone, pair by pair.
"""

import argparse
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from kazi.documents.builtin.cover_letter import write_cover_letter
from kazi.documents.builtin.cover_letter_sw import swahili_language
from kazi.documents.builtin.cv import build_cv
from kazi.documents.builtin.letter_layout import without_date_line
from kazi.documents.builtin.letter_templates import Tone
from kazi.documents.builtin.matching import Match, match_requirements
from kazi.documents.builtin.requirements import Kind
from kazi.documents.export import Design, cv_to_pdf
from kazi.documents.render import cv_to_markdown
from kazi.documents.report import Severity
from kazi.documents.text import contains_phrase, normalise, word_count
from kazi.documents.validation import TextKind, validate_cv, validate_text
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

DATA = Path(__file__).parent / "data" / "documents_pairs.json"
DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")
TODAY = date(2026, 12, 4)
GRAMMAR_RULES: dict[str, re.Pattern[str]] = {
    "colon then dash": re.compile(r":\s*\n?\s*[-–—]\s"),
    "from University": re.compile(r"\bfrom (?:[A-Z]\w+ )?(?:University|Institute|College) of\b"),
    "bullet inside a letter": re.compile(r"^\s*[-*•]\s", re.M),
    "doubled word": re.compile(r"\b(\w+)\s+\1\b", re.I),
    "space before punctuation": re.compile(r"\w\s+[,.;:](?!\w)"),
    "double full stop": re.compile(r"(?<!\.)\.\.(?!\.)"),
    "a before a vowel": re.compile(r"\ba [aeio]\w", re.I),
    "sentence starts lower case": re.compile(r"[.!?]\s+[a-z]"),
}
SKILL_LISTS = re.compile(r"(?:skilled in|skills that match this role include) ([^.]+)\.")
ENGLISH_TEMPLATE_WORDS = re.compile(
    r"\b(?:Dear|Yours|sincerely|faithfully|RE|Regards|Hiring|Manager|January|February|March|"
    r"April|June|July|August|September|October|November|December|I|am|have|the|of|and|"
    r"with|my|your|for|to|position|Thank|you)\b"
)


def mention_phrases(match: Match) -> list[str]:
    """What a document must say to mention a met requirement."""
    evidence = match.evidence or ""
    phrases = [evidence]
    if match.requirement.kind is Kind.DEGREE:
        phrases.append(evidence.split(" in ")[0])
    if match.requirement.kind is Kind.YEARS:
        phrases.append(f"miaka {evidence.split()[0]}")
    if match.requirement.kind is Kind.LANGUAGE:
        phrases.append(swahili_language(evidence))  # "Kiingereza" in a Kiswahili letter
    named = [o for o in match.requirement.options if contains_phrase(normalise(evidence), o)]
    return phrases + named


def mentioned(text: str, match: Match) -> bool:
    written = normalise(text)
    return any(contains_phrase(written, phrase) for phrase in mention_phrases(match))


def layout_parts(letter: str) -> dict[str, bool]:
    blocks = letter.split("\n\n")
    named = any(b.startswith("Dear ") and "Sir/Madam" not in b for b in blocks)
    pair = ("Dear Sir/Madam," in blocks and "Yours faithfully," in blocks) or (
        named and "Yours sincerely," in blocks
    )
    return {
        "date": bool(
            re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", blocks[1] if len(blocks) > 1 else "")
        ),
        "addressee": len(blocks) > 2 and len(blocks[2].splitlines()) >= 2,
        "RE line": any(b.startswith("**RE: APPLICATION FOR") for b in blocks),
        "salutation/closing": pair,
    }


def sw_layout_parts(letter: str) -> dict[str, bool]:
    blocks = letter.split("\n\n")
    named = any(b.startswith("Mpendwa ") for b in blocks)
    pair = ("Ndugu Bwana/Bibi," in blocks and "Wako mwaminifu," in blocks) or (
        named and "Wako kwa dhati," in blocks
    )
    return {
        "date": bool(
            re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", blocks[1] if len(blocks) > 1 else "")
        ),
        "addressee": len(blocks) > 2 and len(blocks[2].splitlines()) >= 2,
        "KUH line": any(b.startswith("**KUH: OMBI LA") for b in blocks),
        "salutation/closing": pair,
    }


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for child in value.values():
            yield from strings_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_in(child)
    elif isinstance(value, str) and value.strip():
        yield value


def english_template_words(letter: str, profile: Profile, job: JobData) -> list[str]:
    """English words in a Kiswahili letter once the profile's and job's own words are out."""
    own = list(strings_in(profile.model_dump(mode="json")))
    own += [t for t in (job.title, job.company, job.location) if t]
    for phrase in sorted(own, key=len, reverse=True):
        letter = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", letter)
    return sorted(set(ENGLISH_TEMPLATE_WORDS.findall(letter)))


def artefacts(text: str, profile: Profile | None = None, job: JobData | None = None) -> list[str]:
    """Rule names that match; with a profile, also its skill-group headings used as skills
    (unless the job itself asks for that name, as a posting may list "Data analysis")."""
    found = [name for name, rule in GRAMMAR_RULES.items() if rule.search(text)]
    asked = normalise(" | ".join([*job.skills, *job.requirements])) if job else ""
    groups = [s.name for s in profile.skills if len(s.keywords) >= 2] if profile else []
    groups = [g for g in groups if not contains_phrase(asked, g)]
    listed = {normalise(item) for item in listed_skills(text)}
    found += [f"group name {g!r} listed as a skill" for g in groups if normalise(g) in listed]
    return found


def listed_skills(text: str) -> list[str]:
    """The items of the sentences that list skills ("skilled in A, B and C")."""
    items: list[str] = []
    for match in SKILL_LISTS.finditer(text):
        items += [i.strip() for i in re.split(r",\s*|\s+and\s+", match.group(1)) if i.strip()]
    return items


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def errors(report_issues: list[object]) -> int:
    return sum(1 for i in report_issues if getattr(i, "severity", None) is Severity.ERROR)


def measure(name: str, profile: Profile, job: JobData, tone: Tone) -> dict[str, object]:
    cv = build_cv(profile, job, today=TODAY)
    cv_text = cv_to_markdown(cv)
    letter = write_cover_letter(profile, job, tone, today=TODAY)
    swahili = write_cover_letter(profile, job, tone, language="sw", today=TODAY)
    must = [m for m in match_requirements(profile, job, TODAY) if m.must]
    met = [m for m in must if m.met]
    checked = validate_text(without_date_line(letter), profile, job, kind=TextKind.COVER_LETTER)
    sw_checked = validate_text(without_date_line(swahili), profile, job, kind=TextKind.COVER_LETTER)
    unsupported = (
        errors(list(validate_cv(cv, profile, job).issues))
        + errors(list(validate_text(cv_text, profile, job, kind=TextKind.CV).issues))
        + errors(list(checked.issues))
        + errors(list(sw_checked.issues))
    )
    return {
        "pair": name,
        "must": len(must),
        "met": len(met),
        "in_cv": sum(mentioned(cv_text, m) for m in met),
        "in_letter": sum(mentioned(letter, m) for m in met),
        "in_sw_letter": sum(mentioned(swahili, m) for m in met),
        "unmet": [m.requirement.text for m in must if not m.met],
        "words": word_count(letter),
        "layout": layout_parts(letter),
        "sw_words": word_count(swahili),
        "sw_layout": sw_layout_parts(swahili),
        "pages": {d.value: pdf_pages(cv_to_pdf(cv, design=d)) for d in Design},
        "artefacts": artefacts(f"{cv.basics.summary or ''}\n\n{letter}", profile, job),
        "unsupported": unsupported,
        "english_in_sw": english_template_words(swahili, profile, job),
    }


def parts_line(layout: object) -> str:
    assert isinstance(layout, dict)
    return " ".join(f"{k}={'yes' if v else 'NO'}" for k, v in layout.items())


def show(row: dict[str, object]) -> None:
    pages = row["pages"]
    assert isinstance(pages, dict)
    print(f"== {row['pair']}")
    print(
        f"  must-haves: {row['must']}, met by profile: {row['met']}, "
        f"mentioned in CV: {row['in_cv']}/{row['met']}, "
        f"in letter: {row['in_letter']}/{row['met']}, "
        f"in Kiswahili letter: {row['in_sw_letter']}/{row['met']}"
    )
    print(f"  unmet must-haves (reported, not claimed): {row['unmet'] or 'none'}")
    print(f"  letter: {row['words']} words; {parts_line(row['layout'])}")
    print(f"  Kiswahili letter: {row['sw_words']} words; {parts_line(row['sw_layout'])}")
    print("  CV pages: " + ", ".join(f"{k} {v}" for k, v in pages.items()))
    print(f"  grammar artefacts: {row['artefacts'] or 'none'}")
    print(f"  unsupported claims (CV + letters): {row['unsupported']}")
    print(f"  English words in the Kiswahili letter: {row['english_in_sw'] or 'none'}")


def tone_counts(pairs: dict[str, tuple[Profile, JobData]]) -> None:
    """Both letters' word counts in every tone, with each column's range."""
    columns = [(language, tone) for language in ("en", "sw") for tone in Tone]
    print("== letter word counts by tone (target 250-400; concise is shorter)")
    print(
        "  "
        + "pair".ljust(12)
        + "".join(f"{lang}-{tone.value}".rjust(14) for lang, tone in columns)
    )
    counts: dict[tuple[str, Tone], list[int]] = {column: [] for column in columns}
    for name, (profile, job) in pairs.items():
        row = []
        for language, tone in columns:
            words = word_count(write_cover_letter(profile, job, tone, language, TODAY))
            counts[(language, tone)].append(words)
            row.append(str(words).rjust(14))
        print("  " + name.ljust(12) + "".join(row))
    ranges = [f"{min(c)}-{max(c)}".rjust(14) for c in counts.values()]
    print("  " + "min-max".ljust(12) + "".join(ranges))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("pairs", nargs="?", type=Path, default=DATA, help="pairs JSON")
    parser.add_argument("--tone", type=Tone, choices=list(Tone), default=Tone.FORMAL)
    args = parser.parse_args()
    data = json.loads(args.pairs.read_text(encoding="utf-8"))
    pairs = {
        name: (Profile.model_validate(pair["profile"]), JobData.model_validate(pair["job"]))
        for name, pair in data.items()
    }
    print(f"tone: {args.tone.value}")
    rows = []
    for name, (profile, job) in pairs.items():
        rows.append(measure(name, profile, job, args.tone))
        show(rows[-1])
    met = sum(int(str(r["met"])) for r in rows)
    in_cv = sum(int(str(r["in_cv"])) for r in rows)
    in_letter = sum(int(str(r["in_letter"])) for r in rows)
    print("== total")
    print(
        f"  met must-haves mentioned: CV {in_cv}/{met} ({100 * in_cv / max(met, 1):.0f} %), "
        f"letter {in_letter}/{met} ({100 * in_letter / max(met, 1):.0f} %)"
    )
    print(f"  unsupported claims: {sum(int(str(r['unsupported'])) for r in rows)}")
    print(f"  pairs with grammar artefacts: {sum(1 for r in rows if r['artefacts'])}")
    tone_counts(pairs)


if __name__ == "__main__":
    main()
