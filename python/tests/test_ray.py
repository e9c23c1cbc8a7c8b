"""python/examples/ray_pipeline.py on a local Ray cluster of 1 and 2 CPUs,
run as a user runs it: one record per input, the right paths, a failed
file's reason, and seed 003's profile."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import CORRUPT_DOCX, REPO, SEED_003, need

try:
    import ray.data  # noqa: F401
except ImportError:
    need("ray[data]")

EXAMPLE = REPO / "python" / "examples" / "ray_pipeline.py"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds):
    """The seeds four times over under other names, and a corrupt DOCX."""
    folder = tmp_path_factory.mktemp("inputs")
    for copy in range(4):
        for seed in seeds:
            shutil.copy(seed, folder / f"{copy}_{seed.name}")
    shutil.copy(CORRUPT_DOCX[0], folder / CORRUPT_DOCX[0].name)
    return folder


def records(out: pathlib.Path):
    lines = []
    for part in sorted(out.glob("*.json")):
        lines += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    return lines


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pipeline_writes_one_record_per_file(inputs, tmp_path, workers):
    out = tmp_path / "out"
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), str(inputs), "--out", str(out), "--workers", str(workers)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert "ray_pipeline: converted and wrote in" in run.stderr
    written = records(out)
    expected = sorted(str(path) for path in inputs.iterdir())
    assert sorted(r["path"] for r in written) == expected

    by_name = {pathlib.Path(r["path"]).name: r for r in written}
    corrupt = by_name[CORRUPT_DOCX[0].name]
    assert corrupt["output"] is None
    assert "docx" in corrupt["error"]
    for copy in range(4):
        record = by_name[f"{copy}_{SEED_003.name}"]
        assert record["error"] is None
        document = json.loads(record["output"])
        assert document["source"]["path"] == record["path"]
        assert document["profile"]["year"] == 2022
        assert document["profile"]["issuer"] == "晋城市城区人民政府办公室"
    assert sum(r["error"] is None for r in written) == 20
