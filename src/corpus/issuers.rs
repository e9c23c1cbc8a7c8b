//! Which reports come from the same body: an issuer's name as reports
//! write it reduced to a key ([`key`]) by rules that cannot join two
//! different bodies, and a mapping of names a body dropped for the name it
//! took ([`IssuerMap`], read from a file of tab-separated lines) for
//! everything those rules must not guess (renamed bodies, an office and
//! the government it serves, a name with and without its province).

use std::collections::HashMap;
use std::fmt;

/// The grouping key of an issuer's name. Reports that write one body's
/// name differently get the same key; the rules, applied in this order,
/// change only how a name is written, never which body it names:
///
/// 1. full-width ASCII forms (`（`, `）`, `Ａ`, `１`) become their ASCII
///    forms (`(`, `)`, `A`, `1`);
/// 2. white space of every kind (ASCII, the ideographic space U+3000,
///    no-break spaces) and the zero-width characters are removed: a
///    Chinese name has no spaces of its own;
/// 3. the other round brackets Chinese typesetting uses, `〔〕` and the
///    small forms `﹙﹚`, become `(` and `)`;
/// 4. a name ending in `政府` or `政府办公室` not preceded by `人民` gets
///    `人民` inserted (`某某县政府` → `某某县人民政府`): a local government is
///    always a 人民政府, and titles such as `2022年某某县政府信息公开工作
///    年度报告` share one `政府` between the body and `政府信息公开`.
///
/// Nothing else is changed: `某某县人民政府办公室` stays apart from
/// `某某县人民政府` (both publish reports of their own), and a name with
/// its province stays apart from the name without it.
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '〔' | '﹙' => '(',
            '〕' | '﹚' => ')',
            _ => c,
        };
        if c.is_whitespace() || is_zero_width(c) {
            continue;
        }
        out.push(c);
    }
    for suffix in ["政府办公室", "政府"] {
        if let Some(stem) = out.strip_suffix(suffix) {
            if !stem.ends_with("人民") && !stem.is_empty() {
                out = format!("{stem}人民{suffix}");
            }
            break;
        }
    }
    out
}

/// A name as written, for showing: white space next to a character that
/// is not ASCII removed (a Chinese name has no spaces of its own), other
/// runs of white space made one space, the ends trimmed.
/// `青石 （高新区） 管理委员会` → `青石（高新区）管理委员会`.
pub fn tidy(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if !c.is_whitespace() {
            out.push(c);
            index += 1;
            continue;
        }
        let end = (index..chars.len())
            .find(|&i| !chars[i].is_whitespace())
            .unwrap_or(chars.len());
        let before = out.chars().last().is_some_and(|b| b.is_ascii());
        let after = chars.get(end).is_some_and(char::is_ascii);
        if before && after {
            out.push(' ');
        }
        index = end;
    }
    out
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Names a body was known by, each with the name its reports are grouped
/// under. Read with [`IssuerMap::parse`] from lines of the form
/// `alias<TAB>canonical name`; blank lines and lines starting with `#` are
/// ignored. Both names are compared by their [`key`], so a line covers the
/// ways of writing them that `key` already joins.
#[derive(Debug, Clone, Default)]
pub struct IssuerMap {
    /// Alias key → the canonical name as the file writes it.
    aliases: HashMap<String, String>,
}

/// Why a mapping file cannot be used: the line (1-based) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapError {
    /// The line the problem is on.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for MapError {}

