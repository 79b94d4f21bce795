"""The README's Dask recipe: a local cluster of two workers reads the real PDFs, each
partition calling yusuan.long_frame, and gets what one process gets."""

import glob
from pathlib import Path

import pandas as pd
import pytest

import yusuan

SHARED = Path(__file__).resolve().parents[3] / "shared" / "pdfs"
BUNDLED = sorted(
    str(p) for p in (Path(__file__).resolve().parents[2] / "corpus" / "pdf").glob("*.pdf")
)


def test_a_dask_cluster_reads_like_one_process():
    distributed = pytest.importorskip("dask.distributed")
    import dask.bag as db

    paths = sorted(glob.glob(str(SHARED / "*.pdf"))) or BUNDLED
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster):
        # The recipe: partitions of paths, one frame per partition.
        bag = db.from_sequence(paths, npartitions=8)
        frames = bag.map_partitions(lambda ps: [yusuan.long_frame(list(ps), jobs=1)])
        together = pd.concat(frames.compute(), ignore_index=True)
    alone = yusuan.long_frame(paths)
    pd.testing.assert_frame_equal(together, alone)
