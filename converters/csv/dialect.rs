//! The dialect of delimiter-separated text: which delimiter separates its
//! fields, and whether its first lines clearly are delimited data at all.
//!
//! A sample is split into records once per candidate delimiter: with the
//! `csv` crate when it has quotes, so that quoted fields (with delimiters or
//! line breaks inside) count as one field, else line by line, which gives
//! the same records faster. A quick look at the bytes ([`could_be_clear`])
//! spares most text even that. Delimited data shows itself by rows that
//! agree: most records have the same number (at least two) of fields. Prose
//! that happens to contain commas does not: its lines have as many commas
//! as their sentences need. The pipe is a delimiter only in bare `a|b|c`
//! lines; lines that start or end with a pipe, or a `---|---` rule, are
//! markdown tables, which the text converter reads.
//!
//! This module only judges the sample; it neither decodes nor reads the
//! whole input.

/// Every delimiter docmend recognises, in the order that breaks ties.
pub const ALL: [u8; 4] = [b',', b'\t', b';', b'|'];
/// The delimiters of files called `csv`.
pub const CSV: [u8; 3] = [b',', b';', b'|'];
/// The delimiter of files called `tsv`.
pub const TSV: [u8; 1] = [b'\t'];

/// The bytes [`could_be_clear`] stops at: line ends, ASCII white space and
/// the delimiters.
const IS_MARK: [bool; 256] = {
    let mut marks = [false; 256];
    let bytes = *b"\n\r \x0B\x0C,\t;|";
    let mut k = 0;
    while k < bytes.len() {
        marks[bytes[k] as usize] = true;
        k += 1;
    }
    marks
};

/// Fewer records than this are too little evidence for sniffing.
const MIN_RECORDS: usize = 3;

/// How one record looks when split at a delimiter.
struct RecordLook {
    fields: usize,
    /// Fields with something in them besides white space.
    filled: usize,
    /// The last field ends a sentence, as the lines of prose do.
    ends_sentence: bool,
    /// Fields of five words or more: clauses of prose, or long texts.
    wordy: usize,
}

/// How a sample looks when split at one delimiter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub delimiter: u8,
    /// Records with at least one non-empty field.
    pub records: usize,
    /// The most common number of fields per record.
    pub width: usize,
    /// Records of exactly `width` fields.
    pub agreeing: usize,
    /// Records of two or more fields and at most one more or fewer than
    /// `width`: ragged, but still rows of the same table.
    pub near: usize,
    /// Records with at least two non-empty fields.
    pub filled: usize,
    /// Fields in all records.
    pub fields: usize,
    /// Fields holding another candidate delimiter outside quotes.
    pub foreign_fields: usize,
    /// Records whose last value ends a sentence.
    pub sentence_ends: usize,
    /// Non-empty fields, and those of five words or more.
    pub filled_fields: usize,
    pub wordy_fields: usize,
    /// Fields that open with a quote, and quotes outside quoted fields that
    /// open none (`a"b`, or `;"x"` split at the comma).
    pub quoted_fields: usize,
    pub stray_quotes: usize,
    /// The sample has lines of a markdown table.
    pub markdown: bool,
}

impl Shape {
    /// Whether the sample clearly is data in this delimiter: enough
    /// records; most of exactly the same width of two or more fields, and
    /// nearly all within one field of it; most with two values or more;
    /// fields mostly free of the other delimiters; quotes where fields
    /// open and close, not strewn inside them (as in code: `Str "Test"`);
    /// few lines ending a sentence and few fields of many words, as prose
    /// has; no markdown.
    pub fn is_clear(&self) -> bool {
        self.records >= MIN_RECORDS
            && self.width >= 2
            && self.agreeing * 2 > self.records
            && self.near * 4 >= self.records * 3
            && self.foreign_fields * 2 <= self.fields
            && self.stray_quotes * 2 <= self.records
            && self.filled * 2 >= self.records
            && self.sentence_ends * 4 <= self.records
            && self.wordy_fields * 2 <= self.filled_fields
            && !self.markdown
    }

