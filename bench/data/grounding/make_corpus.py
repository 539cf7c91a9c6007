"""Writes corpus.jsonl: faithful documents for each person in `people.py`, and copies with
one invented claim planted in each, labelled with its class and the false part.

Five faithful documents per person: a Markdown CV, a plain-text CV (no Markdown at all),
a JSON Resume, an English cover letter and a Kiswahili one. Layouts alternate between
people so that no two read alike. Run: python bench/data/grounding/make_corpus.py
"""

import copy
import json
import re
from pathlib import Path
from typing import Any

from people import P

HERE = Path(__file__).parent
Doc = dict[str, Any]


def _false_part(old: str, new: str) -> str:
    """The words of `new` that differ from `old` (common leading/trailing words dropped)."""
    a, b = old.split(" "), new.split(" ")
    while a and b and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    return " ".join(b).strip("#* ") or new


def _marked(text: str) -> tuple[str, str]:
    """Text with its [false part] marks removed, and that part (the whole text if unmarked)."""
    found = re.search(r"\[([^\]]+)\]", text)
    return text.replace("[", "").replace("]", ""), (found.group(1) if found else text)


def _markdown_cv(say: Doc, basics: Doc, variant: int) -> str:
    contact = f"{basics['email']} | {basics['phone']} | {basics['location']['city']}"
    out = [f"# {basics['name']}", contact, "", "## Profile" if variant else "## Summary"]
    out += [" ".join([say["summary"], *say.get("extra_summary", [])]), "", "## Work Experience"]
    for (title, employer, start, end), highlights in zip(
        say["jobs"], say["highlights"], strict=True
    ):
        if variant:
            out += [f"### {title} — {employer}", f"*{start} – {end}*"]
        else:
            out += [f"### {title} — {employer}", f"{start} - {end}"]
        out += [f"- {h}" for h in highlights] + [""]
    degree, school, start, end, score = say["education"]
    when = f"{start}–{end}" if start else end
    out += ["## Education", f"**{degree}**, {school} ({when})" + (f", {score}" if score else "")]
    out += [f"- {extra}" for extra in say.get("extra_education", [])]
    if say["certs"]:
        out += ["", "## Certifications", *[f"- {c}" for c in say["certs"]]]
    out += ["", "## Skills"]
    out += [", ".join(say["skills"])] if variant else [f"- {s}" for s in say["skills"]]
    out += ["", "## Languages", ", ".join(say["languages"])]
    return "\n".join(out) + "\n"


def _text_cv(say: Doc, basics: Doc, variant: int) -> str:
    out = [basics["name"].upper(), f"Email: {basics['email']}", f"Tel: {basics['phone']}", ""]
    out += ["PROFESSIONAL SUMMARY" if variant else "Career Objective"]
    out += [" ".join([say["summary"], *say.get("extra_summary", [])]), ""]
    out += ["WORK EXPERIENCE" if variant else "Employment History:"]
    for (title, employer, start, end), highlights in zip(
        say["jobs"], say["highlights"], strict=True
    ):
        if variant:
            out += [f"{title}, {employer}    {start} - {end}"]
        else:
            out += [employer, f"{title} | {start} to {end}"]
        out += [f"  • {h}" for h in highlights] + [""]
    degree, school, start, end, score = say["education"]
    out += ["EDUCATION" if variant else "Academic Qualifications:"]
    out += [f"{end}  {degree} - {school}" + (f" ({score})" if score else "")]
    out += [f"  {extra}" for extra in say.get("extra_education", [])]
    if say["certs"]:
        out += ["", "CERTIFICATIONS" if variant else "Professional Certifications:"]
        out += [f"  {c}" for c in say["certs"]]
    out += ["", "SKILLS" if variant else "Key Skills:", ", ".join(say["skills"])]
    out += ["", "LANGUAGES" if variant else "Languages:", ", ".join(say["languages"])]
    return "\n".join(out) + "\n"


def _letter(say: Doc, basics: Doc, job: Doc) -> str:
    degree, school = say["education"][0], say["education"][1]
    body = " ".join([say["letter_claim"], *say.get("extra_summary", [])])
    return (
        "Dear Hiring Manager,\n\n"
        f"I am writing to apply for the {job['title']} position at {job['company']}. "
        f"I would be glad to contribute to {say['department']}.\n\n"
        f"{body}\n\n"
        f"I hold a {degree} from {school}, and I would welcome the chance to discuss how I "
        "can help your team.\n\n"
        f"Yours sincerely,\n{basics['name']}\n"
    )


def _letter_sw(say: Doc, basics: Doc, job: Doc) -> str:
    degree, school = say["education"][0], say["education"][1]
    return (
        "Ndugu Meneja wa Uajiri,\n\n"
        f"YAH: OMBI LA NAFASI YA {job['title'].upper()}\n\n"
        f"Ninaomba nafasi ya {job['title']} katika {job['company']}. "
        f"{say['letter_claim_sw']}\n\n"
        f"Nina {degree} kutoka {school}. Ninazungumza Kiswahili na Kiingereza kwa ufasaha.\n\n"
        f"Wako mwaminifu,\n{basics['name']}\n"
    )


