"""What one request checks its documents against, built once and passed along.

The profile's evidence index for the job (`evidence.py`) and the job's requirements
matched to the profile are built once per request, in the CPU pool, and every check
of that request (each streamed paragraph, each draft, the report) reuses them.
"""

from dataclasses import dataclass
from datetime import date

from kazi.documents.builtin.matching import Match, match_requirements, total_years
from kazi.documents.evidence import Evidence, build_evidence
from kazi.documents.schemas import RequirementStatus
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile


@dataclass(frozen=True)
class Grounding:
    evidence: Evidence
    matches: tuple[Match, ...]
    years: int  # whole years worked, from the work dates
    today: date

    @property
    def requirements(self) -> list[RequirementStatus]:
        """The job's typed requirements, each met by profile evidence or reported as unmet."""
        return [
            RequirementStatus(
                kind=m.requirement.kind.value,
                priority=m.requirement.priority.value,
                text=m.requirement.text,
                met=m.met,
                evidence=m.evidence,
            )
            for m in self.matches
        ]


def ground(profile: Profile, job: JobData | None, today: date | None = None) -> Grounding:
    """The grounding of one request (runs in the CPU pool)."""
    day = today or date.today()
    return Grounding(
        evidence=build_evidence(profile, job, day),
        matches=tuple(match_requirements(profile, job, day)),
        years=total_years(profile, day),
        today=day,
    )