    /// How well the delimiter fits, from 0 to 1: the share of records that
    /// agree on the width, times the share of fields free of other
    /// delimiters (splitting `1,5;2,5` at the comma leaves semicolons in
    /// the fields; splitting at the semicolon leaves decimal commas), times
    /// the share of quotes that sit where this delimiter puts them
    /// (`;"a,b"` is quoted for the semicolon, not for the comma).
    pub fn score(&self) -> f64 {
        if self.records == 0 || self.width < 2 {
            return 0.0;
        }
        let agreement = self.agreeing as f64 / self.records as f64;
        let clean = 1.0 - self.foreign_fields as f64 / self.fields.max(1) as f64;
        let quotes = self.quoted_fields + self.stray_quotes;
        let quoting = 1.0 - self.stray_quotes as f64 / quotes.max(1) as f64;
        agreement * clean * quoting
    }
}

/// The delimiter a sample clearly uses, if it clearly is delimited data.
/// `cut` says the sample stops mid-file, so its last record may be partial.
pub fn sniff(sample: &str, cut: bool) -> Option<u8> {
    if !could_be_clear(sample.as_bytes(), cut) {
        return None;
    }
    best(sample, cut, &ALL)
        .filter(Shape::is_clear)
        .map(|shape| shape.delimiter)
}

/// A quick first look for sniffing, which runs on every text file: false
/// when no delimiter can give a clear shape, because at none of them do
/// the records of a sample without quotes agree on a width of two or more
/// fields with two values in at least half of them, or the only ones that
/// do have markdown table lines. One pass over the bytes counts every
/// delimiter and every filled field per line; most prose, Word's
/// tab-indented dump and the pipe dialects of text exports end here. With
/// quotes the records need the parser, and this says true.
///
/// It reads bytes, so that it can run before decoding on any encoding
/// whose multi-byte characters hold no byte below 0x40 (UTF-8, GBK and
/// GB18030, Big5, Shift_JIS, EUC): their line ends, spaces, quotes,
/// commas, semicolons and tabs are the ASCII bytes. Not so the pipe
/// (0x7C), which GBK, Big5 and Shift_JIS use as a second byte: a pipe
/// right after a byte of 0x80 or more may be half a character, and then
/// the pipe could always be clear. A field counts as filled when it holds
/// a byte that is neither ASCII white space nor the delimiter (so a field
/// of nothing but U+3000 spaces counts here, though not in [`shape`]; such
/// fields are too rare to matter).
pub fn could_be_clear(sample: &[u8], cut: bool) -> bool {
    if sample.contains(&b'"') {
        return true;
    }
    let pipe_in_doubt =
        || sample.contains(&b'|') && sample.windows(2).any(|w| w[0] >= 0x80 && w[1] == b'|');
    /// Records split at one delimiter: how many of each width, how many
    /// with two values or more, and the last one (dropped when the sample
    /// is cut).
    #[derive(Default)]
    struct Tally {
        widths: Vec<(usize, usize)>,
        records: usize,
        two_values: usize,
        last: (usize, bool),
    }
    /// The line being read, per delimiter: fields seen, fields filled, and
    /// whether the current field is filled.
    #[derive(Default, Clone, Copy)]
    struct Line {
        fields: usize,
        filled: usize,
        field_filled: bool,
    }
    let mut tallies: [Tally; 4] = Default::default();
    let mut lines = [Line::default(); 4];
    let end_line = |lines: &mut [Line; 4], tallies: &mut [Tally; 4]| {
        for (line, tally) in lines.iter_mut().zip(tallies.iter_mut()) {
            let filled = line.filled + usize::from(line.field_filled);
            if filled > 0 {
                let width = line.fields + 1;
                match tally.widths.iter_mut().find(|(w, _)| *w == width) {
                    Some((_, n)) => *n += 1,
                    None => tally.widths.push((width, 1)),
                }
                tally.records += 1;
                tally.two_values += usize::from(filled >= 2);
                tally.last = (width, filled >= 2);
            }
            *line = Line::default();
        }
    };
    let mut i = 0;
    while i < sample.len() {
        let b = sample[i];
        i += 1;
        match b {
            b'\n' | b'\r' => end_line(&mut lines, &mut tallies),
            b' ' | 0x0B | 0x0C => {}
            b',' | b'\t' | b';' | b'|' => {
                for (line, d) in lines.iter_mut().zip(ALL) {
                    if d == b {
                        line.filled += usize::from(line.field_filled);
                        line.fields += 1;
                        line.field_filled = false;
                    } else if b != b'\t' {
                        // Another delimiter is a value at this one; a tab
                        // is white space to the others.
                        line.field_filled = true;
                    }
                }
            }
            _ => {
                lines.iter_mut().for_each(|line| line.field_filled = true);
                // The rest of a run of values changes nothing: skip it.
                while i < sample.len() && !IS_MARK[usize::from(sample[i])] {
                    i += 1;
                }
            }
        }
    }
    end_line(&mut lines, &mut tallies);
    tallies.iter_mut().zip(ALL).any(|(tally, delimiter)| {
        if delimiter == b'|' && pipe_in_doubt() {
            return true;
        }
        if cut && tally.records > 0 {
            let (width, two) = tally.last;
            tally.records -= 1;
            tally.two_values -= usize::from(two);
            if let Some(entry) = tally.widths.iter_mut().find(|(w, _)| *w == width) {
                entry.1 -= 1;
            }
        }
        let (width, agreeing) = tally
            .widths
            .iter()
            .copied()
            .max_by_key(|&(width, n)| (n, width))
            .unwrap_or((0, 0));
        tally.records >= MIN_RECORDS
            && width >= 2
            && agreeing * 2 > tally.records
            && tally.two_values * 2 >= tally.records
            && !has_markdown_pipes(sample, delimiter)
    })
}

