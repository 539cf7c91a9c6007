"""Claims that name a credential or an ability: languages, awards, licences, certifications.

Each finder returns (claim, span) pairs so the caller can blank the span out before the
less specific passes run (an award's "Teacher of the Year" is not a job title).
"""

import re
from functools import cache
from itertools import takewhile

from kazi.documents.lexicon import language_names, lexicon
from kazi.documents.vocabulary import CERTIFICATION_TERMS

Span = tuple[int, int]
Found = list[tuple[str, str, Span]]  # (kind, text, span)

_WORD = r"[A-Z][\w&'’-]*"
_JOIN = r"(?:\s+(?:of|the|for|and|&|in)){0,2}\s+"
_AWARD = re.compile(
    rf"(?:{_WORD}{_JOIN})*?(?:{_WORD}\s+)*?(?:{_WORD}|[A-Za-z&]+)\s+(?:[Aa]wards?|Prize|Medal"
    rf"|Trophy|Scholarship|Fellowship)(?![\w])"
    rf"|(?:{_WORD}\s+){{0,4}}{_WORD}\s+of\s+the\s+Year(?![\w])"
)
_SKILL_CUE = re.compile(
    r"(?i:\b(?:skilled|proficient|experienced|expert|competent|certified|trained|fluent)\s+"
    r"(?:in|with|on)|\bexperience\s+(?:in|with|using)|\bknowledge\s+of|\bhands-on\s+with"
    # A dot belongs to a name only inside it (Node.js); before a space it ends the sentence.
    r"|\bexpertise\s+in)\s+((?:[A-Za-z0-9](?:[\w+#/-]|\.(?=\w))*(?:,\s*|\s+(?:and|or)\s+|\s+))"
    r"{0,5}[A-Za-z0-9](?:[\w+#/-]|\.(?=\w))*[\w+#])"
)
# Cheap tests that skip the costlier patterns on lines that cannot match them.
_AWARD_HINT = re.compile(r"(?i)award|prize|medal|trophy|scholarship|fellowship|of the year")
_LICENCE_HINT = re.compile(r"(?i)licen[cs]e|certificate|permit")
# Words that may start an award's sentence without being part of its name.
_AWARD_LEAD = re.compile(
    r"^(?:(?:won|received|awarded|named|got|winner|recipient|the|a|an|my|our)\s+)+",
    re.IGNORECASE,
)
_LICENCE = re.compile(
    r"((?:[\w&-]+\s+){0,3}?)(?i:licen[cs]e|practis?c?ing\s+certificate|permit)(?![\w])"
)
_LICENCE_LEAD = frozenset(
    [
        "a",
        "an",
        "the",
        "current",
        "valid",
        "my",
        "hold",
        "holds",
        "holding",
        "have",
        "has",
        "with",
        "and",
        "of",
        "full",
        "clean",
        "also",
        "i",
        "am",
        "is",
    ]
)
_CERTIFIED = re.compile(
    r"(?:[A-Z][\w&-]*\s+){0,3}Certified(?:\s+(?:[A-Z][\w&-]*|\d+)){1,5}(?![\w])"
)
# A language name counts as a claim only near words about speaking it, so "Meru County"
# or "Swahili coast" are not claims.
_LANGUAGE_CUE = re.compile(
    r"(?i)\b(?:speak|spoke|speaking|spoken|fluent|fluency|fluently|language|languages|native"
    r"|mother tongue|conversational|proficient|proficiency|written|interpret|translat\w*"
    r"|lugha|ninazungumza|kuzungumza|nazungumza|ufasaha)\b"
)


@cache
def _language_pattern() -> re.Pattern[str]:
    names = sorted(language_names(), key=len, reverse=True)
    forms = [re.escape(n[:1].upper() + n[1:]) for n in names]
    return re.compile(r"(?<![\w-])(" + "|".join(forms) + r")(?![\w-])")


@cache
def _certification_pattern() -> re.Pattern[str]:
    terms = sorted(CERTIFICATION_TERMS, key=len, reverse=True)
    alternation = "|".join(re.escape(t) for t in terms)
    # The whole name: "AWS Certified Solutions Architect" is not "AWS Certified ...".
    return re.compile(
        rf"(?<![\w])(?:{alternation})(?:\s?\(K\))?(?:\s+(?:[A-Z][\w&-]*|Level\s+\d+|\d+)){{0,4}}"
        r"(?![\w])"
    )


def awards(text: str) -> Found:
    found: Found = []
    if not _AWARD_HINT.search(text):
        return found
    for match in _AWARD.finditer(text):
        name = _AWARD_LEAD.sub("", match.group(0)).strip()
        if len(name.split()) >= 2:
            found.append(("award", name, match.span()))
    return found


def licences(text: str) -> Found:
    found: Found = []
    if not _LICENCE_HINT.search(text):
        return found
    for match in _LICENCE.finditer(text):
        words = match.group(1).split()
        while words and words[0].lower() in _LICENCE_LEAD:
            words = words[1:]
        if words:  # "a licence" alone names nothing to check
            name = " ".join([*words, match.group(0)[len(match.group(1)) :]])
            found.append(("licence", name, match.span()))
    return found


def certifications(text: str) -> Found:
    spans: list[Span] = []
    found: Found = []
    for pattern in (_certification_pattern(), _CERTIFIED):
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in spans):
                continue
            spans.append(match.span())
            found.append(("certification", match.group(0).strip(), match.span()))
    return found


def languages(text: str) -> Found:
    if not _LANGUAGE_CUE.search(text):
        return []
    return [("language", m.group(1), m.span()) for m in _language_pattern().finditer(text)]


def skills_by_cue(text: str) -> Found:
    """Tools and methods named after "skilled in", "proficient in", "experience with"...

    Only names (capitalised or with digits: "Oracle SCM", "DHIS2"): a lowercase phrase
    after such words is as often a duty as a skill.
    """
    found: Found = []
    for match in _SKILL_CUE.finditer(text):
        start = match.start(1)
        for part in re.split(r",\s*|\s+and\s+|\s+or\s+", match.group(1)):
            name = _leading_name(part)
            offset = text.find(name, start) if name else -1
            if offset < 0:
                continue
            start = offset + len(name)
            if name[0].isupper() or any(c.isdigit() for c in name):
                found.append(("skill", name, (offset, start)))
    return found


def _is_name_word(word: str) -> bool:
    return word[0].isupper() or any(c.isdigit() for c in word)


def _leading_name(part: str) -> str:
    """The name a cue phrase starts with: "IFRS is practical" names "IFRS" alone."""
    words = part.split()
    if not words:
        return ""
    return " ".join([words[0], *takewhile(_is_name_word, words[1:])])


def is_degree_abbreviation(token: str) -> bool:
    """Whether a written token is a degree's abbreviation in the lexicon ("BCom", "M.Ed")."""
    long = lexicon().acronyms.get(token.lower().rstrip("."), ())
    heads = {"bachelor", "master", "doctor", "diploma", "certificate"}
    return bool(heads & set(long)) and any(c.isupper() for c in token)
