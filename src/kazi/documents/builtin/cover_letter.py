"""The offline cover letter: a Kenyan formal letter built from profile and job facts.

The frame (sender, date, addressee, salutation, "RE:" line, matching closing) comes
from `letter_layout`. The body says why this role (the candidate's years and latest
role), gives two or three proofs (the profile's own results, each tied to a skill the
job asks for where one fits), names every must-have the profile meets (qualification,
certifications, licences, memberships, skills, languages) and ends with availability.
Requirements the profile does not meet are left out, never claimed. The Kiswahili
body, which quotes no English highlight, is written by `cover_letter_sw`. Output is
Markdown and deterministic for a date.
"""

from dataclasses import dataclass
from datetime import date

from kazi.documents.builtin.cover_letter_sw import swahili_body
from kazi.documents.builtin.letter_layout import (
    addressee_block,
    letter_date,
    named_reader,
    re_line,
    salutation_and_closing,
    sender_block,
)
from kazi.documents.builtin.letter_parts import (
    LetterContext,
    credential_sentences,
    employer,
    first_named,
    named,
    opening,
    skill_sentences,
    skill_template,
)
from kazi.documents.builtin.letter_templates import TEMPLATES, LetterLanguage, LetterPhrases, Tone
from kazi.documents.builtin.letter_templates_sw import SWAHILI_PHRASES, SWAHILI_WORDS
from kazi.documents.builtin.matching import match_requirements, total_years
from kazi.documents.builtin.relevance import job_weights, rank_by_value
from kazi.documents.builtin.requirements import Kind
from kazi.documents.builtin.summary import work_by_recency
from kazi.documents.builtin.wording import lower_first, verb_led, years_phrase
from kazi.documents.text import contains_phrase, normalise
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile, Work

MAX_RESULTS_PER_ROLE = 2
PARAGRAPH_END = "\n\n"


@dataclass(frozen=True)
class LetterFrame:
    """The layout around the prose: everything before it, and everything after."""

    head: str  # sender, date, addressee, salutation, "RE:" line; ends with a blank line
    tail: str  # the closing that matches the salutation, and the candidate's name

    def letter(self, paragraphs: list[str]) -> str:
        return self.head + "".join(p + PARAGRAPH_END for p in paragraphs) + self.tail


def letter_frame(
    profile: Profile, job: JobData | None, tone: Tone, language: LetterLanguage, today: date
) -> LetterFrame:
    """The Kenyan formal layout, as the built-in letter has it."""
    phrases = letter_phrases(language, tone)
    reader = named_reader(job)
    salutation, closing = salutation_and_closing(phrases, reader, language)
    head = [
        sender_block(profile),
        letter_date(today, language),
        addressee_block(phrases, job, reader, language),
        salutation,
        re_line(phrases, job),
    ]
    tail = [closing, profile.basics.name]
    return LetterFrame(
        "".join(block + PARAGRAPH_END for block in head if block),
        PARAGRAPH_END.join(block for block in tail if block) + "\n",
    )


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
    phrases = letter_phrases(lang, tone)
    matches = match_requirements(profile, job, day)
    ctx = LetterContext(profile, job, phrases, lang, matches, day)
    swahili = lang is LetterLanguage.SWAHILI
    body = swahili_body(ctx, SWAHILI_WORDS[tone]) if swahili else body_paragraphs(ctx)
    return letter_frame(profile, job, tone, lang, day).letter([p for p in body if p])


def letter_phrases(language: LetterLanguage, tone: Tone) -> LetterPhrases:
    if language is LetterLanguage.SWAHILI:
        return SWAHILI_PHRASES[tone]
    return TEMPLATES[(language, tone)]


def body_paragraphs(ctx: LetterContext) -> list[str]:
    """The English letter's paragraphs between the subject line and the closing."""
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
    cited: set[str] = set()
    sentences: list[str] = []
    previous: Work | None = None
    for work, highlight in chosen_results(ctx):
        skill = first_named(highlight, skills, cited)
        result = lower_first(highlight.rstrip(".")) + "."
        values = {"position": work.position, "employer": named(ctx, work.name), "result": result}
        if work is previous:
            sentences.append(ctx.phrases.proof_same_role.format(result=result))
        elif skill:
            template = skill_template(ctx.phrases, len(cited))
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