/// The delimiter to read a file with: the best fitting of `candidates`,
/// clear or not; the first candidate when none splits any record.
pub fn choose(sample: &str, cut: bool, candidates: &[u8]) -> u8 {
    best(sample, cut, candidates)
        .filter(|shape| shape.width >= 2)
        .map_or(candidates.first().copied().unwrap_or(b','), |shape| {
            shape.delimiter
        })
}

/// The best-fitting shape: by score, then a clear one before an unclear
/// one; on a tie the candidate listed first. The score comes first: a
/// delimiter that splits `"" | "1,000"` cleanly at the pipe fits better
/// than the comma inside the quotes, even though a row of one value and
/// one empty field is not clear evidence by itself.
fn best(sample: &str, cut: bool, candidates: &[u8]) -> Option<Shape> {
    candidates
        .iter()
        .filter(|&&d| sample.as_bytes().contains(&d))
        .map(|&d| shape(sample, d, cut))
        .fold(None, |best: Option<Shape>, shape| match best {
            Some(b) if (b.score(), b.is_clear()) >= (shape.score(), shape.is_clear()) => Some(b),
            _ => Some(shape),
        })
}

/// Splits the sample at `delimiter` and describes the records.
pub fn shape(sample: &str, delimiter: u8, cut: bool) -> Shape {
    let mut looks = Vec::new();
    let mut keep = |look: RecordLook| {
        if look.filled > 0 {
            looks.push(look);
        }
    };
    if sample.contains('"') {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample.as_bytes());
        let mut record = ::csv::StringRecord::new();
        // The sample is valid UTF-8 and the reader flexible: no record fails.
        while let Ok(true) = reader.read_record(&mut record) {
            keep(look_at(record.iter()));
        }
    } else {
        // Without quotes, the records are the non-empty lines split at
        // every delimiter, exactly as the `csv` crate would split them,
        // only several times faster (sniffing runs on every text file).
        for line in lines(sample).filter(|l| !l.is_empty()) {
            keep(look_at(line.split(char::from(delimiter))));
        }
    }
    if cut {
        looks.pop();
    }
    let width = modal_width(&looks);
    // Neither the score nor clarity can come from records that this
    // delimiter does not split; the scans below are skipped for them.
    let (quoting, markdown) = if width >= 2 {
        (
            quoting(sample, delimiter),
            has_markdown_pipes(sample.as_bytes(), delimiter),
        )
    } else {
        (Quoting::default(), false)
    };
    Shape {
        delimiter,
        records: looks.len(),
        width,
        agreeing: looks.iter().filter(|l| l.fields == width).count(),
        near: looks
            .iter()
            .filter(|l| l.fields >= 2 && l.fields.abs_diff(width) <= 1)
            .count(),
        filled: looks.iter().filter(|l| l.filled >= 2).count(),
        fields: looks.iter().map(|l| l.fields).sum(),
        foreign_fields: quoting.foreign_fields,
        sentence_ends: looks.iter().filter(|l| l.ends_sentence).count(),
        filled_fields: looks.iter().map(|l| l.filled).sum(),
        wordy_fields: looks.iter().map(|l| l.wordy).sum(),
        quoted_fields: quoting.opened,
        stray_quotes: quoting.stray,
        markdown,
    }
}