impl IssuerMap {
    /// Reads a mapping. An alias given twice with different names, a
    /// canonical name that is itself an alias (a chain: map every alias to
    /// the last name instead), or a line without exactly one tab between
    /// two non-empty names is an error naming its line.
    pub fn parse(text: &str) -> Result<IssuerMap, MapError> {
        let mut aliases: HashMap<String, String> = HashMap::new();
        let mut lines: HashMap<String, usize> = HashMap::new();
        let mut canonicals: Vec<(String, usize)> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let error = |reason: String| MapError {
                line: number,
                reason,
            };
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [alias, canonical] = fields[..] else {
                return Err(error(format!(
                    "expected 'alias<TAB>canonical name', found {} tab-separated fields",
                    fields.len()
                )));
            };
            if alias.is_empty() || canonical.is_empty() {
                return Err(error("a name is empty".to_string()));
            }
            let alias_key = key(alias);
            let canonical_key = key(canonical);
            if alias_key == canonical_key {
                continue;
            }
            match aliases.get(&alias_key) {
                Some(earlier) if key(earlier) != canonical_key => {
                    return Err(error(format!(
                        "'{alias}' is mapped to '{earlier}' on line {} and to '{canonical}' here",
                        lines[&alias_key]
                    )));
                }
                Some(_) => {}
                None => {
                    aliases.insert(alias_key.clone(), canonical.to_string());
                    lines.insert(alias_key, number);
                    canonicals.push((canonical_key, number));
                }
            }
        }
        for (canonical_key, number) in canonicals {
            if let Some(&alias_line) = lines.get(&canonical_key) {
                return Err(MapError {
                    line: number,
                    reason: format!(
                        "the name it maps to is itself mapped on line {alias_line}: \
                         map every alias to the final name"
                    ),
                });
            }
        }
        Ok(IssuerMap { aliases })
    }

    /// How many aliases the mapping has.
    pub fn len(&self) -> usize {
        self.aliases.len()
    }

    /// Whether the mapping has no alias.
    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty()
    }

    /// The grouping key of a name and, when the mapping names it an alias,
    /// the canonical name as the mapping writes it.
    pub fn resolve(&self, name: &str) -> (String, Option<&str>) {
        let name_key = key(name);
        match self.aliases.get(&name_key) {
            Some(canonical) => (key(canonical), Some(canonical.as_str())),
            None => (name_key, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_spaces_and_brackets_are_one_name() {
        let written = [
            "青石（高新区）管理委员会",
            "青石(高新区)管理委员会",
            "青石 （高新区） 管理委员会",
            "青石\u{3000}〔高新区〕管理委员会",
            "青石\u{200B}﹙高新区﹚管理委员会",
        ];
        for name in written {
            assert_eq!(key(name), "青石(高新区)管理委员会", "{name}");
        }
        assert_eq!(key("ＡＢＣ１２３局"), "ABC123局");
    }

    #[test]
    fn a_name_is_shown_without_the_spaces_chinese_has_no_use_for() {
        assert_eq!(
            tidy(" 青石 （高新区）\u{3000}管理委员会 "),
            "青石（高新区）管理委员会"
        );
        assert_eq!(tidy("ABC   Bureau 局"), "ABC Bureau局");
        assert_eq!(tidy(""), "");
    }

    #[test]
    fn a_government_is_a_peoples_government() {
        assert_eq!(key("某某县政府"), "某某县人民政府");
        assert_eq!(key("某某县人民政府"), "某某县人民政府");
        assert_eq!(key("某某县政府办公室"), "某某县人民政府办公室");
        assert_eq!(key("某某县人民政府办公室"), "某某县人民政府办公室");
        // Only at the end: the words inside a name stay.
        assert_eq!(key("某某县政府采购中心"), "某某县政府采购中心");
        assert_eq!(key("政府"), "政府");
    }

    #[test]
    fn different_bodies_stay_apart() {
        let apart = [
            ("某某县人民政府办公室", "某某县人民政府"),
            ("山西省晋城市城区人民政府", "晋城市城区人民政府"),
            ("某某市发展和改革委员会", "某某市发展计划委员会"),
            ("某某县教育局", "某某县教育和体育局"),
            ("某某(高新区)管理委员会", "某某高新区管理委员会"),
        ];
        for (a, b) in apart {
            assert_ne!(key(a), key(b), "{a} / {b}");
        }
    }

    #[test]
    fn a_mapping_joins_a_renamed_body() {
        let map = IssuerMap::parse(
            "# renamed in 2022\n\n中河市发展计划委员会\t中河市发展和改革委员会\n\
             某某县政府办公室 \t 某某县人民政府\n",
        )
        .expect("a valid mapping");
        assert_eq!(map.len(), 2);
        assert_eq!(
            map.resolve("中河市 发展计划委员会"),
            (
                "中河市发展和改革委员会".to_string(),
                Some("中河市发展和改革委员会")
            )
        );
        // An alias matches however `key` writes it.
        assert_eq!(
            map.resolve("某某县人民政府办公室").1,
            Some("某某县人民政府")
        );
        assert_eq!(map.resolve("其他局"), ("其他局".to_string(), None));
    }

    #[test]
    fn a_bad_mapping_names_its_line() {
        let err = |text: &str| IssuerMap::parse(text).unwrap_err().to_string();
        assert_eq!(
            err("甲局\n"),
            "line 1: expected 'alias<TAB>canonical name', found 1 tab-separated fields"
        );
        assert_eq!(err("甲局\t\n"), "line 1: a name is empty");
        assert_eq!(
            err("甲局\t乙局\n甲 局\t丙局\n"),
            "line 2: '甲 局' is mapped to '乙局' on line 1 and to '丙局' here"
        );
        assert_eq!(
            err("甲局\t乙局\n乙局\t丙局\n"),
            "line 1: the name it maps to is itself mapped on line 2: \
             map every alias to the final name"
        );
        // The same line twice is no conflict.
        assert!(IssuerMap::parse("甲局\t乙局\n甲局\t乙局\n").is_ok());
    }
}
