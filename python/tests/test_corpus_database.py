"""`docmend stats --sqlite`: the database the command writes opens in
Python's sqlite3, in DuckDB and in pandas, with its whole numbers as
integers; every example query of docs/corpus-database.md runs in both
databases, and the doc's Python snippets run as written.

DuckDB reads SQLite files through its `sqlite` extension. Where DuckDB
cannot fetch it from its extension repository, the `duckdb-ext-sqlite`
package ships it for its pinned DuckDB version (python/ci.sh installs
both); the tests load it from there."""

import glob
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest
from conftest import REPO, need

INPUTS = [
    "fixtures/text",
    "fixtures/audit",
    "fixtures/corpus/reports",
    "fixtures/variants",
    "fixtures/docx/hyperlinks.docx",
    "fixtures/docx/corrupt_missing_document.docx",
]
DOC = REPO / "docs" / "corpus-database.md"


def blocks(language):
    """The fenced blocks of the doc in `language`."""
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, docmend_bin):
    """The database of the fixtures, as the doc's snippets name it."""
    path = tmp_path_factory.mktemp("db") / "corpus.db"
    done = subprocess.run(
        [docmend_bin, "stats", "--quiet", "--across-years", "--sqlite", str(path), *INPUTS],
        cwd=REPO, capture_output=True, text=True,
    )
    # One input cannot be read: exit status 1, the rest written.
    assert done.returncode == 1, done.stderr
    assert "corrupt_missing_document.docx" in done.stderr
    return path


@pytest.fixture(scope="session")
def duckdb_extensions(tmp_path_factory):
    """An extension directory holding DuckDB's sqlite extension, or None
    when DuckDB installs it itself."""
    try:
        import duckdb
    except ImportError:
        need("duckdb")
    version = duckdb.__version__
    shipped = []
    for site in sys.path:
        shipped += glob.glob(
            os.path.join(site, "duckdb_ext", "extensions", f"v{version}", "*",
                         "sqlite_scanner.duckdb_extension")
        )
    if shipped:
        platform = pathlib.Path(shipped[0]).parent.name
        home = tmp_path_factory.mktemp("duckdb-home")
        directory = home / ".duckdb" / "extensions"
        (directory / f"v{version}" / platform).mkdir(parents=True)
        shutil.copy(shipped[0], directory / f"v{version}" / platform)
        return directory
    try:
        duckdb.connect().execute("INSTALL sqlite; LOAD sqlite")
    except duckdb.Error as e:
        need(f"DuckDB's sqlite extension ({e})")
    return None


def duckdb_connect(corpus_db, duckdb_extensions):
    import duckdb

    config = {} if duckdb_extensions is None else {"extension_directory": str(duckdb_extensions)}
    con = duckdb.connect(config=config)
    con.execute(f"ATTACH '{corpus_db}' AS corpus (TYPE sqlite, READ_ONLY)")
    con.execute("USE corpus")
    return con


def test_the_doc_has_its_queries():
    assert len(blocks("sql")) >= 10


def test_every_query_returns_rows_in_sqlite3(corpus_db):
    db = sqlite3.connect(corpus_db)
    for query in blocks("sql"):
        assert db.execute(query).fetchall(), query
    # Whole numbers are stored as integers.
    kinds = db.execute(
        "SELECT DISTINCT typeof(year) FROM reports WHERE year IS NOT NULL"
    ).fetchall()
    assert kinds == [("integer",)]
    (reports,) = db.execute("SELECT COUNT(*) FROM reports").fetchone()
    (failures,) = db.execute("SELECT COUNT(*) FROM failures").fetchone()
    assert failures == 1 and reports > 40


def test_every_query_returns_the_same_rows_in_duckdb(corpus_db, duckdb_extensions):
    con = duckdb_connect(corpus_db, duckdb_extensions)
    db = sqlite3.connect(corpus_db)
    for query in blocks("sql"):
        in_duckdb = con.execute(query).fetchall()
        in_sqlite = db.execute(query).fetchall()
        assert in_duckdb, query
        assert len(in_duckdb) == len(in_sqlite), query
        # The two may sort Chinese text differently, so a LIMIT may cut
        # ties elsewhere; without one the rows are the same.
        if "LIMIT" not in query:
            assert sorted(map(repr, in_duckdb)) == sorted(map(repr, in_sqlite)), query
    types = dict(
        (name, kind) for name, kind, *_ in con.execute("DESCRIBE reports").fetchall()
    )
    assert types["year"] == "BIGINT" and types["is_report"] == "BIGINT"
    assert types["path"] == "VARCHAR"
    assert dict(
        (name, kind) for name, kind, *_ in con.execute("DESCRIBE figures").fetchall()
    )["value"] == "DOUBLE"
    scanned = con.execute(f"SELECT COUNT(*) FROM sqlite_scan('{corpus_db}', 'figures')").fetchone()
    assert scanned == con.execute("SELECT COUNT(*) FROM figures").fetchone()


def test_figures_load_in_pandas_with_integer_years(corpus_db, duckdb_extensions):
    try:
        import pandas as pd
    except ImportError:
        need("pandas")
    query = """SELECT r.year, r.issuer, f.key, f.value, f.value_kind, f.report_id
               FROM figures AS f JOIN reports AS r ON r.id = f.report_id"""
    figures = pd.read_sql(query, sqlite3.connect(corpus_db), dtype_backend="numpy_nullable")
    assert len(figures) > 1000
    assert pd.api.types.is_integer_dtype(figures["year"])
    assert pd.api.types.is_integer_dtype(figures["report_id"])
    assert pd.api.types.is_float_dtype(figures["value"])
    # Blank and other cells are NULL values, kept apart from 0.
    assert figures.loc[figures["value_kind"] != "number", "value"].isna().all()
    # Reports without a year too (documents that are no report).
    reports = pd.read_sql("SELECT * FROM reports", sqlite3.connect(corpus_db),
                          dtype_backend="numpy_nullable")
    assert reports["year"].isna().any()
    assert pd.api.types.is_integer_dtype(reports["year"])
    # The same through DuckDB.
    via_duckdb = duckdb_connect(corpus_db, duckdb_extensions).execute(query).df()
    assert pd.api.types.is_integer_dtype(via_duckdb["year"])
    assert len(via_duckdb) == len(figures)


def test_the_docs_python_snippets_run(corpus_db, duckdb_extensions):
    snippets = blocks("python")
    assert len(snippets) == 2
    env = dict(os.environ)
    if duckdb_extensions is not None:
        # DuckDB finds installed extensions under ~/.duckdb/extensions.
        env["HOME"] = str(duckdb_extensions.parent.parent)
    for snippet in snippets:
        done = subprocess.run(
            [sys.executable, "-c", snippet], cwd=corpus_db.parent, env=env,
            capture_output=True, text=True,
        )
        assert done.returncode == 0, f"{snippet}\n{done.stderr}"
