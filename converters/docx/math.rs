//! Office Math (`m:oMath`) written out as LaTeX.
//!
//! An equation's text runs (`m:t`) alone lose its structure: `A=πr²`
//! reads `A=πr2` and a quadratic formula `x=-b±b2-4ac2a`. The equation is
//! collected as a small tree while the part streams ([`MathBuilder`]) and
//! written as LaTeX ([`MathBuilder::finish`]): fractions, scripts,
//! radicals, n-ary operators with limits, delimiters, functions, accents,
//! bars, group characters, lower and upper limits, equation arrays and
//! matrices; Greek letters and operators as their commands. Formatting
//! properties (fonts, sizes, alignment) are not read.

/// Nesting below this depth is written as its plain text, so hostile
/// nesting cannot exhaust the call stack.
const MAX_DEPTH: usize = 64;

/// An element of the equation: its local name, its `m:val`, and its
/// children or text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    val: Option<String>,
    children: Vec<Node>,
    text: String,
}

/// Collects one `m:oMath` from the walk's events.
#[derive(Debug, Default)]
pub struct MathBuilder {
    /// Open elements, the `m:oMath` first.
    open: Vec<Node>,
}

impl MathBuilder {
    pub fn new() -> MathBuilder {
        MathBuilder {
            open: vec![Node {
                name: "oMath".to_string(),
                ..Node::default()
            }],
        }
    }

    /// An element inside the equation opens (`math`: in the Office Math
    /// namespace; other elements, such as run properties, count for
    /// nothing but must close).
    pub fn start(&mut self, local: &str, math: bool, val: Option<String>) {
        let name = if math { local } else { "" };
        self.open.push(Node {
            name: name.to_string(),
            val,
            ..Node::default()
        });
    }

    /// Text of an `m:t`.
    pub fn text(&mut self, text: &str) {
        if let Some(node) = self.open.last_mut() {
            node.text.push_str(text);
        }
    }

    /// An element closes; returns `true` when it was the `m:oMath` itself.
    pub fn end(&mut self) -> bool {
        if self.open.len() <= 1 {
            return true;
        }
        if let Some(node) = self.open.pop()
            && let Some(parent) = self.open.last_mut()
        {
            parent.children.push(node);
        }
        false
    }

    /// The equation as LaTeX (without `$` delimiters).
    pub fn finish(mut self) -> String {
        while self.open.len() > 1 {
            self.end();
        }
        let root = self.open.pop().unwrap_or_default();
        let mut out = String::new();
        children(&root, &mut out, 0);
        out.trim().to_string()
    }
}

/// Appends `piece`, with a space where a command would otherwise run into
/// a letter (`\pi r`, not `\pir`).
fn push(out: &mut String, piece: &str) {
    let ends_in_command = {
        let letters = out
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        letters > 0 && out[..out.len() - letters].ends_with('\\')
    };
    if ends_in_command && piece.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.push(' ');
    }
    out.push_str(piece);
}

fn children(node: &Node, out: &mut String, depth: usize) {
    for child in &node.children {
        write(child, out, depth + 1);
    }
}

/// The LaTeX of one argument (`m:e`, `m:num`, …) found among `node`'s
/// children.
fn arg(node: &Node, name: &str, depth: usize) -> String {
    let mut out = String::new();
    if let Some(child) = node.children.iter().find(|c| c.name == name) {
        write_inner(child, &mut out, depth + 1);
    }
    out.trim().to_string()
}

/// Every argument named `name`, in order.
fn args(node: &Node, name: &str, depth: usize) -> Vec<String> {
    node.children
        .iter()
        .filter(|c| c.name == name)
        .map(|c| {
            let mut out = String::new();
            write_inner(c, &mut out, depth + 1);
            out.trim().to_string()
        })
        .collect()
}

/// A property of the element: the `m:val` of `prop` inside its `*Pr`.
fn prop<'n>(node: &'n Node, prop: &str) -> Option<&'n str> {
    node.children
        .iter()
        .filter(|c| c.name.ends_with("Pr"))
        .flat_map(|p| &p.children)
        .find(|c| c.name == prop)
        .map(|c| c.val.as_deref().unwrap_or(""))
}

