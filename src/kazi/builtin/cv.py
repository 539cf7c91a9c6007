"""The offline CV engine: a tailored CV from the profile alone, with no model call.

It writes a `CVEditPlan`, exactly as a model would, and applies it with
`apply_edit_plan`, so generated and built-in CVs go through the same code and checks.
Everything is ordered by relevance to the job, ties broken by profile order, and the
summary is assembled from profile fields only: the same input gives the same CV.
"""

from kazi.builtin.relevance import job_weights, rank
from kazi.documents.cv import CVDocument, CVEditPlan, HighlightChoice, WorkChoice, apply_edit_plan
from kazi.documents.profile import Education, Profile, Work
from kazi.jobs.posting import JobData

MAX_HIGHLIGHTS_PER_JOB = 4
MAX_SKILLS = 12
MAX_PROJECTS = 3
SUMMARY_SKILLS = 4
_SCHOOL_CERTIFICATES = {"kcse", "kcpe", "o-level", "a-level"}


def _work_text(item: Work) -> str:
    return " ".join([item.position or "", item.summary or "", *item.highlights])


def join_names(names: list[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def main_qualification(profile: Profile) -> Education | None:
    """The first education entry that is more than a school certificate."""
    for entry in profile.education:
        if entry.study_type and entry.study_type.strip().lower() not in _SCHOOL_CERTIFICATES:
            return entry
    return None


def qualification_phrase(entry: Education) -> str:
    """ "Bachelor of Commerce in Accounting" from the entry's own fields."""
    study = entry.study_type or ""
    return f"{study} in {entry.area}" if entry.area and study else study or entry.area or ""


def ranked_skill_names(profile: Profile, weights: dict[str, int]) -> list[str]:
    texts = [" ".join([s.name, *s.keywords]) for s in profile.skills]
    return [profile.skills[i].name for i in rank(texts, weights)]


def compose_summary(profile: Profile, work_order: list[int], skills: list[str]) -> str:
    """A short summary whose every fact is a profile field, in fixed sentence patterns."""
    sentences: list[str] = []
    label = profile.basics.label
    first = profile.work[work_order[0]] if work_order else None
    if first and first.position:
        lead = f"{label} with experience as" if label else "Experience as"
        sentences.append(f"{lead} {first.position} at {first.name}.")
    elif label:
        sentences.append(f"{label}.")
    if len(work_order) > 1:
        other = profile.work[work_order[1]]
        role = f" as {other.position}" if other.position else ""
        sentences.append(f"Has also worked{role} at {other.name}.")
    if skills:
        sentences.append(f"Skills include {join_names(skills[:SUMMARY_SKILLS])}.")
    qualification = main_qualification(profile)
    if qualification:
        parts = [qualification_phrase(qualification), qualification.institution]
        sentences.append(f"Education: {', '.join(p for p in parts if p)}.")
    if profile.certificates:
        names = [c.name for c in profile.certificates]
        sentences.append(f"Certifications: {', '.join(names)}.")
    return " ".join(sentences)


def plan_cv(profile: Profile, job: JobData | None) -> CVEditPlan:
    """The edit plan the built-in engine proposes for this job."""
    weights = job_weights(job)
    work_order = rank([_work_text(w) for w in profile.work], weights)
    work = [
        WorkChoice(
            index=i,
            highlights=[
                HighlightChoice(index=h, rephrased=None)
                for h in rank(profile.work[i].highlights, weights)[:MAX_HIGHLIGHTS_PER_JOB]
            ],
        )
        for i in work_order
    ]
    skills = ranked_skill_names(profile, weights)[:MAX_SKILLS]
    projects = rank(
        [
            " ".join([p.name, p.description or "", *p.highlights, *p.keywords])
            for p in profile.projects
        ],
        weights,
    )[:MAX_PROJECTS]
    certificates = rank([f"{c.name} {c.issuer or ''}" for c in profile.certificates], weights)
    return CVEditPlan(
        summary=compose_summary(profile, work_order, skills),
        work=work,
        skills=skills,
        projects=projects,
        certificates=certificates,
        education=list(range(len(profile.education))),
        include_languages=True,
        include_references=True,
    )


def build_cv(profile: Profile, job: JobData | None) -> CVDocument:
    """A CV tailored to `job` without any model: plan, then apply like any other plan."""
    return apply_edit_plan(profile, job, plan_cv(profile, job))
