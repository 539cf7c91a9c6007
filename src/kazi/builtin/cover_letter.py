"""The offline cover letter: a Kenyan formal letter built from profile and job facts.

The frame (sender, date, addressee, salutation, "RE:" line, matching closing) comes
from `letter_layout`. The body says why this role (the candidate's years and latest
role), gives two or three proofs (the profile's own results, each tied to a skill the
job asks for where one fits), names every must-have the profile meets (qualification,
certifications, licences, memberships, skills, languages) and ends with availability.
Requirements the profile does not meet are left out, never claimed. The Kiswahili
letter quotes no English highlight. Output is Markdown and deterministic for a date.
"""

from dataclasses import dataclass
from datetime import date

from kazi.builtin.letter_layout import (
    addressee_block,
    letter_date,
    named_reader,
    re_line,
    salutation_and_closing,
    sender_block,
)
from kazi.builtin.letter_templates import TEMPLATES, LetterLanguage, LetterPhrases, Tone
from kazi.builtin.matching import (
    Match,
    credential_phrase,
    match_requirements,
    membership_body,
    total_years,
)
from kazi.builtin.relevance import job_weights, rank_by_value
from kazi.builtin.requirements import Kind
from kazi.builtin.summary import qualification_for, work_by_recency
from kazi.builtin.wording import (
    body_phrase,
    join_names,
    lower_first,
    qualifications_last,
    verb_led,
    years_phrase,
)
from kazi.documents.profile import Profile, Work
from kazi.documents.text import contains_phrase, normalise
from kazi.jobs.posting import JobData

CERTIFICATE_KINDS = (Kind.CERTIFICATION, Kind.LICENCE)
MAX_RESULTS_PER_ROLE = 2


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


def letter_language(job: JobData | None, requested: str | None) -> LetterLanguage:
    """The requested language, else the posting's, else English ("sw-KE" counts as Swahili)."""
    code = (requested or (job.language if job else None) or "en").lower()
    return LetterLanguage.SWAHILI if code.startswith("sw") else LetterLanguage.ENGLISH


def write_cover_letter(
    profile: Profile,
    job: JobData | None,
    tone: Tone = Tone.FORMAL,
    language: str | None = None,
    today: date | None = None,
) -> str:
    """A cover letter in Markdown, built only from profile and job facts.

    `language` is "en" or "sw" (any "sw-*" code); by default the posting's language.
    `today` is the letter's date (by default, today).
    """
    lang = letter_language(job, language)
    day = today or date.today()
    phrases = TEMPLATES[(lang, tone)]
    ctx = LetterContext(profile, job, phrases, lang, match_requirements(profile, job, day), day)
    reader = named_reader(job)
    salutation, closing = salutation_and_closing(phrases, reader, lang)
    blocks = [
        sender_block(profile),
        letter_date(day, lang),
        addressee_block(phrases, job, reader, lang),
        salutation,
        re_line(phrases, job),
        *body_paragraphs(ctx),
        closing,
        profile.basics.name,
    ]
    return "\n\n".join(block for block in blocks if block) + "\n"


def body_paragraphs(ctx: LetterContext) -> list[str]:
    cited, proofs = proof_sentences(ctx)
    qualifications = [*credential_sentences(ctx), *skill_sentences(ctx, cited)]
    phrases = ctx.phrases
    referees = bool(ctx.profile.references)
    enclosed = phrases.enclosed if referees else phrases.enclosed_without_referees
    paragraphs = [
        [opening(ctx), why(ctx)],
        [phrases.proofs_lead, *proofs] if proofs else [],
        qualifications,
        [phrases.availability, enclosed, phrases.closing],
    ]
    return [" ".join(s for s in p if s) for p in paragraphs if any(p)]


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


def why(ctx: LetterContext) -> str:
    order = work_by_recency(ctx.profile)
    latest = ctx.profile.work[order[0]] if order else None
    where = ""
    if latest and latest.position:
        where = ctx.phrases.where.format(position=latest.position, employer=named(ctx, latest.name))
    company = employer(ctx)
    years = total_years(ctx.profile, ctx.today)
    if years:
        spelled = years_phrase(years, ctx.language.value)
        return ctx.phrases.why.format(years=spelled, where=where, company=company)
    return ctx.phrases.why_without_years.format(where=where, company=company)


