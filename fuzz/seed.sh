#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/TARGET, not committed) from the project's own
# inputs: the bundled PDFs and texts, the generated hostile corpus, the crash inputs kept
# as regression tests, and, when ../shared exists, the real PDFs (the smaller ones: the
# fuzzer mutates faster on them) and the text seeds. Re-running adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out"/{pdf,text,rows,amount}
shared=../shared

cp corpus/pdf/*.pdf "$out/pdf/"
if [ -d "$shared/pdfs" ]; then
    find "$shared/pdfs" -name '*.pdf' -size -300k -exec cp {} "$out/pdf/" \;
else
    echo "seed.sh: no $shared/pdfs; the PDF corpus has the bundled PDFs only" >&2
fi
# The hostile corpus, without its bombs over 1 MB (each would cost seconds a run).
hostile=$(mktemp -d)
trap 'rm -rf "$hostile"' EXIT
# (The build `cargo test --features schema --all-targets` made already.)
cargo run --quiet --features schema --example hostile_corpus -- "$hostile" > /dev/null
find "$hostile" -type f -size -1024k -exec cp {} "$out/pdf/" \;
find "$hostile" -type f -name '*.txt' -size -1024k -exec cp {} "$out/text/" \;

texts=(corpus/texts/*.txt)
[ -d "$shared/seeds" ] && texts+=("$shared"/seeds/*.txt)
cp "${texts[@]}" "$out/text/"
# Rows: each text in pieces of 40 lines, so that a run reads one table or two.
for t in "${texts[@]}"; do
    split -l 40 -d -a 3 "$t" "$out/rows/$(basename "$t" .txt)."
done
# Amounts: the distinct cells of the texts (tab, pipe or two spaces apart).
cat "${texts[@]}" | tr '\t|' '\n\n' | sed -E 's/  +/\n/g' | sed -E 's/^ +| +$//g' \
    | grep -v '^$' | sort -u | head -n 5000 | split -l 1 -d -a 4 - "$out/amount/cell."

for target in pdf text rows amount; do
    for kept in tests/fuzz-regressions/"$target"/*; do
        [ -f "$kept" ] && [ "$(basename "$kept")" != README.md ] && cp "$kept" "$out/$target/"
    done
done
for target in pdf text rows amount; do
    echo "$target: $(ls "$out/$target" | wc -l) seeds"
done
