"""Sentence patterns for the built-in English cover letter, by tone.

Templates contain no facts of their own: every placeholder is filled from the profile
(years, roles, results, qualifications, skills) or from the job (title, company,
location). The layout words (addressee, "RE:" line, salutation and its matching
closing) follow the Kenyan and East African formal letter; a letter to an unnamed
reader opens "Dear Sir/Madam" and closes "Yours faithfully", one to a named person
closes "Yours sincerely". Tones change the prose, never the layout. The Kiswahili
patterns, which fill the same fields, are in `letter_templates_sw`.
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
    addressee: str  # the reader's line when the posting names nobody
    re_line: str  # {title}, upper-cased
    re_line_untitled: str
    salutation_general: str
    closing_general: str
    salutation_named: str  # {name}
    closing_named: str
    opening: str  # {role} {company}
    role: str  # {title}
    no_title_role: str
    no_company: str
    why: str  # {years} {where}
    why_without_years: str  # {where}
    where: str  # {position} {employer}: the latest role, "" when there is none
    proof_for_skill: tuple[str, ...]  # {skill} {position} {employer} {result}; used in turn
    proof: str  # {position} {employer} {result}
    proof_same_role: str  # {result}: a further result in the role just cited
    proof_earlier: str  # {position} {employer} {period}: an earlier role, named only
    since: str  # {start}
    between: str  # {start} {end}
    proofs_lead: str  # opens the paragraph of results
    held: str  # {items}
    held_tail: str  # follows the qualifications when the job asked for them
    member: str  # {bodies}
    more_skills: str  # {skills}
    languages: str  # {languages}
    availability: str
    enclosed: str
    enclosed_without_referees: str
    closing: str
    conjunction: str
    proofs: int  # how many results to cite


_ENGLISH_FORMAL = LetterPhrases(
    addressee="The Hiring Manager",
    re_line="RE: APPLICATION FOR THE POSITION OF {title}",
    re_line_untitled="RE: APPLICATION FOR EMPLOYMENT",
    salutation_general="Dear Sir/Madam,",
    closing_general="Yours faithfully,",
    salutation_named="Dear {name},",
    closing_named="Yours sincerely,",
    opening="I am writing to apply for {role} at {company}.",
    role="the position of {title}",
    no_title_role="a suitable position",
    no_company="your organisation",
    why="The role is a natural next step for me: I have {years} of experience{where}, "
    "and it calls for the work I do best. I would welcome the chance to bring this "
    "experience to {company}.",
    why_without_years="The role is a natural next step for me{where}, and it calls for the "
    "work I do best. I would welcome the chance to bring my experience to {company}.",
    where=", most recently as {position} at {employer}",
    proof_for_skill=(
        "My experience in {skill} is practical: as {position} at {employer}, I {result}",
        "I have also put {skill} to work: as {position} at {employer}, I {result}",
        "{skill} is another strength: as {position} at {employer}, I {result}",
    ),
    proof="As {position} at {employer}, I {result}",
    proof_same_role="In the same role, I also {result}",
    proof_earlier="Before that, I worked as {position} at {employer}{period}.",
    since=" since {start}",
    between=" from {start} to {end}",
    proofs_lead="My record shows the kind of results this role asks for.",
    held="I hold {items}.",
    held_tail="These meet the qualifications set out in your advertisement.",
    member="I am a member of {bodies}.",
    more_skills="My other skills that match this role include {skills}.",
    languages="I speak {languages}.",
    availability="I am available to start on a date convenient to you, and I would be glad "
    "to attend an interview at any time.",
    enclosed="My CV, with the contacts of my referees, is attached for your consideration.",
    enclosed_without_referees="My CV is attached for your consideration.",
    closing="I am confident that my experience and qualifications will add value to your "
    "team. Thank you for considering my application. I look forward to hearing from you.",
    conjunction="and",
    proofs=3,
)

TEMPLATES: dict[tuple[LetterLanguage, Tone], LetterPhrases] = {
    (LetterLanguage.ENGLISH, Tone.FORMAL): _ENGLISH_FORMAL,
    (LetterLanguage.ENGLISH, Tone.WARM): replace(
        _ENGLISH_FORMAL,
        opening="I was delighted to see the opening for {role} at {company}, and I would "
        "love to be considered.",
        why="It brings together the work I enjoy most and the {years} of experience I have "
        "built{where}. I would love to bring that experience to {company}.",
        why_without_years="It brings together the work I enjoy most{where}. I would love to "
        "bring that experience to {company}.",
        closing="I am excited about what I could add to your team. Thank you for reading my "
        "application; I would be glad to talk about how I could support your work, and I look "
        "forward to hearing from you.",
    ),
    (LetterLanguage.ENGLISH, Tone.CONFIDENT): replace(
        _ENGLISH_FORMAL,
        opening="I am applying for {role} at {company}, and I am ready to contribute from day one.",
        why="I bring {years} of experience{where}, and this role asks for exactly what I "
        "have delivered. I am ready to deliver the same for {company}.",
        why_without_years="This role asks for exactly what I have delivered{where}. I am "
        "ready to deliver the same for {company}.",
        closing="My experience and qualifications match what this role demands, and I am "
        "certain I can add value to your team from the start. I look forward to showing you "
        "what I can contribute.",
    ),
    (LetterLanguage.ENGLISH, Tone.CONCISE): replace(
        _ENGLISH_FORMAL,
        opening="I am applying for {role} at {company}.",
        why="I have {years} of experience{where}.",
        why_without_years="",
        enclosed="My CV is attached.",
        enclosed_without_referees="My CV is attached.",
        closing="Thank you for your consideration.",
        proofs=2,
    ),
}
