"""Markdown (a rendered CV or a cover letter) to PDF and DOCX bytes, in two designs.

Only the Markdown that Kazi writes is supported: "#" headings, "-" bullets, paragraphs
and **bold**. Both designs are one column of real text with no images, which is what
applicant tracking systems read best: `ats` is plain; `band` sets the header (a CV's
name, label and contacts, a letter's sender block) in white on a dark band across the
top of the first page. The band is a filled rectangle under ordinary text, so the text
stays selectable and reads back in order.

PDF text needs a Unicode TrueType font for characters outside Latin-1 (“ ” – — •, and
any name in another script). DejaVu Sans is used when found: in a `fonts` folder next
to this module, or where Debian's fonts-dejavu-core package installs it. Without it the
PDF falls back to the built-in Helvetica, and text is first reduced to Latin-1
look-alikes so nothing fails to print.

fpdf2 and python-docx are imported on the first export, not at start-up: together they
add about 35 MB to every worker, most of which never exports a document.
"""

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from kazi.documents.cv import CVDocument
from kazi.documents.render import cv_to_markdown
from kazi.documents.text import strip_markdown

DEFAULT_FONT_DIRS: tuple[Path, ...] = (
    Path(__file__).parent / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)
_LATIN1_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2022": "-",
        "\u2026": "...",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")

# Sizes in points and spacing in millimetres, for an A4 page.
_HEADING_SIZES = {1: 18.0, 2: 13.0, 3: 11.0}
_BODY_SIZE = 10.0
_LINE_HEIGHT = 5.0
_MARGIN = 18.0
_BULLET_INDENT = 5.0
_LETTER_PARAGRAPH_GAP = 3.5
_SIGNATURE_SPACE = 14.0


_BAND_RGB = (31, 56, 88)  # a dark blue that prints well in grey too
_BAND_HEX = "1F3858"
_BAND_PADDING = 8.0


class Design(StrEnum):
    ATS = "ats"
    BAND = "band"


@dataclass(frozen=True)
class Block:
    kind: Literal["heading", "bullet", "paragraph"]
    text: str  # inline Markdown kept, so bold can be rendered
    level: int = 0


@dataclass(frozen=True)
class PdfFonts:
    regular: Path
    bold: Path


def parse_blocks(markdown: str) -> list[Block]:
    """Headings, bullets and paragraphs; lines of one paragraph keep their line breaks."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", "\n".join(paragraph)))
            paragraph.clear()

    for line in markdown.splitlines():
        heading, bullet = _HEADING.match(line), _BULLET.match(line)
        if heading or bullet or not line.strip():
            flush()
        if heading:
            blocks.append(Block("heading", heading.group(2).strip(), len(heading.group(1))))
        elif bullet:
            blocks.append(Block("bullet", bullet.group(1).strip()))
        elif line.strip():
            paragraph.append(line.strip())
    flush()
    return blocks


def split_header(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The header (a CV's blocks before its first section, a letter's sender block)."""
    if not blocks:
        return [], []
    if blocks[0].kind == "heading" and blocks[0].level == 1:
        end = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 2), 1)
        return blocks[:end], blocks[end:]
    return ([blocks[0]], blocks[1:]) if blocks[0].kind == "paragraph" else ([], blocks)


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """(text, is_bold) pieces of a line; other inline Markdown is reduced to plain text."""
    runs: list[tuple[str, bool]] = []
    position = 0
    for match in _BOLD.finditer(text):
        runs.append((text[position : match.start()], False))
        runs.append((match.group(1), True))
        position = match.end()
    runs.append((text[position:], False))
    return [(strip_markdown(piece), bold) for piece, bold in runs if piece]


def latin1_safe(text: str) -> str:
    """Text the core PDF fonts can print: look-alikes first, then accents dropped, else "?"."""
    out: list[str] = []
    for char in text.translate(_LATIN1_LOOKALIKES):
        if ord(char) < 256:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 128)
        out.append(base or "?")
    return "".join(out)


def find_unicode_fonts(font_dirs: Sequence[Path] = DEFAULT_FONT_DIRS) -> PdfFonts | None:
    for folder in font_dirs:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return PdfFonts(regular, bold)
    return None


