"""isolate=True: each document read in a child process, so that a document that aborts
the native code, exhausts its memory or outlives its time costs that document only.
The children are made to fail by the test hook YUSUAN_TEST_CHILD_FAULT (honoured only
in the child process)."""

import os
import re
from pathlib import Path

import pandas as pd
import pytest

import yusuan

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(str(p) for p in (ROOT / "corpus" / "pdf").glob("*.pdf"))
SANGONG = next(p for p in BUNDLED if "001_sangong" in p)


@pytest.fixture
def fault(monkeypatch):
    def set_fault(value):
        monkeypatch.setenv("YUSUAN_TEST_CHILD_FAULT", value)

    return set_fault


def test_isolated_reads_equal_reads_in_process():
    for path in BUNDLED:
        assert yusuan.read(path, isolate=True) == yusuan.read(path)
    isolated = yusuan.long_frame(BUNDLED, jobs=2, isolate=True)
    pd.testing.assert_frame_equal(isolated, yusuan.long_frame(BUNDLED, jobs=2))


def test_the_hook_is_for_children_only(fault):
    fault("abort")
    # In this process the variable does nothing (or pytest would be gone).
    assert yusuan.read(BUNDLED[0])["tables"]


@pytest.mark.parametrize(
    "kind, says",
    [
        ("abort", r"was killed by signal 6 \(SIGABRT\)"),
        # (Python's main thread has no Rust stack-overflow handler: a bare SIGSEGV.)
        ("stack", r"signal 11 \(SIGSEGV\)|overflowed its stack"),
        ("oom", r"ran out of memory \(limit 512 MB\)"),
        ("garbage", r"ended without a result it could read"),
    ],
)
def test_a_child_that_dies_costs_its_document(fault, kind, says):
    fault(f"{kind}:001_sangong")
    with pytest.raises(yusuan.YusuanError, match=re.escape(SANGONG) + ": its child process"):
        yusuan.read(SANGONG, isolate=True, memory_limit_mb=512)
    with pytest.raises(yusuan.YusuanError, match=says):
        yusuan.read(SANGONG, isolate=True, memory_limit_mb=512)
    # The other documents are still read, here and in their own children.
    others = [p for p in BUNDLED if p != SANGONG]
    frame = yusuan.long_frame(others, jobs=2, isolate=True, memory_limit_mb=512)
    assert set(frame.document) == set(others)
    with pytest.raises(yusuan.YusuanError, match=re.escape(SANGONG)):
        yusuan.long_frame(BUNDLED, jobs=2, isolate=True, memory_limit_mb=512)


def test_a_child_past_the_timeout_is_killed(fault):
    fault("sleep:001_sangong")
    with pytest.raises(yusuan.YusuanError) as raised:
        yusuan.read(SANGONG, isolate=True, timeout=1)
    message = str(raised.value)
    assert message.startswith(f"{SANGONG}: reading it took longer than 1 s"), message
    pid = int(re.search(r"\(pid (\d+)\)", message).group(1))
    # Killed and reaped: no such process any more.
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_options_are_checked():
    with pytest.raises(ValueError, match="isolate=True"):
        yusuan.read(BUNDLED[0], memory_limit_mb=512)
    with pytest.raises(ValueError, match="timeout"):
        yusuan.read(BUNDLED[0], timeout=0)
    with pytest.raises(ValueError, match="timeout"):
        yusuan.read(BUNDLED[0], isolate=True, timeout=-1)
    with pytest.raises(yusuan.YusuanError, match="no/such/file.pdf: cannot read"):
        yusuan.read("no/such/file.pdf", isolate=True)
