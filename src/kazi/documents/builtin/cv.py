"""The offline CV engine: a tailored CV from the profile alone, with no model call.

It writes a `CVEditPlan`, exactly as a model would, and applies it with
`apply_edit_plan`, so generated and built-in CVs go through the same code and checks.
Work runs most recent first; highlights are ranked by relevance to the job and by
evidence of impact; skills the job asks for come first. The summary is assembled from
profile fields only (see `builtin.summary`): the same input gives the same CV.
"""

from datetime import date

from kazi.documents.builtin.fitting import fit_to_pages
from kazi.documents.builtin.matching import Match, match_requirements
from kazi.documents.builtin.relevance import job_weights, rank, rank_by_value
from kazi.documents.builtin.requirements import Kind
from kazi.documents.builtin.summary import compose_summary, education_by_recency, work_by_recency
from kazi.documents.cv import CVDocument, CVEditPlan, HighlightChoice, WorkChoice, apply_edit_plan
from kazi.documents.text import normalise
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

# Highlights shown per job, by position in the CV: the latest roles say most.
HIGHLIGHTS_BY_POSITION = (4, 3)
OLDER_HIGHLIGHTS = 2
MAX_SKILLS = 12
MAX_PROJECTS = 2


def _highlight_limit(position: int) -> int:
    limits = HIGHLIGHTS_BY_POSITION
    return limits[position] if position < len(limits) else OLDER_HIGHLIGHTS


def plan_skills(profile: Profile, weights: dict[str, int], matches: list[Match]) -> list[str]:
    """Profile skill names: those that meet the job's skill requirements first."""
    owners: dict[str, str] = {}
    for skill in profile.skills:
        for name in (skill.name, *skill.keywords):
            owners.setdefault(normalise(name), skill.name)
    wanted = [
        owners[normalise(m.evidence)]
        for m in matches
        if m.requirement.kind is Kind.SKILL and m.evidence and normalise(m.evidence) in owners
    ]
    texts = [" ".join([s.name, *s.keywords]) for s in profile.skills]
    ranked = [profile.skills[i].name for i in rank(texts, weights)]
    return list(dict.fromkeys([*wanted, *ranked]))[:MAX_SKILLS]


def plan_work(profile: Profile, weights: dict[str, int]) -> list[WorkChoice]:
    choices: list[WorkChoice] = []
    for position, index in enumerate(work_by_recency(profile)):
        order = rank_by_value(profile.work[index].highlights, weights)
        kept = order[: _highlight_limit(position)]
        highlights = [HighlightChoice(index=h, rephrased=None) for h in kept]
        choices.append(WorkChoice(index=index, highlights=highlights))
    return choices


def plan_cv(
    profile: Profile,
    job: JobData | None,
    language: str | None = None,
    today: date | None = None,
) -> CVEditPlan:
    """The edit plan the built-in engine proposes for this job."""
    weights = job_weights(job)
    matches = match_requirements(profile, job, today)
    projects = rank(
        [
            " ".join([p.name, p.description or "", *p.highlights, *p.keywords])
            for p in profile.projects
        ],
        weights,
    )[:MAX_PROJECTS]
    certificates = rank([f"{c.name} {c.issuer or ''}" for c in profile.certificates], weights)
    return CVEditPlan(
        summary=compose_summary(profile, job, matches, language, today),
        work=plan_work(profile, weights),
        skills=plan_skills(profile, weights, matches),
        projects=projects,
        certificates=certificates,
        education=education_by_recency(profile),
        include_languages=True,
        include_references=True,
    )


def build_cv(
    profile: Profile,
    job: JobData | None,
    language: str | None = None,
    today: date | None = None,
) -> CVDocument:
    """A CV tailored to `job` without any model: plan, then apply like any other plan."""
    plan = fit_to_pages(profile, job, plan_cv(profile, job, language, today))
    return with_language(apply_edit_plan(profile, job, plan), language)


def with_language(doc: CVDocument, language: str | None) -> CVDocument:
    """The CV marked with the language its headings and dates are written in."""
    return doc.model_copy(update={"meta": doc.meta.model_copy(update={"language": language})})