fn look_at<'a>(fields: impl Iterator<Item = &'a str>) -> RecordLook {
    let mut look = RecordLook {
        fields: 0,
        filled: 0,
        ends_sentence: false,
        wordy: 0,
    };
    let mut last = "";
    for field in fields {
        look.fields += 1;
        let field = field.trim();
        if field.is_empty() {
            continue;
        }
        look.filled += 1;
        last = field;
        if field.split_whitespace().nth(4).is_some() {
            look.wordy += 1;
        }
    }
    look.ends_sentence = ends_sentence(last);
    look
}

/// `…领导下。`, `…were found.`: East Asian sentence punctuation, or Latin
/// punctuation after several words (`Inc.` alone or `1.` is no sentence).
fn ends_sentence(field: &str) -> bool {
    field.ends_with(['。', '！', '？', '；', '：'])
        || (field.ends_with(['.', '!', '?', ':', ';']) && field.contains(' '))
}

/// How the quotes and other delimiters of a sample sit when it is split at
/// `delimiter`. The `csv` crate does not say which fields were quoted, so
/// this walks the quoting states of RFC 4180 (a quote opens a field only as
/// its first character; `""` inside is a quote; the next quote closes it)
/// without collecting any field.
#[derive(Default)]
struct Quoting {
    /// Fields with another candidate delimiter outside quotes (a comma
    /// between digits does not count: it is a decimal or thousands mark).
    foreign_fields: usize,
    /// Quotes that open a field, and quotes outside any quoted field that
    /// do not open one.
    opened: usize,
    stray: usize,
}

