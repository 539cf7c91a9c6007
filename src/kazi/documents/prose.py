"""The JSON schema a routed model writes a cover letter's prose in."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ProofParagraph(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requirement: int = Field(description="The `index` of the met requirement it proves")
    text: str = Field(description="One paragraph of whole sentences")


class LetterProse(BaseModel):
    """The prose of a cover letter, without its layout."""

    model_config = ConfigDict(extra="forbid")

    opening: str = Field(description="Why this role: the paragraph that opens the letter")
    proofs: list[ProofParagraph] = Field(
        min_length=2, max_length=3, description="Two or three proofs from the profile"
    )
    closing: str = Field(description="The met must-haves not yet named, and availability")

    def paragraphs(self) -> list[str]:
        return tidy([self.opening, *(proof.text for proof in self.proofs), self.closing])


def tidy(paragraphs: list[str]) -> list[str]:
    """Each paragraph on one line, empty ones dropped."""
    return [text for text in (" ".join(p.split()) for p in paragraphs) if text]


def letter_prose_schema() -> dict[str, Any]:
    return LetterProse.model_json_schema()
