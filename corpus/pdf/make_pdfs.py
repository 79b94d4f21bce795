#!/usr/bin/env python3
"""Makes the generated PDFs of corpus/pdf/ from the seed tables, the way departments
make them: a spreadsheet with borders and merged header cells, exported to PDF by
LibreOffice; and one table drawn by reportlab in STSong-Light, a font that uses the
predefined CMap UniGB-UCS2-H.

The tables are rebuilt from the seeds' expected output (corpus/*.expected.json): the
header from the columns' printed paths (merged cells where paths share a prefix), the
body from the records, cell by cell. tests/pdf.rs checks that reading each PDF gives
the same records.

Needs: LibreOffice (Debian: libreoffice-calc-nogui), a CJK font (fonts-wqy-microhei),
reportlab (pip). Run from the crate root: python3 corpus/pdf/make_pdfs.py
"""

import json
import os
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)

# (output name, seed, table title, landscape, ruled, header repeated on each page)
SPREADSHEETS = [
    ("001_spending_landscape", "001_d34d93e841470382", "2022年部门支出预算表", True, True),
    ("002_summary_two_pages", "002_3753cf426c7ec0a0", "部门预算收支总表", False, True),
    ("000_running_costs_unruled", "000_b00e05bcf513a847", "2023年行政(事业)单位机关(机构)运行经费", False, False),
]
CID_FONT = ("001_sangong_stsong", "001_d34d93e841470382", "2022年一般公共预算“三公”经费预算表")


def load_table(seed, title):
    with open(os.path.join(CORPUS, seed + ".expected.json"), encoding="utf-8") as f:
        doc = json.load(f)
    for t in doc["tables"]:
        if t["title"] == title:
            return t
    sys.exit(f"{seed}: no table {title}")


def header_grid(columns):
    """Header rows from the column paths: cells as (row, col, text, colspan, rowspan)."""
    paths = [[] if c["path"].startswith("#") else c["path"].split("/") for c in columns]
    depth = max((len(p) for p in paths), default=0)
    cells = []
    for level in range(depth):
        col = 0
        while col < len(paths):
            p = paths[col]
            if len(p) <= level:
                col += 1
                continue
            span = 1
            while col + span < len(paths) and paths[col + span][: level + 1] == p[: level + 1]:
                span += 1
            rowspan = depth - level if len(p) == level + 1 and all(len(q) == level + 1 for q in paths[col:col + span]) else 1
            cells.append((level, col, p[level], span, rowspan))
            col += span
    return depth, cells


def body_grid(table):
    """Body rows from the records: each source line is a row; keys and values by column."""
    index = {c["path"]: c["index"] for c in table["columns"]}
    rows = {}
    for r in table["records"]:
        row = rows.setdefault(r["line"], [""] * len(table["columns"]))
        for k in r.get("keys", []):
            row[index[k["column"]]] = k["text"]
        if r.get("seq") is not None:
            seq_col = next(c["index"] for c in table["columns"] if c["path"] in ("序号", "行次"))
            row[seq_col] = r["seq"]
        for v in r["values"]:
            row[v["col"]] = v["printed"]
    return [rows[line] for line in sorted(rows)]


def fods(table, landscape, ruled, repeat_header):
    n = len(table["columns"])
    depth, header = header_grid(table["columns"])
    body = body_grid(table)
    border = 'fo:border="0.5pt solid #000000"' if ruled else 'fo:border="none"'
    width, height = ("29.7cm", "21cm") if landscape else ("21cm", "29.7cm")
    out = [f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="{width}" fo:page-height="{height}"
  style:print-orientation="{'landscape' if landscape else 'portrait'}" fo:margin="1.5cm"/></style:page-layout>
 <style:style style:name="ta1" style:family="table" style:master-page-name="Default"/>
 <style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="{24.0 / n if landscape else 17.0 / n:.2f}cm"/></style:style>
 <style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="{'0.9cm' if repeat_header else '0.6cm'}"/></style:style>
 <style:style style:name="cell" style:family="table-cell"><style:table-cell-properties {border} fo:wrap-option="wrap" style:vertical-align="middle"/>
  <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt"/></style:style>
 <style:style style:name="plain" style:family="table-cell"><style:text-properties fo:font-size="10pt" style:font-size-asian="10pt"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:spreadsheet><table:table table:name="T" table:style-name="ta1">
<table:table-column table:style-name="co1" table:number-columns-repeated="{n}"/>
"""]

    def plain_row(text):
        out.append(f'<table:table-row table:style-name="ro1"><table:table-cell table:style-name="plain" office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell></table:table-row>\n')

    plain_row(table["title"])
    plain_row("单位：" + (table["unit"] or "万元"))
    grid = [[None] * n for _ in range(depth)]
    for (row, col, text, span, rowspan) in header:
        grid[row][col] = (text, span, rowspan)
        for r in range(row, row + rowspan):
            for c in range(col, col + span):
                if (r, c) != (row, col):
                    grid[r][c] = "covered"
    if repeat_header:
        out.append("<table:table-header-rows>\n")
    for row in grid:
        out.append('<table:table-row table:style-name="ro1">')
        for cell in row:
            if cell == "covered":
                out.append('<table:covered-table-cell table:style-name="cell"/>')
            elif cell is None:
                out.append('<table:table-cell table:style-name="cell"/>')
            else:
                text, span, rowspan = cell
                out.append(f'<table:table-cell table:style-name="cell" table:number-columns-spanned="{span}" '
                           f'table:number-rows-spanned="{rowspan}" office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>')
        out.append("</table:table-row>\n")
    if repeat_header:
        out.append("</table:table-header-rows>\n")
    for row in body:
        out.append('<table:table-row table:style-name="ro1">')
        for text in row:
            out.append(f'<table:table-cell table:style-name="cell" office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'
                       if text else '<table:table-cell table:style-name="cell"/>')
        out.append("</table:table-row>\n")
    out.append("</table:table></office:spreadsheet></office:body></office:document>\n")
    return "".join(out)


def make_spreadsheet_pdf(name, seed, title, landscape, ruled):
    table = load_table(seed, title)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, name + ".fods")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fods(table, landscape, ruled, repeat_header=name.endswith("two_pages")))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, src],
                       check=True, stdout=subprocess.DEVNULL)
        os.replace(os.path.join(tmp, name + ".pdf"), os.path.join(HERE, name + ".pdf"))


def make_cid_font_pdf(name, seed, title):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.lib.styles import ParagraphStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    table = load_table(seed, title)
    depth, header = header_grid(table["columns"])
    n = len(table["columns"])
    data = [[""] * n for _ in range(depth)] + body_grid(table)
    spans = []
    for (row, col, text, span, rowspan) in header:
        data[row][col] = text
        if span > 1 or rowspan > 1:
            spans.append(("SPAN", (col, row), (col + span - 1, row + rowspan - 1)))
    style = ParagraphStyle("t", fontName="STSong-Light", fontSize=12)
    grid = Table(data, style=TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 8),
                                         ("GRID", (0, 0), (-1, -1), 0.5, colors.black)] + spans))
    doc = SimpleDocTemplate(os.path.join(HERE, name + ".pdf"), pagesize=A4)
    doc.build([Paragraph(table["title"], style), Paragraph("单位：" + table["unit"], style), grid])


if __name__ == "__main__":
    for args in SPREADSHEETS:
        make_spreadsheet_pdf(*args)
    make_cid_font_pdf(*CID_FONT)
