"""What the tests share: where the repository's fixtures are, and the
`docmend` command when CI built it (DOCMEND_BIN) for the parity tests.

The tests run against the installed wheel (python/ci.sh builds and
installs it); they build nothing themselves."""

import os
import pathlib
import shutil

import pytest

try:
    import docmend  # noqa: F401
except ImportError as e:
    raise pytest.UsageError(
        f"cannot import the installed docmend ({e}). Install the wheel (python/ci.sh), and "
        "run pytest from the repository root (`pytest python/tests`): in python/, "
        "`python -m pytest` imports the source folder docmend/, which has no extension."
    ) from None

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
SEEDS = sorted((FIXTURES / "text").glob("*.txt"))
SEED_003 = FIXTURES / "text" / "003_b40d9c03878ac230.txt"
CORRUPT_DOCX = sorted((FIXTURES / "docx").glob("corrupt_*.docx"))


#: Set by python/ci.sh: what a test needs must be there (the command, Ray,
#: a fault-injection build), and a test that would skip fails instead.
IN_CI = os.environ.get("DOCMEND_PYTHON_CI") == "1"


def need(what):
    """Skips the test for lack of `what`, or fails it under python/ci.sh."""
    if IN_CI:
        pytest.fail(f"python/ci.sh provides {what}, but it is missing")
    pytest.skip(f"needs {what}", allow_module_level=True)


@pytest.fixture(scope="session")
def seeds():
    assert len(SEEDS) == 5, f"the five seeds are in {FIXTURES / 'text'}"
    return SEEDS


@pytest.fixture(scope="session")
def docmend_bin():
    """The `docmend` command, for comparing its output with the package's."""
    path = os.environ.get("DOCMEND_BIN") or shutil.which("docmend")
    if not path or not os.path.exists(path):
        need("the docmend command (DOCMEND_BIN)")
    return path


@pytest.fixture(scope="session")
def big_text():
    """Seed 003 repeated 2000 times (14 MB): a text that takes about a
    second to convert (release build, idle machine) and far more than 128
    MiB of memory."""
    return SEED_003.read_bytes() * 2000


@pytest.fixture(scope="session")
def huge_text():
    """Seed 003 repeated 8000 times (58 MB): about 6 s to convert."""
    return SEED_003.read_bytes() * 8000
