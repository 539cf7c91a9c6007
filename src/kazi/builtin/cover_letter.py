"""The offline cover letter: fixed sentence patterns filled with profile and job facts.

The letter names the job's title and company, the candidate's most relevant role,
quotes up to three of its highlights word for word, lists profile skills that match
the posting, and the main qualification. Output is Markdown and fully deterministic.
"""

from kazi.builtin.cv import join_names, main_qualification, qualification_phrase
from kazi.builtin.letter_templates import TEMPLATES, LetterLanguage, LetterPhrases, Tone
from kazi.builtin.relevance import job_weights, rank, score
from kazi.documents.profile import Profile, Work
from kazi.jobs.posting import JobData

LETTER_SKILLS = 4
_VOWEL_SOUND_LETTERS = "AEFHILMNORSX"  # abbreviations read "an MBA", "an MSc", "an LLB"


def letter_language(job: JobData | None, requested: str | None) -> LetterLanguage:
    """The requested language, else the posting's, else English ("sw-KE" counts as Swahili)."""
    code = (requested or (job.language if job else None) or "en").lower()
    return LetterLanguage.SWAHILI if code.startswith("sw") else LetterLanguage.ENGLISH


def article_for(phrase: str) -> str:
    first = phrase.split()[0] if phrase.split() else ""
    if sum(ch.isupper() for ch in first) >= 2:  # an abbreviation: read letter by letter
        return "an" if first[0] in _VOWEL_SOUND_LETTERS else "a"
    return "an" if first[:1].lower() in "aeio" else "a"


def _header(profile: Profile) -> list[str]:
    basics = profile.basics
    contact = [str(basics.email) if basics.email else "", basics.phone or ""]
    lines = [basics.name] if basics.name else []
    line = " · ".join(c for c in contact if c)
    return lines + ([line] if line else [])


def _opening(phrases: LetterPhrases, job: JobData | None) -> list[str]:
    title = job.title if job and job.title else None
    role = phrases.role_fallback.format(title=title) if title else phrases.no_title_role
    company = job.company if job and job.company else phrases.no_company
    greeting = phrases.greeting_with_company if job and job.company else phrases.greeting
    return [greeting.format(company=company), phrases.opening.format(role=role, company=company)]


def _experience(phrases: LetterPhrases, work: Work, weights: dict[str, int]) -> list[str]:
    if not work.position:
        return []
    chosen = [work.highlights[i] for i in rank(work.highlights, weights)[: phrases.highlights]]
    values = {"position": work.position, "employer": work.name}
    if not chosen:
        return [phrases.experience.format(**values)]
    bullets = "\n".join(f"- {h}" for h in chosen)
    return [phrases.experience_with_highlights.format(**values), bullets]


def _skills(phrases: LetterPhrases, profile: Profile, weights: dict[str, int]) -> list[str]:
    texts = [" ".join([s.name, *s.keywords]) for s in profile.skills]
    order = rank(texts, weights)
    matching = [profile.skills[i].name for i in order if score(texts[i], weights) > 0]
    names = (matching or [profile.skills[i].name for i in order])[:LETTER_SKILLS]
    if not names:
        return []
    return [phrases.skills.format(skills=join_names(names, phrases.conjunction))]


def _education(phrases: LetterPhrases, profile: Profile) -> list[str]:
    entry = main_qualification(profile)
    if entry is None:
        return []
    qualification = qualification_phrase(entry)
    text = phrases.education.format(
        article=article_for(qualification),
        qualification=qualification,
        institution=entry.institution,
    )
    return [text]


def write_cover_letter(
    profile: Profile,
    job: JobData | None,
    tone: Tone = Tone.FORMAL,
    language: str | None = None,
) -> str:
    """A cover letter in Markdown, built only from profile and job facts.

    `language` is "en" or "sw" (any "sw-*" code); by default the posting's language.
    """
    phrases = TEMPLATES[(letter_language(job, language), tone)]
    weights = job_weights(job)
    work_order = rank([" ".join([w.position or "", *w.highlights]) for w in profile.work], weights)
    greeting, opening = _opening(phrases, job)
    body = [opening]
    if work_order:
        body += _experience(phrases, profile.work[work_order[0]], weights)
    body += _skills(phrases, profile, weights)
    if tone is not Tone.CONCISE:
        body += _education(phrases, profile)
    body.append(phrases.closing)
    paragraphs = [
        "\n".join(_header(profile)),
        greeting,
        *body,
        phrases.sign_off,
        profile.basics.name,
    ]
    return "\n\n".join(p for p in paragraphs if p) + "\n"
