"""Word lists the fact checker relies on.

They are deliberately small: each list only has to recognise that a phrase is a
claim of some kind; whether the claim is true is decided against the profile.
"""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Nouns that end a job title ("Senior Accountant", "Head of Finance").
TITLE_NOUNS: frozenset[str] = _word_set(
    """accountant administrator advocate agent analyst architect assistant associate
    auditor cashier clerk consultant controller coordinator designer developer director
    economist editor engineer executive head intern lead lecturer manager nurse officer
    partner planner programmer representative researcher scientist secretary specialist strategist
    supervisor teacher technician trainer tutor writer"""
)

# Words that mark a capitalised phrase as an organisation even without "at"/"with".
ORG_MARKERS: frozenset[str] = _word_set(
    """agency authority bank board college commission company corporation council foundation
    group holdings hospital institute limited ltd ministry plc sacco school solutions
    technologies trust university"""
)

# Legal and geographic tails dropped before comparing organisation names.
ORG_NAME_TAILS: frozenset[str] = _word_set(
    "co company corporation group inc kenya limited llc ltd plc"
)

# First words shared by many organisations' names: they do not identify one.
GENERIC_NAME_WORDS: frozenset[str] = _word_set(
    """african american british central east eastern first general global international
    national new north northern royal south southern the united west western world"""
)

# Places are not employers: a CV may say "Nairobi" without it being a claim to check.
PLACE_NAMES: frozenset[str] = frozenset(
    {
        "addis ababa",
        "africa",
        "arusha",
        "dar es salaam",
        "east africa",
        "eldoret",
        "embu",
        "garissa",
        "hybrid",
        "kakamega",
        "kampala",
        "kenya",
        "kericho",
        "kiambu",
        "kigali",
        "kisumu",
        "machakos",
        "malindi",
        "meru",
        "mombasa",
        "nairobi",
        "naivasha",
        "nakuru",
        "nyeri",
        "remote",
        "rwanda",
        "tanzania",
        "thika",
        "uganda",
    }
)

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    # Swahili month names, for letters and CVs written in Swahili.
    "januari": 1,
    "februari": 2,
    "machi": 3,
    "aprili": 4,
    "mei": 5,
    "juni": 6,
    "julai": 7,
    "agosti": 8,
    "septemba": 9,
    "oktoba": 10,
    "novemba": 11,
    "desemba": 12,
}
_ENGLISH_MONTHS = list(MONTHS)[:12]
MONTH_ABBREVIATIONS: dict[str, int] = {name[:3]: MONTHS[name] for name in _ENGLISH_MONTHS} | {
    "sept": 9
}

# Past tenses that start CV bullets without "-ed" ("Led KCB's audit", "Ran ...").
IRREGULAR_VERBS: frozenset[str] = _word_set(
    """built drove grew cut got led made oversaw ran sold set taught took won wrote began
    brought bought built chose drew found gave held kept lent met paid put rose saw sent
    spent stood swam thought understood"""
)

# Capitalised words that start sentences or letters and never name an organisation.
NOT_ENTITIES: frozenset[str] = _word_set(
    """a an and as at best dear for from hadi i in kind many my our present regards sasa
    sincerely the their this these those thank to we with your yours current currently
    ndugu mpendwa"""
)

# Phrases a letter or CV may always use: they name the reader, not a fact about the user.
ALWAYS_ALLOWED: frozenset[str] = frozenset(
    {
        "hiring manager",
        "hiring team",
        "recruitment team",
        "recruiting team",
        "human resources",
        "hr manager",
        "talent acquisition team",
        "meneja wa uajiri",
        "present",
    }
)