def _json_resume(say: Doc, profile: Doc) -> Doc:
    """The profile as a CV, in the person's own words where JSON Resume allows."""
    doc = copy.deepcopy(profile)
    for work, (title, employer, _, _), highlights in zip(
        doc["work"], say["jobs"], say["highlights"], strict=True
    ):
        work.update(name=employer.split(",")[0], position=title, highlights=highlights)
    doc["education"][0]["institution"] = say["education"][1]
    doc["skills"] = [{"name": s} for s in say["skills"]]
    doc["languages"] = [{"language": lang} for lang in say["languages"]]
    doc["basics"]["summary"] = say["summary"]
    return doc


def _apply_to_say(say: Doc, op: tuple[Any, ...]) -> tuple[Doc, str] | None:
    say = copy.deepcopy(say)
    if op[0] == "hl":
        text, false = _marked(op[2])
        say["highlights"][op[1]].append(text)
    elif op[0] == "sum":
        text, false = _marked(op[1])
        say.setdefault("extra_summary", []).append(text)
    elif op[0] == "list":
        text, false = _marked(op[2])
        key = {"education": "extra_education"}.get(op[1], op[1])
        say.setdefault(key, []).append(text)
    else:
        return None
    return say, false


def _apply_to_json(doc: Doc, op: tuple[Any, ...]) -> tuple[Doc, str]:
    doc = copy.deepcopy(doc)
    if op[0] == "list":
        field = {"skills": "name", "certificates": "name", "languages": "language"}[op[1]]
        doc[op[1]].append({field: op[2]})
        return doc, op[2]
    if op[0] == "sub":
        dumped = json.dumps(doc, ensure_ascii=False)
        assert op[1] in dumped, op
        return json.loads(dumped.replace(op[1], op[2], 1)), _false_part(op[1], op[2])
    section, field = {
        "work_name": ("work", "name"),
        "work_position": ("work", "position"),
        "edu_type": ("education", "studyType"),
    }[op[0]]
    index = min(op[1], len(doc[section]) - 1)
    doc[section][index][field] = op[2]
    return doc, op[2]


RENDER = {
    "md": lambda say, person, v: _markdown_cv(say, person["profile"]["basics"], v),
    "txt": lambda say, person, v: _text_cv(say, person["profile"]["basics"], v),
    "letter": lambda say, person, v: _letter(say, person["profile"]["basics"], person["job"]),
    "letter_sw": lambda say, person, v: _letter_sw(say, person["profile"]["basics"], person["job"]),
}
KIND = {
    "md": "cv",
    "txt": "cv",
    "json": "cv",
    "letter": "cover_letter",
    "letter_sw": "cover_letter",
}


def _faithful(person: Doc, variant: int) -> dict[str, Any]:
    say = person["say"]
    docs: dict[str, Any] = {fmt: render(say, person, variant) for fmt, render in RENDER.items()}
    docs["json"] = _json_resume(say, person["profile"])
    return docs


def _fabricated(person: Doc, variant: int, fake: tuple[Any, ...]) -> tuple[Any, str]:
    _, fmt, op = fake
    if fmt == "json":
        return _apply_to_json(_faithful(person, variant)["json"], op)
    applied = _apply_to_say(person["say"], op)
    if applied is not None:
        say, false = applied
        return RENDER[fmt](say, person, variant), false
    text = _faithful(person, variant)[fmt]
    assert op[1] in text, (person["id"], op)
    return text.replace(op[1], op[2], 1), _false_part(op[1], op[2])


def records() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for variant, person in enumerate(P):
        variant %= 2
        base = {"person": person["id"], "profile": person["profile"], "job": person["job"]}
        for fmt, doc in _faithful(person, variant).items():
            out.append(
                base
                | {
                    "id": f"{person['id']}/{fmt}",
                    "format": fmt,
                    "kind": KIND[fmt],
                    "language": "sw" if fmt == "letter_sw" else "en",
                    "document": doc,
                    "fabrications": [],
                }
            )
        for n, fake in enumerate(person["fakes"]):
            doc, false = _fabricated(person, variant, fake)
            out.append(
                base
                | {
                    "id": f"{person['id']}/fake{n:02d}-{fake[0]}",
                    "format": fake[1],
                    "kind": KIND[fake[1]],
                    "language": "en",
                    "document": doc,
                    "fabrications": [{"class": fake[0], "false": false}],
                }
            )
    return out


if __name__ == "__main__":
    rows = records()
    with (HERE / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} documents, {sum(len(r['fabrications']) for r in rows)} fabrications")
