"""What a set of profile fields can vouch for, looked up in constant time per phrase.

Every field is reduced to canonical tokens (see `lexicon.py`) and all its runs of up to
six tokens go into one set, so checking a phrase costs one set lookup however large the
profile; building the index is linear in the profile's size. A phrase that is not found
as written is tried again with its acronyms expanded, as the initials of a field's
words, and finally by fuzzy similarity to a whole field (RapidFuzz) for spelling
variants such as "KoBo Toolbox" for "KoboToolbox".
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process

from kazi.documents.lexicon import (
    CONNECTORS,
    Tokens,
    acronym_runs,
    canonical,
    expand_acronyms,
    is_acronym,
    n_grams,
    plain_tokens,
)
from kazi.documents.vocabulary import ORG_NAME_TAILS

_FUZZY_CUTOFF = 90
_MIN_FUZZY_LENGTH = 6
_MAX_NAME_WORDS = 8
_DIGITS = re.compile(r"\d+")


def _dedupe_adjacent(tokens: Tokens) -> Tokens:
    """ "kenya commercial bank bank" (from "KCB Bank") read once."""
    return tuple(t for i, t in enumerate(tokens) if i == 0 or t != tokens[i - 1])


def core_tokens(tokens: Tokens) -> frozenset[str]:
    """The words that identify a name: connectors and legal tails ("Ltd") dropped."""
    return frozenset(t for t in tokens if t not in CONNECTORS and t not in ORG_NAME_TAILS)


@dataclass(frozen=True)
class PhraseIndex:
    fields: tuple[Tokens, ...]
    grams: frozenset[Tokens]
    texts: tuple[str, ...]  # each field's canonical text, for fuzzy matching

    @classmethod
    def of(cls, values: Iterable[str]) -> "PhraseIndex":
        fields: list[Tokens] = []
        for value in values:
            for form in {canonical(value), expand_acronyms(value), plain_tokens(value)}:
                if form:
                    fields.append(form)
        grams: set[Tokens] = set()
        for tokens in fields:
            grams |= n_grams(tokens)
        return cls(tuple(fields), frozenset(grams), tuple(" ".join(f) for f in fields))

    def contains(self, tokens: Tokens) -> bool:
        if not tokens:
            return False
        if tokens in self.grams:
            return True
        needle = f" {' '.join(tokens)} "
        return len(tokens) > 6 and any(needle in f" {text} " for text in self.texts)

    def supports(self, phrase: str) -> bool:
        """Whether the fields state `phrase`, in any of the forms the lexicon knows."""
        if self.contains(canonical(phrase)):
            return True
        if self.contains(_dedupe_adjacent(expand_acronyms(phrase))):
            return True
        if " " not in phrase.strip() and self._runs_for(phrase.strip()):
            return True
        return any(self.contains(form) for form in self.acronyms_spelt_out(phrase)) or (
            self.resembles(phrase)
        )

    @cached_property
    def _word_starts(self) -> dict[str, dict[int, list[int]]]:
        """First letter -> field -> positions of words starting with it (not connectors)."""
        table: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for number, field in enumerate(self.fields):
            for position, word in enumerate(field):
                if word not in CONNECTORS:
                    table[word[0]][number].append(position)
        # Plain dicts: an index crosses process boundaries (the CPU pool) and must pickle.
        return {letter: dict(fields) for letter, fields in table.items()}

    def _runs_for(self, acronym: str) -> list[Tokens]:
        """The runs of the fields' words that `acronym` stands for; only runs starting with
        its first letter are tried, so the cost stays linear in the profile's size."""
        first = acronym[:1].lower()
        return [
            run
            for number, positions in self._word_starts.get(first, {}).items()
            for run in acronym_runs(acronym, self.fields[number], positions)
        ]

    def acronyms_spelt_out(self, phrase: str) -> Iterator[Tokens]:
        """The phrase with one acronym read as a run of a field's words ("R&D Officer" ->
        "research and development officer")."""
        written = phrase.split()
        for i, word in enumerate(written):
            bare = word.strip(".,;:()")
            if not is_acronym(bare):
                continue
            before, after = canonical(" ".join(written[:i])), canonical(" ".join(written[i + 1 :]))
            for run in self._runs_for(bare):
                yield before + run + after

    def resembles(self, phrase: str) -> bool:
        """A spelling variant of a whole field: same digits, nearly the same letters."""
        text = " ".join(canonical(phrase))
        if len(text) < _MIN_FUZZY_LENGTH:
            return False
        digits = _DIGITS.findall(text)
        return any(
            _DIGITS.findall(match) == digits
            for match, _, _ in process.extract(
                text, self._short_texts, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=3
            )
        )

    @cached_property
    def _short_texts(self) -> tuple[str, ...]:
        """Fields short enough to be a name: only those can be a spelling variant of one."""
        return tuple(
            text
            for text, field in zip(self.texts, self.fields, strict=True)
            if len(field) <= _MAX_NAME_WORDS
        )

    def names(self, phrase: str) -> bool:
        """Whether `phrase` names what one field names ("KCB" ~ "KCB Bank Kenya Ltd").

        Beyond `supports`: every identifying word of the phrase is in a single field, or
        the phrase is an acronym of such a field.
        """
        if self.supports(phrase):
            return True
        for form in (canonical(phrase), _dedupe_adjacent(expand_acronyms(phrase))):
            core = core_tokens(form)
            if core and any(core <= frozenset(f) for f in self.fields):
                return True
        return False
