"""Convert many documents with docmend on a Ray cluster: Ray Data reads the
files, tasks convert them in batches, and the results are written as JSON
Lines or Parquet, one record per input file:

    path    the file, as Ray read it
    error   why it failed (null when it converted)
    output  the document: the canonical JSON text (--to json), or Markdown,
            plain text or HTML (--to markdown|text|html)

Each Ray worker process keeps one docmend worker process
(docmend.shared_pool), so a file that crashes, exhausts its memory cap or
hangs past --timeout fails alone, with the cause in its record, and the
task and the rest of its batch go on.

Run on this machine (Ray starts a local cluster of --workers CPUs):

    python ray_pipeline.py reports/ --out converted/ --workers 2

On a cluster, point Ray at it and the inputs at storage every node reads
(a shared file system, or s3:// paths, which Ray's readers take as they
are); docmend must be installed on every node:

    python ray_pipeline.py s3://bucket/reports/ --out s3://bucket/converted/ \\
        --address auto

See docs/python.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Dict, List, Optional, Sequence

import pyarrow as pa
import ray
import ray.data

import docmend

#: The columns of the output, typed once so that every block (and every
#: Parquet file) has the same schema, whether or not its files failed.
SCHEMA = pa.schema([("path", pa.string()), ("error", pa.string()), ("output", pa.string())])


def convert_batch(
    batch: Dict[str, Any],
    *,
    to: str = "json",
    timeout: float = 60.0,
    max_memory: Optional[int] = None,
) -> pa.Table:
    """Converts one batch of Ray Data's binary files (columns ``path`` and
    ``bytes``) in this Ray worker's docmend worker process."""
    pool = docmend.shared_pool(jobs=1, to=to, timeout=timeout, max_memory=max_memory)
    items = [(str(path), bytes(data)) for path, data in zip(batch["path"], batch["bytes"])]
    paths: List[str] = []
    errors: List[Optional[str]] = []
    outputs: List[Optional[str]] = []
    for result in pool.convert_many(items):
        paths.append(result.path)
        errors.append(None if result.error is None else result.error.reason)
        outputs.append(result.value)
    return pa.table([paths, errors, outputs], schema=SCHEMA)


def pipeline(
    inputs: Sequence[str],
    *,
    to: str = "json",
    timeout: float = 60.0,
    max_memory: Optional[int] = None,
    batch_size: int = 32,
    blocks: Optional[int] = None,
) -> ray.data.Dataset:
    """The dataset of converted records. The cluster runs as many tasks at
    once as it has CPUs. Ray Data sizes read blocks by bytes, and report
    files are small for the work they take: ``blocks`` (a few per CPU)
    splits the input into that many blocks instead."""
    files = ray.data.read_binary_files(
        list(inputs), include_paths=True, override_num_blocks=blocks
    )
    return files.map_batches(
        convert_batch,
        fn_kwargs={"to": to, "timeout": timeout, "max_memory": max_memory},
        batch_size=batch_size,
        batch_format="numpy",
    )


def run(
    inputs: Sequence[str],
    out: str,
    *,
    to: str = "json",
    timeout: float = 60.0,
    max_memory: Optional[int] = None,
    parquet: bool = False,
    blocks: Optional[int] = None,
) -> None:
    """Converts ``inputs`` (files or folders) and writes the records under
    the folder ``out``: JSON Lines files (``*.json``), or Parquet."""
    dataset = pipeline(inputs, to=to, timeout=timeout, max_memory=max_memory, blocks=blocks)
    if parquet:
        dataset.write_parquet(out)
    else:
        dataset.write_json(out)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="files or folders (local, shared, s3://…)")
    parser.add_argument("--out", required=True, help="the folder to write the records to")
    parser.add_argument("--workers", type=int, default=2, help="CPUs of the local cluster")
    parser.add_argument("--to", default="json", choices=["json", "markdown", "text", "html"])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per file")
    parser.add_argument("--max-memory", type=int, default=None, help="bytes per docmend worker")
    parser.add_argument("--parquet", action="store_true", help="write Parquet, not JSON Lines")
    parser.add_argument(
        "--blocks", type=int, default=None,
        help="split the input into this many blocks (a few per CPU); default: Ray's choice",
    )
    parser.add_argument(
        "--address",
        default=None,
        help="a running Ray cluster ('auto', or ray://host:10001); default: a local one",
    )
    args = parser.parse_args(argv)
    if args.address:
        ray.init(address=args.address)
    else:
        ray.init(num_cpus=args.workers, include_dashboard=False)
    try:
        started = time.perf_counter()
        run(
            args.inputs, args.out, to=args.to, timeout=args.timeout,
            max_memory=args.max_memory, parquet=args.parquet, blocks=args.blocks,
        )
        elapsed = time.perf_counter() - started
    finally:
        ray.shutdown()
    print(f"ray_pipeline: converted and wrote in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
