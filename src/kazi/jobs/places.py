"""Kenyan and East African place names, to find where a pasted ad's job is.

Ads forwarded on WhatsApp or Telegram rarely label the place; they say
"warehouse in Ruiru" or "Sunset Bay Hotel, Diani". Knowing the towns, counties
and Nairobi estates people write lets the place be read without a model.
"""

import re

_PLACES = (
    # Counties and their main towns.
    "Nairobi Mombasa Kisumu Nakuru Eldoret Thika Malindi Kitale Garissa Kakamega Nyeri Machakos"
    " Meru Embu Kericho Kisii Naivasha Nanyuki Kitui Makueni Kajiado Kiambu Murang'a Kirinyaga"
    " Nyandarua Laikipia Narok Bomet Nandi Vihiga Bungoma Busia Siaya Homa Bay Migori Nyamira"
    " Kilifi Kwale Lamu Taita Taveta Tana River Wajir Mandera Marsabit Isiolo Samburu Turkana"
    " West Pokot Baringo Elgeyo Marakwet Trans Nzoia Uasin Gishu Tharaka Nithi Lodwar Voi Diani"
    " Watamu Kilimani Westlands Karen Kileleshwa Lavington Parklands Upper Hill Ngong Rongai"
    " Kitengela Athi River Syokimau Mlolongo Ruiru Juja Githurai Kahawa West Kahawa Kasarani"
    " Roysambu Embakasi Industrial Area Gigiri Runda Eastleigh Kayole Umoja Donholm Buruburu"
    " South B South C Langata Kibera Dagoretti Kawangware Kikuyu Limuru Ruaka Kiserian Ongata"
    " Nyali Bamburi Likoni Mtwapa Kilimani Ruaraka CBD"
    # Neighbours.
    " Kampala Entebbe Dar es Salaam Arusha Dodoma Zanzibar Kigali Addis Ababa Juba Mogadishu"
    " Kenya Uganda Tanzania Rwanda Ethiopia Somalia Burundi"
)
# Multi-word names first, so "Kahawa West" wins over "Kahawa".
_MULTI_WORD = (
    "Homa Bay",
    "Taita Taveta",
    "Tana River",
    "West Pokot",
    "Elgeyo Marakwet",
    "Trans Nzoia",
    "Uasin Gishu",
    "Tharaka Nithi",
    "Upper Hill",
    "Athi River",
    "Kahawa West",
    "Industrial Area",
    "South B",
    "South C",
    "Dar es Salaam",
    "Addis Ababa",
)
_SINGLE = sorted(
    {name for name in _PLACES.split() if not any(name in multi for multi in _MULTI_WORD)}
)
_NAMES = sorted({*_MULTI_WORD, *_SINGLE}, key=len, reverse=True)
_NAME = "|".join(re.escape(name) for name in _NAMES)
# A place, optionally a number after it ("Githurai 45") and a wider place ("Westlands, Nairobi").
PLACE = re.compile(rf"\b(?:{_NAME})\b(?:\s+\d{{1,3}}\b)?(?:,\s*(?:{_NAME})\b)?")
# ISO codes JSON-LD gives for addressCountry, and the names they stand for.
COUNTRY_NAMES = {
    "KE": "Kenya",
    "KEN": "Kenya",
    "UG": "Uganda",
    "TZ": "Tanzania",
    "RW": "Rwanda",
    "ET": "Ethiopia",
    "SO": "Somalia",
    "SS": "South Sudan",
    "BI": "Burundi",
    "CD": "DR Congo",
    "NG": "Nigeria",
    "ZA": "South Africa",
    "GH": "Ghana",
    "US": "United States",
    "GB": "United Kingdom",
    "FR": "France",
}
# Country names, to recognise an address written country first.
COUNTRY_WORDS = frozenset(
    name.lower()
    for name in (
        *COUNTRY_NAMES.values(),
        "India",
        "Pakistan",
        "Bangladesh",
        "Egypt",
        "Morocco",
        "Zambia",
        "Zimbabwe",
        "Malawi",
        "Mozambique",
        "Cameroon",
        "Senegal",
        "Canada",
        "Germany",
        "Netherlands",
        "Belgium",
        "China",
        "Japan",
    )
)


def find_place(text: str) -> str | None:
    """The first known place written in text, with the wider place after it if any."""
    match = PLACE.search(text)
    return match.group(0) if match else None


def is_place(text: str) -> bool:
    return PLACE.fullmatch(text.strip()) is not None
