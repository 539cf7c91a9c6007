"""Small grammar rules the built-in documents share: lists, articles, names, verbs."""

import re

from kazi.profiles.schemas import Education, Skill


def frozen_words(words: str) -> frozenset[str]:
    """A word list written as one string, as word lists read best."""
    return frozenset(words.split())


# Abbreviations read letter by letter take "an" before these: "an MBA", "an LLB", "an MSc".
_VOWEL_SOUND_LETTERS = "AEFHILMNORSX"
# An institution named "<common noun> of <name>" takes "the": "the University of Nairobi",
# also after describing words: "the Technical University of Mombasa".
_COMMON_NOUNS = frozen_words("university institute college school polytechnic academy")
_QUALIFICATION_WORDS = re.compile(
    r"\b(?:diploma|degree|bachelor|master|certificate|certification|higher)\b", re.I
)
GROUP_KEYWORDS = 2
_HEADING_WORDS = frozen_words(
    """tools tool technical technology technologies software programming languages frameworks
    databases database computer office soft other core professional interpersonal tax
    finance financial design data analysis analytics cloud systems platforms skills
    applications methods management"""
)
_BODY_NOUNS = frozen_words(
    "council board commission institution society association authority agency federation"
)
_DESCRIBING_WORDS = frozen_words(
    """technical catholic open national international united cooperative co-operative
    presbyterian methodist multimedia management medical"""
)
# Past-tense verbs that do not end in "-ed" but often open a CV highlight.
_IRREGULAR_PAST = frozen_words(
    """built began brought cut drew drove fed found gave grew held kept led made met oversaw
    paid ran rebuilt rewrote sold set shot spent spoke stood taught took understood won
    wrote"""
)


def join_names(names: list[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def article_for(phrase: str) -> str:
    first = phrase.split()[0] if phrase.split() else ""
    if sum(ch.isupper() for ch in first) >= 2:  # an abbreviation: read letter by letter
        return "an" if first[0] in _VOWEL_SOUND_LETTERS else "a"
    return "an" if first[:1].lower() in "aeio" else "a"


def institution_phrase(name: str) -> str:
    """ "the University of Nairobi", but "Kenyatta University" as it is."""
    words = [w.lower() for w in name.split()]
    if "of" not in words[1:] or words[0] == "the":
        return name
    noun = words.index("of") - 1
    described = all(w in _DESCRIBING_WORDS for w in words[:noun])
    return f"the {name}" if words[noun] in _COMMON_NOUNS and described else name


def body_phrase(name: str) -> str:
    """A professional body with "the": "the Nursing Council of Kenya", "the Teachers Service
    Commission"; a name that is an acronym or already has "the" stays as it is."""
    words = [w.lower().strip(",.()") for w in name.split()]
    if not words or words[0] == "the" or len(words) == 1:
        return name
    return f"the {name}" if set(words) & _BODY_NOUNS else institution_phrase(name)


def qualification_phrase(entry: Education) -> str:
    """ "Bachelor of Commerce in Accounting" from the entry's own fields."""
    study = entry.study_type or ""
    return f"{study} in {entry.area}" if entry.area and study else study or entry.area or ""


def verb_led(highlight: str) -> bool:
    """Whether a highlight opens with a past-tense verb ("Cut ...", "Prepared ...")."""
    first = highlight.split()[0].lower() if highlight.split() else ""
    return first.isalpha() and (first.endswith("ed") or first in _IRREGULAR_PAST)


def lower_first(text: str) -> str:
    """ "Prepared the..." as "prepared the...", but "IFRS reports" stays as written."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def sentence(text: str) -> str:
    """The text with one full stop at its end."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def years_phrase(years: int, language: str) -> str:
    if language == "sw":
        return f"mwaka {years}" if years == 1 else f"miaka {years}"
    return f"{years} year" if years == 1 else f"{years} years"


def qualifications_last(names: list[str]) -> list[str]:
    """Names that read as a qualification ("CIPS Diploma in Procurement and Supply") moved
    to the end of a list, so "and" never joins another name onto their subject."""
    return sorted(names, key=lambda name: _QUALIFICATION_WORDS.search(name) is not None)


def is_group_heading(skill: Skill) -> bool:
    """A skill entry that heads a group ("Tools: Sage, Excel", "Tax: VAT, PAYE") rather
    than naming one skill ("Python: Django, FastAPI"): keywords under a generic word."""
    words = set(skill.name.lower().replace("&", " ").split())
    return len(skill.keywords) >= GROUP_KEYWORDS and bool(words & _HEADING_WORDS)
