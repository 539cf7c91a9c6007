"""The frame of a Kenyan formal letter around its body.

Sender block (name, town, e-mail, phone), date, addressee block (the reader, the
employer and its location, from the job), salutation, the "RE:" line, and a closing
that matches the salutation. Everything is a profile or job field, or a layout word
from the templates; the date is the day the letter is written.
"""

import re
from dataclasses import dataclass
from datetime import date

from kazi.documents.builtin.letter_templates import LetterLanguage, LetterPhrases
from kazi.documents.builtin.wording import frozen_words
from kazi.documents.render import MONTHS
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

# "Applications addressed to Ms Jane Wanjiru, ..." names the reader of the letter.
_NAME_WORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_NAMED_READER = re.compile(
    rf"\b(Mr|Mrs|Ms|Miss|Dr|Prof|Eng|CPA)\.?\s+((?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})"
)
# Words that end a name: "Ms Jane Wanjiru Human Resources Manager" names Jane Wanjiru.
_NOT_NAMES = frozen_words(
    """human resources manager director officer head hr recruitment department the at of
    and for chief senior principal secretary registrar county"""
)
_SWAHILI_HONORIFICS = {
    "Mr": "Bw.",
    "Mrs": "Bi.",
    "Ms": "Bi.",
    "Miss": "Bi.",
    "Dr": "Dkt.",
    "Prof": "Prof.",
    "Eng": "Mhandisi",
    "CPA": "CPA",
}


_DATE_LINE = re.compile(
    rf"^[ \t]*\d{{1,2}} (?:{'|'.join(MONTHS['en'] + MONTHS['sw'])}) \d{{4}}[ \t]*$", re.M
)


@dataclass(frozen=True)
class Reader:
    honorific: str
    name: str  # as the posting writes it: "Jane Wanjiru"

    def full(self, language: LetterLanguage) -> str:
        return f"{self.title(language)} {self.name}"

    def title(self, language: LetterLanguage) -> str:
        if language is LetterLanguage.SWAHILI:
            return _SWAHILI_HONORIFICS[self.honorific]
        return self.honorific

    def formal(self, language: LetterLanguage) -> str:
        """ "Ms Wanjiru": honorific and surname, as a salutation uses them."""
        return f"{self.title(language)} {self.name.split()[-1]}"


def named_reader(job: JobData | None) -> Reader | None:
    """The person the posting asks applications to be addressed to, if it names one."""
    instructions = job.how_to_apply.instructions if job and job.how_to_apply else None
    found = _NAMED_READER.search(instructions or "")
    if not found:
        return None
    words = found.group(2).split()
    cut = next((i for i, w in enumerate(words) if w.lower() in _NOT_NAMES), len(words))
    return Reader(found.group(1), " ".join(words[:cut])) if cut else None


def letter_date(today: date, language: LetterLanguage) -> str:
    """ "4 December 2026", or "4 Desemba 2026" in Kiswahili."""
    return f"{today.day} {MONTHS[language.value][today.month - 1]} {today.year}"


def without_date_line(letter: str) -> str:
    """The letter without its date line, for the fact checker.

    The date is the day of writing, set by code: it claims nothing about the candidate,
    while the checker would look for its month and year in the profile.
    """
    return _DATE_LINE.sub("", letter, count=1)


def sender_block(profile: Profile) -> str:
    basics = profile.basics
    location = basics.location
    town = ", ".join(p for p in (location.city, location.region) if p) if location else ""
    lines = [basics.name, town, str(basics.email) if basics.email else "", basics.phone or ""]
    return "\n".join(line for line in lines if line)


def addressee_block(
    phrases: LetterPhrases, job: JobData | None, reader: Reader | None, language: LetterLanguage
) -> str:
    lines = [reader.full(language) if reader else phrases.addressee]
    if job:
        lines += [part for part in (job.company, job.location) if part]
    return "\n".join(lines)


def re_line(phrases: LetterPhrases, job: JobData | None) -> str:
    title = job.title.strip() if job and job.title else ""
    line = phrases.re_line.format(title=title.upper()) if title else phrases.re_line_untitled
    return f"**{line}**"


def salutation_and_closing(
    phrases: LetterPhrases, reader: Reader | None, language: LetterLanguage
) -> tuple[str, str]:
    """ "Dear Sir/Madam," with "Yours faithfully,"; a named reader with "Yours sincerely,"."""
    if reader is None:
        return phrases.salutation_general, phrases.closing_general
    return phrases.salutation_named.format(name=reader.formal(language)), phrases.closing_named