# Hard skills common in Kenyan job adverts; job-specific terms are added per posting.
COMMON_SKILLS: tuple[str, ...] = (
    ".NET",
    "Accounting",
    "Android",
    "ArcGIS",
    "AutoCAD",
    "AWS",
    "Azure",
    "Bookkeeping",
    "C#",
    "C++",
    "CSS",
    "Django",
    "Docker",
    "Excel",
    "FastAPI",
    "Figma",
    "Flutter",
    "GIS",
    "Git",
    "Google Analytics",
    "HTML",
    "IFRS",
    "Illustrator",
    "Java",
    "JavaScript",
    "Kotlin",
    "Kubernetes",
    "Laravel",
    "Linux",
    "MySQL",
    "Node.js",
    "Pastel",
    "Photoshop",
    "PHP",
    "PostgreSQL",
    "Power BI",
    "PowerPoint",
    "Python",
    "QuickBooks",
    "React",
    "Sage",
    "Salesforce",
    "SAP",
    "SEO",
    "SPSS",
    "SQL",
    "Stata",
    "Tableau",
    "TypeScript",
)

# Abbreviations and their long forms; either form in the profile supports the other.
ALIASES: tuple[tuple[str, str], ...] = (
    ("bsc", "bachelor of science"),
    ("b.sc", "bachelor of science"),
    ("bcom", "bachelor of commerce"),
    ("b.com", "bachelor of commerce"),
    ("ba", "bachelor of arts"),
    ("b.a", "bachelor of arts"),
    ("bed", "bachelor of education"),
    ("b.ed", "bachelor of education"),
    ("beng", "bachelor of engineering"),
    ("llb", "bachelor of laws"),
    ("ll.b", "bachelor of laws"),
    ("bba", "bachelor of business administration"),
    ("bbit", "bachelor of business information technology"),
    ("mbchb", "bachelor of medicine and bachelor of surgery"),
    ("mba", "master of business administration"),
    ("msc", "master of science"),
    ("m.sc", "master of science"),
    ("ma", "master of arts"),
    ("meng", "master of engineering"),
    ("mphil", "master of philosophy"),
    ("llm", "master of laws"),
    ("phd", "doctor of philosophy"),
    ("ph.d", "doctor of philosophy"),
    ("doctorate", "doctor of philosophy"),
    ("masters", "master"),
    ("master's", "master"),
    ("bachelors", "bachelor"),
    ("bachelor's", "bachelor"),
    ("kcse", "kenya certificate of secondary education"),
    ("kcpe", "kenya certificate of primary education"),
    ("cpa", "certified public accountant"),
    ("cps", "certified public secretary"),
    ("cisa", "certified information systems auditor"),
    ("pmp", "project management professional"),
)

# Professional qualifications and bodies; matched case-sensitively as written.
CERTIFICATION_TERMS: tuple[str, ...] = (
    "ACCA",
    "ACFE",
    "AWS Certified",
    "CCNA",
    "CCNP",
    "CEH",
    "CFA",
    "CIArb",
    "CIMA",
    "CIPD",
    "CIPS",
    "CISA",
    "CISM",
    "CISSP",
    "CPA",
    "CPS",
    "Certified Public Accountant",
    "Certified Public Secretary",
    "CompTIA",
    "EBK",
    "ICPAK",
    "ICPSK",
    "IEK",
    "IHRM",
    "ITIL",
    "ISACA",
    "KISM",
    "LSK",
    "Microsoft Certified",
    "NCK",
    "PMP",
    "PRINCE2",
)

# Number words, so "a team of twelve" is checked like "a team of 12".
_UNITS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
    "sixteen seventeen eighteen nineteen",
)
_TENS = ("twenty thirty forty fifty sixty seventy eighty ninety",)
NUMBER_WORDS: dict[str, int] = (
    {word: n for n, word in enumerate(" ".join(_UNITS).split(), start=2)}
    | {word: 10 * n for n, word in enumerate(" ".join(_TENS).split(), start=2)}
    | {"hundred": 100, "nne": 4, "tano": 5, "sita": 6, "saba": 7, "nane": 8, "tisa": 9}
)
# Only number words before one of these nouns are treated as a claim.
COUNTED_NOUNS: frozenset[str] = _word_set(
    """agents branches clients counties countries customers developers employees engineers
    members months people projects schools staff students teams users volunteers years"""
)

# Capitalised words in requirements that are generic, not keywords worth covering.
GENERIC_REQUIREMENT_WORDS: frozenset[str] = _word_set(
    """ability degree diploma excellent experience good knowledge minimum must proficiency
    proven relevant strong understanding years bachelor bachelors master masters certificate
    candidate candidates applicants preferred required requirement requirements"""
)
