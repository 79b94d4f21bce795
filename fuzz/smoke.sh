#!/usr/bin/env bash
# A short fuzzing run of every target: seeds the corpora, then fuzzes each
# target for ${FUZZ_SECONDS:-20} seconds. Any crash, time-out (10 s an input) or memory
# blow-up (2 GiB) fails the run and leaves its input under fuzz/artifacts/TARGET/.
# Needs cargo-fuzz (installed here, at a fixed version, when missing) and builds with
# `-s none`, which the stable toolchain supports.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-20}
if ! cargo fuzz --version > /dev/null 2>&1; then
    cargo install --locked cargo-fuzz --version 0.13.1
fi
bash seed.sh
cargo fuzz build -s none --release
for target in pdf text rows amount; do
    cargo fuzz run "$target" -s none --release "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|#[0-9]+ +DONE)|ERROR|panicked' \
        | sed "s/^/$target: /"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz target $target failed: see fuzz/artifacts/$target" >&2; exit 1; }
done