def proof_sentences(ctx: LetterContext) -> tuple[set[str], list[str]]:
    """Two or three results from the profile, each tied to a job skill where one fits."""
    skills = [m.evidence for m in ctx.met(Kind.SKILL) if m.evidence]
    if ctx.language is LetterLanguage.SWAHILI:
        return _role_proofs(ctx, skills)
    cited: set[str] = set()
    sentences: list[str] = []
    previous: Work | None = None
    for work, highlight in chosen_results(ctx):
        skill = _first_named(highlight, skills, cited)
        result = lower_first(highlight.rstrip(".")) + "."
        values = {"position": work.position, "employer": named(ctx, work.name), "result": result}
        if work is previous:
            sentences.append(ctx.phrases.proof_same_role.format(result=result))
        elif skill:
            template = _skill_template(ctx.phrases, len(cited))
            sentences.append(template.format(skill=skill, **values))
        else:
            sentences.append(ctx.phrases.proof.format(**values))
        cited.update(s for s in skills if contains_phrase(normalise(highlight), s))
        previous = work
    return cited, sentences


def chosen_results(ctx: LetterContext) -> list[tuple[Work, str]]:
    """The most relevant, most concrete results; no more than two from one role."""
    results = [(w, h) for w in ctx.profile.work if w.position for h in w.highlights]
    results = [(w, h) for w, h in results if verb_led(h)]
    chosen: list[tuple[Work, str]] = []
    for index in rank_by_value([h for _, h in results], job_weights(ctx.job)):
        work = results[index][0]
        if sum(w is work for w, _ in chosen) < MAX_RESULTS_PER_ROLE:
            chosen.append(results[index])
    chosen = chosen[: ctx.phrases.proofs]
    return sorted(chosen, key=lambda pair: [w for w, _ in chosen].index(pair[0]))


def _role_proofs(ctx: LetterContext, skills: list[str]) -> tuple[set[str], list[str]]:
    """Proofs named by role and period, for a letter whose language is not the profile's."""
    cited: set[str] = set()
    sentences: list[str] = []
    for index in work_by_recency(ctx.profile)[: ctx.phrases.proofs]:
        work = ctx.profile.work[index]
        if not work.position:
            continue
        skill = _first_named(_work_text(work), skills, cited)
        values = {"position": work.position, "employer": work.name, "period": _period(ctx, work)}
        if skill:
            template = _skill_template(ctx.phrases, len(cited))
        else:
            template = ctx.phrases.proof_earlier if sentences else ctx.phrases.proof
        sentences.append(template.format(skill=skill, **values))
        cited.update({skill} if skill else set())
    return cited, sentences


def _period(ctx: LetterContext, work: Work) -> str:
    if not work.start_date:
        return ""
    start = work.start_date[:4]
    if not work.end_date:
        return ctx.phrases.since.format(start=start)
    return ctx.phrases.between.format(start=start, end=work.end_date[:4])


def _skill_template(phrases: LetterPhrases, used: int) -> str:
    """Skill proofs take turns among their patterns, so no two read the same."""
    return phrases.proof_for_skill[used % len(phrases.proof_for_skill)]


def _work_text(work: Work) -> str:
    return " ".join([work.position or "", work.summary or "", *work.highlights])


def _first_named(text: str, skills: list[str], cited: set[str]) -> str | None:
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


def skill_sentences(ctx: LetterContext, cited: set[str]) -> list[str]:
    phrases = ctx.phrases
    rest = [m.evidence for m in ctx.met(Kind.SKILL) if m.evidence and m.evidence not in cited]
    rest = list(dict.fromkeys(rest))
    spoken = list(dict.fromkeys(m.evidence for m in ctx.met(Kind.LANGUAGE) if m.evidence))
    sentences = []
    if rest:
        sentences.append(phrases.more_skills.format(skills=join_names(rest, phrases.conjunction)))
    if spoken:
        sentences.append(
            phrases.languages.format(languages=join_names(spoken, phrases.conjunction))
        )
    return sentences
