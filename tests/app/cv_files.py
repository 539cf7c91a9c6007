"""A small CV written for these tests, as a Word file and as a PDF."""

import io

import docx
from fpdf import FPDF

CV_LINES = [
    "Achieng Otieno",
    "achieng.otieno@example.com | +254 722 123 456 | Kisumu",
    "",
    "Profile",
    "Accounts assistant who keeps clean ledgers for small businesses.",
    "",
    "Work Experience",
    "Accounts Assistant, Lakeside Traders Ltd",
    "Mar 2021 – Present",
    "- Reconciled 40 supplier accounts every month",
    "- Prepared VAT returns on iTax",
    "",
    "Cashier at Nyanza Hardware",
    "Jan 2018 - Feb 2021",
    "- Handled M-Pesa and cash takings",
    "",
    "Education",
    "Maseno University, Bachelor of Commerce (Accounting)",
    "2014 - 2017",
    "",
    "Certifications",
    "- CPA Part III, KASNEB, Reg No. NAI/778899",
    "",
    "Skills",
    "Excel, QuickBooks, iTax",
    "",
    "Languages",
    "English (Fluent), Kiswahili (Native), Dholuo (Native)",
    "",
    "Referees",
    "Peter Mwangi",
    "Finance Manager, Lakeside Traders Ltd, +254 700 111 222",
    "",
    "Grace Wanjiku",
    "Owner, Nyanza Hardware, +254 711 333 444",
]
CV_TEXT = "\n".join(CV_LINES)


def cv_docx() -> bytes:
    document = docx.Document()
    for line in CV_LINES:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cv_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in CV_LINES:
        text = line.replace("–", "-")  # the core fonts have no en dash
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
