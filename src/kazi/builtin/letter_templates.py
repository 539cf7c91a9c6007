"""Sentence patterns for the built-in cover letter, by language and tone.

Templates contain no facts of their own: every placeholder is filled from the profile
(position, employer, skills, qualification) or from the job (role, company). They also
avoid naming skills or departments, which the fact checker would have to question.
"""

from dataclasses import dataclass, replace
from enum import StrEnum


class Tone(StrEnum):
    FORMAL = "formal"
    WARM = "warm"
    CONFIDENT = "confident"
    CONCISE = "concise"


class LetterLanguage(StrEnum):
    ENGLISH = "en"
    SWAHILI = "sw"


@dataclass(frozen=True)
class LetterPhrases:
    greeting: str
    greeting_with_company: str  # {company}
    opening: str  # {role} {company}
    experience_with_highlights: str  # {position} {employer}; bullets follow
    experience: str  # {position} {employer}
    skills: str  # {skills}
    education: str  # {article} {qualification} {institution}
    closing: str
    sign_off: str
    role_fallback: str  # {title} -> the role phrase; used when the job has a title
    no_title_role: str
    no_company: str
    conjunction: str
    highlights: int  # how many highlights to quote


_ENGLISH_FORMAL = LetterPhrases(
    greeting="Dear Hiring Manager,",
    greeting_with_company="Dear Hiring Manager,",
    opening="I am writing to apply for {role} at {company}.",
    experience_with_highlights="In my role as {position} at {employer}, my work has included:",
    experience="I have worked as {position} at {employer}.",
    skills="My skills include {skills}.",
    education="I hold {article} {qualification} from {institution}.",
    closing="I would welcome the opportunity to discuss my application with you. "
    "Thank you for your time and consideration.",
    sign_off="Yours sincerely,",
    role_fallback="the {title} position",
    no_title_role="this position",
    no_company="your organisation",
    conjunction="and",
    highlights=2,
)

_SWAHILI_FORMAL = LetterPhrases(
    greeting="Ndugu Meneja wa Uajiri,",
    greeting_with_company="Ndugu Meneja wa Uajiri,",
    opening="Ninaandika kuomba {role} katika {company}.",
    experience_with_highlights="Nimefanya kazi kama {position} katika {employer}, "
    "ambapo kazi yangu ilijumuisha:",
    experience="Nimefanya kazi kama {position} katika {employer}.",
    skills="Ujuzi wangu unajumuisha {skills}.",
    education="Nina {qualification} kutoka {institution}.",
    closing="Ningefurahi kupata nafasi ya kujadili ombi langu zaidi. Asante kwa muda wako.",
    sign_off="Wako mwaminifu,",
    role_fallback="nafasi ya {title}",
    no_title_role="nafasi hii",
    no_company="kampuni yenu",
    conjunction="na",
    highlights=2,
)

TEMPLATES: dict[tuple[LetterLanguage, Tone], LetterPhrases] = {
    (LetterLanguage.ENGLISH, Tone.FORMAL): _ENGLISH_FORMAL,
    (LetterLanguage.ENGLISH, Tone.WARM): replace(
        _ENGLISH_FORMAL,
        greeting_with_company="Dear {company} Hiring Team,",
        opening="I was delighted to see the opening for {role} at {company}, "
        "and I would love to be considered.",
        experience_with_highlights="As {position} at {employer}, I have enjoyed work such as:",
        skills="I enjoy putting my skills in {skills} to use.",
        closing="Thank you for reading my application. "
        "I would be glad to talk about how I could support your team.",
        sign_off="Warm regards,",
    ),
    (LetterLanguage.ENGLISH, Tone.CONFIDENT): replace(
        _ENGLISH_FORMAL,
        opening="I am applying for {role} at {company}, and I am ready to contribute from day one.",
        experience_with_highlights="As {position} at {employer}, I delivered results including:",
        skills="I bring proven skills in {skills}.",
        closing="I look forward to showing you what I can contribute.",
        sign_off="Sincerely,",
        highlights=3,
    ),
    (LetterLanguage.ENGLISH, Tone.CONCISE): replace(
        _ENGLISH_FORMAL,
        opening="I am applying for {role} at {company}.",
        experience_with_highlights="As {position} at {employer}, my work included:",
        skills="Key skills: {skills}.",
        closing="Thank you for your consideration.",
        sign_off="Regards,",
        highlights=1,
    ),
    (LetterLanguage.SWAHILI, Tone.FORMAL): _SWAHILI_FORMAL,
    (LetterLanguage.SWAHILI, Tone.WARM): replace(
        _SWAHILI_FORMAL,
        closing="Asante kwa kusoma barua yangu. Ningefurahi kuchangia katika timu yenu.",
        sign_off="Wako,",
    ),
    (LetterLanguage.SWAHILI, Tone.CONFIDENT): replace(
        _SWAHILI_FORMAL,
        closing="Nina uhakika kwamba ninaweza kuchangia kuanzia siku ya kwanza.",
        highlights=3,
    ),
    (LetterLanguage.SWAHILI, Tone.CONCISE): replace(
        _SWAHILI_FORMAL,
        closing="Asante kwa kuzingatia ombi langu.",
        sign_off="Wako,",
        highlights=1,
    ),
}
