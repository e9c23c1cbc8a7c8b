#!/usr/bin/env bash
# Builds the Python package and tests it as a user installs it:
#
#   1. a fresh virtualenv with maturin, pytest, ray[data], and pandas and
#      DuckDB for the corpus-database test;
#   2. the abi3 wheel, built in release (maturin build), installed with pip;
#   3. a smoke test: `import docmend` converts the five seeds;
#   4. the `docmend` command in release, for the tests that compare the
#      package's output with the command's;
#   5. pytest python/tests against the installed wheel (Ray included, on a
#      local cluster);
#   6. a wheel built with the fault-injection feature, installed over it,
#      and python/tests/test_faults.py: files that abort, hang, exhaust
#      memory or overflow the stack fail alone.
#
# Run from anywhere inside a checkout: python/ci.sh
# Needs Rust (cargo) and Python 3.9 or later with venv and pip ($PYTHON,
# default python3), and PyPI. Everything it makes is under
# target/python-ci/ (the wheels under target/python-ci/wheels*/).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
step_started=$SECONDS
step() {
    echo "    ($((SECONDS - step_started)) s)"
    step_started=$SECONDS
}

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
python=${PYTHON:-python3}
work=target/python-ci
venv=$work/venv

echo "==> $($python --version) virtualenv in $venv: maturin, pytest, ray[data], pandas, duckdb"
rm -rf "$work"
mkdir -p "$work"
$python -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet 'maturin>=1.9.4,<2' 'pytest>=8,<10' 'ray[data]>=2.40,<3'
# test_corpus_database.py opens `stats --sqlite`'s database in pandas and
# DuckDB. DuckDB reads SQLite through its sqlite extension, which it
# downloads from its own extension repository, out of reach here; the
# duckdb-ext-sqlite package ships DuckDB's signed build of it for one
# DuckDB version, hence the pin.
"$venv/bin/python" -m pip install --quiet 'pandas>=2,<4' 'duckdb==1.4.4' 'duckdb-ext-sqlite==1.4.4.20260205'
step

echo "==> maturin build --release -m python/Cargo.toml"
"$venv/bin/maturin" build --release -m python/Cargo.toml --out "$work/wheels"
wheel=$(ls "$work"/wheels/docmend-*.whl)
"$venv/bin/python" -m pip install --quiet "$wheel"
echo "==> installed $(basename "$wheel")"
step

echo "==> smoke test: import docmend; convert the seeds"
# From another folder, so that nothing but the installed package is imported.
(cd "$work" && "$OLDPWD/$venv/bin/python" - "$OLDPWD"/fixtures/text/*.txt <<'PY'
import sys
import docmend

seeds = sys.argv[1:]
assert len(seeds) == 5, seeds
for seed in seeds:
    document = docmend.convert(seed)
    assert document["source"]["path"] == seed and document["blocks"], seed
    profile = document.get("profile") or {}
    print(f"    {seed.rsplit('/', 1)[-1]}: {len(document['blocks'])} blocks, "
          f"year {profile.get('year')}, {profile.get('issuer')}")
results = list(docmend.convert_many(seeds, jobs=2))
assert [r.path for r in results] == seeds and all(r.ok for r in results)
print(f"    docmend {docmend.__version__}: convert and convert_many ok")
PY
)
step

echo "==> cargo build --release -p docmend-cli (the command, to compare outputs)"
cargo build --release -p docmend-cli
step

echo "==> pytest python/tests"
export RAY_USAGE_STATS_ENABLED=0
DOCMEND_PYTHON_CI=1 DOCMEND_BIN="$PWD/target/release/docmend" \
    "$venv/bin/python" -m pytest python/tests -p no:cacheprovider -ra
step

echo "==> maturin build --release --features fault-injection; pytest python/tests/test_faults.py"
"$venv/bin/maturin" build --release --features fault-injection -m python/Cargo.toml --out "$work/wheels-fault"
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$work"/wheels-fault/docmend-*.whl
DOCMEND_PYTHON_CI=1 DOCMEND_PYTHON_FAULTS=1 \
    "$venv/bin/python" -m pytest python/tests/test_faults.py -p no:cacheprovider -ra
step

echo "==> python/ci.sh passed in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
