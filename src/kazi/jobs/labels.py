"""The words job pages use for their fields and sections, in English, Swahili and French.

Labels are compared after lower-casing, dropping a trailing colon and
collapsing spaces; see normalise_label.
"""

import re

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("job title", "position", "position title", "role", "cheo", "nafasi", "poste"),
    "company": (
        "company",
        "employer",
        "organisation",
        "organization",
        "hiring organisation",
        "hiring organization",
        "company name",
        "kampuni",
        "mwajiri",
        "entreprise",
        "employeur",
        "organisme",
    ),
    "location": (
        "location",
        "job location",
        "duty station",
        "work location",
        "city",
        "mahali",
        "mahali pa kazi",
        "eneo",
        "lieu",
        "lieu de travail",
        "localisation",
    ),
    "employment_type": (
        "job type",
        "employment type",
        "type of employment",
        "contract type",
        "nature of contract",
        "job nature",
        "aina ya kazi",
        "aina ya ajira",
        "type de contrat",
        "type d'emploi",
    ),
    "salary": (
        "salary",
        "salary range",
        "pay",
        "remuneration",
        "compensation",
        "mshahara",
        "salaire",
        "rémunération",
    ),
    "closing_date": (
        "deadline",
        "closing date",
        "application deadline",
        "apply by",
        "expires",
        "expiry date",
        "closes",
        "closes on",
        "application ends",
        "applications close",
        "tarehe ya mwisho",
        "mwisho wa kutuma maombi",
        "date limite",
        "date de clôture",
        "date limite de candidature",
    ),
    "date_posted": (
        "date posted",
        "posted",
        "posted on",
        "published",
        "published on",
        "imechapishwa",
        "tarehe ya kutangazwa",
        "date de publication",
        "publié le",
    ),
    "remote": ("work mode", "workplace", "workplace type", "work arrangement", "mode de travail"),
}

SECTION_LABELS: dict[str, tuple[str, ...]] = {
    "responsibilities": (
        "responsibilities",
        "key responsibilities",
        "duties",
        "duties and responsibilities",
        "key duties and responsibilities",
        "roles and responsibilities",
        "job responsibilities",
        "what you will do",
        "what you'll do",
        "the role",
        "majukumu",
        "majukumu makuu",
        "kazi za kufanya",
        "responsabilités",
        "missions",
        "vos missions",
        "principales responsabilités",
    ),
    "requirements": (
        "requirements",
        "job requirements",
        "key requirements",
        "qualifications",
        "minimum qualifications",
        "minimum requirements",
        "qualifications and experience",
        "academic qualifications",
        "what we are looking for",
        "what we're looking for",
        "who you are",
        "mahitaji",
        "sifa",
        "sifa za mwombaji",
        "sifa zinazohitajika",
        "profil recherché",
        "exigences",
        "qualifications requises",
        "profil",
    ),
    "skills": (
        "skills",
        "key skills",
        "job skills",
        "skills required",
        "required skills",
        "competencies",
        "key competencies",
        "ujuzi",
        "ujuzi unaohitajika",
        "compétences",
        "compétences requises",
    ),
    "benefits": (
        "benefits",
        "what we offer",
        "perks",
        "perks and benefits",
        "why join us",
        "faida",
        "marupurupu",
        "avantages",
        "nous offrons",
        "ce que nous offrons",
    ),
    "how_to_apply": (
        "how to apply",
        "application process",
        "application procedure",
        "method of application",
        "to apply",
        "jinsi ya kutuma maombi",
        "jinsi ya kuomba",
        "namna ya kuomba",
        "comment postuler",
        "modalités de candidature",
        "dossier de candidature",
    ),
}

# Sites whose og:site_name is the job board, not the employer.
JOB_BOARD_NAMES = frozenset(
    {"brightermonday", "fuzu", "myjobmag", "linkedin", "indeed", "glassdoor", "jobberman"}
)

REMOTE_WORDS = re.compile(
    r"\b(?:remote|work from home|kazi ya mbali|télétravail|teletravail)\b", re.I
)
ON_SITE_WORDS = re.compile(r"\b(?:on[\s-]?site|in[\s-]office|ofisini|sur site|présentiel)\b", re.I)

# Frequent short words, enough to tell English, Swahili and French apart.
LANGUAGE_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "and", "of", "to", "in", "for", "with", "is", "are", "you", "our"}),
    "sw": frozenset({"na", "ya", "wa", "kwa", "katika", "ni", "za", "cha", "kazi", "yako"}),
    "fr": frozenset({"le", "la", "les", "des", "et", "pour", "avec", "est", "vous", "dans"}),
}

APPLY_LINK_WORDS = re.compile(r"\b(?:apply|tuma ombi|omba kazi|postuler|candidater)\b", re.I)


def normalise_label(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").rstrip(" :：-–").split())


def _invert(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_label(label): name for name, labels in table.items() for label in labels}


FIELD_BY_LABEL = _invert(FIELD_LABELS)
SECTION_BY_LABEL = _invert(SECTION_LABELS)
