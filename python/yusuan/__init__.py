"""yusuan (预算): Chinese government budget disclosures — 部门预算, 单位预算, 部门决算, as
PDFs or extracted text — read into exact, traceable data.

    import yusuan
    doc = yusuan.read("budget.pdf")          # the document, as in `yusuan budget.pdf`
    df = yusuan.long_frame(paths)            # one row per value over many documents

Amounts are exact: in documents they are strings ("1095.72"), in long_frame they are
decimal.Decimal by default (``amounts="float"`` gives float64); the printed text is
always beside them. A file that cannot be read raises YusuanError naming it.

``timeout`` (seconds) bounds the time spent on one document. ``isolate=True`` reads
each document in a child process of its own, so that a document that aborts the native
code (out of memory, stack overflow) or outlives its time costs that document, raised
as YusuanError naming it, and not the Python process.
"""

import json
import os
import signal
import subprocess
import sys
from decimal import Decimal

from ._yusuan import YusuanError, long_columns, read_bytes_json, read_json

__all__ = ["YusuanError", "long_frame", "read", "read_bytes"]

#: The memory (address space) each child process of ``isolate=True`` may take, in MB.
DEFAULT_MEMORY_LIMIT_MB = 2048
#: The library's own time limit on a document, in seconds, when none is given.
DEFAULT_TIMEOUT = 120
# Time a child gets past the document's time limit: to start, and to reply after the
# library itself gave up on the document.
_GRACE = 2


def read(path, isolate=False, timeout=None, memory_limit_mb=None):
    """The document in a file (a PDF or text), as dicts and lists: the same shape as the
    command line's JSON.

    ``timeout`` is the time limit in seconds (120 by default). With ``isolate=True`` the
    document is read in a child process limited to ``memory_limit_mb`` MB (2048 by
    default; Unix only) and killed past the time limit; a child that dies raises
    YusuanError naming the file.
    """
    path = os.fspath(path)
    _check(isolate, memory_limit_mb)
    if isolate:
        text = _isolated("document", path, timeout, memory_limit_mb)
    else:
        text = read_json(path, timeout)
    return json.loads(text)


def read_bytes(data, name="<bytes>", timeout=None):
    """The document in bytes (a PDF or text); ``name`` names it in the output and in
    errors; ``timeout`` as for ``read``."""
    return json.loads(read_bytes_json(bytes(data), str(name), timeout))


def _check(isolate, memory_limit_mb):
    if memory_limit_mb is not None and not isolate:
        raise ValueError("memory_limit_mb limits the child processes of isolate=True")
    if memory_limit_mb is not None and (
        not isinstance(memory_limit_mb, int) or memory_limit_mb < 1
    ):
        raise ValueError(f"memory_limit_mb must be a positive integer, not {memory_limit_mb!r}")


def _isolated(what, path, timeout, memory_limit_mb):
    """Reads ``path`` in a child process (``yusuan._child``), waits for it (killing it
    past the time limit; it is reaped either way) and returns its JSON text; raises
    YusuanError naming the file when it could not be read or the child died."""
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout}")
    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    mb = DEFAULT_MEMORY_LIMIT_MB if memory_limit_mb is None else memory_limit_mb
    # The child imports this very package, wherever it was imported from.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "yusuan._child", what, path, str(timeout or ""), str(mb)]
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        try:
            out, err = child.communicate(timeout=limit + _GRACE)
        except subprocess.TimeoutExpired:
            child.kill()
            _, err = child.communicate()
            raise YusuanError(
                f"{path}: reading it took longer than {limit:g} s: its child process "
                f"(pid {child.pid}) was killed{_quoted(err)}"
            ) from None
    said = err.decode("utf-8", "replace")
    try:
        reply = json.loads(out) if child.returncode == 0 else None
    except ValueError:
        reply = None
    if isinstance(reply, dict) and "ok" in reply:
        if said:
            sys.stderr.write(said)
        return reply["ok"]
    if isinstance(reply, dict) and "error" in reply:
        raise YusuanError(reply["error"])
    raise YusuanError(f"{path}: {_death(child.pid, child.returncode, said, mb)}")


def _death(pid, returncode, said, mb):
    """Why a child that ended without a reply did so."""
    if returncode < 0:
        try:
            name = f" ({signal.Signals(-returncode).name})"
        except ValueError:
            name = ""
        how = f"was killed by signal {-returncode}{name}"
    elif returncode > 0:
        how = f"exited with status {returncode} without a result"
    else:
        how = "ended without a result it could read"
    child = f"its child process (pid {pid})"
    # Rust's allocator says this when an allocation fails, then aborts.
    if "memory allocation of" in said:
        return f"{child} ran out of memory (limit {mb} MB) and {how}{_quoted(said)}"
    return f"{child} {how}{_quoted(said)}"


def _quoted(said):
    """What a child wrote on stderr, on one line: the end of it."""
    if isinstance(said, bytes):
        said = said.decode("utf-8", "replace")
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    if not lines:
        return ""
    joined = " / ".join(lines)
    return "; it said: " + (joined if len(joined) <= 600 else "…" + joined[-600:])


def _isolated_columns(paths, jobs, timeout, memory_limit_mb):
    """The long format of ``paths``, each read in a child process, ``jobs`` at a time;
    the first file (in order) that could not be read raises, naming it."""
    from concurrent.futures import ThreadPoolExecutor

    def one(path):
        return json.loads(_isolated("long", path, timeout, memory_limit_mb))

    fields, columns = long_columns([], 1)
    columns = [list(c) for c in columns]
    pool = ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1)
    try:
        for _, document in pool.map(one, paths):
            for column, cells in zip(columns, document):
                column.extend(cells)
    finally:
        # A file that raised: the documents not yet started are not read.
        pool.shutdown(wait=True, cancel_futures=True)
    return fields, columns


_INTEGERS = ("page", "line", "year")


def long_frame(
    paths, jobs=None, amounts="decimal", isolate=False, timeout=None, memory_limit_mb=None
):
    """A pandas DataFrame of the long format (one row per value, the fields of the
    command line's CSV) over many documents, read ``jobs`` at a time (all cores by
    default) with the GIL released; rows in the order of ``paths``. The first file
    that cannot be read raises YusuanError naming it.

    ``timeout``, ``isolate`` and ``memory_limit_mb`` are as for ``read``: with
    ``isolate=True`` each document is read in a child process (``jobs`` at once), and a
    child that dies raises YusuanError naming its file, not killing this process.

    ``amount`` holds exact ``decimal.Decimal`` values (``amounts="decimal"``) or float64
    (``amounts="float"``); ``value`` and ``printed`` keep the text. ``page``, ``line``
    and ``year`` are nullable integers, ``top_level`` is a boolean.
    """
    import pandas as pd

    if amounts not in ("decimal", "float"):
        raise ValueError(f"amounts must be 'decimal' or 'float', not {amounts!r}")
    _check(isolate, memory_limit_mb)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    if isolate:
        fields, columns = _isolated_columns(paths, jobs, timeout, memory_limit_mb)
    else:
        fields, columns = long_columns(paths, jobs, timeout)
    frame = pd.DataFrame(dict(zip(fields, columns)), columns=list(fields))
    for name in _INTEGERS:
        frame[name] = pd.to_numeric(frame[name]).astype("Int64")
    frame["top_level"] = frame["top_level"] == "true"
    if amounts == "decimal":
        frame["amount"] = [
            Decimal(v) if isinstance(v, str) else None for v in frame["amount"]
        ]
    else:
        frame["amount"] = pd.to_numeric(frame["amount"])
    return frame
