"""Whether the profile shows the user held a job title.

A title is held when one of the profile's positions states it, in any form the lexicon
knows ("Sales Rep" for "Sales Representative", "Asst." for "Assistant"). A shorter form
is fine ("Engineer" for "Civil Engineer") unless the words it drops made the title junior:
"Resident Engineer" is not "Assistant Resident Engineer".
"""

from kazi.documents.evidence import Evidence
from kazi.documents.index import PhraseIndex
from kazi.documents.lexicon import Tokens, canonical, expand_acronyms, lexicon


def _within(held: Tokens, claimed: Tokens) -> bool:
    size = len(claimed)
    return any(held[i : i + size] == claimed for i in range(len(held) - size + 1))


def title_in(title: str, titles: PhraseIndex) -> bool:
    """Whether `title` is one of `titles`, or a shorter form that drops no junior word."""
    lowering = lexicon().lowering
    forms = {canonical(title), expand_acronyms(title), *titles.acronyms_spelt_out(title)}
    for claimed in forms:
        for held in titles.fields:
            if claimed and _within(held, claimed) and not lowering & (set(held) - set(claimed)):
                return True
    return titles.resembles(title)


def title_held(title: str, evidence: Evidence) -> bool:
    return title_in(title, evidence.titles)
