"""Sentence patterns for the built-in Kiswahili cover letter, by tone.

The frame is that of a Kenyan formal letter in Kiswahili: the addressee "Meneja wa
Uajiri", the subject line "KUH: OMBI LA NAFASI YA ...", "Ndugu Bwana/Bibi," closed by
"Wako mwaminifu," and, for a reader the posting names, "Mpendwa ..." closed by "Wako kwa
dhati,". Like the English patterns, these hold no facts: every placeholder is filled
from the profile or the job. A Kiswahili letter cannot quote the profile's English
results, so its proofs name the role, its period and the job's skill it used, and say
that the results carry figures only when the profile's own results do.
"""

from dataclasses import dataclass, replace

from kazi.documents.builtin.letter_templates import LetterPhrases, Tone


@dataclass(frozen=True)
class SwahiliWords:
    """The Kiswahili letter's own sentences, beside the shared `LetterPhrases`."""

    where_now: str  # {position} {employer} {start}: the current role
    where_last: str  # {position} {employer}: the latest role, now ended
    reason: str  # {skills}: why this role, by the skills it asks for that the profile has
    reason_without_skills: str
    used_now: str  # "have used", of the current role
    used_then: str  # "used", of a role that has ended
    proof_relevant: str  # {position} {employer} {period}: a role whose work fits the job
    proofs_tail: str  # ends the paragraph of proofs
    with_figures: tuple[str, ...]  # after a proof whose role has results with figures
    without_figures: tuple[str, ...]  # after a proof whose role lists its results
    years_met: str  # {years}: the experience the posting asks for
    lives_there: str  # {city}: the candidate lives where the job is
    contact_both: str  # {phone} {email}
    contact_phone: str  # {phone}
    contact_email: str  # {email}


_FORMAL = LetterPhrases(
    addressee="Meneja wa Uajiri",
    re_line="KUH: OMBI LA NAFASI YA {title}",
    re_line_untitled="KUH: OMBI LA KAZI",
    salutation_general="Ndugu Bwana/Bibi,",
    closing_general="Wako mwaminifu,",
    salutation_named="Mpendwa {name},",
    closing_named="Wako kwa dhati,",
    opening="Kwa heshima, ninaandika barua hii kuomba {role} katika {company}.",
    role="nafasi ya {title}",
    no_title_role="nafasi inayofaa",
    no_company="taasisi yenu",
    why="Nina uzoefu wa kazi wa {years}{where}. Ningefurahi kuleta uzoefu huu katika {company}.",
    why_without_years="Ningefurahi kuleta uzoefu wangu katika {company}{where}.",
    where="",
    proof_for_skill=(  # {used}: "nimetumia" in the current role, "nilitumia" in a past one
        "Katika kazi yangu kama {position} katika {employer}{period}, {used} ujuzi wa "
        "{skill} moja kwa moja.",
        "Pia {used} ujuzi wa {skill} katika kazi yangu kama {position} katika {employer}{period}.",
        "Aidha, {used} ujuzi wa {skill} nikiwa {position} katika {employer}{period}.",
    ),
    proof="Nimefanya kazi kama {position} katika {employer}{period}.",
    proof_same_role="",
    proof_earlier="Kabla ya hapo, nilifanya kazi kama {position} katika {employer}{period}.",
    since=" tangu mwaka {start}",
    between=" kuanzia mwaka {start} hadi {end}",
    proofs_lead="Rekodi yangu ya kazi inaonyesha kwamba ninaweza kutimiza mahitaji ya nafasi hii.",
    held="Nina {items}.",
    held_tail="Sifa hizi zinakidhi mahitaji yaliyotajwa katika tangazo lenu.",
    member="Mimi ni mwanachama wa {bodies}.",
    more_skills="Ujuzi wangu mwingine unaohusiana na nafasi hii ni pamoja na {skills}.",
    languages="Ninazungumza {languages}.",
    availability="Niko tayari kuanza kazi katika tarehe itakayowafaa, na ningefurahi "
    "kuhudhuria usaili wakati wowote mtakaponiita.",
    enclosed="Nimeambatisha wasifu wangu pamoja na mawasiliano ya wadhamini wangu kwa ajili "
    "ya kuzingatiwa.",
    enclosed_without_referees="Nimeambatisha wasifu wangu kwa ajili ya kuzingatiwa.",
    closing="Nina imani kwamba uzoefu na sifa zangu zitaongeza thamani katika timu yenu. "
    "Asante kwa kuzingatia ombi langu, na natarajia kusikia kutoka kwenu.",
    conjunction="na",
    proofs=3,
)

