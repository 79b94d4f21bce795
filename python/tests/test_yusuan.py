"""The Python package against the command line, and the recipes of the README.

The command line's binary is taken from ../target (built by `cargo test`) or from
$YUSUAN_BIN. The 60 real PDFs are read when ../../shared/pdfs is there; otherwise those
tests are skipped, saying why.
"""

import csv
import glob
import io
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import yusuan

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(str(p) for p in (ROOT / "corpus" / "pdf").glob("*.pdf"))
SHARED = ROOT.parent / "shared" / "pdfs"
REAL = sorted(glob.glob(str(SHARED / "*.pdf")))


def cli():
    for candidate in (
        os.environ.get("YUSUAN_BIN"),
        ROOT / "target" / "release" / "yusuan",
        ROOT / "target" / "debug" / "yusuan",
    ):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    pytest.skip("no yusuan binary: run cargo build first, or set YUSUAN_BIN")


def real_pdfs():
    if not REAL:
        pytest.skip(f"{SHARED} is not here (the real PDFs live there)")
    return REAL


def cli_csv(paths):
    out = subprocess.run(
        [cli(), "--quiet", "--format", "csv", *paths], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return list(csv.reader(io.StringIO(out)))


def as_cli_rows(frame):
    """The frame's rows as the CSV writes them."""

    def text(v):
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    return [[text(v) for v in row] for row in frame.itertuples(index=False)]


def test_read_gives_the_command_lines_document():
    path = BUNDLED[-1]
    doc = yusuan.read(path)
    out = subprocess.run([cli(), path], check=True, capture_output=True).stdout
    import json

    assert doc == json.loads(out)
    assert doc["tables"][0]["kind"] == "income_expenditure_summary"
    with open(path, "rb") as f:
        again = yusuan.read_bytes(f.read(), path)
    assert again == doc


def test_errors_name_the_file():
    with pytest.raises(yusuan.YusuanError, match="no/such/file.pdf: cannot read"):
        yusuan.read("no/such/file.pdf")
    with pytest.raises(yusuan.YusuanError, match="scan.pdf: not a PDF"):
        yusuan.read_bytes(b"\x89PNG\r\n\x1a\n", "scan.pdf")
    with pytest.raises(yusuan.YusuanError, match="missing.txt"):
        yusuan.long_frame([BUNDLED[0], "missing.txt"])


def test_long_frame_is_the_command_lines_csv_bundled():
    frame = yusuan.long_frame(BUNDLED, jobs=2)
    rows = cli_csv(BUNDLED)
    assert list(frame.columns) == rows[0]
    assert as_cli_rows(frame) == rows[1:]
    assert all(isinstance(a, Decimal) for a in frame.amount.dropna())
    floats = yusuan.long_frame(BUNDLED, amounts="float")
    assert floats.amount.dtype == "float64"


def test_long_frame_is_the_command_lines_csv_over_the_real_pdfs():
    paths = real_pdfs()
    frame = yusuan.long_frame(paths)
    rows = cli_csv(paths)
    assert len(frame) == len(rows) - 1
    assert as_cli_rows(frame) == rows[1:]


def test_readme_recipe_sums_each_spending_table_to_its_printed_total():
    paths = REAL or BUNDLED
    df = yusuan.long_frame(paths)
    spending = df[(df.table_kind == "expenditure") & (df.column_key == "total")]
    # The README's recipe.
    sums = spending[spending.top_level].groupby(["document", "table"])["amount"].sum()
    totals = spending[spending.record_kind == "total"].groupby(["document", "table"])[
        "amount"
    ].first()
    checked = 0
    for key, total in totals.items():
        # The documents round each figure: a sum of n rows may be off by n cents.
        rows = int(spending[spending.top_level].groupby(["document", "table"]).size().get(key, 0))
        difference = abs(sums.get(key, Decimal(0)) - total)
        assert difference <= Decimal("0.01") * max(rows, 1), (key, difference)
        checked += 1
    if REAL:
        # Every 支出总表 that prints a 合计 row: 33 among the real PDFs.
        assert checked == 33
