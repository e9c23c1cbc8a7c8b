"""Times the Python package against the command (docs/performance.md,
"Python and Ray"):

1. one call: docmend.convert in this process, Pool.convert in a warm
   worker process, and `docmend convert FILE` as a subprocess, per seed;
2. a batch: convert_many over the seeds repeated to --files files, with 1
   and 2 worker processes;
3. Ray: python/examples/ray_pipeline.py's run() over the same files on a
   local cluster of 1 and 2 CPUs (reading, converting, writing JSON Lines;
   not starting and stopping Ray), its first run and the best of two more.

Run with the Python that has the wheel (and ray[data]) installed, from the
repository root, after `cargo build --release`:

    python bench/python.py [--files 400] [--docmend target/release/docmend]
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

import docmend

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sorted(glob.glob(os.path.join(REPO, "fixtures", "text", "*.txt")))
EXAMPLE = os.path.join(REPO, "python", "examples", "ray_pipeline.py")


def per_call(label, convert, rounds, inputs=SEEDS):
    convert(inputs[0])  # warm
    started = time.perf_counter()
    for i in range(rounds):
        convert(inputs[i % len(inputs)])
    ms = (time.perf_counter() - started) / rounds * 1000
    print(f"  {label:<44} {ms:7.3f} ms per file")


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

    # The cost around a conversion: a one-line text, which converts in a
    # few microseconds.
    tiny = os.path.join(tempfile.mkdtemp(prefix="docmend-bench-"), "tiny.txt")
    with open(tiny, "w", encoding="utf-8") as f:
        f.write("一行\n")
    print("One call, a one-line text (the cost around the conversion):")
    per_call("docmend.convert(path, to='json')", lambda p: docmend.convert(p, to="json"), 5000, [tiny])
    per_call("docmend.convert(bytes, to='json')", lambda p: docmend.convert(b"x\n", to="json"), 5000, [tiny])
    with docmend.Pool(jobs=1, to="json") as pool:
        per_call("Pool(jobs=1, to='json').convert(path)", pool.convert, 5000, [tiny])
    if os.path.exists(args.docmend):
        run = lambda p: subprocess.run([args.docmend, "convert", p], capture_output=True, check=True)
        per_call("subprocess: docmend convert FILE", run, 500, [tiny])
    shutil.rmtree(os.path.dirname(tiny))

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
            for blocks in (None, 4 * workers):
                cold, warm = ray_runs(folder, workers, len(files), blocks)
                shown = "Ray's" if blocks is None else blocks
                print(f"  Ray Data, {workers} CPU(s), {shown} blocks: first run {cold:5.0f} files/s,"
                      f" then {warm:5.0f} files/s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ray_runs(folder, workers, count, blocks):
    """Files per second of ray_pipeline.run on a local cluster of `workers`
    CPUs: the first run (Ray starts its worker processes, each starts its
    docmend worker) and the best of two more."""
    import ray
    import ray.data

    sys.path.insert(0, os.path.dirname(EXAMPLE))
    import ray_pipeline

    # Imported from a folder Ray's workers do not have: send its code.
    ray.cloudpickle.register_pickle_by_value(ray_pipeline)
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    rates = []
    try:
        for run in range(3):
            out = f"{folder}-out-{workers}-{run}"
            started = time.perf_counter()
            ray_pipeline.run([folder], out, blocks=blocks)
            rates.append(count / (time.perf_counter() - started))
            shutil.rmtree(out)
    finally:
        ray.shutdown()
    return rates[0], max(rates[1:])


if __name__ == "__main__":
    main()
