"""The tailored CV and the edit plan that produces it.

A model never writes the CV. It returns a `CVEditPlan` that selects and orders the
profile's own entries by index and may reword a highlight or write the summary;
`apply_edit_plan` then builds the CV by copying entries from the profile. Employers,
titles, dates and degrees therefore cannot change. The only free text (summary and
rephrased highlights) is checked by `validation.validate_cv`.
"""

from collections.abc import Sequence
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from kazi.documents.text import normalise
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import (
    Basics,
    Certificate,
    Education,
    Language,
    Profile,
    Project,
    Reference,
    Skill,
    Work,
)

_Entry = TypeVar("_Entry", bound=BaseModel)


class _WireModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class DroppedChoice(_WireModel):
    """A plan choice that could not be applied, kept so the caller can see what was refused."""

    path: str
    value: str
    reason: str


class CVMeta(_WireModel):
    """JSON Resume's `meta` section, carrying what Kazi knows about how the CV was made."""

    target_title: str | None = None
    target_company: str | None = None
    language: str | None = None  # "sw" writes headings, months and dates in Kiswahili
    dropped_choices: list[DroppedChoice] = Field(default_factory=list)


class CVDocument(_WireModel):
    """A CV for one job, shaped like JSON Resume and built from `Profile` sections."""

    basics: Basics = Field(default_factory=Basics)
    work: list[Work] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    meta: CVMeta = Field(default_factory=CVMeta)

    def to_json_resume(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class _PlanModel(BaseModel):
    # Every field required and no extra keys: what strict structured-output modes accept.
    model_config = ConfigDict(extra="forbid")


class HighlightChoice(_PlanModel):
    index: int = Field(description="Index of the highlight in the profile work item's highlights")
    rephrased: str | None = Field(
        max_length=400,
        description="Optional rewording of that highlight, or null to keep it as written. "
        "It must not add any employer, date, number, qualification or skill.",
    )


class WorkChoice(_PlanModel):
    index: int = Field(description="Index of the work item in the profile's work list")
    highlights: list[HighlightChoice] = Field(
        description="The highlights to show for this work item, most relevant first"
    )


class CVEditPlan(_PlanModel):
    """How to tailor the profile to one job. Indexes refer to the profile's lists."""

    summary: str = Field(
        max_length=1200,
        description="A short professional summary that uses only facts from the profile",
    )
    work: list[WorkChoice] = Field(description="Work items to include, in display order")
    skills: list[str] = Field(
        description="Names of profile skills (or their keywords) to list, most relevant first"
    )
    projects: list[int] = Field(description="Indexes of profile projects to include, in order")
    certificates: list[int] = Field(description="Indexes of profile certificates to include")
    education: list[int] = Field(description="Indexes of profile education entries to include")
    include_languages: bool = Field(description="Whether to list the profile's languages")
    include_references: bool = Field(description="Whether to list the profile's referees")


class _Picker:
    """Validates indexes and names against the profile, recording everything it refuses."""

    def __init__(self) -> None:
        self.dropped: list[DroppedChoice] = []

    def drop(self, path: str, value: object, reason: str) -> None:
        self.dropped.append(DroppedChoice(path=path, value=str(value), reason=reason))

    def indexes(self, section: str, chosen: list[int], size: int) -> list[int]:
        kept: list[int] = []
        for position, index in enumerate(chosen):
            path = f"{section}[{position}]"
            if not 0 <= index < size:
                self.drop(path, index, f"no {section} entry at this index in the profile")
            elif index in kept:
                self.drop(path, index, "chosen twice")
            else:
                kept.append(index)
        return kept

    def work_item(self, position: int, choice: WorkChoice, source: Work) -> Work:
        highlights: list[str] = []
        picked = self.indexes(
            f"work[{position}].highlights",
            [h.index for h in choice.highlights],
            len(source.highlights),
        )
        rewordings = {h.index: h.rephrased for h in choice.highlights}
        for index in picked:
            reworded = (rewordings.get(index) or "").strip()
            highlights.append(reworded or source.highlights[index])
        return source.model_copy(update={"highlights": highlights}, deep=True)

    def skills(self, names: list[str], profile: Profile) -> list[Skill]:
        by_name = {normalise(s.name): s for s in profile.skills}
        by_keyword = {normalise(k): k for s in profile.skills for k in s.keywords}
        chosen: list[Skill] = []
        seen: set[str] = set()
        for position, name in enumerate(names):
            key = normalise(name)
            if key in seen:
                self.drop(f"skills[{position}]", name, "chosen twice")
            elif key in by_name:
                chosen.append(by_name[key].model_copy(deep=True))
            elif key in by_keyword:
                chosen.append(Skill(name=by_keyword[key]))  # a keyword shown as a skill of its own
            else:
                self.drop(f"skills[{position}]", name, "not a skill in the profile")
            seen.add(key)
        return chosen


def apply_edit_plan(profile: Profile, job: JobData | None, plan: CVEditPlan) -> CVDocument:
    """Build the CV a plan describes, copying every entry from the profile.

    Out-of-range or repeated indexes and skills the profile lacks are dropped and listed
    in `meta.dropped_choices`. The summary and rephrased highlights are used as given:
    validate the result with `validate_cv` before showing it.
    """
    picker = _Picker()
    work = [
        picker.work_item(position, plan.work[position], profile.work[index])
        for position, index in _work_positions(picker, plan, profile)
    ]
    summary = plan.summary.strip() or None
    return CVDocument(
        basics=profile.basics.model_copy(update={"summary": summary}, deep=True),
        work=work,
        education=_copies(picker, "education", plan.education, profile.education),
        skills=picker.skills(plan.skills, profile),
        projects=_copies(picker, "projects", plan.projects, profile.projects),
        certificates=_copies(picker, "certificates", plan.certificates, profile.certificates),
        languages=_copies(
            picker,
            "languages",
            _all_if(plan.include_languages, profile.languages),
            profile.languages,
        ),
        references=_copies(
            picker,
            "references",
            _all_if(plan.include_references, profile.references),
            profile.references,
        ),
        meta=CVMeta(
            target_title=job.title if job else None,
            target_company=job.company if job else None,
            dropped_choices=picker.dropped,
        ),
    )


def _all_if(include: bool, entries: Sequence[object]) -> list[int]:
    return list(range(len(entries))) if include else []


def _copies(
    picker: _Picker, section: str, chosen: list[int], entries: Sequence[_Entry]
) -> list[_Entry]:
    """Deep copies of the chosen profile entries, so the CV never shares objects with it."""
    return [entries[i].model_copy(deep=True) for i in picker.indexes(section, chosen, len(entries))]


def _work_positions(picker: _Picker, plan: CVEditPlan, profile: Profile) -> list[tuple[int, int]]:
    """(position in the plan, index in the profile) for each work choice that is kept."""
    kept = picker.indexes("work", [w.index for w in plan.work], len(profile.work))
    positions: list[tuple[int, int]] = []
    remaining = list(kept)
    for position, choice in enumerate(plan.work):
        if remaining and choice.index == remaining[0]:
            positions.append((position, remaining.pop(0)))
    return positions