/// An on/off property (`m:degHide`, `m:subHide`): present and not off.
fn flag(node: &Node, name: &str) -> bool {
    prop(node, name).is_some_and(|v| !matches!(v, "0" | "off" | "false"))
}

fn write_inner(node: &Node, out: &mut String, depth: usize) {
    children(node, out, depth);
}

fn write(node: &Node, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        push(out, &plain(node));
        return;
    }
    match node.name.as_str() {
        "r" => {
            for t in node.children.iter().filter(|c| c.name == "t") {
                push(out, &latex_text(&t.text));
            }
        }
        "f" => {
            let (num, den) = (arg(node, "num", depth), arg(node, "den", depth));
            match prop(node, "type") {
                Some("lin") => push(out, &format!("{num}/{den}")),
                Some("noBar") => push(
                    out,
                    &format!("\\genfrac{{}}{{}}{{0pt}}{{}}{{{num}}}{{{den}}}"),
                ),
                _ => push(out, &format!("\\frac{{{num}}}{{{den}}}")),
            }
        }
        "sSup" => push(
            out,
            &format!("{}^{{{}}}", base(node, depth), arg(node, "sup", depth)),
        ),
        "sSub" => push(
            out,
            &format!("{}_{{{}}}", base(node, depth), arg(node, "sub", depth)),
        ),
        "sSubSup" => push(
            out,
            &format!(
                "{}_{{{}}}^{{{}}}",
                base(node, depth),
                arg(node, "sub", depth),
                arg(node, "sup", depth)
            ),
        ),
        "sPre" => push(
            out,
            &format!(
                "{{}}_{{{}}}^{{{}}}{}",
                arg(node, "sub", depth),
                arg(node, "sup", depth),
                base(node, depth)
            ),
        ),
        "rad" => {
            let degree = arg(node, "deg", depth);
            let e = arg(node, "e", depth);
            if degree.is_empty() || flag(node, "degHide") {
                push(out, &format!("\\sqrt{{{e}}}"));
            } else {
                push(out, &format!("\\sqrt[{degree}]{{{e}}}"));
            }
        }
        "nary" => {
            let symbol = prop(node, "chr").filter(|c| !c.is_empty()).unwrap_or("∫");
            let mut text = latex_text(symbol);
            let (sub, sup) = (arg(node, "sub", depth), arg(node, "sup", depth));
            if !sub.is_empty() && !flag(node, "subHide") {
                text.push_str(&format!("_{{{sub}}}"));
            }
            if !sup.is_empty() && !flag(node, "supHide") {
                text.push_str(&format!("^{{{sup}}}"));
            }
            push(out, &text);
            push(out, &format!(" {}", arg(node, "e", depth)));
        }
        "d" => {
            let open = prop(node, "begChr").unwrap_or("(");
            let close = prop(node, "endChr").unwrap_or(")");
            let separator = prop(node, "sepChr").unwrap_or("|");
            let inner = args(node, "e", depth).join(&delimiter(separator));
            push(
                out,
                &format!("{}{inner}{}", delimiter(open), delimiter(close)),
            );
        }
        "func" => {
            let name = arg(node, "fName", depth);
            let known = [
                "sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "lg", "exp", "lim", "max",
                "min", "sup", "inf", "det", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
            ];
            let name = if known.contains(&name.as_str()) {
                format!("\\{name}")
            } else {
                name
            };
            push(out, &format!("{name} {}", arg(node, "e", depth)));
        }
        "acc" => {
            let command = match prop(node, "chr").unwrap_or("\u{302}") {
                "\u{303}" | "~" => "tilde",
                "\u{304}" | "\u{305}" | "¯" => "bar",
                "\u{307}" => "dot",
                "\u{308}" => "ddot",
                "\u{20D7}" | "\u{20D1}" | "→" => "vec",
                "\u{301}" => "acute",
                "\u{300}" => "grave",
                "\u{306}" => "breve",
                "\u{30C}" => "check",
                _ => "hat",
            };
            push(out, &format!("\\{command}{{{}}}", arg(node, "e", depth)));
        }
        "bar" => {
            let command = if prop(node, "pos") == Some("bot") {
                "underline"
            } else {
                "overline"
            };
            push(out, &format!("\\{command}{{{}}}", arg(node, "e", depth)));
        }
        "groupChr" => {
            let command = if prop(node, "pos") == Some("top") {
                "overbrace"
            } else {
                "underbrace"
            };
            push(out, &format!("\\{command}{{{}}}", arg(node, "e", depth)));
        }
        "limLow" => push(
            out,
            &format!("{}_{{{}}}", arg(node, "e", depth), arg(node, "lim", depth)),
        ),
        "limUpp" => push(
            out,
            &format!("{}^{{{}}}", arg(node, "e", depth), arg(node, "lim", depth)),
        ),
        "eqArr" => push(out, &args(node, "e", depth).join(" \\\\ ")),
        "m" => {
            let rows: Vec<String> = node
                .children
                .iter()
                .filter(|c| c.name == "mr")
                .map(|row| args(row, "e", depth + 1).join(" & "))
                .collect();
            push(
                out,
                &format!("\\begin{{matrix}}{}\\end{{matrix}}", rows.join(" \\\\ ")),
            );
        }
        // Properties say how, not what.
        name if name.ends_with("Pr") || name.is_empty() => {}
        // oMath, e, box, borderBox, phant and anything unknown: content.
        _ => children(node, out, depth),
    }
}

