"""The body of the built-in Kiswahili cover letter.

Four paragraphs, as in the English letter: why this role (years, the latest role and
the job's skills the profile has), two or three proofs (each role named with its years
and the job's skill its work shows, and whether its results carry figures), the
qualifications and skills the job asks for that the profile meets, and availability
with the ways to reach the candidate. The profile's results are in English, so they
are not quoted: the letter points to the CV for them. Every statement is drawn from a
profile or job field.
"""

from kazi.documents.builtin.letter_parts import (
    LetterContext,
    credential_sentences,
    employer,
    first_named,
    opening,
    skill_sentences,
    skill_template,
    work_period,
    work_text,
)
from kazi.documents.builtin.letter_templates_sw import SWAHILI_LANGUAGE_NAMES, SwahiliWords
from kazi.documents.builtin.matching import total_years
from kazi.documents.builtin.relevance import FIGURE_WEIGHT, impact, job_weights, score
from kazi.documents.builtin.requirements import Kind
from kazi.documents.builtin.summary import work_by_recency
from kazi.documents.builtin.wording import join_names, years_phrase
from kazi.documents.lexicon import language_of
from kazi.documents.text import contains_phrase, normalise
from kazi.profiles.schemas import Work


def swahili_body(ctx: LetterContext, words: SwahiliWords) -> list[str]:
    """The letter's paragraphs between the subject line and the closing."""
    cited, proofs = role_proofs(ctx, words)
    cited.update(reason_skills(ctx) if words.reason else [])
    phrases = ctx.phrases
    referees = bool(ctx.profile.references)
    enclosed = phrases.enclosed if referees else phrases.enclosed_without_referees
    paragraphs = [
        [opening(ctx), why(ctx, words), reason(ctx, words)],
        [phrases.proofs_lead, *proofs, words.proofs_tail] if proofs else [],
        [
            *credential_sentences(ctx),
            years_met(ctx, words),
            *skill_sentences(ctx, cited, swahili_language),
        ],
        [
            phrases.availability,
            lives_there(ctx, words),
            contact(ctx, words),
            enclosed,
            phrases.closing,
        ],
    ]
    return [" ".join(s for s in p if s) for p in paragraphs if any(p)]


def why(ctx: LetterContext, words: SwahiliWords) -> str:
    """Years worked and the latest role: the current one with its start, or the last."""
    order = work_by_recency(ctx.profile)
    latest = ctx.profile.work[order[0]] if order else None
    where = ""
    if latest and latest.position and not latest.end_date:
        start = ctx.phrases.since.format(start=latest.start_date[:4]) if latest.start_date else ""
        where = words.where_now.format(position=latest.position, employer=latest.name, start=start)
    elif latest and latest.position:
        where = words.where_last.format(position=latest.position, employer=latest.name)
    company = employer(ctx)
    years = total_years(ctx.profile, ctx.today)
    if years:
        spelled = years_phrase(years, ctx.language.value)
        return ctx.phrases.why.format(years=spelled, where=where, company=company)
    return ctx.phrases.why_without_years.format(where=where, company=company)


def reason(ctx: LetterContext, words: SwahiliWords) -> str:
    """Why this role: the skills it asks for that the profile has."""
    skills = reason_skills(ctx)
    if not skills:
        return words.reason_without_skills
    named = join_names(skills, ctx.phrases.conjunction)
    return words.reason.format(skills=named, company=employer(ctx))


def reason_skills(ctx: LetterContext) -> list[str]:
    """The first three skills the job asks for that the profile has."""
    return list(dict.fromkeys(m.evidence for m in ctx.met(Kind.SKILL) if m.evidence))[:3]


def role_proofs(ctx: LetterContext, words: SwahiliWords) -> tuple[set[str], list[str]]:
    """The latest roles, each with the job's skill its work shows, else its relevance."""
    skills = [m.evidence for m in ctx.met(Kind.SKILL) if m.evidence]
    weights = job_weights(ctx.job)
    cited: set[str] = set()
    sentences: list[str] = []
    tails = {True: 0, False: 0}
    roles = [ctx.profile.work[i] for i in work_by_recency(ctx.profile)]
    for work in [w for w in roles if w.position][: ctx.phrases.proofs]:
        skill = first_named(work_text(work), skills, cited)
        values = {"position": work.position, "employer": work.name}
        values["period"] = work_period(ctx, work)
        if skill:
            template = skill_template(ctx.phrases, len(cited))
        elif score(work_text(work), weights) > 0:
            template = words.proof_relevant
        else:
            template = ctx.phrases.proof_earlier if sentences else ctx.phrases.proof
        used = words.used_then if work.end_date else words.used_now
        sentences.append(template.format(skill=skill, used=used, **values))
        sentences.append(_results(work, words, tails))
        cited.update({skill} if skill else set())
    return cited, [s for s in sentences if s]


def _results(work: Work, words: SwahiliWords, used: dict[bool, int]) -> str:
    """What the CV shows of the role's results: with figures when one of them has one."""
    if not work.highlights:
        return ""
    figures = any(impact(h) >= FIGURE_WEIGHT for h in work.highlights)
    choices = words.with_figures if figures else words.without_figures
    used[figures] += 1
    return choices[(used[figures] - 1) % len(choices)]


def years_met(ctx: LetterContext, words: SwahiliWords) -> str:
    """The experience the posting asks for, when the profile's dated work meets it."""
    if not ctx.met(Kind.YEARS):
        return ""
    years = total_years(ctx.profile, ctx.today)
    return words.years_met.format(years=years_phrase(years, ctx.language.value))


def lives_there(ctx: LetterContext, words: SwahiliWords) -> str:
    """The candidate's town, when the job is in it."""
    location = ctx.profile.basics.location
    city = location.city if location else None
    where = ctx.job.location if ctx.job else None
    if not (city and where and words.lives_there):
        return ""
    return words.lives_there.format(city=city) if contains_phrase(normalise(where), city) else ""


def contact(ctx: LetterContext, words: SwahiliWords) -> str:
    basics = ctx.profile.basics
    email = str(basics.email) if basics.email else ""
    if basics.phone and email:
        return words.contact_both.format(phone=basics.phone, email=email)
    if basics.phone:
        return words.contact_phone.format(phone=basics.phone)
    return words.contact_email.format(email=email) if email else ""


def swahili_language(name: str) -> str:
    """ "Kiingereza" for "English"; a language without a Kiswahili name here as written."""
    canonical = language_of(name)
    return SWAHILI_LANGUAGE_NAMES.get(canonical or "", name)
