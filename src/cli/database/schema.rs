//! The tables of the corpus database that `docmend stats --sqlite` writes,
//! and the indexes made once the rows are in. Every table and column is
//! documented for users in `docs/corpus-database.md`; a change here that
//! changes what a query sees raises [`SCHEMA_VERSION`].

/// The version of this database's tables and columns (`meta.schema_version`).
pub const SCHEMA_VERSION: &str = "1";

/// The tables, created empty when the file is started. Integer columns
/// are declared `INTEGER` and figures `REAL`, so that pandas and DuckDB
/// read them with those types.
pub const TABLES: &str = "
CREATE TABLE meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    is_report INTEGER NOT NULL,
    template TEXT,
    issuer TEXT,
    year INTEGER,
    docmend_version TEXT NOT NULL,
    profile_version TEXT,
    figures INTEGER NOT NULL,
    not_numbers INTEGER NOT NULL,
    uncertain_figures INTEGER NOT NULL,
    checks_passed INTEGER NOT NULL,
    checks_failed INTEGER NOT NULL,
    checks_uncertain INTEGER NOT NULL,
    checks_not_assessable INTEGER NOT NULL,
    diagnostics INTEGER NOT NULL
);
CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE figures (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    key TEXT NOT NULL,
    key_order INTEGER,
    table_key TEXT NOT NULL,
    row_key TEXT,
    column_key TEXT,
    row_label TEXT,
    column_label TEXT,
    value REAL,
    value_kind TEXT NOT NULL,
    text TEXT,
    uncertain TEXT,
    PRIMARY KEY (report_id, key)
);
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    kind TEXT NOT NULL,
    rule TEXT NOT NULL,
    row_key TEXT,
    column_key TEXT,
    state TEXT NOT NULL,
    ok INTEGER,
    expected REAL,
    found REAL,
    message TEXT NOT NULL,
    quote TEXT
);
CREATE TABLE check_keys (
    check_id INTEGER NOT NULL REFERENCES checks(id),
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    key TEXT NOT NULL
);
CREATE TABLE diagnostics (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    position INTEGER NOT NULL,
    severity TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE year_groups (
    issuer_group TEXT NOT NULL,
    report_id INTEGER REFERENCES reports(id),
    path TEXT NOT NULL,
    year INTEGER NOT NULL
);
CREATE TABLE year_checks (
    id INTEGER PRIMARY KEY,
    finding TEXT NOT NULL,
    state TEXT,
    issuer TEXT,
    rule TEXT,
    row_key TEXT,
    column_key TEXT,
    earlier_report_id INTEGER REFERENCES reports(id),
    earlier_path TEXT,
    earlier_year INTEGER,
    later_report_id INTEGER REFERENCES reports(id),
    later_path TEXT NOT NULL,
    later_year INTEGER,
    expected REAL,
    found REAL,
    message TEXT NOT NULL
);
CREATE TABLE year_check_figures (
    year_check_id INTEGER NOT NULL REFERENCES year_checks(id),
    position INTEGER NOT NULL,
    report_id INTEGER REFERENCES reports(id),
    year INTEGER NOT NULL,
    key TEXT NOT NULL,
    value REAL,
    uncertain TEXT
);
";

/// The indexes on the columns queries filter and join by. Made after the
/// rows are in, which is faster than keeping them up to date row by row.
/// `check_keys.key` has none: it would take a sixth of the file, and a
/// query by key goes through `check_id` or scans a table that is fast to
/// scan.
pub const INDEXES: &str = "
CREATE INDEX reports_issuer ON reports(issuer);
CREATE INDEX reports_year ON reports(year);
CREATE INDEX figures_key ON figures(key);
CREATE INDEX checks_report ON checks(report_id);
CREATE INDEX checks_state ON checks(state);
CREATE INDEX checks_rule ON checks(rule);
CREATE INDEX check_keys_check ON check_keys(check_id);
CREATE INDEX diagnostics_report ON diagnostics(report_id);
CREATE INDEX diagnostics_code ON diagnostics(code);
CREATE INDEX year_groups_report ON year_groups(report_id);
CREATE INDEX year_checks_issuer ON year_checks(issuer);
CREATE INDEX year_checks_state ON year_checks(state);
CREATE INDEX year_checks_later ON year_checks(later_report_id);
CREATE INDEX year_check_figures_check ON year_check_figures(year_check_id);
";