/// The base of a script, braced when it is more than one symbol.
fn base(node: &Node, depth: usize) -> String {
    let e = arg(node, "e", depth);
    if e.chars().count() <= 1 || (e.starts_with('\\') && e[1..].chars().all(char::is_alphabetic)) {
        e
    } else {
        format!("{{{e}}}")
    }
}

/// A delimiter character as LaTeX: braces escaped, an empty one left out.
fn delimiter(c: &str) -> String {
    match c {
        "{" => "\\{".to_string(),
        "}" => "\\}".to_string(),
        "〈" | "⟨" => "\\langle ".to_string(),
        "〉" | "⟩" => "\\rangle ".to_string(),
        "‖" => "\\|".to_string(),
        other => other.to_string(),
    }
}

/// Equation text as LaTeX: Greek letters and operators as commands,
/// LaTeX's special characters escaped.
fn latex_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match symbol(c) {
            Some(command) => push(&mut out, command),
            None => match c {
                '{' | '}' | '%' | '#' | '&' | '$' | '_' => {
                    out.push('\\');
                    out.push(c);
                }
                '\u{2212}' => out.push('-'),
                '\u{2032}' => out.push('\''),
                _ => {
                    let mut buffer = [0u8; 4];
                    push(&mut out, c.encode_utf8(&mut buffer));
                }
            },
        }
    }
    out
}

fn symbol(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => "\\alpha",
        'β' => "\\beta",
        'γ' => "\\gamma",
        'δ' => "\\delta",
        'ε' | 'ϵ' => "\\epsilon",
        'ζ' => "\\zeta",
        'η' => "\\eta",
        'θ' => "\\theta",
        'ι' => "\\iota",
        'κ' => "\\kappa",
        'λ' => "\\lambda",
        'μ' => "\\mu",
        'ν' => "\\nu",
        'ξ' => "\\xi",
        'π' => "\\pi",
        'ρ' => "\\rho",
        'σ' => "\\sigma",
        'τ' => "\\tau",
        'υ' => "\\upsilon",
        'φ' | 'ϕ' => "\\phi",
        'χ' => "\\chi",
        'ψ' => "\\psi",
        'ω' => "\\omega",
        'Γ' => "\\Gamma",
        'Δ' => "\\Delta",
        'Θ' => "\\Theta",
        'Λ' => "\\Lambda",
        'Ξ' => "\\Xi",
        'Π' => "\\Pi",
        'Σ' => "\\Sigma",
        'Φ' => "\\Phi",
        'Ψ' => "\\Psi",
        'Ω' => "\\Omega",
        '±' => "\\pm",
        '∓' => "\\mp",
        '×' => "\\times",
        '÷' => "\\div",
        '·' | '⋅' => "\\cdot",
        '≤' => "\\leq",
        '≥' => "\\geq",
        '≠' => "\\neq",
        '≈' => "\\approx",
        '≡' => "\\equiv",
        '∝' => "\\propto",
        '∞' => "\\infty",
        '∂' => "\\partial",
        '∇' => "\\nabla",
        '∈' => "\\in",
        '∉' => "\\notin",
        '⊂' => "\\subset",
        '⊆' => "\\subseteq",
        '∪' => "\\cup",
        '∩' => "\\cap",
        '∀' => "\\forall",
        '∃' => "\\exists",
        '¬' => "\\neg",
        '∧' => "\\wedge",
        '∨' => "\\vee",
        '→' => "\\rightarrow",
        '←' => "\\leftarrow",
        '⇒' => "\\Rightarrow",
        '⇔' => "\\Leftrightarrow",
        '∑' => "\\sum",
        '∏' => "\\prod",
        '∫' => "\\int",
        '∬' => "\\iint",
        '∭' => "\\iiint",
        '∮' => "\\oint",
        '⋃' => "\\bigcup",
        '⋂' => "\\bigcap",
        '…' => "\\ldots",
        '⋯' => "\\cdots",
        '°' => "^{\\circ}",
        _ => return None,
    })
}

