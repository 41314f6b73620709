"""The record of service as a PDF (fpdf2), with the same words and numbers as the page. The font
is DejaVu from Debian's fonts-dejavu-core, which has æ, ø and å; fpdf2 embeds the glyphs used.

Call it inside `force_locale(record.locale)` so the words are in the volunteer's standard."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _

from webapp import formatting
from webapp.volunteers.record import ServiceRecord

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"


def _document(record: ServiceRecord):
    # fpdf2 is loaded where a PDF is made: a worker that never makes one never loads it.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_lang(record.locale)
    pdf.set_title(_("Record of volunteer service"))
    pdf.set_author(issuer(record))
    pdf.set_creator(issuer(record))
    return pdf


def issuer(record: ServiceRecord) -> str:
    return record.centre.name if record.centre else record.municipality


def _paragraph(pdf, text: str, size: int = 11, bold: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(pdf, headers: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    pdf.set_font(FONT, "", 10)
    with pdf.table(col_widths=widths, text_align=("LEFT",) + ("RIGHT",) * (len(headers) - 1)) as table:
        for cells in [headers, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(4)


def record_pdf(record: ServiceRecord) -> bytes:
    pdf = _document(record)
    pdf.add_page()
    _paragraph(pdf, _("Record of volunteer service"), 18, bold=True)
    for line in intro_lines(record):
        _paragraph(pdf, line)
    if record.roles:
        _paragraph(pdf, _("Roles and periods"), 13, bold=True)
        _table(pdf, *role_table(record), widths=(45, 25, 25, 35))
        _paragraph(pdf, _("Approved hours per role and year"), 13, bold=True)
        _table(pdf, *year_table(record), widths=(60, 20, 35))
        _paragraph(pdf, _("Only hours the volunteer centre has approved are counted."))
    else:
        _paragraph(pdf, _("No approved hours yet."))
    _paragraph(pdf, _("Contact"), 13, bold=True)
    for line in contact_lines(record):
        _paragraph(pdf, line)
    _paragraph(pdf, issued_line(record))
    return bytes(pdf.output())


# --- the words and numbers, shared with the page ----------------------------------------------


def intro_lines(record: ServiceRecord) -> list[str]:
    lines = [_("%(name)s has done voluntary work for %(centre)s.", name=record.name, centre=issuer(record))]
    if record.since:
        lines.append(_("Volunteer since %(date)s.", date=formatting.day_long(record.since)))
    if record.left:
        lines.append(_("Stopped as a volunteer on %(date)s.", date=formatting.day_long(record.left)))
    if record.roles:
        lines.append(_("Approved hours in all: %(hours)s.", hours=formatting.number(record.hours)))
    return lines


def role_table(record: ServiceRecord) -> tuple[list[str], list[list[str]]]:
    headers = [_("Role"), _("From"), _("To"), _("Approved hours")]
    rows = [
        [
            role.name(record.locale),
            formatting.day_short(role.first),
            formatting.day_short(role.last),
            formatting.number(role.hours),
        ]
        for role in record.roles
    ]
    return headers, rows


def year_table(record: ServiceRecord) -> tuple[list[str], list[list[str]]]:
    headers = [_("Role"), _("Year"), _("Approved hours")]
    rows = [
        [role.name(record.locale), str(year), formatting.number(role.hours_in(year))]
        for role in record.roles
        for year in record.years
        if role.hours_in(year)
    ]
    rows += [[_("All roles"), str(year), formatting.number(record.hours_in(year))] for year in record.years]
    return headers, rows


def contact_lines(record: ServiceRecord) -> list[str]:
    lines = [issuer(record)]
    if record.centre and record.centre.address:
        lines.append(record.centre.address)
    if record.contact_email:
        lines.append(_("E-mail: %(address)s", address=record.contact_email))
    if record.contact_phone:
        lines.append(_("Phone: %(number)s", number=record.contact_phone))
    return lines


def issued_line(record: ServiceRecord) -> str:
    return _("Issued on %(date)s by %(centre)s.", date=formatting.day_long(record.issued), centre=issuer(record))
