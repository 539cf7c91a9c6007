"""Terms a pasted ad states: pay, deadline, how to apply, employment type, remote.

Kenyan ads write pay as "Ksh 35K - 45K gross", "18,000/= per month" or "Mshahara
... kwa mwezi", and deadlines as "15th Jan" or "Mwisho wa kutuma: 30/01".
"""

import re
from datetime import date

from kazi.jobs.apply_links import EMAIL
from kazi.jobs.labels import REMOTE_WORDS
from kazi.jobs.posting import EmploymentType, HowToApply, Salary
from kazi.jobs.values import employment_type_from, find_date, find_day_month, find_salary

_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;!?]")
_APPLY_WORDS = re.compile(r"\b(?:apply|application|submit|tuma|omba)", re.IGNORECASE)
_CHAT_LINKS = re.compile(r"//(?:t\.me|wa\.me|chat\.whatsapp\.com|(?:www\.)?facebook\.com)/")
_LIKELY_APPLY_URL = re.compile(
    r"greenhouse|lever\.co|workable|ashbyhq|myworkdayjobs|forms\.gle|docs\.google\.com/forms"
    r"|/careers?\b|/jobs?\b|/vacanc|/apply",
    re.IGNORECASE,
)
NOT_JOB_SIGNALS = re.compile(
    r"\b(?:career fair|job fair|expo|public notice|fraudsters?|fake jobs?|will be closed"
    r"|merry christmas|happy new year|classes|course|tuition|fees?|intake|enrol\w*"
    r"|register (?:at|now|here)|webinar|mkutano|chama|michango|scholarships?)\b",
    re.IGNORECASE,
)
_SALARY_LINE = re.compile(r"salary|mshahara|\bpay\b|stipend|malipo|posho|💰|💵", re.IGNORECASE)
_DEADLINE_LINE = re.compile(
    r"deadline|clos(?:e|es|ed|ing)|apply by|\bby\b|before|not later than|mwisho|kabla ya"
    r"|ifikapo",
    re.IGNORECASE,
)
_STRICT_EMPLOYMENT = re.compile(
    r"\b(?:full[\s-]?time|part[\s-]?time|internship|intern|contract|consultancy|casual"
    r"|permanent|temporary|volunteer|kudumu|mkataba|kibarua)\b",
    re.IGNORECASE,
)
_ON_SITE = re.compile(r"\b(?:hybrid|on[\s-]?site|in[\s-]office|ofisini)\b", re.IGNORECASE)


def find_paste_salary(lines: list[str]) -> Salary | None:
    hinted = [line for line in lines if _SALARY_LINE.search(line)]
    others = [line for line in lines if line not in hinted and not NOT_JOB_SIGNALS.search(line)]
    for line in hinted + others:
        salary = find_salary(line)
        if salary is not None:
            return salary
    return None


def find_paste_deadline(lines: list[str]) -> date | None:
    for line in lines:
        if _DEADLINE_LINE.search(line) and not re.search(r"posted|published", line, re.I):
            found = find_date(line) or find_day_month(line)
            if found is not None:
                return found
    return None


def find_paste_apply(body: list[str]) -> HowToApply | None:
    """The apply link (on a line about applying, else a careers or ATS address) and e-mail;
    body is the paste without its forward headers."""
    emails = [email for line in body for email in EMAIL.findall(line)]
    urls = [
        (line, url) for line in body for url in _URL.findall(line) if not _CHAT_LINKS.search(url)
    ]
    url = next((url for line, url in urls if _APPLY_WORDS.search(line)), None)
    url = url or next((url for _, url in urls if _LIKELY_APPLY_URL.search(url)), None)
    if not (url or emails):
        return None
    return HowToApply(url=url, email=emails[0] if emails else None)


def find_paste_employment(lines: list[str]) -> EmploymentType | None:
    for line in lines:
        match = _STRICT_EMPLOYMENT.search(line)
        if match:
            return employment_type_from(match.group(0))
    return None


def find_paste_remote(text: str) -> bool | None:
    if _ON_SITE.search(text):
        return False
    return True if REMOTE_WORDS.search(text) else None
