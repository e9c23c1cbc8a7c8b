//! `docmend stats --sqlite`: the corpus database built from the
//! repository's fixtures (the text seeds, the audit pages, the corpus of
//! several bodies' years, the text variants, a DOCX that is no report and
//! one that cannot be read), read back with rusqlite and set against what
//! `convert`, `check --json` and `check --across-years --json` print for
//! the same inputs; and every example query of docs/corpus-database.md
//! run on it.

// The inputs need the text, HTML and DOCX converters.
#![cfg(all(feature = "text", feature = "html", feature = "docx"))]

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const INPUTS: [&str; 6] = [
    "fixtures/text",
    "fixtures/audit",
    "fixtures/corpus/reports",
    "fixtures/variants",
    "fixtures/docx/hyperlinks.docx",
    "fixtures/docx/corrupt_missing_document.docx",
];
const UNREADABLE: &str = "fixtures/docx/corrupt_missing_document.docx";

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs docmend in the repository root, so that paths are relative.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docmend"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the docmend binary runs")
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

/// The database of [`INPUTS`] with --across-years, built once.
fn database() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("corpus.db");
        let mut args = vec!["stats", "--quiet", "--across-years", "--sqlite"];
        let db = path.to_str().expect("UTF-8 path");
        args.push(db);
        args.extend(INPUTS);
        let output = run(&args);
        // One input cannot be read: exit status 1, the rest written.
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        (dir, path)
    });
    path
}