class _PdfWriter:
    """Draws blocks on an FPDF page in one of two font set-ups (Unicode or core)."""

    def __init__(self, fonts: PdfFonts | None, title: str) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.pdf.set_auto_page_break(auto=True, margin=_MARGIN)
        self.clean = (lambda text: text) if fonts else latin1_safe
        self.family = "Helvetica"
        if fonts:
            self.family = "DejaVu"
            self.pdf.add_font(self.family, "", str(fonts.regular))
            self.pdf.add_font(self.family, "B", str(fonts.bold))
        self.pdf.set_title(self.clean(title))
        self.pdf.set_creator("Kazi")
        self.pdf.add_page()

    def heading(self, block: Block) -> None:
        from fpdf.enums import Align, XPos, YPos

        size = _HEADING_SIZES.get(block.level, _BODY_SIZE + 1)
        self.pdf.ln(2 if block.level > 1 else 0)
        self.pdf.set_font(self.family, "B", size)
        text = self.clean(strip_markdown(block.text))
        self.pdf.multi_cell(  # left-aligned: a justified heading stretches its words apart
            0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        if block.level == 2:  # a rule under section headings; drawn, not an image
            y = self.pdf.get_y() + 0.5
            self.pdf.line(_MARGIN, y, self.pdf.w - _MARGIN, y)
            self.pdf.ln(1.5)

    def runs(self, text: str) -> None:
        for line_number, line in enumerate(text.split("\n")):
            if line_number:
                self.pdf.ln(_LINE_HEIGHT)
            for piece, bold in inline_runs(line):
                self.pdf.set_font(self.family, "B" if bold else "", _BODY_SIZE)
                self.pdf.write(_LINE_HEIGHT, self.clean(piece))
        self.pdf.ln(_LINE_HEIGHT)

    def bullet(self, block: Block) -> None:
        self.pdf.set_font(self.family, "", _BODY_SIZE)
        self.pdf.set_x(_MARGIN)
        self.pdf.cell(_BULLET_INDENT, _LINE_HEIGHT, self.clean("•"))
        self.pdf.set_left_margin(_MARGIN + _BULLET_INDENT)  # wrapped lines hang under the text
        self.runs(block.text)
        self.pdf.set_left_margin(_MARGIN)

    def paragraph(self, block: Block, gap: float = 1.5) -> None:
        self.runs(block.text)
        self.pdf.ln(gap)

    def band(self, header: list[Block]) -> None:
        """The header in white on a dark band as wide as the page: the name large."""
        from fpdf.enums import Align, MethodReturnValue, XPos, YPos

        lines = [strip_markdown(line) for block in header for line in block.text.split("\n")]
        width = self.pdf.w - 2 * _MARGIN

        def draw(index: int, dry: bool) -> float:
            size = _HEADING_SIZES[1] if index == 0 else _BODY_SIZE
            self.pdf.set_font(self.family, "B" if index == 0 else "", size)
            height = self.pdf.multi_cell(
                width, size * 0.5, self.clean(lines[index]), align=Align.L,
                new_x=XPos.LMARGIN, new_y=YPos.NEXT, dry_run=dry,
                output=MethodReturnValue.HEIGHT,
            )  # fmt: skip
            assert isinstance(height, float | int)
            return float(height) + (1.5 if index == 0 else 0.0)

        total = sum(draw(i, True) for i in range(len(lines)))
        self.pdf.set_fill_color(*_BAND_RGB)
        self.pdf.rect(0, 0, self.pdf.w, total + 2 * _BAND_PADDING, style="F")
        self.pdf.set_text_color(255, 255, 255)
        self.pdf.set_y(_BAND_PADDING)
        for index in range(len(lines)):
            draw(index, False)
            self.pdf.ln(1.5 if index == 0 else 0)
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.set_y(total + 2 * _BAND_PADDING + 4)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def markdown_to_pdf(
    markdown: str,
    *,
    title: str = "",
    font_dirs: Sequence[Path] = DEFAULT_FONT_DIRS,
    design: Design = Design.ATS,
) -> bytes:
    """An A4 PDF of the Markdown. Pass `font_dirs=()` to force the core-font fallback."""
    writer = _PdfWriter(find_unicode_fonts(font_dirs), title)
    blocks = parse_blocks(markdown)
    if design is Design.BAND:
        header, blocks = split_header(blocks)
        if header:
            writer.pdf.set_y(0)
            writer.band(header)
    letter = not any(block.kind == "heading" for block in blocks)
    for number, block in enumerate(blocks):
        if block.kind == "heading":
            writer.heading(block)
        elif block.kind == "bullet":
            writer.bullet(block)
        else:
            writer.paragraph(block, _gap_after(blocks, number) if letter else 1.5)
    return writer.output()


def _gap_after(blocks: list[Block], number: int) -> float:
    """A letter's paragraphs breathe; its closing ("Yours faithfully,") leaves room to sign."""
    signs_next = blocks[number].text.endswith(",") and number == len(blocks) - 2
    return _SIGNATURE_SPACE if signs_next else _LETTER_PARAGRAPH_GAP


def _add_runs(paragraph: Any, text: str) -> None:
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            paragraph.add_run().add_break()
        for piece, bold in inline_runs(line):
            paragraph.add_run(piece).bold = bold or None


def _shade(paragraph: Any) -> None:
    """White text on the band colour, as paragraph shading (still plain, parseable text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _BAND_HEX)
    paragraph._p.get_or_add_pPr().append(shading)
    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(255, 255, 255)


def markdown_to_docx(markdown: str, *, title: str = "", design: Design = Design.ATS) -> bytes:
    """A DOCX with Word's own Heading and List Bullet styles, so ATS parsers see structure."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(_BODY_SIZE)
    document.core_properties.title = title
    blocks = parse_blocks(markdown)
    header, _ = split_header(blocks) if design is Design.BAND else ([], blocks)
    for number, block in enumerate(blocks):
        if block.kind == "heading":
            document.add_heading(strip_markdown(block.text), level=min(block.level - 1, 9))
        elif block.kind == "bullet":
            _add_runs(document.add_paragraph(style="List Bullet"), block.text)
        else:
            _add_runs(document.add_paragraph(), block.text)
        if number < len(header):
            _shade(document.paragraphs[-1])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def cv_to_pdf(
    doc: CVDocument,
    *,
    font_dirs: Sequence[Path] = DEFAULT_FONT_DIRS,
    design: Design = Design.ATS,
) -> bytes:
    title = f"CV - {doc.basics.name}"
    return markdown_to_pdf(cv_to_markdown(doc), title=title, font_dirs=font_dirs, design=design)


def cv_to_docx(doc: CVDocument, *, design: Design = Design.ATS) -> bytes:
    return markdown_to_docx(cv_to_markdown(doc), title=f"CV - {doc.basics.name}", design=design)
