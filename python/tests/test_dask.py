"""hearsay.dask on a LocalCluster of 2 worker processes: the shards hold
exactly what a single-process run gives, one shard per partition, and each
worker loads the models once."""

import json
import os

import pytest

import hearsay
import hearsay.dask

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402


def read_shards(paths):
    lines = []
    for path, count in paths:
        with open(path, encoding="utf-8") as f:
            shard = f.read().splitlines()
        assert len(shard) == count
        lines += shard
    return lines


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def test_bag_and_dataframe_give_the_single_process_result(client, nlp, stories, tmp_path):
    records = [dict(s, id=f"{s['id']}-{i}") for i in range(3) for s in stories]
    expected = [d.to_json() for d in nlp.pipe(records)]

    shards = hearsay.dask.extract(db.from_sequence(records, npartitions=4), str(tmp_path / "bag"))
    assert [os.path.basename(p) for p, _ in shards] == [f"part-0000{i}.jsonl" for i in range(4)]
    assert read_shards(shards) == expected  # byte for byte the json-compact lines

    frame = dd.from_pandas(pd.DataFrame(records), npartitions=3)
    shards = hearsay.dask.extract(frame, str(tmp_path / "frame"))
    assert len(shards) == 3
    got = [json.loads(line) for line in read_shards(shards)]
    assert [d["statements"] for d in got] == [json.loads(e)["statements"] for e in expected]
    assert got == [json.loads(e) for e in expected]

    # Models were loaded once per worker process, not once per task.
    loads = client.run(lambda: __import__("hearsay.dask").dask.loads)
    assert len(loads) == 2 and all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1

    with pytest.raises(FileExistsError, match="already holds 4 shards"):
        hearsay.dask.extract(db.from_sequence(records, npartitions=2), str(tmp_path / "bag"))
    shards = hearsay.dask.extract(db.from_sequence(records, npartitions=2), str(tmp_path / "bag"), overwrite=True)
    assert sorted(os.listdir(tmp_path / "bag")) == ["part-00000.jsonl", "part-00001.jsonl"]
    assert read_shards(shards) == expected