_WORDS = SwahiliWords(
    where_now=", na kwa sasa ninafanya kazi kama {position} katika {employer}{start}",
    where_last=", na kazi yangu ya hivi karibuni ilikuwa {position} katika {employer}",
    reason="Nafasi hii inanivutia kwa sababu inahitaji ujuzi wa {skills}, ujuzi ambao tayari "
    "ninao na ambao ningependa kuuendeleza katika {company}.",
    reason_without_skills="Nafasi hii ni hatua inayofuata katika kazi yangu, na inahitaji "
    "aina ya kazi ninayoiweza vizuri zaidi.",
    used_now="nimetumia",
    used_then="nilitumia",
    proof_relevant="Kazi yangu kama {position} katika {employer}{period} inahusiana na "
    "majukumu ya nafasi hii.",
    proofs_tail="Uzoefu huu wa vitendo ndio msingi wa ombi langu la nafasi hii.",
    with_figures=(
        "Matokeo ya kazi hiyo yanapimika kwa takwimu, ambazo nimezieleza katika wasifu wangu.",
        "Katika kazi hiyo pia nilipata matokeo yanayoweza kupimwa kwa takwimu.",
        "Hata hapo, matokeo yangu yanaonyeshwa kwa takwimu katika wasifu wangu.",
    ),
    without_figures=(
        "Majukumu na mafanikio ya kazi hiyo yameelezwa kwa kina katika wasifu wangu.",
        "Mafanikio yangu katika kazi hiyo yameorodheshwa katika wasifu wangu.",
        "Wasifu wangu unaeleza pia majukumu niliyoyatekeleza huko.",
    ),
    years_met="Vilevile, uzoefu wangu wa {years} unatosheleza kiwango cha uzoefu kinachotakiwa "
    "kwa nafasi hii.",
    lives_there="Ninaishi {city}, hivyo ninaweza kuanza kazi bila kuhitaji kuhamia.",
    contact_both="Mnaweza kuwasiliana nami kupitia simu nambari {phone} au barua pepe {email}.",
    contact_phone="Mnaweza kuwasiliana nami kupitia simu nambari {phone}.",
    contact_email="Mnaweza kuwasiliana nami kupitia barua pepe {email}.",
)

SWAHILI_PHRASES: dict[Tone, LetterPhrases] = {
    Tone.FORMAL: _FORMAL,
    Tone.WARM: replace(
        _FORMAL,
        opening="Nilifurahi sana kuona tangazo la {role} katika {company}, na ningependa "
        "ombi langu lizingatiwe.",
        why="Kazi hii inaunganisha kazi ninayoipenda zaidi na uzoefu wa kazi wa {years} "
        "nilioujenga{where}. Ningependa sana kuleta uzoefu huo katika {company}.",
        why_without_years="Kazi hii inaunganisha kazi ninayoipenda zaidi na uzoefu "
        "nilioujenga{where}. Ningependa sana kuleta uzoefu huo katika {company}.",
        closing="Ninafurahia mchango ambao ningeweza kuutoa katika timu yenu. Asante kwa "
        "kusoma ombi langu; ningefurahi kuzungumza nanyi kuhusu jinsi ninavyoweza kusaidia "
        "kazi yenu, na natarajia kusikia kutoka kwenu.",
    ),
    Tone.CONFIDENT: replace(
        _FORMAL,
        opening="Ninaomba {role} katika {company}, na niko tayari kuchangia kuanzia siku ya "
        "kwanza.",
        why="Nina uzoefu wa kazi wa {years}{where}. Nafasi hii inahitaji kile hasa ambacho "
        "nimekuwa nikikitekeleza, na niko tayari kufanya vivyo hivyo katika {company}.",
        why_without_years="Nafasi hii inahitaji kile hasa ambacho nimekuwa nikikitekeleza"
        "{where}. Niko tayari kufanya vivyo hivyo katika {company}.",
        closing="Uzoefu na sifa zangu zinalingana na mahitaji ya nafasi hii, na nina uhakika "
        "kwamba nitaongeza thamani katika timu yenu tangu mwanzo. Natarajia fursa ya "
        "kuwaonyesha mchango wangu.",
    ),
    Tone.CONCISE: replace(
        _FORMAL,
        opening="Ninaomba {role} katika {company}.",
        why="Nina uzoefu wa kazi wa {years}{where}.",
        why_without_years="",
        enclosed="Nimeambatisha wasifu wangu.",
        enclosed_without_referees="Nimeambatisha wasifu wangu.",
        closing="Asante kwa kuzingatia ombi langu.",
        proofs=2,
    ),
}

SWAHILI_WORDS: dict[Tone, SwahiliWords] = {
    Tone.FORMAL: _WORDS,
    Tone.WARM: replace(
        _WORDS,
        reason="Ninavutiwa hasa na nafasi hii kwa sababu inahitaji ujuzi wa {skills}, "
        "ujuzi ambao ninafurahia kuutumia kazini.",
    ),
    Tone.CONFIDENT: replace(
        _WORDS,
        reason="Nafasi hii inahitaji ujuzi wa {skills}, na ujuzi huo tayari ninao; "
        "nitautumia kikamilifu katika {company}.",
    ),
    Tone.CONCISE: replace(
        _WORDS,
        reason="",
        reason_without_skills="",
        proofs_tail="",
        with_figures=("",),
        without_figures=("",),
        lives_there="",
        contact_both="",
        contact_phone="",
        contact_email="",
    ),
}

# Kiswahili names of languages a profile may list in English; others stay as written.
SWAHILI_LANGUAGE_NAMES = {
    "english": "Kiingereza",
    "swahili": "Kiswahili",
    "french": "Kifaransa",
    "arabic": "Kiarabu",
    "german": "Kijerumani",
    "spanish": "Kihispania",
    "chinese": "Kichina",
    "somali": "Kisomali",
}
