"""The interface's languages: English (the catalogue's source) and Kiswahili.

Every string of the app is a gettext message. The Kiswahili catalogue is
`locale/sw/LC_MESSAGES/messages.po`, compiled to the `.mo` beside it by `scripts/i18n`
(a test checks that the compiled file matches its source and covers every message).
"""

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

from fastapi import Request

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"en": "English", "sw": "Kiswahili"}
DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "kazi_lang"
DOMAIN = "messages"


@cache
def translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def language_of(request: Request) -> str:
    """The visitor's choice (a cookie), else Kiswahili when the browser asks for it."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    accepted = request.headers.get("accept-language", "").lower()
    return "sw" if accepted.startswith("sw") else DEFAULT_LANGUAGE


def gettext_for(request: Request) -> Callable[[str], str]:
    return translations(language_of(request)).gettext


def N_(message: str) -> str:  # gettext's conventional name for a marker
    """Marks a message for the catalogue where it is defined; it is translated where shown."""
    return message
