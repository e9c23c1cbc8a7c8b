"""Times the Python package against the command (docs/performance.md,
"Python and Ray"):

1. one call: docmend.convert in this process, Pool.convert in a warm
   worker process, and `docmend convert FILE` as a subprocess, per seed;
2. a batch: convert_many over the seeds repeated to --files files, with 1
   and 2 worker processes;
3. Ray: python/examples/ray_pipeline.py over the same files on a local
   cluster of 1 and 2 CPUs (the time of reading, converting and writing,
   without starting and stopping Ray).

Run with the Python that has the wheel (and ray[data]) installed, from the
repository root, after `cargo build --release`:

    python bench/python.py [--files 400] [--docmend target/release/docmend]
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import docmend

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sorted(glob.glob(os.path.join(REPO, "fixtures", "text", "*.txt")))
EXAMPLE = os.path.join(REPO, "python", "examples", "ray_pipeline.py")


def per_call(label, convert, rounds):
    convert(SEEDS[0])  # warm
    started = time.perf_counter()
    for i in range(rounds):
        convert(SEEDS[i % len(SEEDS)])
    ms = (time.perf_counter() - started) / rounds * 1000
    print(f"  {label:<44} {ms:7.2f} ms per file")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--docmend", default=os.path.join(REPO, "target", "release", "docmend"))
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()

    print(f"docmend {docmend.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print("One call, the five seeds in turn (7-19 KB each):")
    per_call("docmend.convert(path) -> dict", docmend.convert, 500)
    per_call("docmend.convert(path, to='json') -> str", lambda p: docmend.convert(p, to="json"), 500)
    with docmend.Pool(jobs=1, to="json") as pool:
        per_call("Pool(jobs=1, to='json').convert(path)", pool.convert, 500)
    if os.path.exists(args.docmend):
        run = lambda p: subprocess.run([args.docmend, "convert", p], capture_output=True, check=True)
        per_call("subprocess: docmend convert FILE", run, 200)

    folder = tempfile.mkdtemp(prefix="docmend-bench-")
    try:
        for i in range(args.files):
            seed = SEEDS[i % len(SEEDS)]
            shutil.copy(seed, os.path.join(folder, f"{i:04d}_{os.path.basename(seed)}"))
        files = sorted(os.path.join(folder, name) for name in os.listdir(folder))
        print(f"A batch of {len(files)} files (the seeds repeated):")
        for jobs in (1, 2):
            started = time.perf_counter()
            failed = sum(not r.ok for r in docmend.convert_many(files, jobs=jobs))
            elapsed = time.perf_counter() - started
            assert failed == 0
            print(f"  convert_many(jobs={jobs}) -> dict{'':<20} {len(files) / elapsed:7.0f} files/s")
        if args.no_ray:
            return
        for workers in (1, 2):
            out = os.path.join(folder + "-out", str(workers))
            env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
            command = [sys.executable, EXAMPLE, folder, "--out", out, "--workers", str(workers)]
            ran = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            seconds = float(re.search(r"converted and wrote in ([0-9.]+) s", ran.stderr).group(1))
            print(f"  Ray, {workers} CPU(s): ray_pipeline.py{'':<22} {len(files) / seconds:7.0f} files/s"
                  f" ({seconds:.2f} s)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(folder + "-out", ignore_errors=True)


if __name__ == "__main__":
    main()
