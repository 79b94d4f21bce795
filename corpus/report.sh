#!/usr/bin/env bash
# Writes corpus/report-main.txt: the corpus report (examples/corpus_report.rs) over the
# real PDFs in ../shared/pdfs and the text seeds in ../shared/seeds, without timings, so that a
# change to the reader shows up as a diff of this file.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/pdfs
if [ ! -d "$shared" ]; then
    echo "report.sh: $shared is not here (the real PDFs live there); report not written" >&2
    exit 0
fi
cargo run --quiet --release --example corpus_report -- --no-times "$shared" ../shared/seeds/[0-9][0-9][0-9]_*.txt >corpus/report-main.txt
tail -n 1 corpus/report-main.txt
