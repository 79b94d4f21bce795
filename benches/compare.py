#!/usr/bin/env python3
"""Compares yusuan with pdfplumber on the same PDFs: wall time per document, and how
many amount cells each gets out of the tables (pdfplumber's tables, as a researcher
would start; yusuan's values). Run from the crate root after `cargo build --release`:

    pip install pdfplumber
    python3 benches/compare.py corpus/pdf/*.pdf ../shared/pdfs/*.pdf
"""

import json
import re
import subprocess
import sys
import time

AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")


def yusuan(path):
    start = time.perf_counter()
    out = subprocess.run(["target/release/yusuan", path], capture_output=True, check=True).stdout
    elapsed = time.perf_counter() - start
    doc = json.loads(out)
    amounts = sum(1 for t in doc["tables"] for r in t["records"] for v in r["values"] if v["kind"] == "amount")
    return elapsed, len(doc["tables"]), amounts


def plumber(path):
    import pdfplumber

    start = time.perf_counter()
    tables, amounts = 0, 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                tables += 1
                for row in table:
                    amounts += sum(1 for cell in row if cell and AMOUNT.match(cell.strip()))
    return time.perf_counter() - start, tables, amounts


if __name__ == "__main__":
    print(f"{'file':60} {'yusuan s':>9} {'tables':>6} {'amounts':>7}   {'pdfplumber s':>12} {'tables':>6} {'amounts':>7}")
    for path in sys.argv[1:]:
        y, p = yusuan(path), plumber(path)
        print(f"{path[-60:]:60} {y[0]:9.3f} {y[1]:6} {y[2]:7}   {p[0]:12.3f} {p[1]:6} {p[2]:7}")
