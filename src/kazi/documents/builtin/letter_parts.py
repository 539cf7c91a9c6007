"""What the English and Kiswahili cover letters share: their context and common sentences.

The opening, the qualifications held (degree, certifications, licences, memberships the
job asks for) and the other met skills and languages read the same way in both
languages; only the patterns, from `LetterPhrases`, differ.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kazi.documents.builtin.letter_templates import LetterLanguage, LetterPhrases
from kazi.documents.builtin.matching import Match, credential_phrase, membership_body
from kazi.documents.builtin.requirements import Kind
from kazi.documents.builtin.summary import qualification_for
from kazi.documents.builtin.wording import body_phrase, join_names, qualifications_last
from kazi.documents.text import contains_phrase, normalise
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile, Work

CERTIFICATE_KINDS = (Kind.CERTIFICATION, Kind.LICENCE)


@dataclass(frozen=True)
class LetterContext:
    profile: Profile
    job: JobData | None
    phrases: LetterPhrases
    language: LetterLanguage
    matches: list[Match]
    today: date

    def met(self, *kinds: Kind) -> list[Match]:
        return [m for m in self.matches if m.met and m.must and m.requirement.kind in kinds]


def opening(ctx: LetterContext) -> str:
    job, phrases = ctx.job, ctx.phrases
    role = phrases.role.format(title=job.title) if job and job.title else phrases.no_title_role
    return phrases.opening.format(role=role, company=employer(ctx))


def employer(ctx: LetterContext) -> str:
    """The job's company as a sentence names it."""
    if not ctx.job or not ctx.job.company:
        return ctx.phrases.no_company
    return named(ctx, ctx.job.company)


def named(ctx: LetterContext, organisation: str) -> str:
    """ "the Kenya Ports Authority" in an English sentence; Kiswahili has no article."""
    return body_phrase(organisation) if ctx.language is LetterLanguage.ENGLISH else organisation


def work_period(ctx: LetterContext, work: Work) -> str:
    """ " since 2021", " from 2016 to 2019": the role's years, in the letter's words."""
    if not work.start_date:
        return ""
    start = work.start_date[:4]
    if not work.end_date:
        return ctx.phrases.since.format(start=start)
    return ctx.phrases.between.format(start=start, end=work.end_date[:4])


def skill_template(phrases: LetterPhrases, used: int) -> str:
    """Skill proofs take turns among their patterns, so no two read the same."""
    return phrases.proof_for_skill[used % len(phrases.proof_for_skill)]


def work_text(work: Work) -> str:
    return " ".join([work.position or "", work.summary or "", *work.highlights])


def first_named(text: str, skills: list[str], cited: set[str]) -> str | None:
    """The first skill not cited yet that the text names."""
    written = normalise(text)
    return next((s for s in skills if s not in cited and contains_phrase(written, s)), None)


def credential_sentences(ctx: LetterContext) -> list[str]:
    """The qualification and every met must-have certification, licence and membership."""
    phrases = ctx.phrases
    entries = {c.name: c for c in ctx.profile.certificates}
    degree = qualification_for(ctx.profile, ctx.matches, ctx.language.value)
    held = [degree] if degree else []
    held += qualifications_last(
        [
            credential_phrase(entries[m.evidence], m, ctx.language.value)
            for m in ctx.met(*CERTIFICATE_KINDS)
            if m.evidence in entries
        ]
    )
    bodies = [membership_body(m) for m in ctx.met(Kind.MEMBERSHIP)]
    sentences = [phrases.held.format(items=join_names(held, phrases.conjunction))] if held else []
    if bodies:
        sentences.append(phrases.member.format(bodies=join_names(bodies, phrases.conjunction)))
    asked = ctx.met(Kind.DEGREE, Kind.MEMBERSHIP, *CERTIFICATE_KINDS)
    return [*sentences, phrases.held_tail] if sentences and asked else sentences


def skill_sentences(
    ctx: LetterContext, cited: set[str], spoken_as: Callable[[str], str] = str
) -> list[str]:
    """The met skills no proof named yet, and the languages asked for that the profile has
    (each as `spoken_as` names it)."""
    phrases = ctx.phrases
    rest = [m.evidence for m in ctx.met(Kind.SKILL) if m.evidence and m.evidence not in cited]
    rest = list(dict.fromkeys(rest))
    spoken = [spoken_as(m.evidence) for m in ctx.met(Kind.LANGUAGE) if m.evidence]
    spoken = list(dict.fromkeys(spoken))
    sentences = []
    if rest:
        sentences.append(phrases.more_skills.format(skills=join_names(rest, phrases.conjunction)))
    if spoken:
        sentences.append(
            phrases.languages.format(languages=join_names(spoken, phrases.conjunction))
        )
    return sentences
