#!/usr/bin/env python3
"""Times yusuan against `pdftotext -layout` on the same PDFs, and yusuan on a large text
built from the seeds, in one run on one machine (issue: speed). Each PDF is read by
both tools in alternation, ROUNDS times, and the median of each is kept; the ratio is
yusuan's time over pdftotext's. The text is read whole, its throughput and peak memory
reported. Run from the crate root after `cargo build --release` (pdftotext is in
Debian's poppler-utils):

    python3 benches/speed.py ../shared/pdfs/*.pdf
    python3 benches/speed.py --text-mb 20 --seeds ../shared/seeds
"""

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

YUSUAN = "target/release/yusuan"


def run(command):
    """Wall seconds and peak resident memory (KiB) of one run of `command`."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def pdfs(paths, rounds):
    print(f"{'file':60} {'yusuan s':>9} {'pdftotext s':>11} {'ratio':>6}")
    total_y = total_p = 0.0
    worst = (0.0, "")
    for path in paths:
        ours, theirs = [], []
        for _ in range(rounds):
            ours.append(run([YUSUAN, path])[0])
            theirs.append(run(["pdftotext", "-layout", path, "-"])[0])
        y, p = statistics.median(ours), statistics.median(theirs)
        total_y, total_p = total_y + y, total_p + p
        worst = max(worst, (y / p, path))
        print(f"{path[-60:]:60} {y:9.3f} {p:11.3f} {y / p:6.2f}")
    print(f"{len(paths)} PDFs: yusuan {total_y:.2f} s, pdftotext -layout {total_p:.2f} s, "
          f"ratio {total_y / total_p:.2f}; worst {worst[0]:.2f} ({os.path.basename(worst[1])})")


def text(megabytes, seeds):
    texts = [open(f, encoding="utf-8").read() for f in sorted(glob.glob(os.path.join(seeds, "*.txt")))]
    if not texts:
        sys.exit(f"no seeds in {seeds}")
    one = "\n".join(texts)
    copies = max(1, (megabytes << 20) // len(one.encode()))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("\n".join([one] * copies))
    try:
        size = os.path.getsize(f.name)
        elapsed, peak = run([YUSUAN, f.name])
        print(f"text of {size / 1e6:.1f} MB ({copies} copies of the seeds): {elapsed:.2f} s, "
              f"{size / 1e6 / elapsed:.1f} MB/s, peak {peak / 1024:.0f} MiB "
              f"({peak * 1024 / size:.1f}x the input)")
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--text-mb", type=int, default=0)
    parser.add_argument("--seeds", default="../shared/seeds")
    args = parser.parse_args()
    if args.pdfs:
        pdfs(args.pdfs, args.rounds)
    if args.text_mb:
        text(args.text_mb, args.seeds)
