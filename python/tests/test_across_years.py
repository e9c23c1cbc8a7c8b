"""docmend.across_years and stats(across_years=…, sqlite=…): the same
findings, rows and database as `docmend check --across-years --json` and
`docmend stats --across-years --jsonl / --sqlite` on the generated corpus
of fixtures/corpus/ (9 issuers, 25 reports over three years, the breaks
fixtures/corpus/generate.py injects)."""

import json
import sqlite3
import subprocess

import docmend
import pytest
from conftest import FIXTURES

REPORTS = sorted((FIXTURES / "corpus" / "reports").iterdir())
ISSUERS = FIXTURES / "corpus" / "issuers.tsv"


def command_lines(docmend_bin, *args):
    done = subprocess.run([docmend_bin, *args], capture_output=True)
    # `check` exits 1 when a finding failed; anything else is an error.
    assert done.returncode in (0, 1), done.stderr.decode()
    return [json.loads(line) for line in done.stdout.splitlines() if line]


def test_findings_are_the_commands(docmend_bin):
    for issuers in (None, ISSUERS):
        extra = [] if issuers is None else ["--issuers", str(issuers)]
        expected = command_lines(
            docmend_bin, "check", "--across-years", "--json", *extra, *map(str, REPORTS)
        )
        found = docmend.across_years(REPORTS, issuers=issuers, jobs=2)
        assert found == expected
    # The generator's 9 breaks, and nothing else: 4 comparisons that fail,
    # 2 that lack a figure, a duplicate report, a gap year, a report with
    # no issuer.
    breaks = sorted(
        (f["finding"], f["state"] or "") for f in found if f["state"] != "passed"
    )
    assert breaks == sorted(
        [("comparison", "failed")] * 4 + [("comparison", "not_assessable")] * 2
        + [("duplicate", ""), ("gap", ""), ("not_grouped", "")]
    )


def test_rows_with_year_columns_are_the_commands(docmend_bin):
    expected = command_lines(
        docmend_bin, "stats", "--across-years", "--issuers", str(ISSUERS),
        "--jsonl", "-", *map(str, REPORTS),
    )
    rows = docmend.stats(REPORTS, across_years=True, issuers=ISSUERS, jobs=2)
    assert rows == expected
    assert [list(r) for r in rows] == [list(r) for r in expected]
    assert sum(r["years_failed"] for r in rows) == 4


def dump(path):
    """Every table, row by row."""
    db = sqlite3.connect(path)
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    out = {
        t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
        for t in sorted(tables)
    }
    db.close()
    return out


def test_database_is_the_commands(docmend_bin, tmp_path):
    missing = tmp_path / "missing.txt"
    inputs = [*REPORTS, missing]
    expected = tmp_path / "command.db"
    done = subprocess.run(
        [docmend_bin, "stats", "--quiet", "--across-years", "--issuers", str(ISSUERS),
         "--sqlite", str(expected), *map(str, inputs)],
        capture_output=True,
    )
    assert done.returncode == 1, done.stderr.decode()  # the missing file
    written = tmp_path / "package.db"
    rows = docmend.stats(inputs, across_years=True, issuers=ISSUERS, sqlite=written, jobs=2)
    assert "error" in rows[-1]
    ours, theirs = dump(written), dump(expected)
    assert set(ours) == set(theirs)
    for table in theirs:
        assert ours[table] == theirs[table], table
    assert len(ours["reports"]) == len(REPORTS) and len(ours["failures"]) == 1
    assert len(ours["year_checks"]) > 0


def test_database_without_year_tables_and_errors(tmp_path):
    written = tmp_path / "plain.db"
    docmend.stats(REPORTS[:3], sqlite=written, jobs=1)
    db = sqlite3.connect(written)
    assert db.execute("SELECT count(*) FROM reports").fetchone() == (3,)
    assert db.execute("SELECT value FROM meta WHERE name = 'across_years'").fetchone() == ("false",)
    db.close()
    with pytest.raises(ValueError, match="across_years"):
        docmend.stats(REPORTS[:1], issuers=ISSUERS)
    # A folder is no file to write a database to; nothing is written.
    with pytest.raises(OSError, match="is a directory"):
        docmend.stats(REPORTS[:1], sqlite=tmp_path)
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one field\n", encoding="utf-8")
    with pytest.raises(ValueError, match="issuer mapping"):
        docmend.across_years(REPORTS[:1], issuers=bad)
