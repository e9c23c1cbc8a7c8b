//! The two national templates an annual report follows, and how the
//! profile tells them apart: every figure recorded under a key that only
//! one template has is a mark of that template ([`Marks`]), noted as the
//! tables are read. `profile.template` is [`Template::as_str`].

use std::fmt;
use std::str::FromStr;

/// A national template of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    /// The template of 2019: proactive disclosure counted by 本年新制作数量 /
    /// 上一年项目数量, (六)其他处理 a single row.
    Y2019,
    /// The template of 2021: proactive disclosure counted by 本年制发件数 /
    /// 本年处理决定数量, (六)其他处理 with three sub-rows.
    Y2021,
}

impl Template {
    /// Both templates, oldest first.
    pub const ALL: [Template; 2] = [Template::Y2019, Template::Y2021];

    /// The form `profile.template` has: `2019` or `2021`.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::Y2019 => "2019",
            Template::Y2021 => "2021",
        }
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no national template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTemplate(pub String);

impl fmt::Display for UnknownTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a national template (2019 or 2021)", self.0)
    }
}

impl std::error::Error for UnknownTemplate {}

impl FromStr for Template {
    type Err = UnknownTemplate;

    fn from_str(text: &str) -> Result<Template, UnknownTemplate> {
        Template::ALL
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or_else(|| UnknownTemplate(text.to_string()))
    }
}

/// Which templates the figures read so far point to: a figure under a key
/// only one template has marks that template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    y2019: bool,
    y2021: bool,
}

impl Marks {
    /// Notes a figure recorded under a key that `only_in` one template has
    /// (`None`: both templates have it, which marks neither).
    pub fn note(&mut self, only_in: Option<Template>) {
        match only_in {
            Some(Template::Y2019) => self.y2019 = true,
            Some(Template::Y2021) => self.y2021 = true,
            None => {}
        }
    }

    /// The template the marks decide: 2019 when there is a mark of 2019 and
    /// none of 2021; 2021 otherwise, also when there is no mark at all (the
    /// template in force since 2021 is the likelier one).
    pub fn decide(self) -> Template {
        if self.y2019 && !self.y2021 {
            Template::Y2019
        } else {
            Template::Y2021
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_round_trip_through_their_strings() {
        for template in Template::ALL {
            assert_eq!(template.as_str().parse(), Ok(template));
            assert_eq!(template.to_string(), template.as_str());
        }
        assert_eq!(Template::Y2019.as_str(), "2019");
        assert_eq!(Template::Y2021.as_str(), "2021");
    }

    #[test]
    fn an_unknown_template_is_rejected() {
        let err = "2020".parse::<Template>().unwrap_err();
        assert_eq!(err, UnknownTemplate("2020".into()));
        assert_eq!(
            err.to_string(),
            "'2020' is not a national template (2019 or 2021)"
        );
        assert!(" 2019".parse::<Template>().is_err());
    }

    #[test]
    fn marks_decide_the_template() {
        assert_eq!(Marks::default().decide(), Template::Y2021);
        let mut marks = Marks::default();
        marks.note(None);
        assert_eq!(marks.decide(), Template::Y2021);
        marks.note(Some(Template::Y2019));
        assert_eq!(marks.decide(), Template::Y2019);
        // Marks of both: the 2021 template, which has the later rows.
        marks.note(Some(Template::Y2021));
        assert_eq!(marks.decide(), Template::Y2021);
    }
}
