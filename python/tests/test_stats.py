"""docmend.stats: one row per input as `docmend stats --jsonl` writes it;
failures as error rows."""

import json
import subprocess

import docmend
from conftest import FIXTURES, SEED_003

FIELDS = ["path", "sha256", "issuer", "year", "template", "is_report", "statistics", "checks_failed", "checks_passed", "checks_uncertain", "checks_not_assessable"]


def test_rows_of_reports_other_documents_and_failures(seeds, tmp_path):
    other = FIXTURES / "docx" / "hyperlinks.docx"
    missing = tmp_path / "missing.txt"
    rows = docmend.stats([*seeds, other, missing], jobs=2)
    assert len(rows) == 7
    for row in rows[:6]:
        assert list(row) == FIELDS
    seed_003 = rows[3]
    assert seed_003["path"] == str(SEED_003)
    assert (seed_003["year"], seed_003["issuer"], seed_003["template"]) == (
        2022, "晋城市城区人民政府办公室", "2021"
    )
    assert seed_003["is_report"] is True
    # Source line 58: 6 new applications from natural persons.
    assert seed_003["statistics"]["applications.new_received.natural_person"] == 6
    profile = docmend.convert(SEED_003)["profile"]
    # The figure checks and the document checks, each with its state.
    checks = profile["checks"] + profile["document_checks"]
    assert seed_003["checks_failed"] == sum(check["state"] == "failed" for check in checks)
    assert seed_003["checks_passed"] == sum(check["state"] == "passed" for check in checks)
    assert rows[5]["is_report"] is False and rows[5]["statistics"] == {}
    assert rows[6]["path"] == str(missing)
    assert "No such file" in rows[6]["error"]


def test_rows_are_the_commands(seeds, docmend_bin):
    command = subprocess.run(
        [docmend_bin, "stats", "--jsonl", "-", *map(str, seeds)],
        capture_output=True, check=True,
    )
    expected = [json.loads(line) for line in command.stdout.splitlines()]
    assert docmend.stats(seeds) == expected
    # The same key order, too.
    assert [list(r["statistics"]) for r in docmend.stats(seeds)] == [
        list(r["statistics"]) for r in expected
    ]


def test_outputs_are_the_commands(seeds, docmend_bin):
    for to in ("json", "markdown", "text", "html"):
        for seed in seeds:
            command = subprocess.run(
                [docmend_bin, "convert", "--to", to, str(seed)], capture_output=True, check=True
            )
            assert docmend.convert(seed, to=to) == command.stdout.decode("utf-8"), (to, seed)
