#!/usr/bin/env bash
# Writes corpus/catalog-evidence.csv (every classification code the real PDFs in
# ../shared/pdfs and the text seeds print: scheme, code, year, printed name, document)
# and rewrites the printed_in column of src/schema/catalog.csv from it. Run after a
# change to the catalog or to the reader; review both diffs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/pdfs ]; then
    echo "catalog-evidence.sh: ../shared/pdfs is not here (the real PDFs live there); nothing written" >&2
    exit 0
fi
cargo run --quiet --release --example catalog_evidence -- ../shared/pdfs ../shared/seeds/[0-9][0-9][0-9]_*.txt
