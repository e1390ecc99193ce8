"""hearsay on a Dask cluster: extraction over a bag or dataframe of documents,
written as JSON Lines shards that `hearsay ingest` merges into a store.

    from dask.distributed import Client
    import dask.bag as db, json, hearsay.dask
    client = Client("tcp://scheduler:8786")
    bag = db.read_text("articles/*.jsonl").map(json.loads)
    shards = hearsay.dask.extract(bag, "shards/")
    # then: hearsay ingest --db corpus.sqlite shards/

Each partition becomes one shard, shards/part-00000.jsonl, ... (numbered by
partition, so the same input gives the same file names); every line is the
document exactly as `hearsay extract --format json-compact` writes it. A
shard is written to a temporary name and renamed when complete, so a task
that Dask retries never leaves half a shard behind.

Each worker process loads the models once (a per-process cache, shared by
the worker's threads: a pipeline is immutable and thread-safe). The models
directory is resolved on the worker: pass `models` when it is not the
default there ($HEARSAY_MODELS, the pip-installed models or the source
tree's models/). See docs/python.md for a multi-host cluster.
"""

from __future__ import annotations

import math
import os
import threading
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import hearsay

__all__ = ["extract", "worker_language", "shard_name"]

_lock = threading.Lock()
_languages: Dict[Tuple[Optional[str], Optional[Tuple[str, ...]]], hearsay.Language] = {}
# How many pipelines this process has loaded (tests check "once per worker").
loads = 0


def worker_language(models: Optional[str] = None, components: Optional[Sequence[str]] = None) -> hearsay.Language:
    """This process's pipeline for (models, components), loaded on first use."""
    global loads
    key = (models, tuple(components) if components is not None else None)
    with _lock:
        language = _languages.get(key)
        if language is None:
            language = hearsay.load(models, components)
            _languages[key] = language
            loads += 1
        return language


def shard_name(partition: int) -> str:
    """The shard file of a partition: part-00000.jsonl, part-00001.jsonl, ..."""
    return f"part-{partition:05d}.jsonl"


def _plain(value: Any) -> Any:
    """A dataframe cell as JSON-ready Python: missing → None, numpy scalars →
    Python, timestamps → ISO 8601."""
    import pandas

    if isinstance(value, (list, dict, tuple)):
        return value
    if pandas.isna(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(partition: Any) -> Iterable[Any]:
    """A bag partition (a list of str/dict records) or a pandas partition (rows)."""
    if hasattr(partition, "to_dict") and hasattr(partition, "columns"):
        if "text" not in partition.columns:
            raise ValueError(f"the dataframe has no 'text' column (columns: {', '.join(map(str, partition.columns))})")
        # A dataframe cannot leave a cell out: a missing value (None, NaN)
        # means the record has no such field.
        return (
            {k: v for k, v in ((k, _plain(v)) for k, v in row.items()) if v is not None}
            for row in partition.to_dict(orient="records")
        )
    return partition


def _write_shard(
    partition: Any,
    path: str,
    models: Optional[str],
    components: Optional[Tuple[str, ...]],
    threads: int,
) -> Tuple[str, int]:
    language = worker_language(models, components)
    temporary = f"{path}.tmp-{os.getpid()}-{threading.get_ident()}"
    count = 0
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            for doc in language.pipe(_records(partition), threads=threads):
                out.write(doc.to_json())
                out.write("\n")
                count += 1
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return path, count


def extract(
    documents: Any,
    out_dir: str,
    *,
    models: Optional[str] = None,
    components: Optional[Sequence[str]] = None,
    threads: int = 1,
    overwrite: bool = False,
) -> List[Tuple[str, int]]:
    """Runs hearsay over `documents` on the current Dask scheduler (the
    distributed Client if one is active) and writes one shard per partition
    into `out_dir` (created if missing; it must be reachable from every
    worker under the same path, e.g. a shared file system).

    documents: a dask.bag.Bag of texts or of dicts like JSON Lines records
    ("text", optional "id", "url", "source", "published", "title",
    "language"; other keys are kept under "extra"), or a
    dask.dataframe.DataFrame with a "text" column and such metadata columns.
    threads: C++ threads per task (leave 1 when each worker has a thread per
    core). overwrite: remove shards of an earlier run (part-*.jsonl) first;
    without it an out_dir holding shards is refused, so that an ingest never
    merges a stale shard. Returns [(shard path, documents written)] in
    partition order.
    A document hearsay cannot process fails its task with HearsayError."""
    import dask

    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be an integer >= 1, got {threads!r}")
    if not hasattr(documents, "to_delayed"):
        raise TypeError(f"documents must be a dask Bag or DataFrame, not {type(documents).__name__}")
    if components is not None and isinstance(components, str):
        components = [c for c in components.split(",") if c]
    os.makedirs(out_dir, exist_ok=True)
    out_dir = os.path.abspath(out_dir)
    old = sorted(f for f in os.listdir(out_dir) if f.startswith("part-") and f.endswith(".jsonl"))
    if old and not overwrite:
        raise FileExistsError(f"{out_dir} already holds {len(old)} shards ({old[0]}, ...); pass overwrite=True")
    for name in old:
        os.remove(os.path.join(out_dir, name))
    component_key = tuple(components) if components is not None else None
    write = dask.delayed(_write_shard, pure=False)
    tasks = [
        write(partition, os.path.join(out_dir, shard_name(i)), models, component_key, threads)
        for i, partition in enumerate(documents.to_delayed())
    ]
    return list(dask.compute(*tasks))