fn quoting(sample: &str, delimiter: u8) -> Quoting {
    let bytes = sample.as_bytes();
    let mut quoting = Quoting {
        foreign_fields: 0,
        opened: 0,
        stray: 0,
    };
    let (mut field_start, mut in_quotes, mut foreign) = (true, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            match (b, bytes.get(i + 1)) {
                (b'"', Some(b'"')) => i += 1,
                (b'"', _) => in_quotes = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        let ends_field = b == delimiter || b == b'\n' || b == b'\r';
        if b == b'"' && field_start {
            in_quotes = true;
            quoting.opened += 1;
        } else if b == b'"' {
            quoting.stray += 1;
        } else if !ends_field && ALL.contains(&b) && !is_digit_comma(bytes, i) {
            foreign = true;
        }
        if ends_field && foreign {
            quoting.foreign_fields += 1;
            foreign = false;
        }
        field_start = ends_field;
        i += 1;
    }
    quoting.foreign_fields += usize::from(foreign);
    quoting
}

/// A comma between two digits: `1,5`, `1,234`.
fn is_digit_comma(bytes: &[u8], at: usize) -> bool {
    bytes[at] == b','
        && at > 0
        && bytes[at - 1].is_ascii_digit()
        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
}

/// The lines of a sample, ended by `\n`, `\r\n` or `\r` (with an empty
/// line between `\r` and `\n`, which callers skip). Two single-character
/// splits, each a fast byte search, rather than one split at either.
fn lines(sample: &str) -> impl Iterator<Item = &str> {
    sample.split('\n').flat_map(|line| line.split('\r'))
}

/// The most common field count; on a tie the larger one.
fn modal_width(looks: &[RecordLook]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for look in looks {
        match counts.iter_mut().find(|(width, _)| *width == look.fields) {
            Some((_, n)) => *n += 1,
            None => counts.push((look.fields, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(width, n)| (n, width))
        .map_or(0, |(width, _)| width)
}

/// Whether the sample has markdown table lines: for the pipe, a line that
/// opens or closes with a pipe (markdown, or one of the pipe dialects of
/// text exports) or a `---|---` rule; for other delimiters, a line that
/// opens and closes with a pipe, or such a rule. Read from the bytes, with
/// ASCII white space trimmed, so that it also serves [`could_be_clear`].
fn has_markdown_pipes(sample: &[u8], delimiter: u8) -> bool {
    sample
        .split(|&b| b == b'\n' || b == b'\r')
        .map(<[u8]>::trim_ascii)
        .any(|line| {
            let (opens, closes) = (line.first() == Some(&b'|'), line.last() == Some(&b'|'));
            let rule = line.contains(&b'|')
                && line.contains(&b'-')
                && line.iter().all(|b| matches!(b, b'|' | b'-' | b':' | b' '));
            rule || if delimiter == b'|' {
                opens || closes
            } else {
                opens && closes
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_data_is_clear() {
        let sample = "name,count,share\nA,1,0.5\nB,2,0.25\nC,3,0.25\n";
        let shape = shape(sample, b',', false);
        assert_eq!((shape.records, shape.width, shape.agreeing), (4, 3, 4));
        assert!(shape.is_clear());
        assert_eq!(sniff(sample, false), Some(b','));
    }

    #[test]
    fn quoted_delimiters_and_line_breaks_are_one_field() {
        let sample = "a;b;c\n\"x;y\";\"two\nlines\";1\n\"p\"\"q\";r;2\n";
        let shape = shape(sample, b';', false);
        assert_eq!((shape.records, shape.width, shape.agreeing), (3, 3, 3));
        assert_eq!(sniff(sample, false), Some(b';'));
    }

    #[test]
    fn ragged_rows_within_limits_are_clear() {
        let sample = "1,2,3,4\r\na,b,c,d\r\na,b,c,d,e\r\na,b,c,d\r\na,b,c,d";
        assert_eq!(sniff(sample, false), Some(b','));
        let sample = "1,2,3\na,b,c,d\na,b,c,d\na,b,c,d\na,b,c,d";
        assert_eq!(sniff(sample, false), Some(b','));
    }

    #[test]
    fn a_cut_sample_loses_its_last_record() {
        let sample = "a,b\n1,2\n3,4\n5";
        assert_eq!(shape(sample, b',', false).agreeing, 3);
        assert_eq!(shape(sample, b',', true).records, 3);
        assert_eq!(shape(sample, b',', true).agreeing, 3);
    }

    #[test]
    fn decimal_commas_choose_the_semicolon() {
        let sample = "1,5;2,5;3,5\n4,5;5,5;6,5\n7,5;8,5;9,5\n";
        assert_eq!(sniff(sample, false), Some(b';'));
        assert_eq!(choose(sample, false, &ALL), b';');
    }

    #[test]
    fn quotes_tell_which_delimiter_they_serve() {
        // One record: both delimiters split it in two, but only the
        // semicolon has its quotes where fields open and close.
        let sample = ";\"文,a\"\n";
        assert_eq!(choose(sample, false, &CSV), b';');
        let comma = shape(sample, b',', false);
        assert_eq!((comma.quoted_fields, comma.stray_quotes), (0, 2));
        let semicolon = shape(sample, b';', false);
        assert_eq!((semicolon.quoted_fields, semicolon.stray_quotes), (1, 0));
        // Other delimiters inside quotes are no evidence against this one.
        assert_eq!(semicolon.foreign_fields, 0);
        assert_eq!(comma.foreign_fields, 1);
        // Doubled quotes inside a quoted field are no stray quotes.
        let doubled = shape("a,\"say \"\"hi\"\"\"\n", b',', false);
        assert_eq!((doubled.quoted_fields, doubled.stray_quotes), (1, 0));
    }

    #[test]
    fn the_quick_look_never_rejects_a_clear_sample() {
        let samples = [
            "a,b\n1,2\n3,4\n",
            "1,2,3\r\na,b,c,d\r\na,b,c,d\r\na,b,c,d\r\na,b,c,d",
            "a;b\n\n 1 ; 2 \n;;\n3;4\n5;6",
            "x\ty\n1\t2\n3\t4\n5",
            "项目|数量|备注\n新收|3|有\n结转|0|无\n",
            "2020年,我局认真贯彻落实条例。\n一、总体情况\n全年,共,公开\n",
            "\t项目\n\t本年新收\n\t3\n\n\t上年结转\n\t0\n",
            "a,\tb\n,c\t\n\t,\n x , y \n",
        ];
        for sample in samples {
            for cut in [false, true] {
                if ALL.iter().any(|&d| shape(sample, d, cut).is_clear()) {
                    assert!(could_be_clear(sample.as_bytes(), cut), "{sample:?} {cut}");
                }
            }
        }
        assert!(!could_be_clear(
            "2020年,我局。\n一、总体\n全年,共,公开\n".as_bytes(),
            false
        ));
        assert!(!could_be_clear(
            "项目 | 数量 |\n新收 | 3 |\n结转 | 0 |\n".as_bytes(),
            false
        ));
        assert!(!could_be_clear(
            "\t项目\n\t本年新收\n\t3\n\n\t上年结转\n\t0\n".as_bytes(),
            false
        ));
    }

    #[test]
    fn quotes_inside_fields_are_no_data() {
        let code = "[Para [Str \"Test\",Space,Str \"P1\"]\n\
                    ,Para [Str \"Test\",Space,Str \"P2\"]\n\
                    ,Para [Str \"Test\",Space,Str \"P3\"]]\n";
        assert_eq!(sniff(code, false), None);
        // An inch mark now and then is fine.
        let sizes = "item,size\nscreen,15\"\nstand,12\ncable,3\n";
        assert_eq!(sniff(sizes, false), Some(b','));
    }

    #[test]
    fn tabs_choose_tsv() {
        let sample = "地区\t人口, 万\t面积\n北京\t2184\t16410\n上海\t2475\t6340\n";
        assert_eq!(sniff(sample, false), Some(b'\t'));
    }

    #[test]
    fn prose_with_commas_is_not_data() {
        let prose = "2020年,在区委、区政府的正确领导下,我局认真贯彻落实条例。\n\
                     一、总体情况\n\
                     全年共主动公开信息120条,其中政策文件12件,解读8篇。\n\
                     (一)主动公开情况\n\
                     依申请公开方面,全年收到申请3件,均按时答复。\n";
        assert_eq!(sniff(prose, false), None);
        // Even when every line has the same number of commas.
        let regular = "2020年,我局认真贯彻落实条例。\n\
                       2021年,我局继续推进公开工作。\n\
                       2022年,我局全面完成各项任务。\n";
        assert_eq!(sniff(regular, false), None);
    }

    #[test]
    fn markdown_pipe_tables_are_not_data() {
        let markdown = "| 项目 | 数量 |\n|---|---|\n| 新收 | 3 |\n| 结转 | 0 |\n";
        assert_eq!(sniff(markdown, false), None);
        let headless = "项目 | 数量\n---|---\n新收 | 3\n结转 | 0\n";
        assert_eq!(sniff(headless, false), None);
        let trailing = "项目 | 数量 |\n新收 | 3 |\n结转 | 0 |\n";
        assert_eq!(sniff(trailing, false), None);
        let bare = "项目|数量|备注\n新收|3|\n结转|0|无\n";
        assert_eq!(sniff(bare, false), None, "a line ends with a pipe");
        let bare = "项目|数量|备注\n新收|3|有\n结转|0|无\n";
        assert_eq!(sniff(bare, false), Some(b'|'));
    }

    #[test]
    fn tab_indented_cells_are_not_data() {
        // Word's plain-text export: one cell per tab-indented line.
        let dump = "\t项目\n\t本年新收\n\t3\n\n\t上年结转\n\t0\n";
        assert_eq!(sniff(dump, false), None);
    }

    #[test]
    fn too_few_records_are_not_evidence() {
        assert_eq!(sniff("a,b\n1,2\n", false), None);
        assert_eq!(choose("a,b\n1,2\n", false, &ALL), b',');
    }

    #[test]
    fn a_single_column_falls_back_to_the_first_candidate() {
        assert_eq!(choose("a\nb\nc\n", false, &CSV), b',');
        assert_eq!(choose("a\nb\nc\n", false, &TSV), b'\t');
        assert_eq!(sniff("a\nb\nc\n", false), None);
    }

    proptest::proptest! {
        #[test]
        fn the_quick_look_agrees_with_the_shapes(
            tokens in proptest::collection::vec(
                proptest::sample::select(vec![
                    ",", ";", "\t", "|", "a", "12", " ", "\n", "\r", "\r\n", "中文", "。",
                    "| ", "---", "Ab cd ef gh ij",
                ]),
                0..80,
            ),
            cut in proptest::bool::ANY,
        ) {
            let sample: String = tokens.concat();
            if ALL.iter().any(|&d| shape(&sample, d, cut).is_clear()) {
                proptest::prop_assert!(could_be_clear(sample.as_bytes(), cut));
            }
        }
    }
}
