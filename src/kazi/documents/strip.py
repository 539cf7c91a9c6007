"""Removing what validation flagged, so a generated CV can be returned clean.

Each error issue of a structured CV names a path. A path to a list element (an
invented employer's entry, a highlight with an inflated number, an unknown skill) is
removed; a path to a field that differs from the profile (a shifted date, a changed
title) is restored from the profile's value carried in the issue; in a free-text field
(summary, description) only the sentences containing the offending text are dropped.
Everything removed is recorded in `meta.droppedChoices`.
"""

import re
from collections import defaultdict

from pydantic import JsonValue

from kazi.documents.cv import CVDocument, DroppedChoice
from kazi.documents.report import Issue, Severity, ValidationReport
from kazi.documents.text import split_sentences

_STEP = re.compile(r"([A-Za-z]+)((?:\[\d+\])*)")
_FREE_TEXT_FIELDS = frozenset({"summary", "description", "reference"})

Step = str | int
Json = dict[str, JsonValue]


def parse_path(path: str) -> list[Step] | None:
    """ "work[2].highlights[0]" as ["work", 2, "highlights", 0]; None if not a CV path."""
    steps: list[Step] = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            return None
        steps.append(match.group(1))
        steps += [int(i) for i in re.findall(r"\d+", match.group(2))]
    return steps


def _container(data: JsonValue, steps: list[Step]) -> JsonValue:
    node = data
    for step in steps:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            continue
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            node = node[step]
            continue
        return None
    return node


def _without_sentences(text: JsonValue, offending: str) -> JsonValue:
    if not isinstance(text, str):
        return text
    needle = offending.lower()
    kept = [s for s in split_sentences(text) if needle not in s.lower()]
    return " ".join(kept) or None


def _restore_field(data: Json, issue: Issue, steps: list[Step]) -> None:
    parent = _container(data, steps[:-1])
    field = steps[-1]
    if not isinstance(parent, dict) or not isinstance(field, str):
        return
    if field in _FREE_TEXT_FIELDS:
        parent[field] = _without_sentences(parent.get(field), issue.text)
    else:
        parent[field] = issue.expected


def strip_fabrications(doc: CVDocument, report: ValidationReport) -> CVDocument:
    """A copy of `doc` without the errors in `report` (which must be `doc`'s own report)."""
    data: Json = doc.model_dump(mode="json", by_alias=True)
    removals: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    dropped: list[DroppedChoice] = []
    for issue in report.issues:
        steps = parse_path(issue.path) if issue.severity is Severity.ERROR else None
        if not steps:
            continue
        dropped.append(DroppedChoice(path=issue.path, value=issue.text, reason=issue.kind.value))
        last = steps[-1]
        if isinstance(last, int):
            removals[len(steps)][".".join(map(str, steps[:-1]))].add(last)
        else:
            _restore_field(data, issue, steps)
    # Deepest lists first, highest index first, so earlier indexes stay valid.
    for depth in sorted(removals, reverse=True):
        for container_path, indexes in removals[depth].items():
            container = _container(data, parse_path_steps(container_path))
            if isinstance(container, list):
                for index in sorted(indexes, reverse=True):
                    if index < len(container):
                        del container[index]
    cleaned = CVDocument.model_validate(data)
    cleaned.meta.dropped_choices.extend(dropped)
    return cleaned


def parse_path_steps(joined: str) -> list[Step]:
    return [int(s) if s.isdigit() else s for s in joined.split(".")]
