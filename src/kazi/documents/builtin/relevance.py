"""Scoring profile entries against a job by shared words.

Deliberately simple: the words of the job's skills and requirements count twice, those
of its title and responsibilities once; an entry scores the sum over the distinct words
it shares with the job. Ranking is stable, so equal scores keep profile order.

A highlight's value adds evidence of impact to its relevance: a figure (a count, a
percentage, an amount) and a word of scope (led, team, budget, per shift) count as
much as a requirement word or two, so "Cared for up to 12 patients per shift" comes
before "Kept patient records" when both are about patients.
"""

import re
from collections.abc import Sequence

from kazi.documents.builtin.wording import frozen_words
from kazi.documents.text import tokens
from kazi.jobs.posting import JobData

_STOPWORD_TEXT = """
    a about after all also an and any are as at be been by can for from has have in into
    is it its of on or our over per such that the their this to under up using was we were
    will with within you your years year experience ability strong good excellent knowledge
    skills skill work working least minimum plus must including include ya na kwa wa katika"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
REQUIREMENT_WEIGHT = 2
CONTEXT_WEIGHT = 1
FIGURE_WEIGHT = 3
SCOPE_WEIGHT = 1
SCALE_WEIGHT = 1
# Money and rates say more about impact than a plain count.
_SCALE = re.compile(
    r"%|\b(?:KES|KSh|Kshs?|USD|US\$|EUR)\b|\$|\b(?:million|billion|bn)\b|\d[mMbB]\b"
)
# A figure is a number standing alone ("12", "30%", "KES 2.5M", "5x"), not part of a
# name such as "3D" or "S3".
_FIGURE = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)*(?:[%xkKmMbB]|bn)?(?![A-Za-z\d])")
_SCOPE_WORDS = frozen_words(
    """led lead managed supervised headed oversaw coordinated trained mentored team teams
    budget branches clients customers patients students staff per across county counties
    national nationwide region regions million billion reduced cut increased raised grew
    improved saved doubled launched delivered"""
)


def _stem(word: str) -> str:
    # "statements" and "statement" should meet; longer suffix rules add little here.
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def word_set(text: str) -> set[str]:
    return {_stem(w) for w in tokens(text) if w not in _STOPWORDS and len(w) > 1}


def job_weights(job: JobData | None) -> dict[str, int]:
    """Each meaningful word of the posting with its weight."""
    weights: dict[str, int] = {}
    if job is None:
        return weights
    for text, weight in (
        *((t, CONTEXT_WEIGHT) for t in [job.title or "", *job.responsibilities]),
        *((t, REQUIREMENT_WEIGHT) for t in [*job.skills, *job.requirements]),
    ):
        for word in word_set(text):
            weights[word] = max(weights.get(word, 0), weight)
    return weights


def score(text: str, weights: dict[str, int]) -> int:
    return sum(weights.get(word, 0) for word in word_set(text))


def rank(texts: Sequence[str], weights: dict[str, int]) -> list[int]:
    """Indexes of `texts`, most relevant first; ties keep their original order."""
    scores = [score(text, weights) for text in texts]
    return sorted(range(len(texts)), key=lambda i: (-scores[i], i))


def impact(text: str) -> int:
    """Evidence of results in a highlight: a figure (more if money or a rate), and words of
    scope or change."""
    words = set(tokens(text))
    figure = FIGURE_WEIGHT if _FIGURE.search(text) else 0
    scale = SCALE_WEIGHT if figure and _SCALE.search(text) else 0
    return figure + scale + (SCOPE_WEIGHT if words & _SCOPE_WORDS else 0)


def value(text: str, weights: dict[str, int]) -> int:
    return score(text, weights) + impact(text)


def rank_by_value(texts: Sequence[str], weights: dict[str, int]) -> list[int]:
    """Indexes of `texts` by relevance plus impact, best first; ties keep their order."""
    values = [value(text, weights) for text in texts]
    return sorted(range(len(texts)), key=lambda i: (-values[i], i))
