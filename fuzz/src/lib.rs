//! The promises docmend makes for any input, as checks that panic when one
//! is broken. The fuzz targets (`fuzz_targets/`) run them under libFuzzer;
//! the replay (`tests/replay.rs`) runs them on stable over the seed
//! corpora, the regressions and the real-world corpus.
//!
//! One check per target: each converter alone and through the pipeline
//! (`converter`, with the panics of third-party parsers told apart from
//! docmend's own in `panics`), whose documents must keep the output
//! contract (`document`), and the repair pass on raw tables built from the
//! bytes (`raw`, `repair`). See README.md for what each promise is.

mod converter;
mod document;
mod panics;
mod raw;
mod repair;

use docmend::converters;

/// A fuzz target: which check some bytes go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Plain text and Markdown.
    Text,
    /// Web pages.
    Html,
    /// Word documents.
    Docx,
    /// XLS, XLSX, XLSB and ODS workbooks.
    Spreadsheet,
    /// PDF.
    Pdf,
    /// CSV and TSV.
    Csv,
    /// The repair pass, on raw tables written as text (`raw`).
    Repair,
}

impl Target {
    /// Every target, in the order the replay runs them.
    pub const ALL: [Target; 7] = [
        Target::Text,
        Target::Html,
        Target::Docx,
        Target::Spreadsheet,
        Target::Pdf,
        Target::Csv,
        Target::Repair,
    ];

    /// The target's name: its binary under `fuzz_targets/` and its folder
    /// under `corpus/` and `regressions/`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Text => "text",
            Target::Html => "html",
            Target::Docx => "docx",
            Target::Spreadsheet => "spreadsheet",
            Target::Pdf => "pdf",
            Target::Csv => "csv",
            Target::Repair => "repair",
        }
    }

    /// Runs the target's check on `data`; panics when a promise is broken.
    pub fn check(self, data: &[u8]) {
        match self {
            Target::Text => check_text(data),
            Target::Html => check_html(data),
            Target::Docx => check_docx(data),
            Target::Spreadsheet => check_spreadsheet(data),
            Target::Pdf => check_pdf(data),
            Target::Csv => check_csv(data),
            Target::Repair => check_repair(data),
        }
    }

    /// The converter target a file of the real-world corpus goes through,
    /// by its extension (the corpus keeps the names its projects gave);
    /// `None` for files of other kinds, which [`check_any`] takes.
    pub fn for_extension(extension: &str) -> Option<Target> {
        match extension.to_ascii_lowercase().as_str() {
            "txt" | "md" | "markdown" => Some(Target::Text),
            "html" | "htm" | "xhtml" => Some(Target::Html),
            "docx" => Some(Target::Docx),
            "xls" | "xlsx" | "xlsm" | "xlsb" | "ods" => Some(Target::Spreadsheet),
            "pdf" => Some(Target::Pdf),
            "csv" | "tsv" => Some(Target::Csv),
            _ => None,
        }
    }
}

/// The text converter alone and through the pipeline.
pub fn check_text(data: &[u8]) {
    converter::check(&converters::text::TextConverter, data);
}

/// The HTML converter alone and through the pipeline.
pub fn check_html(data: &[u8]) {
    converter::check(&converters::html::HtmlConverter, data);
}

/// The DOCX converter alone and through the pipeline.
pub fn check_docx(data: &[u8]) {
    converter::check(&converters::docx::DocxConverter, data);
}

/// The spreadsheet converter (XLS, XLSX, XLSB, ODS) alone and through the
/// pipeline.
pub fn check_spreadsheet(data: &[u8]) {
    converter::check(&converters::spreadsheet::SpreadsheetConverter, data);
}

/// The PDF converter alone and through the pipeline.
pub fn check_pdf(data: &[u8]) {
    converter::check(&converters::pdf::PdfConverter, data);
}

/// The CSV/TSV converter alone and through the pipeline.
pub fn check_csv(data: &[u8]) {
    converter::check(&converters::csv::CsvConverter, data);
}

/// The repair pass on the raw tables `data` describes (see `raw`).
pub fn check_repair(data: &[u8]) {
    repair::check(data);
}

/// The standard pipeline with the converter the content calls for: for
/// files of the real-world corpus no converter target takes.
pub fn check_any(data: &[u8]) {
    converter::check_chosen(data);
}