/// The plain text of a subtree, gathered without recursion.
fn plain(node: &Node) -> String {
    let mut text = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        text.push_str(&n.text);
        stack.extend(n.children.iter().rev());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds an equation from a tiny notation: `(name val? children…)` and
    /// `"text"` for an `m:t`.
    fn equation(events: &[(&str, Option<&str>)]) -> String {
        let mut builder = MathBuilder::new();
        for (event, val) in events {
            match *event {
                ")" => {
                    builder.end();
                }
                e if e.starts_with('"') => builder.text(e.trim_matches('"')),
                e => builder.start(e, true, val.map(str::to_string)),
            }
        }
        builder.finish()
    }

    type Event = (&'static str, Option<&'static str>);

    /// An `m:r` holding one `m:t`.
    fn run(text: &'static str) -> Vec<Event> {
        vec![
            ("r", None),
            ("t", None),
            (text, None),
            (")", None),
            (")", None),
        ]
    }

    fn open(name: &'static str) -> Vec<Event> {
        vec![(name, None)]
    }

    fn close() -> Vec<Event> {
        vec![(")", None)]
    }

    #[test]
    fn area_of_a_circle() {
        let events = [
            run("\"A=π\""),
            open("sSup"),
            open("e"),
            run("\"r\""),
            close(),
            open("sup"),
            run("\"2\""),
            close(),
            close(),
        ]
        .concat();
        assert_eq!(equation(&events), "A=\\pi r^{2}");
    }

    #[test]
    fn quadratic_formula() {
        let events = [
            run("\"x=\""),
            open("f"),
            open("num"),
            run("\"-b±\""),
            open("rad"),
            vec![
                ("radPr", None),
                ("degHide", Some("1")),
                (")", None),
                (")", None),
            ],
            open("deg"),
            close(),
            open("e"),
            open("sSup"),
            open("e"),
            run("\"b\""),
            close(),
            open("sup"),
            run("\"2\""),
            close(),
            close(),
            run("\"-4ac\""),
            close(),
            close(),
            close(),
            open("den"),
            run("\"2a\""),
            close(),
            close(),
        ]
        .concat();
        assert_eq!(equation(&events), "x=\\frac{-b\\pm\\sqrt{b^{2}-4ac}}{2a}");
    }

    #[test]
    fn sums_delimiters_and_deep_nesting() {
        let events = [
            ("nary", None),
            ("naryPr", None),
            ("chr", Some("∑")),
            (")", None),
            (")", None),
            ("sub", None),
            ("r", None),
            ("t", None),
            ("\"i=1\"", None),
            (")", None),
            (")", None),
            (")", None),
            ("sup", None),
            ("r", None),
            ("t", None),
            ("\"n\"", None),
            (")", None),
            (")", None),
            (")", None),
            ("e", None),
            ("d", None),
            ("dPr", None),
            ("begChr", Some("[")),
            (")", None),
            ("endChr", Some("]")),
            (")", None),
            (")", None),
            ("e", None),
            ("r", None),
            ("t", None),
            ("\"x{i}\"", None),
            (")", None),
            (")", None),
            (")", None),
            (")", None),
            (")", None),
            (")", None),
        ];
        assert_eq!(equation(&events), "\\sum_{i=1}^{n} [x\\{i\\}]");
        let mut deep = MathBuilder::new();
        for _ in 0..900 {
            deep.start("e", true, None);
        }
        deep.start("t", true, None);
        deep.text("y");
        assert_eq!(deep.finish(), "y");
    }
}
