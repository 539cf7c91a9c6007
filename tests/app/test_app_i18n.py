"""Every string of the app is in the one catalogue, translated, and compiled as committed."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from kazi.app import i18n

APP_DIR = Path(i18n.__file__).parent
CATALOGUE = i18n.LOCALE_DIR / "sw" / "LC_MESSAGES"


def _source_messages() -> set[str]:
    method_map, options_map = parse_mapping_cfg((APP_DIR / "babel.cfg").open())
    keywords = {"_": None, "gettext": None, "N_": None}
    found = extract_from_dir(str(APP_DIR), method_map, options_map, keywords=keywords)
    return {message for _file, _line, message, _comments, _context in found}


def test_every_message_of_the_app_is_translated() -> None:
    catalogue = read_po((CATALOGUE / "messages.po").open("rb"))
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    messages = _source_messages()
    assert len(messages) > 30
    assert messages - translated == set(), "run scripts/i18n and translate the new messages"


def test_the_compiled_catalogue_matches_its_source() -> None:
    source = read_po((CATALOGUE / "messages.po").open("rb"))
    compiled = read_mo((CATALOGUE / "messages.mo").open("rb"))
    expected = {m.id: m.string for m in source if m.id and not m.fuzzy}
    assert {m.id: m.string for m in compiled if m.id} == expected, "run scripts/i18n"


def test_placeholders_survive_translation() -> None:
    catalogue = read_po((CATALOGUE / "messages.po").open("rb"))
    for message in catalogue:
        if message.id and "{" in str(message.id):
            names = sorted(part.split("}")[0] for part in str(message.id).split("{")[1:])
            assert names == sorted(p.split("}")[0] for p in str(message.string).split("{")[1:])