fn open() -> Connection {
    Connection::open_with_flags(database(), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the database opens")
}

fn count(db: &Connection, sql: &str) -> i64 {
    db.query_row(sql, [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row `sql` gives for `params`, each read by `read`.
fn all<T, P: rusqlite::Params>(
    db: &Connection,
    sql: &str,
    params: P,
    read: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Vec<T> {
    db.prepare_cached(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .query_map(params, read)
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The files under the input arguments, as `stats` walks them (hidden
/// entries skipped).
fn input_files() -> usize {
    fn walk(path: &Path) -> usize {
        if path.is_file() {
            return 1;
        }
        fs::read_dir(path)
            .expect("read the folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .map(|p| walk(&p))
            .sum()
    }
    INPUTS.iter().map(|input| walk(&root().join(input))).sum()
}

#[test]
fn every_input_is_a_report_row_or_a_failure_in_input_order() {
    let db = open();
    let reports = count(&db, "SELECT COUNT(*) FROM reports");
    let failures = count(&db, "SELECT COUNT(*) FROM failures");
    assert_eq!((reports + failures) as usize, input_files());
    let (path, reason): (String, String) = db
        .query_row("SELECT path, reason FROM failures", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("one failure");
    assert_eq!(path, UNREADABLE);
    assert!(reason.contains("no word/document.xml"), "{reason}");

    // The reports are the rows `stats --jsonl` writes, in its order; ids
    // number the inputs, the failure's included.
    let mut args = vec!["stats", "--quiet", "--jsonl", "-"];
    args.extend(INPUTS);
    let rows = json_lines(&run(&args));
    /// id, path, sha256, is_report, issuer, year.
    type Row = (i64, String, String, bool, Option<String>, Option<i64>);
    let stored: Vec<Row> = all(
        &db,
        "SELECT id, path, sha256, is_report, issuer, year FROM reports ORDER BY id",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    );
    assert_eq!(stored.len(), rows.len());
    let ids: BTreeSet<i64> = stored.iter().map(|s| s.0).collect();
    let failure_id = count(&db, "SELECT id FROM failures");
    assert_eq!(
        ids.iter()
            .copied()
            .chain([failure_id])
            .collect::<BTreeSet<_>>(),
        (1..=input_files() as i64).collect()
    );
    for (row, (_, path, sha256, is_report, issuer, year)) in rows.iter().zip(&stored) {
        assert_eq!(row["path"], path.as_str());
        assert_eq!(row["sha256"], sha256.as_str());
        assert_eq!(row["is_report"], *is_report, "{path}");
        assert_eq!(row["issuer"].as_str(), issuer.as_deref(), "{path}");
        assert_eq!(row["year"].as_i64(), *year, "{path}");
    }
    let meta: BTreeMap<String, String> = all(&db, "SELECT name, value FROM meta", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .into_iter()
    .collect();
    assert_eq!(meta["schema_version"], "1");
    assert_eq!(meta["docmend_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(meta["across_years"], "true");
}

#[test]
fn figures_are_the_profiles_numbers_and_cells_without_one() {
    let db = open();
    let mut args = vec!["convert", "--quiet", "--jsonl"];
    args.extend(&INPUTS[..INPUTS.len() - 1]);
    let documents = json_lines(&run(&args));
    let mut statement = db
        .prepare(
            "SELECT f.key, f.value, f.value_kind, f.text, f.uncertain, f.row_label,
                    f.column_label, f.table_key
             FROM figures AS f JOIN reports AS r ON r.id = f.report_id
             WHERE r.path = ?1",
        )
        .expect("prepare");
    let mut reports = 0;
    for document in &documents {
        let path = document["source"]["path"].as_str().expect("path");
        // The diagnostics came from the worker processes with the summary.
        let codes: Vec<String> = all(
            &db,
            "SELECT d.code FROM diagnostics AS d JOIN reports AS r ON r.id = d.report_id
                 WHERE r.path = ?1 ORDER BY d.position",
            [path],
            |r| r.get(0),
        );
        let expected_codes: Vec<&str> = document["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["code"].as_str().expect("code"))
            .collect();
        assert_eq!(codes, expected_codes, "{path}");
        type Figure = (Option<f64>, String, Option<String>, Option<String>);
        let mut stored: BTreeMap<String, Figure> = BTreeMap::new();
        let rows = statement
            .query_map([path], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .expect("query");
        for row in rows {
            let (key, value, kind, text, uncertain, row_label, column_label, table) =
                row.expect("row");
            // The template's words, and the table the key starts with.
            assert!(row_label.is_some_and(|l| !l.is_empty()), "{path} {key}");
            assert!(column_label.is_some_and(|l| !l.is_empty()), "{path} {key}");
            assert!(key.starts_with(&format!("{table}.")), "{key}");
            stored.insert(key, (value, kind, text, uncertain));
        }
        let Some(profile) = document.get("profile").filter(|p| !p.is_null()) else {
            assert!(
                stored.is_empty(),
                "{path}: figures of a document that is no report"
            );
            continue;
        };
        reports += 1;
        let uncertain = |key: &str| profile["uncertain"][key].as_str().map(str::to_string);
        let mut expected: BTreeMap<String, Figure> = BTreeMap::new();
        for (key, value) in profile["statistics"].as_object().expect("statistics") {
            let number = (value.as_f64(), "number".to_string(), None, uncertain(key));
            expected.insert(key.clone(), number);
        }
        if let Some(cells) = profile["not_numbers"].as_object() {
            for (key, cell) in cells {
                let cell = (
                    None,
                    cell["kind"].as_str().expect("kind").to_string(),
                    // An empty cell's text is left out of the JSON; the
                    // database holds ''.
                    Some(cell["text"].as_str().unwrap_or_default().to_string()),
                    uncertain(key),
                );
                expected.insert(key.clone(), cell);
            }
        }
        assert_eq!(stored, expected, "{path}");
    }
    assert_eq!(
        reports,
        count(&db, "SELECT COUNT(*) FROM reports WHERE is_report = 1")
    );
    // Some cells of the fixtures hold no number, and some figures were
    // recovered: both kinds of row are there.
    assert!(count(&db, "SELECT COUNT(*) FROM figures WHERE value IS NULL") > 0);
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM figures WHERE uncertain IS NOT NULL"
        ) > 0
    );
}

#[test]
fn check_states_per_report_are_the_counts_of_check_json() {
    let db = open();
    let mut args = vec!["check", "--quiet", "--json"];
    args.extend(&INPUTS[..INPUTS.len() - 1]);
    let lines = json_lines(&run(&args));
    assert_eq!(
        lines.len() as i64,
        count(&db, "SELECT COUNT(*) FROM reports")
    );
    const IN_STATE: &str = "SELECT c.state, COUNT(*)
        FROM checks AS c JOIN reports AS r ON r.id = c.report_id
        WHERE r.path = ?1 GROUP BY c.state";
    let mut columns = db
        .prepare(
            "SELECT checks_passed, checks_failed, checks_uncertain, checks_not_assessable,
                    figures
             FROM reports WHERE path = ?1",
        )
        .expect("prepare");
    for line in &lines {
        let path = line["path"].as_str().expect("path");
        let states: BTreeMap<String, i64> =
            all(&db, IN_STATE, [path], |r| Ok((r.get(0)?, r.get(1)?)))
                .into_iter()
                .collect();
        let of = |state: &str| states.get(state).copied().unwrap_or(0);
        let stored: [i64; 5] = columns
            .query_row([path], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
            })
            .expect("the report's row");
        let expected = [
            line["checks_passed"].as_i64().unwrap(),
            line["checks_failed"].as_i64().unwrap(),
            line["checks_uncertain"].as_i64().unwrap(),
            line["checks_not_assessable"].as_i64().unwrap(),
        ];
        assert_eq!(
            [
                of("passed"),
                of("failed"),
                of("uncertain"),
                of("not_assessable")
            ],
            expected,
            "{path}"
        );
        assert_eq!(stored[..4], expected, "{path}");
        assert_eq!(stored[4], line["figures"].as_i64().unwrap(), "{path}");
    }
    // The failed checks are in the fixtures, and every check that ran
    // lists the keys it compared.
    assert!(count(&db, "SELECT COUNT(*) FROM checks WHERE state = 'failed'") > 0);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM checks AS c WHERE c.ok IS NOT NULL AND NOT EXISTS
             (SELECT 1 FROM check_keys AS k WHERE k.check_id = c.id AND k.role = 'compared')"
        ),
        0
    );
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM check_keys WHERE role = 'missing'"
        ) > 0
    );
}

#[test]
fn year_checks_are_the_findings_of_check_across_years() {
    let db = open();
    let mut args = vec!["check", "--quiet", "--across-years", "--json"];
    args.extend(&INPUTS[..INPUTS.len() - 1]);
    let findings = json_lines(&run(&args));
    assert_eq!(
        findings.len() as i64,
        count(&db, "SELECT COUNT(*) FROM year_checks")
    );
    let stored: Vec<(String, Option<String>, String, Option<i64>)> = all(
        &db,
        "SELECT finding, state, later_path, later_report_id FROM year_checks ORDER BY id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    );
    for (finding, (kind, state, later_path, later_id)) in findings.iter().zip(&stored) {
        assert_eq!(finding["finding"], kind.as_str());
        assert_eq!(finding["state"].as_str(), state.as_deref());
        assert_eq!(finding["later_path"], later_path.as_str());
        let id: i64 = db
            .query_row(
                "SELECT id FROM reports WHERE path = ?1",
                [later_path],
                |r| r.get(0),
            )
            .expect("the finding's report");
        assert_eq!(*later_id, Some(id));
    }
    let figures: usize = findings
        .iter()
        .map(|f| f["figures"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        figures as i64,
        count(&db, "SELECT COUNT(*) FROM year_check_figures")
    );
    assert!(count(&db, "SELECT COUNT(*) FROM year_groups") > 0);
}

#[test]
fn whole_numbers_are_stored_as_integers_and_figures_as_reals() {
    let db = open();
    for (table, column, kind) in [
        ("reports", "id", "integer"),
        ("reports", "year", "integer"),
        ("reports", "is_report", "integer"),
        ("reports", "figures", "integer"),
        ("reports", "checks_failed", "integer"),
        ("figures", "report_id", "integer"),
        ("figures", "key_order", "integer"),
        ("figures", "value", "real"),
        ("checks", "ok", "integer"),
        ("checks", "expected", "real"),
        ("year_checks", "later_year", "integer"),
        ("year_check_figures", "year", "integer"),
    ] {
        let sql = format!(
            "SELECT COUNT(*) FROM {table} WHERE {column} IS NOT NULL AND typeof({column}) <> '{kind}'"
        );
        assert_eq!(count(&db, &sql), 0, "{table}.{column}");
        let declared: String = db
            .query_row(
                "SELECT type FROM pragma_table_info(?1) WHERE name = ?2",
                [table, column],
                |r| r.get(0),
            )
            .expect("declared type");
        assert_eq!(declared, kind.to_uppercase(), "{table}.{column}");
    }
    assert!(
        count(
            &db,
            "SELECT COUNT(*) FROM reports WHERE typeof(year) = 'integer'"
        ) > 0
    );
}

/// The ```sql blocks of docs/corpus-database.md.
fn documented_queries() -> Vec<String> {
    let doc = fs::read_to_string(root().join("docs/corpus-database.md")).expect("the doc");
    let mut queries = Vec::new();
    let mut rest = doc.as_str();
    while let Some(start) = rest.find("```sql\n") {
        let body = &rest[start + 7..];
        let end = body.find("```").expect("a closed block");
        queries.push(body[..end].to_string());
        rest = &body[end + 3..];
    }
    queries
}

#[test]
fn every_example_query_of_the_doc_returns_rows() {
    let db = open();
    let queries = documented_queries();
    assert!(queries.len() >= 10, "{} queries", queries.len());
    for query in &queries {
        let mut statement = db.prepare(query).unwrap_or_else(|e| panic!("{query}\n{e}"));
        let mut rows = statement.query([]).expect("query runs");
        assert!(
            rows.next().expect("a row reads").is_some(),
            "no rows on the fixtures:\n{query}"
        );
    }
}

#[test]
fn every_table_and_column_is_documented() {
    let db = open();
    let doc = fs::read_to_string(root().join("docs/corpus-database.md")).expect("the doc");
    let tables: Vec<String> = all(
        &db,
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        [],
        |r| r.get(0),
    );
    assert_eq!(tables.len(), 10, "{tables:?}");
    for table in tables {
        let heading = format!("### `{table}`");
        let start = doc
            .find(&heading)
            .unwrap_or_else(|| panic!("no section {heading}"));
        let section = &doc[start + heading.len()..];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        let columns: Vec<String> = all(
            &db,
            "SELECT name FROM pragma_table_info(?1)",
            [&table],
            |r| r.get(0),
        );
        for column in columns {
            assert!(
                section.contains(&format!("| `{column}` |")),
                "{table}.{column} is not in the doc's table"
            );
        }
    }
}

#[test]
fn an_existing_file_is_replaced_and_a_stopped_run_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("corpus.db");
    fs::write(&db, b"not yet a database").expect("write");
    let path = db.to_str().expect("UTF-8");
    let seed = "fixtures/text/003_b40d9c03878ac230.txt";

    let output = run(&["stats", "--quiet", "--sqlite", path, seed]);
    assert!(output.status.success(), "{output:?}");
    let written = Connection::open(&db).expect("opens");
    assert_eq!(count(&written, "SELECT COUNT(*) FROM reports"), 1);
    assert_eq!(
        count(
            &written,
            "SELECT COUNT(*) FROM meta WHERE name = 'across_years' AND value = 'false'"
        ),
        1
    );
    assert_eq!(count(&written, "SELECT COUNT(*) FROM year_checks"), 0);
    drop(written);
    let before = fs::read(&db).expect("read");

    // Writing the JSON Lines fails (no space on /dev/full): the batch
    // stops, and the database is left as the last run wrote it.
    if Path::new("/dev/full").exists() {
        let output = run(&[
            "stats",
            "--quiet",
            "--jsonl",
            "/dev/full",
            "--sqlite",
            path,
            "fixtures/text",
        ]);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("not written"), "{stderr}");
        assert_eq!(fs::read(&db).expect("read"), before);
    }
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["corpus.db"], "no temporary file is left");
}

#[test]
fn a_database_goes_to_a_regular_file_only() {
    let output = run(&["stats", "--sqlite", "-", "fixtures/text"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--sqlite cannot write"));
    let dir = tempfile::tempdir().expect("temp dir");
    let output = run(&[
        "stats",
        "--sqlite",
        dir.path().to_str().unwrap(),
        "fixtures/text",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a directory"));
}
