"""Keeping a built-in CV to one page where the history allows, and to two at most.

The page count is estimated from the Markdown the way the PDF export lays it out (about
50 body lines of 95 characters on an A4 page, headings taller), so no PDF is drawn. When
the CV runs over, the plan gives up what a recruiter misses least, one step at a time:
projects, then the older roles' highlights, then the latest roles' weakest ones. Every
role stays listed with its title and dates.
"""

import math
from collections.abc import Callable

from kazi.documents.cv import CVEditPlan, WorkChoice, apply_edit_plan
from kazi.documents.render import cv_to_markdown
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

LINES_PER_PAGE = 50
CHARS_PER_LINE = 95
ONE_PAGE = 1.0
TWO_PAGES = 2.1  # the estimate runs a little high; 2.1 still prints on two pages
_LINE_HEIGHTS = (("# ", 2.0), ("## ", 1.6), ("### ", 1.1))
_BLANK_LINE = 0.4

Trim = Callable[[CVEditPlan], CVEditPlan]


def estimated_pages(markdown: str) -> float:
    lines = 0.0
    for raw in markdown.splitlines():
        if not raw.strip():
            lines += _BLANK_LINE
            continue
        height = next((h for mark, h in _LINE_HEIGHTS if raw.startswith(mark)), 1.0)
        lines += height * max(1, math.ceil(len(raw) / CHARS_PER_LINE))
    return lines / LINES_PER_PAGE


def _highlights(positions: range | list[int], keep: int) -> Trim:
    def trim(plan: CVEditPlan) -> CVEditPlan:
        work = [
            WorkChoice(index=c.index, highlights=c.highlights[:keep]) if i in positions else c
            for i, c in enumerate(plan.work)
        ]
        return plan.model_copy(update={"work": work})

    return trim


def _projects(keep: int) -> Trim:
    return lambda plan: plan.model_copy(update={"projects": plan.projects[:keep]})


OLDER = range(2, 100)
TRIMS: tuple[Trim, ...] = (
    _projects(1),
    _projects(0),
    _highlights(OLDER, 1),
    _highlights([1], 2),
    _highlights(OLDER, 0),
    _highlights([0], 3),
    _highlights([1], 1),
)


def fit_to_pages(profile: Profile, job: JobData | None, plan: CVEditPlan) -> CVEditPlan:
    """The plan, trimmed to one page if trimming can get it there, else to two."""

    def pages(candidate: CVEditPlan) -> float:
        return estimated_pages(cv_to_markdown(apply_edit_plan(profile, job, candidate)))

    fitted = plan
    for target in (ONE_PAGE, TWO_PAGES):
        fitted = plan
        for trim in TRIMS:
            if pages(fitted) <= target:
                return fitted
            fitted = trim(fitted)
        if pages(fitted) <= target:
            return fitted
    return fitted
