//! The index page of `docmend check --html DIR`: one line per input, in
//! input order, linking the audit page of each report.

use super::summary::Summary;
use docmend::write::escape_html;
use std::fmt::Write;
use std::path::PathBuf;

/// One input's line.
pub struct Row {
    path: String,
    /// The audit page, relative to the index (reports only).
    page: Option<PathBuf>,
    issuer: Option<String>,
    year: Option<i32>,
    template: Option<String>,
    checks_run: usize,
    checks_failed: usize,
    is_report: bool,
}

impl Row {
    pub fn of(summary: &Summary, page: Option<PathBuf>) -> Row {
        Row {
            path: summary.path.clone(),
            page,
            issuer: summary.issuer().map(str::to_string),
            year: summary.year(),
            template: summary.template().map(str::to_string),
            checks_run: summary.checks_run(),
            checks_failed: summary.checks_failed(),
            is_report: summary.is_report(),
        }
    }
}

/// The index page.
pub fn page(rows: &[Row]) -> String {
    let reports = rows.iter().filter(|r| r.is_report).count();
    let failing = rows.iter().filter(|r| r.checks_failed > 0).count();
    let mut out = format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>docmend audit</title>\n\
         <style>body{{font-family:system-ui,\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;\
         margin:2rem}}table{{border-collapse:collapse}}th,td{{border:1px solid #999;\
         padding:.2rem .5rem}}th{{background:#eee}}tr.failed td{{background:#ffd6d6}}</style>\n\
         </head>\n<body>\n<h1>docmend audit</h1>\n<p>{} files: {reports} reports, \
         {failing} with failed checks.</p>\n<table>\n<thead><tr><th>file</th><th>issuer</th>\
         <th>year</th><th>template</th><th>checks run</th><th>failed</th></tr></thead>\n<tbody>\n",
        rows.len()
    );
    for row in rows {
        let file = match &row.page {
            Some(page) => format!(
                "<a href=\"{}\">{}</a>",
                escape_html(&page.to_string_lossy()),
                escape_html(&row.path)
            ),
            None => escape_html(&row.path),
        };
        if !row.is_report {
            let _ = writeln!(
                out,
                "<tr><td>{file}</td><td colspan=\"5\">not an annual report</td></tr>"
            );
            continue;
        }
        let class = if row.checks_failed > 0 {
            " class=\"failed\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr{class}><td>{file}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(row.issuer.as_deref().unwrap_or("")),
            row.year.map(|y| y.to_string()).unwrap_or_default(),
            escape_html(row.template.as_deref().unwrap_or("")),
            row.checks_run,
            row.checks_failed
        );
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}
