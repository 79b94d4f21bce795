"""yusuan (预算): Chinese government budget disclosures — 部门预算, 单位预算, 部门决算, as
PDFs or extracted text — read into exact, traceable data.

    import yusuan
    doc = yusuan.read("budget.pdf")          # the document, as in `yusuan budget.pdf`
    df = yusuan.long_frame(paths)            # one row per value over many documents

Amounts are exact: in documents they are strings ("1095.72"), in long_frame they are
decimal.Decimal by default (``amounts="float"`` gives float64); the printed text is
always beside them. A file that cannot be read raises YusuanError naming it.
"""

import json
import os
from decimal import Decimal

from ._yusuan import YusuanError, long_columns, read_bytes_json, read_json

__all__ = ["YusuanError", "long_frame", "read", "read_bytes"]


def read(path):
    """The document in a file (a PDF or text), as dicts and lists: the same shape as the
    command line's JSON."""
    return json.loads(read_json(os.fspath(path)))


def read_bytes(data, name="<bytes>"):
    """The document in bytes (a PDF or text); ``name`` names it in the output and in
    errors."""
    return json.loads(read_bytes_json(bytes(data), str(name)))


_INTEGERS = ("page", "line", "year")


def long_frame(paths, jobs=None, amounts="decimal"):
    """A pandas DataFrame of the long format (one row per value, the fields of the
    command line's CSV) over many documents, read ``jobs`` at a time (all cores by
    default) with the GIL released; rows in the order of ``paths``.

    ``amount`` holds exact ``decimal.Decimal`` values (``amounts="decimal"``) or float64
    (``amounts="float"``); ``value`` and ``printed`` keep the text. ``page``, ``line``
    and ``year`` are nullable integers, ``top_level`` is a boolean.
    """
    import pandas as pd

    if amounts not in ("decimal", "float"):
        raise ValueError(f"amounts must be 'decimal' or 'float', not {amounts!r}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    fields, columns = long_columns([os.fspath(p) for p in paths], jobs)
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
