#!/usr/bin/env bash
# The Python package's tests: builds its abi3 wheel with maturin into a virtual
# environment under target/, installs it, and runs pytest (the Dask test starts a local
# cluster of two workers). maturin, pytest, pandas and Dask come from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/python-env
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.5,<2" pytest pandas "dask[distributed]"
rm -rf target/wheels
"$venv/bin/maturin" build --release --manifest-path python/Cargo.toml --out target/wheels
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
    --no-deps target/wheels/yusuan-*.whl
# The tests compare with the command line: the binary built from this checkout (with
# the features the README's test command uses, so that it is the one already built).
cargo build --quiet --features schema --bin yusuan
YUSUAN_BIN=target/debug/yusuan "$venv/bin/python" -m pytest -q python/tests
