"""Files that crash, hang or exhaust their worker fail alone: tested with
the converter that fails on purpose (src/cli/fault.rs), which only a wheel
built with the `fault-injection` feature has (python/ci.sh builds one for
this file). A fault file starts with `DOCMEND-FAULT <name>`."""

import os

import pytest

import docmend
from docmend import _docmend
from conftest import SEED_003


@pytest.fixture(autouse=True)
def fault_build():
    """The release wheel has no faults: these tests skip with it, and
    python/ci.sh runs them again with a fault-injection wheel and
    DOCMEND_PYTHON_FAULTS=1, where they must run."""
    if not _docmend.FAULT_INJECTION:
        if os.environ.get("DOCMEND_PYTHON_FAULTS") == "1":
            pytest.fail("DOCMEND_PYTHON_FAULTS=1, but the installed wheel has no fault-injection")
        pytest.skip("needs a wheel built with --features fault-injection (python/ci.sh builds one)")


def fault(name):
    return (f"{name}.fault", f"DOCMEND-FAULT {name}\n".encode())


def test_every_fault_fails_alone_and_the_good_files_convert():
    faults = ["abort-allocation", "sleep", "exhaust", "stack", "exit", "panic"]
    items = [SEED_003]
    for name in faults:
        items += [fault(name), SEED_003]
    # One worker: each fault that kills it must leave a working pool.
    results = list(docmend.convert_many(items, jobs=1, timeout=3, max_memory=512 << 20))
    assert len(results) == len(items)
    goods = results[0::2]
    assert all(r.ok and r.value["profile"]["year"] == 2022 for r in goods)
    reasons = {r.path: r.error.reason for r in results[1::2]}
    assert reasons["abort-allocation.fault"] == (
        "aborted: memory allocation of 2399999999976 bytes failed"
    )
    assert reasons["sleep.fault"] == "killed after 3 s (the timeout limit)"
    assert reasons["exhaust.fault"].startswith(
        "stopped at the 512 MiB memory cap (max_memory): memory allocation of "
    )
    # The interpreter that hosts the worker has no handler that names a
    # stack overflow (a Rust program installs one in its main), so the
    # worker is seen to die of the signal.
    assert reasons["stack.fault"] in (
        "aborted: stack overflow (the input nests too deeply)",
        "the worker process died of signal 11 (SIGSEGV)",
    )
    assert reasons["exit.fault"] == "the worker process exited with code 7"
    # A panic is contained inside the worker, which lives on.
    assert reasons["panic.fault"] == (
        "converter fault failed unexpectedly: the fault converter panics on purpose"
    )


def test_two_jobs_one_hanging_file_does_not_hold_up_the_rest():
    items = [fault("sleep")] + [SEED_003] * 20
    results = list(docmend.convert_many(items, jobs=2, timeout=2))
    assert results[0].error.reason == "killed after 2 s (the timeout limit)"
    assert all(r.ok for r in results[1:])
